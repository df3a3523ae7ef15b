"""The Annex pipeline: a project (and optionally a baseline) -> the table view -> bytes.

`roadmap annex` and, later, `roadmap build` and the report call these two functions, so the
table is built the same way wherever it appears.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from roadmap_cli.model import Project
from roadmap_cli.render import annex_renderer
from roadmap_cli.render.revisions import mark_revisions
from roadmap_cli.render.table import DEFAULT_COLUMNS, AnnexView, Column, Planned, build_annex

if TYPE_CHECKING:  # the schedule imports networkx: only callers with a plan load it
    from roadmap_cli.schedule import Plan


def annex_view(
    project: Project,
    columns: Sequence[Column] = DEFAULT_COLUMNS,
    *,
    baseline: Project | None = None,
    baseline_label: str = "the baseline",
    planning: Mapping[str, Planned] | None = None,
    baseline_planning: Mapping[str, Planned] | None = None,
) -> AnnexView:
    """The Annex table of ``project``, with revision marks against ``baseline`` when given."""
    view = build_annex(project, columns, planning=planning)
    if baseline is None:
        return view
    before = build_annex(baseline, columns, planning=baseline_planning)
    return mark_revisions(before, view, baseline_label)


def render_annex(view: AnnexView, fmt: str) -> bytes:
    """The view in format ``fmt`` (a key of `ANNEX_FORMATS`)."""
    return annex_renderer(fmt)(view)


def planned_by_recommendation(plan: Plan) -> dict[str, Planned]:
    """The planning columns' values of every scheduled recommendation (each member of a work
    item gets the work item's); done and dropped ones are not scheduled and get none."""
    return {
        member: Planned(
            start=slot.start_date,
            end=slot.end_date,
            target_session=slot.session.id if slot.session else None,
            slack_months=slot.slack,
            target_assumed=bool(slot.session and slot.session.assumed),
        )
        for slot in plan.slots
        for member in slot.unit.members
    }
