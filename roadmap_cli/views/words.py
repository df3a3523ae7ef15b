"""Words shared by every output: the mark of an unknown value, a value's label, the references
of a recommendation. One place, so no two outputs spell "not known" differently."""

from __future__ import annotations

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
