"""Writing output files: the only module that writes them, and always atomically.

A file is written to a temporary file in the same folder, flushed to disk, then renamed over the
target with `os.replace`, so a reader (or an interrupted run) sees either the old file or the
new one, never half of one. Input data files are never written.

A build's folder is replaced as a whole (`replace_folder`): the files are written into a new
sibling folder, which is then exchanged with the old one in one step (Linux's
``renameat2(RENAME_EXCHANGE)``), so that at every instant the folder holds entirely the previous
build or entirely the new one, even if the build is killed or the disk fills up (issue #12).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import shutil
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
    """Write every ``(name, bytes)`` into ``folder``, each atomically, one writer at a time,
    beside the files already there (the answer files of `survey import-results`).

    Two writers into one folder take turns (an exclusive lock on the folder); temporary files
    left by a writer that was killed mid-write are removed first. A build replaces its whole
    folder instead (`replace_folder`).
    """
    with _folder_lock(folder):
        for name, _ in files:
            for stale in folder.glob(f".{name}.*.tmp"):
                with contextlib.suppress(OSError):
                    stale.unlink()
        for name, data in files:
            write_atomic(folder / name, data)


MANIFEST = "manifest.json"
"""The build's list of its files (`views.manifest`): files it lists that a new build no longer
makes are not carried over into the new folder."""


def replace_folder(folder: Path, files: Sequence[tuple[str, bytes]]) -> None:
    """Make ``folder`` hold ``files`` (``(name, bytes)``), all of them at once.

    The files are written and flushed into a new hidden folder beside ``folder``
    (``.NAME.new-*``), with the files of the old folder that are not a build's (a ``.gitkeep``,
    a README) linked in; then the two folders are exchanged in one step and the old one is
    removed. A build killed at any moment leaves the old folder whole (and a hidden folder that
    the next build removes); a full disk raises OutputError and leaves the old folder as it was.
    Builds that share a parent folder take turns (an exclusive lock on the parent).
    """
    folder = Path(os.path.abspath(folder))
    parent = folder.parent
    with _folder_lock(parent):
        _remove_stale(parent, folder.name)
        try:
            new = Path(tempfile.mkdtemp(prefix=f".{folder.name}.new-", dir=parent))
        except OSError as exc:
            raise OutputError(_cannot_use(parent, exc)) from None
        try:
            os.chmod(new, _mode_for(folder, default=0o777))
            for name, data in files:
                _write_flushed(new / name, data, _mode_for(folder / name))
            if folder.is_dir():
                _carry_over(folder, new, {name for name, _ in files})
            _sync_folder(new)
            if folder.exists():
                _exchange(new, folder)  # ``new`` now holds the old build
            else:
                os.rename(new, folder)
            _sync_folder(parent)
        except OSError as exc:
            raise OutputError(
                f"{folder}: cannot write the build ({exc.strerror or exc}); the folder keeps the "
                "previous build"
            ) from None
        finally:  # the old build after the exchange, or a partial new one: never left behind
            shutil.rmtree(new, ignore_errors=True)


def _write_flushed(path: Path, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    os.chmod(path, mode)  # the umask applied at creation; the old file's mode wins


def _carry_over(old: Path, new: Path, written: set[str]) -> None:
    """Link into ``new`` what ``old`` holds besides a build's files: they are not the build's
    to remove. Files the old manifest lists are a build's, as are the temporary files of
    per-file writes."""
    try:
        manifest = json.loads((old / MANIFEST).read_bytes())
        listed = {entry["file"] for entry in manifest["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        listed = set()
    for entry in old.iterdir():
        name = entry.name
        if name in written or name in listed or (name.startswith(".") and name.endswith(".tmp")):
            continue
        if entry.is_symlink():
            os.symlink(os.readlink(entry), new / name)
        elif entry.is_dir():
            shutil.copytree(entry, new / name, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(entry, new / name)


def _link_or_copy(source: str | Path, target: str | Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _remove_stale(parent: Path, name: str) -> None:
    """The hidden folders of builds into ``parent/name`` that were killed (the lock is held)."""
    for stale in parent.glob(f".{name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> None:
    """Swap two folders in one step; where the system cannot, rename twice (the folder is then
    missing for an instant, but never holds a mix of two builds)."""
    libc = _libc()
    renameat2 = getattr(libc, "renameat2", None) if libc is not None else None
    if renameat2 is not None:
        result = renameat2(
            _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
        )
        if result == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):  # not a missing feature
            raise OSError(code, os.strerror(code), str(second))
    aside = Path(tempfile.mkdtemp(prefix=f".{second.name}.new-", dir=second.parent))
    os.rename(second, aside / "old")
    os.rename(first, second)
    os.rename(aside, first)


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


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
    """Create ``folder`` (and its parents) if needed and check that a new folder can be made
    beside it (`replace_folder`); raise OutputError when not, before any work is done."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: this is a file, not a folder; choose another output folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=folder.absolute().parent, prefix=".roadmap-probe."):
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


def _mode_for(path: Path, default: int = 0o666) -> int:
    """The mode of ``path``, else ``default`` less the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return default & ~umask


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
