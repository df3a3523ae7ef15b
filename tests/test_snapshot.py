"""Baselines read from git refs and data folders, without touching the working tree."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import DATA, commit_bad_group, git, set_group, tree_state

from roadmap_cli.model import Group
from roadmap_cli.project import load_project
from roadmap_cli.snapshot import History, SnapshotError, load_git_snapshot, load_snapshot


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


def test_the_history_read_in_one_pass_equals_each_commit_read_alone(cws7_repo: Path) -> None:
    """`History` parses only the files each commit changed; every version must still be the
    one `load_git_snapshot` reads from scratch: survey answers edited, added and removed, a
    survey folder removed, the folder emptied, a version with errors, a merge."""
    repo = cws7_repo.parent
    surveys = cws7_repo / "surveys"
    folder = next(p for p in sorted(surveys.iterdir()) if p.is_dir())
    answers = sorted(p for p in folder.iterdir() if p.name != "survey.yaml")
    answers[0].write_text(answers[0].read_text(encoding="utf-8") + "\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "an answer file edited")
    answers[1].unlink()
    git(repo, "commit", "-q", "-am", "an office withdrew its answers")
    main = git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip()
    git(repo, "checkout", "-q", "-b", "side")
    recommendations = cws7_repo / "recommendations.yaml"
    good = recommendations.read_text(encoding="utf-8")
    recommendations.write_text(set_group(good, "R20", 7), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "a bad group")
    git(repo, "checkout", "-q", main)
    git(repo, "merge", "-q", "--no-ff", "-m", "merge the bad group", "side")
    recommendations.write_text(set_group(good, "R20", 3), encoding="utf-8")
    shutil.rmtree(folder)
    git(repo, "commit", "-q", "-am", "R20 to Group 3, a survey removed")
    shutil.rmtree(cws7_repo)
    git(repo, "commit", "-q", "-am", "the data folder emptied")
    shutil.copytree(DATA, cws7_repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "the data back")

    history = History(cws7_repo)
    versions = list(history.versions())
    subjects = [v.commit.subject for v in versions if v.commit is not None]
    assert subjects[2:] == [
        "an answer file edited",
        "an office withdrew its answers",
        "merge the bad group",
        "R20 to Group 3, a survey removed",
        "the data folder emptied",
        "the data back",
    ]
    for version in versions:
        assert version.commit is not None
        if version.commit.subject == "the data folder emptied":
            assert version.loaded.project is None
            assert [p.code for p in version.loaded.problems] == ["unreadable-version"]
            continue
        alone = load_git_snapshot(version.commit.sha, cws7_repo).loaded
        assert version.loaded.project == alone.project, version.commit.subject
        assert version.loaded.problems == alone.problems, version.commit.subject
    assert versions[4].loaded.project is None  # the merge brought the bad group


def test_hand_edits_read_in_one_pass_equal_each_commit_read_alone(cws7_repo: Path) -> None:
    """`History` parses again only the recommendations a commit changed (`yaml_blocks`); edits
    that a cut by lines could misread must still give the version read from scratch: a comment
    between two recommendations, a quote left open, a quote that runs on over the next
    recommendation's first line, Windows line ends, lists written without indentation."""
    repo = cws7_repo.parent
    recommendations = cws7_repo / "recommendations.yaml"
    good = recommendations.read_text(encoding="utf-8")
    edits = {
        "a comment": good.replace("  - id: R05\n", "  # R05 follows\n\n  - id: R05\n", 1),
        "a quote left open": good.replace("  - id: R07\n", '  - id: R07\n    owner: "IB\n', 1),
        "a quote over the next id": good.replace(
            "  - id: R12\n", '  - id: R12\n    owner: "IB\n  - id: R99 IB"\n', 1
        ),
        "windows line ends": good.replace("\n", "\r\n"),
        "lists without indentation": re.sub(r"(?m)^    ", "  ", re.sub(r"(?m)^  - ", "- ", good)),
        "back": set_group(good, "R21", 3),
    }
    for subject, text in edits.items():
        recommendations.write_bytes(text.encode("utf-8"))
        git(repo, "commit", "-q", "-am", subject)

    versions = list(History(cws7_repo).versions())
    assert [v.commit.subject for v in versions if v.commit][2:] == list(edits)
    for version in versions:
        assert version.commit is not None
        alone = load_git_snapshot(version.commit.sha, cws7_repo).loaded
        assert version.loaded.project == alone.project, version.commit.subject
        assert version.loaded.problems == alone.problems, version.commit.subject
    quote_over_the_next_id = versions[4].loaded.problems
    assert [p.message for p in quote_over_the_next_id] == ["'IB - id: R99 IB' is not an identifier"]
    assert [v.loaded.project is not None for v in versions[2:]] == [1, 0, 0, 1, 1, 1]


def test_the_working_tree_read_after_the_history_is_the_folder_read_alone(
    cws7_repo: Path,
) -> None:
    """The files of the working tree that are as the last commit has them are taken as read;
    the others are read: an edited recommendation, an answer file saved with a byte-order
    mark (a warning), a new answer file (a copy of another office's)."""
    recommendations = cws7_repo / "recommendations.yaml"
    recommendations.write_text(
        set_group(recommendations.read_text(encoding="utf-8"), "R21", 3), encoding="utf-8"
    )
    folder = next(p for p in sorted((cws7_repo / "surveys").iterdir()) if p.is_dir())
    answers = sorted(p for p in folder.iterdir() if p.name != "survey.yaml")
    answers[0].write_bytes(b"\xef\xbb\xbf" + answers[0].read_bytes())
    shutil.copy(answers[1], folder / "ZZ.yaml")

    *_, last = History(cws7_repo).versions(working_tree=True)
    alone = load_project(cws7_repo)
    assert (last.label, last.commit) == ("", None)
    assert last.loaded.project == alone.project
    assert last.loaded.problems == alone.problems
    assert {p.code for p in alone.problems} == {
        "byte-order-mark",
        "office-answered-twice",  # ZZ.yaml holds the answers of another office
        "office-file-mismatch",
    }
    assert all(p.file.startswith(str(cws7_repo)) for p in last.loaded.problems)
    assert last.loaded.files == alone.files
