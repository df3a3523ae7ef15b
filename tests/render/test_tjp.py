"""The TaskJuggler project's building blocks: strings, ids, days and dates TaskJuggler reads."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from roadmap_cli.render.tjp import days, string, task_ids, written_day

TJ_STRING = re.compile(r'"(?:\\"|[^"])*"')
"""A double-quoted string as TaskJuggler's scanner reads it: only ``\\"`` is an escape."""


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("plain", '"plain"'),
        ('say "hi"', '"say \\"hi\\""'),
        ('a \\" b', '"a \\\\" b"'),
        ("C:\\temp\\", '"C:\\temp\\\u200b"'),
        ("cost ${x} and $(HOME) and $5", '"cost $\u200b{x} and $\u200b(HOME) and $5"'),
        ("one\ntwo\u2029three", '"one two three"'),
    ],
)
def test_a_string_reads_back_as_written_and_ends_at_its_quote(text: str, written: str) -> None:
    assert string(text) == written
    read = TJ_STRING.match(written + " {")
    assert read is not None and read.end() == len(written)


def test_task_ids_are_valid_and_unique() -> None:
    assert task_ids(["R01", "xml-tool", "xml_tool", "2-step", "", "a b"]) == {
        "R01": "R01",
        "xml-tool": "xml_tool",
        "xml_tool": "xml_tool_2",
        "2-step": "_2_step",
        "": "_",
        "a b": "a_b",
    }


@pytest.mark.parametrize(
    ("months", "whole_days"), [(1, 30), (3, 91), (6, 183), (12, 365), (48, 1461)]
)
def test_a_month_is_a_mean_gregorian_month_in_whole_days(months: int, whole_days: int) -> None:
    assert days(months) == whole_days


@pytest.mark.parametrize(
    ("day", "written"),
    [
        (dt.date(2026, 11, 23), "2026-11-23"),
        (dt.date(2035, 12, 31), "2035-12-31"),
        (dt.date(2036, 1, 1), "%{2035-12-31 + 1d}"),
        (dt.date(1969, 12, 31), "%{1970-01-01 - 1d}"),
    ],
)
def test_days_outside_1970_to_2035_are_date_arithmetic(day: dt.date, written: str) -> None:
    assert written_day(day) == written
