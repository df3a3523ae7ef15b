"""Hostile input: valid data with one mutation at a time, raw bytes, and files that are not files.

Whatever the input, `roadmap validate` exits 0 or 1, every problem line is located
(``file:line:col: severity: message [code]``), nothing is printed as a traceback, and nothing is
written anywhere. The budget is bounded (hypothesis example counts) so CI stays fast.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plandata import rec, write_data
from typer.testing import CliRunner

from roadmap_cli.cli import app

DATA = Path(__file__).resolve().parent.parent / "data"
BUNDLED = (DATA / "recommendations.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
PROBLEM_LINE = re.compile(r"^.+:[1-9]\d*:[1-9]\d*: (error|warning): .+ \[[a-z0-9-]+\]$")
SUMMARY_LINE = re.compile(
    r"^(\d+ errors?, \d+ warnings? in \d+ files?|\d+ recommendations?: .* known)$"
)
TOKENS = [
    "NO",
    "yes",
    "010",
    "3.10",
    "~",
    "[]",
    "{}",
    "!!python/object:os.system x",
    "&a x",
    "*a",
    "\t",
    "R41",
    "CWS/99",
    "2020-02-30",
    "- ",
    ": ",
    "'",
    '"',
    "[",
    "{",
    "#",
    "\x00",
    "\u2028",
    "R01",
    "group: 1",
    "depends_on: [R01]",
    "- id: R01",
]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = list(BUNDLED)
    index = draw(st.integers(0, len(lines) - 1))
    kind = draw(
        st.sampled_from(["delete", "duplicate", "swap", "insert", "replace-value", "indent"])
    )
    if kind == "delete":
        del lines[index]
    elif kind == "duplicate":
        lines.insert(index, lines[index])
    elif kind == "swap":
        other = draw(st.integers(0, len(lines) - 1))
        lines[index], lines[other] = lines[other], lines[index]
    elif kind == "insert":
        line = lines[index]
        at = draw(st.integers(0, len(line)))
        lines[index] = line[:at] + draw(st.sampled_from(TOKENS)) + line[at:]
    elif kind == "replace-value" and ":" in lines[index]:
        key = lines[index].split(":", 1)[0]
        lines[index] = f"{key}: {draw(st.sampled_from(TOKENS))}\n"
    else:
        lines[index] = " " * draw(st.integers(0, 9)) + lines[index].lstrip(" ")
    return "".join(lines)


def _check_validate(data: Path) -> None:
    before = sorted(p.relative_to(data.parent) for p in data.parent.rglob("*"))
    result = CliRunner().invoke(app, ["validate", "--data", str(data)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    for line in result.stderr.splitlines():
        assert PROBLEM_LINE.match(line) or SUMMARY_LINE.match(line) or line.startswith("note:"), (
            line
        )
    if result.exit_code == 1:
        assert PROBLEM_LINE.match(result.stderr.splitlines()[0])
    assert sorted(p.relative_to(data.parent) for p in data.parent.rglob("*")) == before


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(DATA, data)
    return data


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=mutated())
def test_one_mutation_of_valid_data_is_answered_cleanly(scratch: Path, text: str) -> None:
    (scratch / "recommendations.yaml").write_text(text, encoding="utf-8")
    _check_validate(scratch)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=st.binary(max_size=2000))
def test_raw_bytes_as_the_calendar_are_answered_cleanly(scratch: Path, content: bytes) -> None:
    (scratch / "recommendations.yaml").write_text("".join(BUNDLED), encoding="utf-8")
    (scratch / "sessions.yaml").write_bytes(content)
    _check_validate(scratch)
    shutil.copy(DATA / "sessions.yaml", scratch / "sessions.yaml")


def _validate(data: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["validate", "--data", str(data)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.stderr


def test_a_100_mb_file_is_refused_before_reading(data_copy: Path) -> None:
    with open(data_copy / "recommendations.yaml", "wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: costs no disk
    code, err = _validate(data_copy)
    assert code == 1
    assert err.splitlines()[0] == (
        f"{data_copy}/recommendations.yaml:1:1: error: the file is 100 MiB; data files are limited "
        "to 64 MiB; split the data or check that this is the right file [file-too-large]"
    )


def test_a_directory_in_place_of_a_file(data_copy: Path) -> None:
    (data_copy / "sessions.yaml").unlink()
    (data_copy / "sessions.yaml").mkdir()
    code, err = _validate(data_copy)
    assert code == 1
    assert (
        "sessions.yaml:1:1: error: this is a directory, not a YAML file; name a .yaml file "
        "[not-a-file]" in err
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_pipe_in_place_of_a_file_does_not_block(data_copy: Path) -> None:
    (data_copy / "sessions.yaml").unlink()
    os.mkfifo(data_copy / "sessions.yaml")
    code, err = _validate(data_copy)
    assert code == 1
    assert "this is not a regular file (a pipe, socket or device)" in err


def test_a_missing_file_is_named(data_copy: Path) -> None:
    (data_copy / "sessions.yaml").unlink()
    code, err = _validate(data_copy)
    assert code == 1
    assert (
        "sessions.yaml:1:1: error: the file does not exist; check the path or --data "
        "[file-not-found]" in err
    )


# ---- item 1 of issue #12: what validate accepts, every command survives ----------------------


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.stdout, result.stderr


def test_a_chain_that_runs_past_the_calendar_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 170 efforts of 600 months one after the other: about 8,500 years from 2022.
    chain = [
        rec(f"R{i:03d}", effort_months=600, depends_on=[f"R{i - 1:03d}"] if i > 1 else [])
        for i in range(1, 171)
    ]
    write_data(tmp_path / "data", chain)
    monkeypatch.chdir(tmp_path)
    assert _invoke("validate", "--data", "data")[0] == 0
    for command in (["schedule"], ["why", "R100"], ["gantt", "-o", "g.svg"], ["build"]):
        code, _, err = _invoke(*command, "--data", "data", "--as-of", "2022-01-01")
        assert (code, err) == (
            1,
            "data/planning.yaml:2:9: error: the plan runs past the calendar: it would reach the "
            "year 10522, and the planner counts up to 9900; check the efforts, the not_before "
            "dates and the plan start [plan-past-calendar]\n1 error, 0 warnings in 1 file\n",
        ), command
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


@pytest.mark.parametrize("command", [["status"], ["next"], ["schedule", "--start"]])
def test_a_day_option_past_the_years_allowed_is_a_usage_error(
    data_dir: Path, command: list[str]
) -> None:
    option = [] if "--start" in command else ["--as-of"]
    code, _, err = _invoke(*command, *option, "9999-12-31")
    assert code == 2
    assert "9999-12-31 is out of range: give a day from 1900 to 2199" in " ".join(
        err.replace("│", " ").split()
    )


def test_dollar_signs_in_a_title_are_drawn_as_written(data_copy: Path, tmp_path: Path) -> None:
    path = data_copy / "recommendations.yaml"
    text = path.read_text(encoding="utf-8")
    title = r"'Cost $x^{2}$ and $\frac{a}$'"  # mathtext would crash on the \frac
    path.write_text(text.replace('"Online data exchange protocol"', title), encoding="utf-8")
    for fmt in ("svg", "png", "pdf"):
        code, _, err = _invoke("gantt", "--data", str(data_copy), "-o", str(tmp_path / f"g.{fmt}"))
        assert code == 0, err
    # The PDF's Type 3 font names each glyph drawn: the dollar signs, braces and backslash are
    # there as characters, and no mathtext italic is.
    pdf = (tmp_path / "g.pdf").read_bytes()
    assert all(glyph in pdf for glyph in (b"/dollar", b"/backslash", b"/braceleft"))
    assert b"Oblique" not in pdf
    code, _, err = _invoke(
        "priorities", "--data", str(data_copy), "--chart", str(tmp_path / "p.png")
    )
    assert code == 0, err
    assert (tmp_path / "p.png").read_bytes().startswith(b"\x89PNG")


# ---- item 2 of issue #12: nothing is skipped silently -------------------------------------


def test_answer_files_that_are_not_read_are_reported(data_dir: Path) -> None:
    survey = data_dir / "surveys" / "2020-task-force"
    (survey / "QA.yaml").symlink_to("nowhere.yaml")
    (survey / "QB.yaml").symlink_to("QB.yaml")
    os.mkfifo(survey / "QC.yaml")
    shutil.copy(survey / "QM.yaml", survey / "QD.YAML")
    shutil.copy(survey / "QM.yaml", survey / "QE.yml")
    (survey / "QF.yaml").symlink_to("/etc/passwd")
    (data_dir / "sessions.yaml").unlink()
    (data_dir / "sessions.yaml").symlink_to("/etc/hostname")
    (data_dir / "surveys" / "2099-gone").symlink_to("nowhere")
    os.mkfifo(data_dir / "surveys" / "2021-ict-strategy" / "survey.yaml.fifo")  # not YAML: left
    code, err = _validate(data_dir)
    where = "data/surveys/2020-task-force"
    assert (code, err.splitlines()) == (
        1,
        [
            "data/sessions.yaml:1:1: error: this is a link to a file outside the data folder; it "
            "is not read; copy the file into the data folder instead of linking to it "
            "[link-outside-data]",
            f"{where}/QA.yaml:1:1: error: this is a link to nothing, so it cannot be read; "
            "remove the link, or point it at the file [broken-link]",
            f"{where}/QB.yaml:1:1: error: this is a link that loops, so it cannot be read; "
            "remove the link, or point it at the file [broken-link]",
            f"{where}/QC.yaml:1:1: error: this is not a regular file (a pipe, socket or device); "
            "name a .yaml file [not-a-file]",
            f"{where}/QD.YAML:1:1: warning: answer files end in .yaml (lower case); this one is "
            "ignored; rename it to QD.yaml [ignored-file]",
            f"{where}/QE.yml:1:1: warning: answer files end in .yaml (lower case); this one is "
            "ignored; rename it to QE.yaml [ignored-file]",
            f"{where}/QF.yaml:1:1: error: this is a link to a file outside the data folder; it is "
            "not read; copy the file into the data folder instead of linking to it "
            "[link-outside-data]",
            "data/surveys/2099-gone:1:1: error: this is a link to nothing, so it cannot be read; "
            "remove the link, or point it at the file [broken-link]",
            "note: the checks across files (ids, dependencies and cycles, sessions, owners) were "
            "skipped for data/sessions.yaml: fix the errors that stop it from being read, then "
            "validate again",
            "6 errors, 2 warnings in 8 files",
        ],
    )


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device needs root")
def test_an_answer_file_that_is_a_device_is_refused_unread(data_dir: Path) -> None:
    import stat

    answer = data_dir / "surveys" / "2020-task-force" / "QZ.yaml"
    os.mknod(answer, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # /dev/zero: reading never ends
    code, err = _validate(data_dir)
    assert (code, err.splitlines()[0]) == (
        1,
        "data/surveys/2020-task-force/QZ.yaml:1:1: error: this is not a regular file (a pipe, "
        "socket or device); name a .yaml file [not-a-file]",
    )


def test_a_survey_file_that_is_a_pipe_is_refused_unread(data_dir: Path) -> None:
    survey = data_dir / "surveys" / "2021-ict-strategy" / "survey.yaml"
    survey.unlink()
    os.mkfifo(survey)
    code, err = _validate(data_dir)
    assert (code, err.splitlines()[0]) == (
        1,
        "data/surveys/2021-ict-strategy/survey.yaml:1:1: error: this is not a regular file (a "
        "pipe, socket or device); name a .yaml file [not-a-file]",
    )
