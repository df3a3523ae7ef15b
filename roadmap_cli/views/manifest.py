"""What a build's manifest says: the as-of day and each file's bytes, to list with their hashes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Manifest:
    as_of: dt.date
    files: tuple[tuple[str, bytes], ...]
    """(file name, bytes), in name order."""
