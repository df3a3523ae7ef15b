"""What `roadmap priorities` prints: the ranked table with the agreement figures for people,
a list of objects for tools. Unknown values show as an em dash, never as "None".

Figures are rounded here, once: three decimals in the table, four in JSON.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group as RenderGroup
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from roadmap_cli.priorities import Flag, ItemPriority, PriorityReport
from roadmap_cli.surveys import NO_OPINION, Answer, ResponseFile

DASH = "\u2014"


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits) + 0.0  # + 0.0 turns -0.0 into 0.0


def priorities_json(report: PriorityReport) -> list[dict[str, Any]]:
    """One object per recommendation, in rank order; ``level`` is the computed level."""
    return [
        {
            "id": item.id,
            "rank": item.rank,
            "title": item.title,
            "score": _round(item.score),
            "n": item.n,
            "no_opinion": item.no_opinion,
            "absent": item.absent,
            "coverage": _round(item.coverage),
            "median": _round(item.median),
            "mean": _round(item.mean),
            "top_box": _round(item.top_box),
            "bayes": _round(item.bayes),
            "borda": _round(item.borda),
            "iqr": _round(item.iqr),
            "contested": item.contested,
            "level": None if item.level is None else item.level.value,
            "adopted": None if item.adopted is None else item.adopted.value,
            "flags": [flag.value for flag in item.flags],
            "survey": report.survey_id,
            "method": report.method.value,
        }
        for item in report.items
    ]


def _figure(value: float | None, digits: int = 2) -> str:
    return DASH if value is None else f"{value:.{digits}f}"


def _level(item: ItemPriority) -> tuple[str, str]:
    computed = DASH if item.level is None else item.level.value
    adopted = DASH if item.adopted is None else item.adopted.value
    return computed, adopted


def priorities_renderable(report: PriorityReport) -> RenderableType:
    """The ranked table, then the thresholds, agreement, coverage and disagreement lines."""
    title = f"Priorities from the survey {report.survey_id} (method: {report.method.value})"
    table = Table(
        box=box.SIMPLE_HEAD, title=title, title_justify="left", pad_edge=False, padding=(0, 1, 0, 0)
    )
    table.add_column("Rank", justify="right", min_width=4)
    table.add_column("No.", min_width=3)
    table.add_column("Title", overflow="ellipsis", no_wrap=True, max_width=20)
    for header in ("Score", "n", "IQR"):
        table.add_column(header, justify="right", min_width=len(header) + 1)
    table.add_column("Level", min_width=6)
    table.add_column("Adopted", min_width=7)
    table.add_column("Flags", overflow="fold", min_width=12)
    for item in report.items:
        computed, adopted = _level(item)
        table.add_row(
            DASH if item.rank is None else str(item.rank),
            item.id,
            item.title or DASH,
            _figure(item.score),
            str(item.n),
            _figure(item.iqr),
            computed,
            adopted,
            ", ".join(flag.value for flag in item.flags),
        )
    parts: list[RenderableType] = []
    if report.illustrative:
        parts.append(
            Text(
                "ILLUSTRATIVE survey: its answers are made up to reproduce a published "
                "outcome; see the note in its survey.yaml.",
                style="bold yellow",
            )
        )
    parts += [table, *_summary_lines(report)]
    return RenderGroup(*parts)


def _summary_lines(report: PriorityReport) -> list[Text]:
    lines: list[Text] = []
    if report.thresholds is None:
        lines.append(
            Text(
                f"Levels: the survey sets no thresholds for {report.method.value}, so no "
                "level is computed.",
                style="yellow",
            )
        )
    else:
        lines.append(
            Text(
                f"Levels: high at {report.thresholds.high:g} or more, medium at "
                f"{report.thresholds.medium:g} or more, else low (thresholds from the survey)."
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
    lines.append(Text.assemble(("Agreement: ", "bold"), f"{alpha}; {w}."))
    lines.append(Text.assemble(("Respondents: ", "bold"), str(report.respondents)))
    for flag, label in (
        (Flag.DISAGREES, "Computed level differs from the adopted one"),
        (Flag.NOT_ADOPTED, "Computed high, no priority adopted"),
        (Flag.LOW_COVERAGE, "Low coverage"),
        (Flag.CONTESTED, "Contested"),
    ):
        ids = [item.id for item in report.items if flag in item.flags]
        if ids:
            lines.append(Text.assemble((f"{label}: ", "bold"), ", ".join(ids)))
    if not any(item.n for item in report.items):
        lines.append(Text("No answers: this survey has no answer files yet.", style="yellow"))
    return lines


def import_summary(response: ResponseFile, target: str) -> str:
    """``wrote data/surveys/x/EP.yaml: 38 answers, 1 no opinion``."""
    values = [e.value if isinstance(e, Answer) else e for e in response.answers.values()]
    no_opinion = sum(v == NO_OPINION for v in values)
    return f"wrote {target}: {len(values) - no_opinion} answers, {no_opinion} no opinion"
