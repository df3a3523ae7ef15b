"""The CWS session calendar with every session dated: announced dates, or assumed ones.

The data gives dates for sessions that were announced. For the others, and for sessions past the
end of the list, the planner needs a date all the same; it assumes one session a year after the last
one with dates, on its weekday nearest the anniversary (a session runs Monday to Friday, so an
assumed one does too), and marks each such date as assumed so that no output
passes an assumption off as a fact.
"""

from __future__ import annotations

import datetime as dt

import msgspec

from roadmap_cli.model import Session, session_number


class DatedSession(msgspec.Struct, frozen=True):
    id: str
    start: dt.date
    end: dt.date
    assumed: bool
    """True when the dates are not announced ones (a planning assumption)."""


def dated_sessions(sessions: tuple[Session, ...], *, through: dt.date) -> tuple[DatedSession, ...]:
    """Every session of the calendar dated, then assumed ones until one ends after ``through``.

    An assumed session falls n years after the last session with dates, on the weekday of that
    session nearest its n-th anniversary, so assumed dates do not drift from year to year.
    """
    dated: list[DatedSession] = []
    anchor: DatedSession | None = None
    for session in sessions:
        if session.start is not None and session.end is not None:
            anchor = DatedSession(session.id, session.start, session.end, session.assumed)
            dated.append(anchor)
        elif anchor is not None:
            dated.append(_years_after(anchor, len(dated) - dated.index(anchor), session.id))
    while anchor is not None and dated[-1].end < through:
        following = f"CWS/{session_number(dated[-1].id) + 1}"
        dated.append(_years_after(anchor, len(dated) - dated.index(anchor), following))
    return tuple(dated)


def _years_after(anchor: DatedSession, years: int, session_id: str) -> DatedSession:
    start = _add_years(anchor.start, years)
    return DatedSession(session_id, start, start + (anchor.end - anchor.start), assumed=True)


def _add_years(day: dt.date, years: int) -> dt.date:
    """The day nearest the ``years``-th anniversary of ``day`` that falls on the same weekday
    (a Monday stays a Monday: 2022-11-21 -> 2023-11-20); a weekend day, which no session
    starts on, becomes the Monday nearest the anniversary."""
    try:
        anniversary = day.replace(year=day.year + years)
    except ValueError:  # February 29
        anniversary = day.replace(year=day.year + years, day=28)
    weekday = day.weekday() if day.weekday() < 5 else 0
    offset = (weekday - anniversary.weekday() + 3) % 7 - 3  # -3 .. +3 days
    return anniversary + dt.timedelta(days=offset)


def next_session(sessions: tuple[Session, ...], *, as_of: dt.date) -> DatedSession | None:
    """The first session that has not ended by ``as_of``."""
    return next((s for s in dated_sessions(sessions, through=as_of) if s.end >= as_of), None)
