"""Editing recommendations.yaml at the loader's positions (yaml_edit, annex_merge): what is
written reads back as planned, and no line the import does not change moves (issue 15)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_cli.annex_merge import Value, plan_import
from roadmap_cli.load import read_yaml_text
from roadmap_cli.model import Prefer
from roadmap_cli.project import load_project
from roadmap_cli.yaml_edit import YamlEditor, quoted

PROJECT = load_project(DATA, surveys=False).project
assert PROJECT is not None
TEXT = (DATA / "recommendations.yaml").read_text(encoding="utf-8")
IDS = [rec.id for rec in PROJECT.recommendations]

texts = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(lambda t: t.strip() == t and t.strip() != "")
FIELD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "text": texts,
    "group": st.sampled_from([1, 2, 3]),
    "priority": st.sampled_from(["high", "medium", "low"]),
    "standards": st.lists(st.integers(1, 99).map(lambda n: f"ST.{n}"), unique=True, max_size=3),
    "tasks": st.lists(st.integers(1, 99), unique=True, max_size=3),
}


@st.composite
def imported(draw: st.DrawFn) -> list[Value]:
    chosen = draw(st.lists(st.sampled_from(IDS), unique=True, min_size=1, max_size=6))
    values = []
    for rec_id in chosen:
        for name in draw(st.lists(st.sampled_from(sorted(FIELD_VALUES)), unique=True, min_size=1)):
            after = draw(FIELD_VALUES[name])
            marked = draw(st.booleans())
            before = draw(FIELD_VALUES[name]) if marked else after
            values.append(Value(rec_id, name, after, before, marked and before != after, "t"))
    return values


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=imported())
def test_the_edited_file_reads_back_and_keeps_every_untouched_line(values: list[Value]) -> None:
    assert PROJECT is not None
    plan = plan_import(
        PROJECT,
        TEXT,
        Path("recommendations.yaml"),
        values,
        source="TEST/1",
        document_title="A document made for the tests",
        session="CWS/9",
        prefer=Prefer.DOCUMENT,
    )
    after = plan.after.recommendations_by_id
    for value in values:  # the document wins every conflict here...
        history = PROJECT.recommendations_by_id[value.id].history
        if any(h.field == value.field and h.before == value.after for h in history):
            continue  # ...except a value the history says the data changed since
        got = getattr(after[value.id], value.field)
        expected = tuple(value.after) if isinstance(value.after, list) else value.after
        assert (got if not hasattr(got, "value") else got.value) == expected
    loaded = read_yaml_text(plan.text, Path("x"), "x")
    assert loaded.problems == ()
    # Only `field: value` lines of the changed fields and `sources` lines are replaced; every
    # other line of the original is still there, in order, byte for byte (lines are only
    # inserted around them).
    new_lines = iter(plan.text.splitlines(keepends=True))
    for line in TEXT.splitlines(keepends=True):
        if line.strip().split(":", 1)[0] in {*FIELD_VALUES, "sources"}:
            continue
        assert any(candidate == line for candidate in new_lines), line


def test_quoted_scalars_read_back_as_the_same_text() -> None:
    for text in ['say "hi"', "line\u2028separator", "tab\there", "NO", "\ufeffbom", "a: b # c"]:
        editor = YamlEditor('key: "old"\n')
        editor.set_value(("key",), quoted(text))
        assert read_yaml_text(editor.result(), Path("x"), "x").data == {"key": text}


def test_appending_to_a_block_list_keeps_the_blank_line_and_comment_after_it() -> None:
    source = "items:\n  - a\n  - b\n\n# a comment\nother: 1\n"
    editor = YamlEditor(source)
    editor.append(("items",), None, block="  - c\n")
    assert editor.result() == "items:\n  - a\n  - b\n  - c\n\n# a comment\nother: 1\n"
