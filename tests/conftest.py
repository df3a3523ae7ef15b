"""Shared fixtures: the bundled project, golden files (``--update-golden``), git repositories."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from annex_cases import CWS7_MOVED

from roadmap_cli.model import Project
from roadmap_cli.project import load_project

if TYPE_CHECKING:
    from roadmap_cli.schedule import Plan

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
BUNDLED_DATA = DATA
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite tests/golden/* from the current output instead of comparing with it.",
    )


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled data folder."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``data/`` copied into ``tmp_path``, which becomes the current folder (short paths)."""
    shutil.copytree(DATA, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return Path("data")


@pytest.fixture
def bare_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The recommendations and the calendar, without the bundled surveys."""
    (tmp_path / "data").mkdir()
    for name in ("recommendations.yaml", "sessions.yaml"):
        shutil.copy(DATA / name, tmp_path / "data" / name)
    monkeypatch.chdir(tmp_path)
    return Path("data")


@pytest.fixture(scope="session")
def project() -> Project:
    """The bundled data, loaded once."""
    loaded = load_project(DATA)
    assert loaded.project is not None, loaded.problems
    return loaded.project


Golden = Callable[[str | Path, bytes | str], None]


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    """``golden(name, data)`` compares ``data`` byte for byte with ``tests/golden/<name>`` (or
    with the file at a path: a validation case's ``.expected``); ``--update-golden`` rewrites
    the file instead. The one golden-file helper of the suite."""
    update = bool(request.config.getoption("--update-golden"))

    def check(name: str | Path, data: bytes | str) -> None:
        path = name if isinstance(name, Path) else GOLDEN / name
        actual = data.encode("utf-8") if isinstance(data, str) else data
        if update:
            path.write_bytes(actual)
            return
        assert path.exists(), f"{path} is missing; create it with pytest --update-golden"
        expected = path.read_bytes()
        if actual != expected:  # compare as text first, for a readable diff
            assert actual.decode("utf-8") == expected.decode("utf-8")
            assert actual == expected

    return check


# ---- git repositories for baselines (revision marks, diff) ---------------------------------


GIT_DATE = "2020-12-04T12:00:00+00:00"
"""The date of every test commit unless told otherwise, so commit ids are reproducible."""


def git(repo: Path, *args: str, date: str = GIT_DATE) -> str:
    """Run git in ``repo`` with a fixed identity and date, and no user configuration."""
    env = {
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_SYSTEM": os.devnull,
        "HOME": str(repo),
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "PATH": os.environ.get("PATH", ""),
    }
    result = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


def set_group(text: str, rec_id: str, group: int) -> str:
    """``recommendations.yaml`` text with the group of ``rec_id`` replaced."""
    start = text.index(f"  - id: {rec_id}\n")
    end = text.index("\n  - id: ", start + 1)
    block = re.sub(
        r"^    group: .*$", f"    group: {group}", text[start:end], count=1, flags=re.MULTILINE
    )
    return text[:start] + block + text[end:]


@pytest.fixture
def cws7_repo(tmp_path: Path) -> Path:
    """A git repository with two commits of the bundled data: before and after the CWS/7 move.

    Returns the data folder (``repo/data``); HEAD~1 has R20, R33 and R35 in Group 2.
    """
    repo = tmp_path / "repo"
    data = repo / "data"
    shutil.copytree(DATA, data)
    recommendations = data / "recommendations.yaml"
    after = recommendations.read_text(encoding="utf-8")
    before = after
    for rec_id in CWS7_MOVED:
        before = set_group(before, rec_id, 2)
    assert before != after
    recommendations.write_text(before, encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "data")
    git(repo, "commit", "-q", "-m", "CWS/6: the 40 Recommendations in Groups 1-3")
    recommendations.write_text(after, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "CWS/7: R20, R33 and R35 moved to Group 1")
    return data


def commit_bad_group(data: Path, *, fix: bool = True) -> None:
    """Commit R20 in a Group 7 that does not exist; then, with ``fix``, commit the fix (so
    HEAD~1 has the data error), else leave the good data uncommitted in the working tree."""
    repo = data.parent
    recommendations = data / "recommendations.yaml"
    good = recommendations.read_text(encoding="utf-8")
    recommendations.write_text(set_group(good, "R20", 7), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "a bad group")
    recommendations.write_text(good, encoding="utf-8")
    if fix:
        git(repo, "commit", "-q", "-am", "fixed")


def tree_state(repo: Path) -> dict[str, bytes]:
    """Every file of the working tree and the git index, by path, to prove nothing changed."""
    files = {
        str(p.relative_to(repo)): p.read_bytes()
        for p in repo.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(repo).parts
    }
    files[".git/index"] = (repo / ".git" / "index").read_bytes()
    files[".git/HEAD"] = (repo / ".git" / "HEAD").read_bytes()
    return files


# ---- plans for the charts, the report and the draft ----------------------------------------

BUILD_AS_OF = dt.date(2026, 11, 23)
"""The as-of day of the committed outputs/ (README)."""


def committed_output(name: str) -> bytes | None:
    """``outputs/<name>`` as committed for `BUILD_AS_OF`: the working tree's file, unless the
    folder was rebuilt for another day (the README's first command builds as of today), then
    the version git holds; None when there is none."""
    import json
    import subprocess

    folder = ROOT / "outputs"
    manifest = folder / "manifest.json"
    if manifest.is_file() and json.loads(manifest.read_bytes()).get("as_of") == str(BUILD_AS_OF):
        path = folder / name
        return path.read_bytes() if path.is_file() else None
    shown = subprocess.run(
        ["git", "show", f"HEAD:outputs/{name}"], cwd=ROOT, capture_output=True, check=False
    )
    return shown.stdout if shown.returncode == 0 else None


@dataclass(frozen=True)
class Planned:
    """A project with its plan as of a day, as `roadmap gantt` and `roadmap build` make them."""

    project: Project
    plan: Plan
    as_of: dt.date


def _planned(project: Project, as_of: dt.date) -> Planned:
    from roadmap_cli.project import PlanOptions, plan_project

    return Planned(project, plan_project(project, PlanOptions(as_of=as_of)), as_of)


@pytest.fixture(scope="session")
def bundled_plan(project: Project) -> Planned:
    """The bundled data planned as of `BUILD_AS_OF`."""
    return _planned(project, BUILD_AS_OF)


@pytest.fixture(scope="session")
def gantt_case(tmp_path_factory: pytest.TempPathFactory) -> Planned:
    """`gantt_cases.write_gantt_case` planned as of its `AS_OF`."""
    from gantt_cases import AS_OF, write_gantt_case

    loaded = load_project(write_gantt_case(tmp_path_factory.mktemp("gantt") / "data"))
    assert loaded.project is not None, loaded.problems
    return _planned(loaded.project, AS_OF)


@pytest.fixture(scope="session")
def built_outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`roadmap build --as-of BUILD_AS_OF` of the bundled data, run once for the session."""
    from typer.testing import CliRunner

    from roadmap_cli.cli import app

    out = tmp_path_factory.mktemp("build") / "outputs"
    result = CliRunner().invoke(
        app, ["build", "--data", str(DATA), "--out", str(out), "--as-of", str(BUILD_AS_OF)]
    )
    assert result.exit_code == 0, result.stderr
    return out
