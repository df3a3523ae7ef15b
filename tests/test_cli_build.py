"""`roadmap build` end to end: every artefact, byte-identical reruns, the manifest, atomic and
all-or-nothing writes, clear errors; and the committed outputs/ kept up to date."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import BUILD_AS_OF, DATA, Planned, committed_output
from typer.testing import CliRunner

from roadmap_cli.cli import app

runner = CliRunner()

EXPECTED = {
    "annex.csv",
    "annex.docx",
    "annex.html",
    "annex.json",
    "annex.md",
    "checklist.md",
    "gantt.md",
    "gantt.pdf",
    "gantt.png",
    "gantt.svg",
    "manifest.json",
    "priorities.svg",
    "report.html",
    "roadmap-draft.docx",
    "roadmap.json",
}
TEXT_OUTPUTS = (
    "annex.csv",
    "annex.html",
    "annex.json",
    "annex.md",
    "checklist.md",
    "gantt.md",
    "roadmap.json",
)
"""Outputs that do not depend on the matplotlib version (compared with the committed ones)."""


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _build(out: Path, *extra: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = runner.invoke(app, ["build", "--data", str(DATA), "--out", str(out), *extra], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.stderr


def test_every_artefact_is_written(built_outputs: Path) -> None:
    assert set(_files(built_outputs)) == EXPECTED


def test_a_rebuild_is_byte_identical(built_outputs: Path, tmp_path: Path) -> None:
    terminal = {"TTY_COMPATIBLE": "1", "TTY_INTERACTIVE": "1"}  # rich: draw the progress bar
    code, err = _build(tmp_path / "again", "--as-of", str(BUILD_AS_OF), env=terminal)
    assert code == 0, err
    assert "building" in err and "14/14" in err and "roadmap-draft.docx" in err
    assert err.endswith(
        f"wrote 15 files to {tmp_path / 'again'} (as of {BUILD_AS_OF}; see "
        f"{tmp_path / 'again' / 'manifest.json'})\n"
    )
    first, second = _files(built_outputs), _files(tmp_path / "again")
    assert first.keys() == second.keys()
    for name in first:
        assert first[name] == second[name], name


def test_the_manifest_lists_each_file_with_size_and_hash(built_outputs: Path) -> None:
    manifest = json.loads((built_outputs / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["as_of"] == str(BUILD_AS_OF)
    listed = {entry["file"]: entry for entry in manifest["files"]}
    assert set(listed) == EXPECTED - {"manifest.json"}
    for name, entry in listed.items():
        data = (built_outputs / name).read_bytes()
        assert entry == {
            "file": name,
            "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }


def test_the_json_export_holds_schedule_and_priorities(built_outputs: Path) -> None:
    export = json.loads((built_outputs / "roadmap.json").read_text(encoding="utf-8"))
    assert export["as_of"] == "2026-11-23"
    assert export["plan"]["start_assumed"] is True
    assert len(export["plan"]["units"]) == 38
    assert export["plan"]["units"][0]["recommendations"] == ["R04", "R18"]
    assert export["priorities"]["survey"] == "2020-task-force"
    assert export["priorities"]["illustrative"] is True


def test_an_interrupted_build_leaves_the_previous_files(
    built_outputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "outputs"
    shutil.copytree(built_outputs, out)
    before = _files(out)

    def interrupt(*_: object) -> bytes:
        raise KeyboardInterrupt

    monkeypatch.setattr(
        "roadmap_cli.render.priority_chart.render_svg", interrupt
    )  # after the gantt files
    code, err = _build(out, "--as-of", "2027-01-01")
    assert code == 130
    assert err == f"interrupted: nothing was written; {out} holds the previous files\n"
    assert _files(out) == before  # no file replaced, no temporary file left


def test_an_output_folder_that_cannot_be_made_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    code, err = _build(blocker / "outputs", "--as-of", str(BUILD_AS_OF))
    assert code == 1
    assert err == (
        f"error: {blocker / 'outputs'}: cannot write in this folder (a file is in the way of the "
        "path); choose another output folder\n"
    )
    code, err = _build(blocker, "--as-of", str(BUILD_AS_OF))
    assert code == 1
    assert err == f"error: {blocker}: this is a file, not a folder; choose another output folder\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_output_folder_is_a_clear_error(tmp_path: Path) -> None:
    out = tmp_path / "outputs"
    out.mkdir()
    out.chmod(0o555)
    try:
        code, err = _build(out, "--as-of", str(BUILD_AS_OF))
    finally:
        out.chmod(0o755)
    assert code == 1
    assert err == (
        f"error: {out}: cannot write in this folder (permission denied); choose another output "
        "folder\n"
    )
    assert list(out.iterdir()) == []


def test_bad_data_stops_before_anything_is_written(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / "planning.yaml").unlink()
    result = runner.invoke(app, ["build", "--data", str(data), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "planning.yaml:1:1: error: the planner needs planning assumptions" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", TEXT_OUTPUTS)
def test_the_committed_outputs_are_up_to_date(built_outputs: Path, name: str) -> None:
    committed = committed_output(name)
    rebuild = f"run `roadmap build --as-of {BUILD_AS_OF}` and commit outputs/"
    assert committed is not None, f"outputs/{name} is missing; {rebuild}"
    assert committed == (built_outputs / name).read_bytes(), f"outputs/{name} is stale; {rebuild}"


def test_a_parallel_build_gives_the_bytes_of_a_serial_build(bundled_plan: Planned) -> None:
    """`roadmap build` renders in as many processes as there are cores (issue 16); the files,
    the manifest included, are those of a build rendered one file after the other."""
    from roadmap_cli.build import file_names, prepare_build, render_build

    made = prepare_build(bundled_plan.project, bundled_plan.plan, bundled_plan.as_of)
    order: list[str] = []
    serial = render_build(made, workers=1)
    parallel = render_build(made, order.append, workers=3)
    assert [name for name, _ in parallel] == [name for name, _ in serial]
    for (name, data), (_, expected) in zip(parallel, serial, strict=True):
        assert data == expected, name
    assert order == list(file_names(made))  # in order, whoever finishes first
