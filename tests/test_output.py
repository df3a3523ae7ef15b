"""Atomic writes: the whole new file or the old one, and clear errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from roadmap_cli.output import OutputError, write_atomic


def test_writes_a_new_file_with_the_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "annex.md"
    write_atomic(target, b"table\n")
    assert target.read_bytes() == b"table\n"
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert os.listdir(tmp_path) == ["annex.md"]


def test_replaces_a_file_and_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "annex.csv"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "annex.docx"
    target.write_bytes(b"old")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["annex.docx"]


@pytest.mark.parametrize(
    ("make_target", "message"),
    [
        (lambda tmp: tmp / "missing" / "annex.md", "the folder '{tmp}/missing' does not exist"),
        (lambda tmp: tmp / "file" / "annex.md", "'{tmp}/file' is not a folder"),
        (lambda tmp: tmp, "this is a folder; give a file name"),
    ],
)
def test_an_impossible_target_is_a_clear_error(tmp_path: Path, make_target, message: str) -> None:
    (tmp_path / "file").write_bytes(b"")
    with pytest.raises(OutputError, match=message.format(tmp=tmp_path)):
        write_atomic(make_target(tmp_path), b"x")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_folder_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="is not writable"):
            write_atomic(folder / "annex.md", b"x")
    finally:
        folder.chmod(0o700)


def test_permission_denied_says_the_folder_is_not_writable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same as the test above, for runs as root (which may write anywhere)."""

    def refuse(**_: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    with pytest.raises(OutputError, match=f"the folder '{tmp_path}' is not writable"):
        write_atomic(tmp_path / "annex.md", b"x")


# ---- issue #12, item 4: outputs never write over the data ---------------------------------


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (
            ["annex", "-o", "data/recommendations.yaml"],
            "Invalid value for --output: data/recommendations.yaml is inside the data folder "
            "data; write outputs elsewhere",
        ),
        (
            ["gantt", "-o", "data/surveys/gantt.svg"],
            "Invalid value for --output: data/surveys/gantt.svg is inside the data folder data; "
            "write outputs elsewhere",
        ),
        (
            ["gantt", "-f", "mmd", "-o", "link.yaml"],
            "Invalid value for --output: link.yaml leads into the data folder data (a link); "
            "write outputs elsewhere",
        ),
        (
            ["annex", "-o", "hard.yaml"],
            "Invalid value for --output: hard.yaml is the data file data/sessions.yaml under "
            "another name; write elsewhere",
        ),
        (
            ["build", "--out", "."],
            "Invalid value for --out: . holds the data folder data; choose a folder beside it",
        ),
        (
            ["build", "--out", "data"],
            "Invalid value for --out: data is inside the data folder data; write outputs elsewhere",
        ),
        (
            ["survey", "form", "--survey", "2020-task-force", "--out", "data/form.csv"],
            "Invalid value for --out: data/form.csv is inside the data folder data; write "
            "outputs elsewhere",
        ),
    ],
)
def test_an_output_that_would_write_over_the_data_is_a_usage_error(
    data_dir: Path, command: list[str], message: str
) -> None:
    from typer.testing import CliRunner

    from roadmap_cli.cli import app

    (data_dir.parent / "link.yaml").symlink_to("data/planning.yaml")
    os.link(data_dir / "sessions.yaml", data_dir.parent / "hard.yaml")
    before = _snapshot(data_dir.parent)
    result = CliRunner().invoke(app, [*command, "--data", "data"])
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.replace("│", " ").split())
    assert _snapshot(data_dir.parent) == before
