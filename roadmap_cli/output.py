"""Writing output files: the only place that writes, and it writes atomically.

`write_atomic` writes a temporary file in the target's own folder and renames it over the
target with `os.replace`, which is atomic on POSIX and Windows: a reader, or a run that is
interrupted, sees the old file or the new one, never half of one. Input files are never written.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once; the folder must exist.

    A new file gets the permissions a plain ``open`` would give it (0666 less the umask); a
    replaced file keeps its own.
    """
    path = Path(path)
    mode = _mode_for(path)
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
