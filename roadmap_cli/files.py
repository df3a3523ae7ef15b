"""Reading a file the user names, which may be anything: a directory, a pipe, a device, a link
to one, or far larger than any file the tool reads.

One way for every reader (data files, returned forms, documents to import, issue 12): the file
is opened without blocking (a pipe with no writer would block the open), checked on the open
descriptor to be a regular file within the reader's limit (so that a file swapped between the
check and the read changes nothing), and read to at most that limit (a file that grows while
it is read is cut there and refused). Each reader words the refusal for its own files.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegularFile(OSError):
    """A directory, a pipe, a socket or a device: never read."""

    def __init__(self, path: Path, mode: int) -> None:
        self.directory = stat.S_ISDIR(mode)
        what = "a directory" if self.directory else "a pipe, socket or device"
        super().__init__(f"{path} is {what}, not a regular file")


class FileTooLarge(OSError):
    """A regular file past the reader's limit, refused before it is read."""

    def __init__(self, path: Path, size: int) -> None:
        self.size = size
        super().__init__(f"{path} is {size:,} bytes")


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path`` (a link is followed), at most ``limit`` of
    them; raises `NotRegularFile`, `FileTooLarge` or the `OSError` of the open."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise NotRegularFile(path, status.st_mode)
        if status.st_size > limit:
            raise FileTooLarge(path, status.st_size)
    except OSError:
        os.close(descriptor)
        raise
    with open(descriptor, "rb") as file:
        data = file.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(path, len(data))
    return data
