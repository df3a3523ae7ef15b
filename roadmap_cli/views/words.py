"""Words shared by every output: the mark of an unknown value, a value's label, the references
of a recommendation. One place, so no two outputs spell "not known" differently."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from roadmap_cli.model import Recommendation

DASH = "\u2014"
"""Shown for a value that is not known, never "None"."""


def label(value: object) -> str:
    """An enum's value or the value itself as text; the dash when it is not known."""
    if value is None:
        return DASH
    return str(getattr(value, "value", value))


def references(rec: Recommendation) -> str:
    """The Annex column 'Relevant WIPO Standard(s) or CWS Task(s)'."""
    if rec.standards is None and rec.tasks is None:
        return DASH
    parts = [*(rec.standards or ()), *(f"Task No. {t}" for t in rec.tasks or ())]
    return ", ".join(parts) if parts else "none"


def value_of(value: object) -> str | None:
    """An enum's value or the value itself as text; None when it is not known (for JSON)."""
    return None if value is None else str(getattr(value, "value", value))


STATUS_NOT_KNOWN = "status not known"
"""Shown for work whose status is not recorded: it is planned as though not started, but never
said to be "not started"."""


def status_text(status: object) -> str:
    """A status's value, or "status not known"."""
    return STATUS_NOT_KNOWN if status is None else str(getattr(status, "value", status))


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_UNITS = (
    "",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_TENTHS = (
    "",
    "",
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
)


def ordinal(number: int) -> str:
    """``fourteenth``, ``twenty-first``: WIPO names sessions in words (1 to 99)."""
    if not 0 < number < 100:
        return f"{number}th"
    if number < 20:
        return _UNITS[number]
    tens, units = divmod(number, 10)
    return _TENTHS[tens] if units == 0 else f"{_TENS[tens]}-{_UNITS[units]}"


def day_in_words(day: dt.date) -> str:
    """``November 21, 2022``."""
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def month_in_words(day: dt.date) -> str:
    """``November 2022``."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def days_in_words(start: dt.date, end: dt.date) -> str:
    """``November 21 to 25, 2022``; ``November 30 to December 4, 2020``; across a year, both
    dates in full."""
    if start == end:
        return day_in_words(start)
    if start.year != end.year:
        return f"{day_in_words(start)} to {day_in_words(end)}"
    if start.month != end.month:
        first = f"{MONTHS[start.month - 1]} {start.day}"
        return f"{first} to {MONTHS[end.month - 1]} {end.day}, {end.year}"
    return f"{MONTHS[start.month - 1]} {start.day} to {end.day}, {end.year}"


def listing(items: Sequence[str], conjunction: str = "and") -> str:
    """``R04, R06 and R09``."""
    if len(items) <= 2:
        return f" {conjunction} ".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


_SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def number_in_words(number: int) -> str:
    """``four`` up to ten, digits above (as English prose writes small numbers)."""
    return _SMALL[number] if 0 <= number <= 10 else str(number)
