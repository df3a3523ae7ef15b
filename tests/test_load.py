"""The YAML loader: YAML 1.2 core scalars, bounded cost, and no traceback whatever the input."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from roadmap_cli.cli import app
from roadmap_cli.load import MAX_VALUES, dump_yaml, read_yaml

CASES = Path(__file__).resolve().parent / "cases"


def _read(tmp_path: Path, text: str) -> object:
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = read_yaml(path)
    assert not loaded.problems, loaded.problems
    return loaded.data


def test_yaml_11_booleans_and_octals_stay_text(tmp_path: Path) -> None:
    data = _read(tmp_path, "office: NO\nanswer: yes\nswitch: off\ncode: 010\nday: 2020-01-01\n")
    assert data == {
        "office": "NO",
        "answer": "yes",
        "switch": "off",
        "code": "010",
        "day": "2020-01-01",
    }


def test_core_schema_scalars(tmp_path: Path) -> None:
    data = _read(
        tmp_path, "a: true\nb: null\nc: ~\nd: 42\ne: -7\nf: 3.10\ng: 0x1F\nh: .inf\ni: 1e3\nj:\n"
    )
    assert data == {
        "a": True,
        "b": None,
        "c": None,
        "d": 42,
        "e": -7,
        "f": 3.1,
        "g": 31,
        "h": math.inf,
        "i": 1000.0,
        "j": None,
    }


def test_duplicate_key_points_at_the_second_key(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("a: 1\nb:\n  c: 1\n  c: 2\n", encoding="utf-8")
    [problem] = read_yaml(path).problems
    assert (problem.code, problem.line, problem.column) == ("duplicate-key", 4, 3)
    assert "line 3" in problem.hint


def test_alias_bomb_is_refused_without_expanding(tmp_path: Path) -> None:
    lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]" for i in range(9)
    ]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = read_yaml(path)
    assert loaded.data is None
    assert [p.code for p in loaded.problems] == ["alias-bomb"]
    assert f"{MAX_VALUES:,}" in loaded.problems[0].message


def test_shared_anchor_within_limits_loads(tmp_path: Path) -> None:
    assert _read(tmp_path, "a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}


@pytest.mark.parametrize("depth", [100, 100_000])
def test_absurd_flow_nesting_is_a_clear_error(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("[" * depth + "]" * depth, encoding="utf-8")
    loaded = read_yaml(path)
    assert [p.code for p in loaded.problems] == ["nesting-too-deep"]


def test_a_directory_is_not_a_file(tmp_path: Path) -> None:
    [problem] = read_yaml(tmp_path).problems
    assert problem.code == "not-a-file"


_TEXT = st.characters(
    blacklist_categories=("Cs",),
    blacklist_characters=[
        chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0)) if c not in (9, 10)
    ],
)
"""Text the loader accepts: no C0/C1 control character but tab and newline (issue #12)."""
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**18) + 1, 10**18 - 1),  # at most MAX_INTEGER_DIGITS digits
    st.text(_TEXT),
    st.floats(allow_nan=False),
    st.sampled_from(["NO", "yes", "010", "3.10", "1e5", "~", "", "null", "0o7"]),
)
_data = st.recursive(
    _scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(_TEXT, max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.dictionaries(st.text(_TEXT, max_size=8), _data, max_size=5))
def test_what_is_dumped_loads_back_the_same(tmp_path: Path, data: dict[str, object]) -> None:
    path = tmp_path / "round.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    loaded = read_yaml(path)
    assert [p for p in loaded.problems if p.code != "empty-file"] == []
    assert (loaded.data if loaded.data is not None else {}) == data


def _validate_bytes(tmp_path: Path, content: bytes) -> int:
    data = tmp_path / "data"
    if not data.exists():
        data.mkdir()
        shutil.copy(CASES / "sessions.yaml", data / "sessions.yaml")
    (data / "recommendations.yaml").write_bytes(content)
    result = CliRunner().invoke(app, ["validate", "--data", str(data)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.stderr
    return result.exit_code


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=st.binary(max_size=300))
def test_arbitrary_bytes_give_exit_0_or_1_and_no_traceback(tmp_path: Path, content: bytes) -> None:
    assert _validate_bytes(tmp_path, content) in (0, 1)


_yamlish = st.text(
    alphabet=st.sampled_from(list("R0123-: []{}&*!|>'\"#\n\t ,?abNOyes.~%@`")), max_size=200
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.one_of(st.text(max_size=200), _yamlish))
def test_arbitrary_text_gives_exit_0_or_1_and_located_problems(tmp_path: Path, text: str) -> None:
    code = _validate_bytes(tmp_path, text.encode("utf-8"))
    assert code in (0, 1)
