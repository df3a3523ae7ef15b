"""Writing output files: the only module that writes them, and always atomically.

A file is written to a temporary file in the same folder, flushed to disk, then renamed over the
target with `os.replace`, so a reader (or an interrupted run) sees either the old file or the
new one, never half of one. Input data files are never written.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX: builds into one folder are then not serialised
    fcntl = None  # type: ignore[assignment]


class OutputError(Exception):
    """An output file could not be written; the message says which one, why, and what to do."""


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step; raise OutputError when that is impossible.

    The new file keeps the permissions of the file it replaces, or gets the usual ones
    (0666 less the umask), rather than the private 0600 of a temporary file.
    """
    folder = path.parent
    if path.is_dir():
        raise OutputError(f"{path}: this is a folder; give a file name, e.g. {path / 'annex.docx'}")
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(_cannot_write(path, folder, exc)) from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, _mode_for(path))
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise OutputError(_cannot_write(path, folder, exc)) from None
    except BaseException:  # KeyboardInterrupt included: never leave the temporary file behind
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _sync_folder(folder)


def write_all(folder: Path, files: Sequence[tuple[str, bytes]]) -> None:
    """Write every ``(name, bytes)`` into ``folder``, each atomically, one writer at a time.

    Two builds into one folder take turns (an exclusive lock on the folder), so the
    folder ends up holding one build's files, never a mix; temporary files left by a build that
    was killed mid-write are removed first.
    """
    with _folder_lock(folder):
        for name, _ in files:
            for stale in folder.glob(f".{name}.*.tmp"):
                with contextlib.suppress(OSError):
                    stale.unlink()
        for name, data in files:
            write_atomic(folder / name, data)


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on the folder itself (no lock file is left among the outputs)."""
    if fcntl is None:
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        raise OutputError(_cannot_use(folder, exc)) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def overwrites_input(target: Path, data: Path, *, folder: bool = False) -> str | None:
    """Why writing ``target`` (a file, or with ``folder`` an output folder) would write over the
    data in the folder ``data``; None when it would not (issue #12).

    Refused: a path inside the data folder or the folder itself, a path that is one of its files
    under another name (a symbolic or hard link), and an output folder that holds the data.
    """
    where, inputs = target.resolve(), data.resolve()
    if where == inputs or inputs in where.parents:
        literal, folder_literal = Path(os.path.abspath(target)), Path(os.path.abspath(data))
        if literal == folder_literal or folder_literal in literal.parents:
            return f"{target} is inside the data folder {data}; write outputs elsewhere"
        return f"{target} leads into the data folder {data} (a link); write outputs elsewhere"
    if folder and where in inputs.parents:
        return f"{target} holds the data folder {data}; choose a folder beside it"
    if target.is_file():
        for path in sorted(data.rglob("*")):
            with contextlib.suppress(OSError):
                if path.is_file() and os.path.samefile(path, target):
                    return f"{target} is the data file {path} under another name; write elsewhere"
    return None


def prepare_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) if needed and check that files can be written in it;
    raise OutputError when not, before any work is done."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: this is a file, not a folder; choose another output folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder, prefix=".roadmap-probe."):
            pass
    except OSError as exc:
        raise OutputError(_cannot_use(folder, exc)) from None


def _cannot_use(folder: Path, exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        why = "permission denied"
    elif isinstance(exc, (NotADirectoryError, FileExistsError)):
        why = "a file is in the way of the path"
    else:
        why = exc.strerror or str(exc)
    return f"{folder}: cannot write in this folder ({why}); choose another output folder"


def _cannot_write(path: Path, folder: Path, exc: OSError) -> str:
    shown = str(folder) if str(folder) else "."
    if isinstance(exc, FileNotFoundError):
        why = f"the folder '{shown}' does not exist; create it or choose another output path"
    elif isinstance(exc, NotADirectoryError):
        why = f"'{shown}' is not a folder; choose another output path"
    elif isinstance(exc, PermissionError):
        why = (
            f"the folder '{shown}' is not writable (permission denied); choose another output path"
        )
    else:
        why = f"{exc.strerror or exc}; check the output path"
    return f"{path}: cannot write the file: {why}"


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename durable; best effort, as some file systems refuse to open folders."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
