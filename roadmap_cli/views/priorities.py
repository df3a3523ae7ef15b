"""What `roadmap priorities` says to people: the ranked rows, then the thresholds, agreement,
coverage and disagreement lines. Unknown values show as an em dash, never as "None".

Figures are rounded here for the table (`render.json` writes four decimals for tools).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import TYPE_CHECKING

from roadmap_cli.model import Project
from roadmap_cli.priorities import Flag, ItemPriority, PriorityReport
from roadmap_cli.surveys import NO_OPINION, Answer, ResponseFile, Survey
from roadmap_cli.views.status import work_item_note
from roadmap_cli.views.words import DASH

if TYPE_CHECKING:
    from roadmap_cli.results_import import ResultsImport


def _figure(value: float | None, digits: int = 2) -> str:
    return DASH if value is None else f"{value:.{digits}f}"


def _apart(project: Project, rec_id: str) -> str:
    if rec_id in project.work_item_by_member:
        return work_item_note(project, rec_id)
    text = project.recommendations_by_id[rec_id].text
    return " ".join(text.split()[:6]) + "..." if text else rec_id


def _level(item: ItemPriority) -> tuple[str, str]:
    computed = DASH if item.level is None else item.level.value
    adopted = DASH if item.adopted is None else item.adopted.value
    return computed, adopted


MAX_ROWS = 60
"""Recommendations drawn at most (the first by rank); a chart of thousands is unreadable and
costs minutes: the title says how many are shown, and the table and JSON hold them all."""
MAX_OFFICES = 50
"""Offices drawn at most in the heat map (the first by code), for the same reasons."""


@dataclass(frozen=True, slots=True)
class PriorityChartView:
    """What the priorities chart draws: the ranking computed from a survey (its first
    `MAX_ROWS` items), and the answers of the survey's first `MAX_OFFICES` offices to them."""

    report: PriorityReport
    survey: Survey
    recommendations: int
    """How many recommendations the ranking has, drawn or not."""
    offices: int
    """How many offices answered, drawn or not."""


def priority_chart_view(report: PriorityReport, survey: Survey) -> PriorityChartView:
    """The part of ``report`` and of the answers to ``survey`` that the chart draws: a build
    keeps no more of two million answers than that while it renders (issue 16)."""
    items = report.items[:MAX_ROWS]
    shown = {item.id for item in items}
    responses = tuple(
        replace(
            response,
            answers=MappingProxyType(
                {rec_id: a for rec_id, a in response.answers.items() if rec_id in shown}
            ),
        )
        for response in survey.responses[:MAX_OFFICES]
    )
    return PriorityChartView(
        replace(report, items=items),
        replace(survey, responses=responses),
        recommendations=len(report.items),
        offices=len(survey.responses),
    )


@dataclass(frozen=True, slots=True)
class Line:
    """One line under the table: its label (may be empty), then its text."""

    label: str
    text: str


@dataclass(frozen=True, slots=True)
class PrioritiesView:
    title: str
    illustrative: str | None
    """The warning that the survey's answers are made up; None for a real survey."""
    rows: tuple[tuple[str, ...], ...]
    """Rank, No., Title, Score, n, IQR, Level, Adopted, Flags."""
    lines: tuple[Line, ...]


def priorities_view(report: PriorityReport, project: Project | None = None) -> PrioritiesView:
    """The ranked table, then the thresholds, agreement, coverage and disagreement lines.

    With ``project``, recommendations that share a topic title (R04 and R18) are told apart by
    the work item they form, or else by the first words of their text."""
    shared = Counter(item.title for item in report.items if item.title)
    rows = []
    for item in report.items:
        title = item.title or DASH
        if project is not None and item.title and shared[item.title] > 1:
            title += f" \u2014 {_apart(project, item.id)}"
        computed, adopted = _level(item)
        rows.append(
            (
                DASH if item.rank is None else str(item.rank),
                item.id,
                title,
                _figure(item.score),
                str(item.n),
                _figure(item.iqr),
                computed,
                adopted,
                ", ".join(flag.value for flag in item.flags),
            )
        )
    return PrioritiesView(
        title=f"Priorities from the survey {report.survey_id} (method: {report.method.value})",
        illustrative=(
            "ILLUSTRATIVE survey: its answers are made up to reproduce a published "
            "outcome; see the note in its survey.yaml."
            if report.illustrative
            else None
        ),
        rows=tuple(rows),
        lines=tuple(_summary_lines(report)),
    )


def _summary_lines(report: PriorityReport) -> list[Line]:
    lines: list[Line] = []
    if report.thresholds is None:
        lines.append(
            Line(
                "",
                f"Levels: the survey sets no thresholds for {report.method.value}, so no "
                "level is computed.",
            )
        )
    else:
        lines.append(
            Line(
                "",
                f"Levels: high at {report.thresholds.high:g} or more, medium at "
                f"{report.thresholds.medium:g} or more, else low (thresholds from the survey).",
            )
        )
    a = report.agreement
    alpha = (
        f"Krippendorff's alpha (ordinal) {_figure(a.alpha, 3)} over {a.alpha_items} "
        "recommendations with two or more answers"
    )
    if a.kendall_w is None:
        w = "Kendall's W not defined (it needs two offices that rated two recommendations alike)"
    else:
        w = (
            f"Kendall's W (tie-corrected) {_figure(a.kendall_w, 3)} over {a.w_items} "
            f"recommendations rated by all {a.w_offices} offices "
            f"(chi-square {_figure(a.chi_square, 1)}, {a.w_items - 1} df)"
        )
    lines.append(Line("Agreement: ", f"{alpha}; {w}."))
    lines.append(Line("Respondents: ", f"{report.answered} of {report.respondents} have answered"))
    for flag, label in (
        (Flag.DISAGREES, "Computed level differs from the adopted one"),
        (Flag.NOT_ADOPTED, "Computed high, no priority adopted"),
        (Flag.LOW_COVERAGE, "Low coverage"),
        (Flag.CONTESTED, "Contested"),
    ):
        ids = [item.id for item in report.items if flag in item.flags]
        if ids:
            lines.append(Line(f"{label}: ", ", ".join(ids)))
    if not any(item.n for item in report.items):
        lines.append(Line("", "No answers: this survey has no answer files yet."))
    return lines


def import_summary(response: ResponseFile, target: str) -> str:
    """``wrote data/surveys/x/EP.yaml: 38 answers, 1 no opinion``."""
    values = [e.value if isinstance(e, Answer) else e for e in response.answers.values()]
    no_opinion = sum(v == NO_OPINION for v in values)
    return f"wrote {target}: {len(values) - no_opinion} answers, {no_opinion} no opinion"


def results_summary(result: ResultsImport, folder: str) -> str:
    """What a results document holds: recommendations, offices, answers, the values seen, the
    scale read on (or proposed), then one line per office."""
    read = result.read
    lines = [
        f"{read.recommendations} recommendations, {len(read.responses)} offices, "
        f"{sum(n for _, n in read.values_seen)} answers",
        "answer values seen: "
        + (", ".join(f"{value} ({n})" for value, n in read.values_seen) or "none"),
    ]
    if result.scale:
        lines.append("scale: " + ", ".join(str(v) for v in result.scale))
    elif result.proposed:
        proposed = ",".join(str(v) for v in result.proposed)
        lines.append(
            f"the survey has no scale; proposed (lowest first, check the order): {proposed}"
        )
    for response in read.responses:
        values = [e.value if isinstance(e, Answer) else e for e in response.answers.values()]
        no_opinion = sum(v == NO_OPINION for v in values)
        comments = sum(
            isinstance(e, Answer) and e.comment is not None for e in response.answers.values()
        )
        lines.append(
            f"  {response.office}  {len(values) - no_opinion} answers, {no_opinion} no opinion, "
            f"{comments} comments -> {folder}/{response.office}.yaml"
        )
    return "\n".join(lines)
