"""Snapshots of the data: the project as it stands in a git commit or in another data folder.

Revision marks (`roadmap annex --baseline`) and `roadmap diff` (issue 6) compare the data
against a *baseline*: a git ref (``HEAD~1``, a tag, a branch) or another data folder. A ref is
read straight from the object store (``git ls-tree`` and ``git cat-file``): the working tree,
the index and HEAD are never touched. The data folder inside the ref is the ``--data`` folder
taken relative to the root of the repository that holds it.

The files of the ref's data folder are copied into a private temporary folder and loaded there
by `load_project`, the one loader of the project; so whatever the loader reads (surveys, when
they come) is read from the ref the same way, with the same checks. Problems found in a ref
name their file as ``REF:path`` (``HEAD~1:data/recommendations.yaml``), as git does.

`load_history` reads every version of the data folder in the history of HEAD (`roadmap log`),
each the same way.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from roadmap_cli.problems import Problem
from roadmap_cli.project import ProjectLoad, load_project


class SnapshotError(ValueError):
    """The baseline cannot be read: not a folder, not a ref, not in a repository. A usage error."""


@dataclass(frozen=True, slots=True)
class Commit:
    """A commit that changed the data folder."""

    sha: str
    date: str
    """The author date, ``YYYY-MM-DD``."""
    subject: str
    """The first line of the commit message."""

    @property
    def short(self) -> str:
        return self.sha[:7]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A loaded baseline, with a label that tells the reader what it is."""

    label: str
    """``HEAD~1 (1a2b3c4)`` for a ref, the folder as given for a folder."""
    loaded: ProjectLoad
    commit: Commit | None = None
    """The commit it was read from, for versions read by `load_history`."""


def load_snapshot(spec: str, data_dir: Path) -> Snapshot:
    """The project at ``spec``: a data folder when one exists at that path, else a git ref.

    ``data_dir`` is the current data folder; for a ref, it locates the repository and the path
    of the data folder inside it. Raises SnapshotError when neither reading works.
    """
    if Path(spec).is_dir():
        return Snapshot(spec, load_project(Path(spec)))
    return load_git_snapshot(spec, data_dir)


def load_git_snapshot(ref: str, data_dir: Path) -> Snapshot:
    """The project in ``data_dir``'s counterpart at the git ``ref``."""
    if not ref or ref.startswith("-"):
        raise SnapshotError(f"'{ref}' is neither a data folder nor a git ref")
    try:
        prefix = _git(
            data_dir, "rev-parse", "--show-prefix", what="find the git repository"
        ).strip()
    except SnapshotError as exc:
        raise SnapshotError(
            f"'{ref}' is not a data folder, and the data folder '{data_dir}' is not in a git "
            f"repository to read it from as a ref ({exc})"
        ) from None
    commit = _resolve(ref, data_dir)
    folder = prefix.rstrip("/")
    blobs = _data_blobs(data_dir, commit, folder)
    if not blobs:
        where = f"the folder '{folder}'" if folder else "the repository root"
        raise SnapshotError(f"{ref} has no data files in {where}; check the ref and --data")
    contents = _read_blobs(data_dir, [sha for _, sha in blobs])
    with tempfile.TemporaryDirectory(prefix="roadmap-snapshot-") as temp:
        root = Path(temp)
        for (relative, _), content in zip(blobs, contents, strict=True):
            target = root.joinpath(*PurePosixPath(relative).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        loaded = load_project(root)
    label = ref if commit.startswith(ref) else f"{ref} ({commit[:7]})"  # no "1a2b3c4 (1a2b3c4)"
    return Snapshot(label, _relabelled(loaded, str(root), f"{ref}:{prefix}"))


def data_commits(data_dir: Path) -> tuple[Commit, ...]:
    """The commits that changed ``data_dir``, oldest first, along the first parents of HEAD.

    First parents give the story of the main line as changes were merged into it: a merged
    pull request counts as one step, and commits of parallel branches are never compared with
    each other. Raises SnapshotError when ``data_dir`` is not in a repository with commits.
    """
    listing = _git(
        data_dir,
        "log",
        "--first-parent",
        "--reverse",
        "-z",
        "--date=short",
        "--format=%H%x1f%ad%x1f%s",
        "--",
        ".",
        what="read the history of the data folder",
    )
    commits = []
    for record in filter(None, listing.split("\0")):
        sha, date, subject = record.strip("\n").split("\x1f", 2)
        commits.append(Commit(sha, date, subject))
    return tuple(commits)


def load_history(data_dir: Path) -> tuple[Snapshot, ...]:
    """Every version of ``data_dir`` in the history of HEAD (`data_commits`), oldest first.

    A commit whose data cannot be read (the folder emptied, say) gives a version with no
    project and the problem, so the story shows the gap instead of hiding it.
    """
    versions = []
    for commit in data_commits(data_dir):
        try:
            snapshot = load_git_snapshot(commit.sha, data_dir)
        except SnapshotError as exc:
            missing = Problem(f"{commit.short}:", "unreadable-version", str(exc))
            snapshot = Snapshot(commit.short, ProjectLoad(None, (missing,), ()))
        versions.append(replace(snapshot, label=commit.short, commit=commit))
    return tuple(versions)


def _git(cwd: Path, *args: str, what: str) -> str:
    """Run git in ``cwd``; SnapshotError with git's own words when it fails."""
    try:
        result = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            check=False,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"},
        )
    except FileNotFoundError:
        raise SnapshotError(f"cannot {what}: git is not installed") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = (
            message[-1].removeprefix("fatal: ")
            if message
            else f"git exited with {result.returncode}"
        )
        raise SnapshotError(f"cannot {what}: {detail}")
    return result.stdout.decode("utf-8", "surrogateescape")


def _resolve(ref: str, data_dir: Path) -> str:
    try:
        return _git(
            data_dir,
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            f"{ref}^{{commit}}",
            what=f"read the ref '{ref}'",
        ).strip()
    except SnapshotError:
        raise SnapshotError(
            f"'{ref}' is neither a data folder nor a commit in the git repository of '{data_dir}'; "
            "give a folder, a branch, a tag or a commit such as HEAD~1"
        ) from None


def _data_blobs(data_dir: Path, commit: str, folder: str) -> list[tuple[str, str]]:
    """(path in the data folder, blob id) of each regular file under ``folder`` at ``commit``."""
    listing = _git(
        data_dir,
        "ls-tree",
        "-r",
        "-z",
        "--full-tree",
        commit,
        "--",
        *([folder] if folder else []),
        what="list the data files",
    )
    blobs = []
    for entry in filter(None, listing.split("\0")):
        meta, _, path = entry.partition("\t")
        mode, kind, sha = meta.split()
        if kind != "blob" or mode not in ("100644", "100755"):
            continue  # symbolic links and submodules are not data
        relative = PurePosixPath(path).relative_to(folder) if folder else PurePosixPath(path)
        if not relative.parts or ".." in relative.parts:
            continue  # the data path is a file in this commit, or a path to stay away from
        blobs.append((str(relative), sha))
    return blobs


def _read_blobs(data_dir: Path, shas: list[str]) -> list[bytes]:
    """The contents of the blobs, in one `git cat-file --batch` run."""
    try:
        result = subprocess.run(
            ["git", "cat-file", "--batch"],
            cwd=data_dir,
            input="".join(f"{s}\n" for s in shas).encode(),
            capture_output=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        raise SnapshotError(f"cannot read the data files from git: {exc}") from None
    out, position, contents = result.stdout, 0, []
    for _ in shas:
        header_end = out.index(b"\n", position)
        size = int(out[position:header_end].split()[2])
        start = header_end + 1
        contents.append(out[start : start + size])
        position = start + size + 1  # each object is followed by a newline
    return contents


def _relabelled(loaded: ProjectLoad, temp: str, shown: str) -> ProjectLoad:
    """Problems and file names that say ``REF:path`` instead of the temporary folder.

    ``shown`` is ``REF:`` followed by the data folder's path in the repository, ending with a
    slash unless it is the root (``HEAD~1:data/``).
    """

    def relabel(name: str) -> str:
        if not name.startswith(temp):
            return name
        return shown + name[len(temp) :].lstrip(os.sep).replace(os.sep, "/")

    return replace(
        loaded,
        problems=tuple(replace(p, file=relabel(p.file)) for p in loaded.problems),
        files=tuple(relabel(f) for f in loaded.files),
    )
