"""Baselines read from git refs and data folders, without touching the working tree."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DATA, commit_bad_group, git, tree_state

from roadmap_cli.model import Group
from roadmap_cli.snapshot import SnapshotError, load_snapshot


def test_a_ref_gives_the_data_as_committed_there(cws7_repo: Path) -> None:
    repo = cws7_repo.parent
    commit = git(repo, "rev-parse", "HEAD~1").strip()
    state = tree_state(repo)
    snapshot = load_snapshot("HEAD~1", cws7_repo)
    assert snapshot.label == f"HEAD~1 ({commit[:7]})"
    project = snapshot.loaded.project
    assert project is not None
    assert {project.recommendations_by_id[i].group for i in ("R20", "R33", "R35")} == {Group.TWO}
    assert snapshot.loaded.files[:3] == (
        "HEAD~1:data/recommendations.yaml",
        "HEAD~1:data/sessions.yaml",
        "HEAD~1:data/planning.yaml",
    )
    assert tree_state(repo) == state
    assert git(repo, "status", "--porcelain") == ""


def test_a_relative_data_path_and_a_tag_work_from_another_folder(
    cws7_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = cws7_repo.parent
    git(repo, "tag", "cws6", "HEAD~1")
    monkeypatch.chdir(repo)
    project = load_snapshot("cws6", Path("data")).loaded.project
    assert project is not None and project.recommendations_by_id["R20"].group is Group.TWO


def test_the_data_folder_may_be_the_repository_root(tmp_path: Path) -> None:
    shutil.copytree(DATA, tmp_path / "repo")
    git(tmp_path / "repo", "init", "-q")
    git(tmp_path / "repo", "add", ".")
    git(tmp_path / "repo", "commit", "-q", "-m", "data at the root")
    snapshot = load_snapshot("HEAD", tmp_path / "repo")
    assert snapshot.loaded.project is not None
    assert snapshot.loaded.files[0] == "HEAD:recommendations.yaml"


def test_another_data_folder_is_a_baseline_too(tmp_path: Path) -> None:
    folder = tmp_path / "cws6-data"
    shutil.copytree(DATA, folder)
    snapshot = load_snapshot(str(folder), DATA)
    assert snapshot.label == str(folder)
    assert snapshot.loaded.project is not None


def test_an_unknown_ref_is_a_clear_usage_error(cws7_repo: Path) -> None:
    with pytest.raises(SnapshotError, match=r"'no-such-ref' is neither a data folder nor a commit"):
        load_snapshot("no-such-ref", cws7_repo)
    with pytest.raises(SnapshotError, match="neither a data folder nor a git ref"):
        load_snapshot("--output=x", cws7_repo)


def test_a_data_folder_outside_git_cannot_take_a_ref(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    with pytest.raises(SnapshotError, match="is not in a git repository"):
        load_snapshot("HEAD~1", folder)


def test_a_ref_without_the_data_folder_says_so(cws7_repo: Path) -> None:
    repo = cws7_repo.parent
    (repo / "README").write_text("x\n")
    git(repo, "add", "README")
    git(repo, "commit", "-q", "-m", "readme")
    git(repo, "checkout", "-q", "--orphan", "empty")
    git(repo, "rm", "-q", "-r", "--cached", "data")
    git(repo, "commit", "-q", "-m", "no data")
    git(repo, "checkout", "-q", "-f", "main")
    with pytest.raises(SnapshotError, match="empty has no data files in the folder 'data'"):
        load_snapshot("empty", cws7_repo)


def test_problems_in_a_ref_name_the_file_as_ref_and_path(cws7_repo: Path) -> None:
    commit_bad_group(cws7_repo)
    loaded = load_snapshot("HEAD~1", cws7_repo).loaded
    assert loaded.project is None
    (problem,) = loaded.problems
    assert problem.file == "HEAD~1:data/recommendations.yaml"
    assert problem.line > 1 and problem.code


def test_a_commit_id_is_not_repeated_in_the_label(cws7_repo: Path) -> None:
    commit = git(cws7_repo.parent, "rev-parse", "HEAD~1").strip()
    assert load_snapshot(commit[:9], cws7_repo).label == commit[:9]
