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

`History` reads every version of the data folder in the history of HEAD (`roadmap log`) in one
pass, the same way, parsing again only the files that changed (`ParseCache`).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, TypeVar, cast

import msgspec

from roadmap_cli.load import Loaded, SourceFile, read_file_text
from roadmap_cli.problems import Problem
from roadmap_cli.project import ProjectLoad, load_project, parse_file
from roadmap_cli.yaml_blocks import ParsedBlocks

if TYPE_CHECKING:
    from roadmap_cli.surveys import (
        Known,
        Response,
        ResponseFile,
        Survey,
        SurveyFile,
        SurveySource,
    )

T = TypeVar("T")
_Parsed = tuple[Loaded, object, list[Problem]]
"""A file read and shape-checked: what `project.parse_file` returns."""


class ParseCache:
    """Files already read and shape-checked, kept between loads of successive versions of one
    folder (`roadmap log`, issue 16): a file is read again only after `forget`, parsing only
    its blocks that changed (`yaml_blocks`), and a survey's meaning checks run again only when
    one of its files or the ids it refers to changed. A file without problems that has the text
    of one already read (the working tree after the last commit) is not parsed again.

    The caller owns the invalidation: it forgets each file it rewrites or removes (the history
    walker knows from git which blobs changed, without reading the others).
    """

    def __init__(self) -> None:
        self._files: dict[str, _Parsed] = {}
        self._clean: dict[str, tuple[type, _Parsed]] = {}
        """The files without problems, by their text."""
        self._blocks: dict[str, ParsedBlocks] = {}
        self._checked: dict[str, tuple[SurveyFile, Known, ResponseFile, str, list[Problem]]] = {}
        self._responses: dict[str, tuple[ResponseFile, Response]] = {}

    def forget(self, path: Path) -> None:
        """``path`` changed or went away: read it again when it is next asked for."""
        parsed = self._files.pop(str(path), None)
        text = parsed[0].source.text if parsed and parsed[0].source else None
        if text is not None and self._clean.get(text, (None, None))[1] is parsed:
            del self._clean[text]

    def read(
        self, path: Path, shown: str | None, file_type: type[T]
    ) -> tuple[Loaded, T | None, list[Problem]]:
        key = str(path)
        parsed = self._files.get(key)
        if parsed is None:
            parsed = self._same_text(path, shown, file_type)
            if parsed is None:
                parsed = parse_file(
                    path, shown, file_type, self._blocks.setdefault(key, ParsedBlocks())
                )
            loaded = parsed[0]
            if loaded.source is not None and not loaded.problems and not parsed[2]:
                self._clean[loaded.source.text] = (file_type, parsed)
            self._files[key] = parsed
        return parsed[0], cast(T | None, parsed[1]), parsed[2]

    def _same_text(self, path: Path, shown: str | None, file_type: type) -> _Parsed | None:
        """A file without problems read before with the same text, as read from ``path``: its
        contents do not depend on where it was read (a clean file keeps no plain data)."""
        if not self._clean:
            return None
        text, problems = read_file_text(path, shown or str(path))
        hit = self._clean.get(text) if text is not None and not problems else None
        if hit is None or hit[0] is not file_type:
            return None
        assert text is not None
        return Loaded(SourceFile(path, shown or str(path), text), None, ()), hit[1][1], []

    def check_survey(self, source: SurveySource, known: Known) -> list[Problem]:
        """`surveys.check_survey`, with the answers of each office checked again only when
        its file, the survey's file or the ids it refers to changed."""
        from roadmap_cli.surveys import SURVEY_CHECKS, check_answers

        problems = [
            problem
            for check in SURVEY_CHECKS
            if check is not check_answers
            for problem in check(source, known)
        ]
        for answers in source.answers:
            hit = self._checked.get(answers.file)
            if (
                hit is None
                or hit[0] is not source.survey
                or hit[2] is not answers.answers
                or hit[3] != answers.stem
                or hit[1] != known
            ):
                found = list(check_answers(replace(source, answers=(answers,)), known))
                hit = (source.survey, known, answers.answers, answers.stem, found)
                self._checked[answers.file] = hit
            problems += hit[4]
        return problems

    def build_survey(self, source: SurveySource) -> Survey:
        """`surveys.build_survey`, building again only the responses whose file changed."""
        from roadmap_cli.surveys import build_survey

        responses = []
        for answers in source.answers:
            hit = self._responses.get(answers.file)
            if hit is None or hit[0] is not answers.answers:
                built = build_survey(replace(source, answers=(answers,))).responses[0]
                hit = (answers.answers, built)
                self._responses[answers.file] = hit
            responses.append(hit[1])
        return build_survey(replace(source, answers=()), responses)


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
    """The commit it was read from, for versions read by `History`."""


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


class History:
    """The versions of a data folder along the first parents of HEAD, read in one pass.

    One ``git log --raw`` lists the commits that changed the folder with the blob ids of the
    files each one changed; one ``git cat-file --batch`` process reads those blobs, and only
    those, into a private folder that always holds the version being read; a `ParseCache`
    parses again only the files that changed. Versions are yielded one at a time, so a caller
    that drops each once compared keeps two in memory, however long the history (issue 16).
    """

    def __init__(self, data_dir: Path) -> None:
        """Raises SnapshotError when ``data_dir`` is not in a repository with commits."""
        self.data_dir = data_dir
        self.prefix = _git(
            data_dir, "rev-parse", "--show-prefix", what="read the history of the data folder"
        ).strip()
        self._listing = _git(
            data_dir,
            "log",
            "--first-parent",
            "--diff-merges=first-parent",
            "--reverse",
            "-z",
            "--raw",
            "--no-abbrev",
            "--no-renames",
            "--relative",
            "--date=short",
            "--format=%x1e%H%x1f%ad%x1f%s",
            "--",
            ".",
            what="read the history of the data folder",
        )

    def _edits(self) -> Iterator[tuple[Commit, list[tuple[str, str | None]]]]:
        """Each commit with the files it changed: (path in the data folder, blob id or None
        when removed). Only regular files count: symbolic links and submodules are not data."""
        commit: Commit | None = None
        edits: list[tuple[str, str | None]] = []
        fields = iter(self._listing.split("\0"))
        for field in fields:
            field = field.lstrip("\n")
            if field.startswith("\x1e"):
                if commit is not None:
                    yield commit, edits
                sha, date, subject = field[1:].split("\x1f", 2)
                commit, edits = Commit(sha, date, subject), []
            elif field.startswith(":"):
                _, mode, _, blob, _ = field[1:].split(" ", 4)
                path = next(fields)
                parts = PurePosixPath(path).parts
                if not parts or ".." in parts:
                    continue
                regular = mode in ("100644", "100755")
                edits.append((path, blob if regular else None))
        if commit is not None:
            yield commit, edits

    def versions(self, *, working_tree: bool = False) -> Iterator[Snapshot]:
        """Every version, oldest first; one that cannot be read comes with no project and the
        problem, so the story shows the gap instead of hiding it. With ``working_tree``, the
        data folder as it stands comes last (label "", no commit), its files that are as the
        last commit has them taken as already read."""
        cache = ParseCache()
        with (
            tempfile.TemporaryDirectory(prefix="roadmap-history-") as temp,
            _BlobReader(self.data_dir) as blobs,
        ):
            root = Path(temp)
            present: set[str] = set()
            for commit, edits in self._edits():
                for path, blob in edits:
                    target = root.joinpath(*PurePosixPath(path).parts)
                    cache.forget(target)
                    if blob is None:
                        target.unlink(missing_ok=True)
                        present.discard(path)
                        _prune(target.parent, root)
                    else:
                        target.parent.mkdir(parents=True, exist_ok=True)
                        # A new file, not the old one truncated: ext4 flushes a truncated
                        # file to disk when it is closed, milliseconds each version.
                        target.unlink(missing_ok=True)
                        target.write_bytes(blobs.read(blob))
                        present.add(path)
                if present:
                    loaded = load_project(root, cache=cache)
                    shown = f"{commit.sha}:{self.prefix}"
                    loaded = _relabelled(loaded, str(root), shown)
                else:
                    folder = self.prefix.rstrip("/")
                    where = f"the folder '{folder}'" if folder else "the repository root"
                    message = f"{commit.sha} has no data files in {where}; check the ref and --data"
                    missing = Problem(f"{commit.short}:", "unreadable-version", message)
                    loaded = ProjectLoad(None, (missing,), ())
                yield Snapshot(commit.short, loaded, commit)
        if working_tree:
            yield Snapshot("", load_project(self.data_dir, cache=cache))


def _prune(folder: Path, root: Path) -> None:
    """Remove ``folder`` and its parents up to ``root`` while empty: git has no empty folders."""
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


class _BlobReader:
    """One `git cat-file --batch` process that reads blobs on demand."""

    def __init__(self, cwd: Path) -> None:
        self._cwd = cwd

    def __enter__(self) -> _BlobReader:
        try:
            self._process = subprocess.Popen(
                ["git", "cat-file", "--batch"],
                cwd=self._cwd,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env={**os.environ, "LC_ALL": "C"},
            )
        except OSError as exc:
            raise SnapshotError(f"cannot read the data files from git: {exc}") from None
        return self

    def read(self, blob: str) -> bytes:
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None and stdout is not None
        stdin.write(f"{blob}\n".encode())
        stdin.flush()
        header = stdout.readline().split()
        if len(header) != 3:
            raise SnapshotError(f"cannot read the data file {blob} from git")
        content = stdout.read(int(header[2]))
        stdout.read(1)  # each object is followed by a newline
        return content

    def __exit__(self, *exc: object) -> None:
        assert self._process.stdin is not None
        self._process.stdin.close()
        if self._process.stdout is not None:
            self._process.stdout.close()
        self._process.wait()


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

    return msgspec.structs.replace(
        loaded,
        problems=tuple(msgspec.structs.replace(p, file=relabel(p.file)) for p in loaded.problems),
        files=tuple(relabel(f) for f in loaded.files),
    )
