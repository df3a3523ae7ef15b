"""The Mermaid gantt block: golden files, `after` dependencies, milestones, safe names."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from conftest import Planned

from roadmap_cli.render.mermaid import render_markdown, render_mermaid
from roadmap_cli.views.timeline import gantt_view


def test_bundled_plan_matches_the_golden_file(
    bundled_plan: Planned, golden: Callable[[str, bytes], None]
) -> None:
    view = gantt_view(bundled_plan.project, bundled_plan.plan, as_of=bundled_plan.as_of)
    golden("gantt.md", render_markdown(view))


def test_dependencies_and_progress_match_the_golden_file(
    gantt_case: Planned, golden: Callable[[str, bytes], None]
) -> None:
    view = gantt_view(gantt_case.project, gantt_case.plan, as_of=gantt_case.as_of)
    golden("gantt-case.mmd", render_mermaid(view))


def test_tasks_start_after_their_prerequisites(gantt_case: Planned) -> None:
    view = gantt_view(gantt_case.project, gantt_case.plan, as_of=gantt_case.as_of)
    lines = render_mermaid(view).decode().splitlines()
    assert lines[:5] == [
        "gantt",
        "    title CWS Task No. 58 strategic roadmap - the planned work as of 2022-03-15",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %Y-%m",
        "    todayMarker off",
    ]
    assert "    R02 Re-engineering : crit, u_R02, after u_R01, 2022-10-01" in lines
    assert "    CWS/10 : milestone, s_CWS_10, 2022-11-21, 0d" in lines
    r01 = "    R01 Online data exchange protocol : crit, active, u_R01, 2022-04-01, 2022-07-01"
    assert r01 in lines
    sections = [line.strip() for line in lines if line.strip().startswith("section ")]
    assert sections == [
        "section CWS sessions",
        "section Group 1",
        "section Group 2",
        "section Group not known",
    ]


def test_a_task_delayed_past_its_prerequisites_keeps_its_date(gantt_case: Planned) -> None:
    view = gantt_view(gantt_case.project, gantt_case.plan, as_of=gantt_case.as_of)
    bars = list(view.sections[0].bars)
    bars[1] = dataclasses.replace(bars[1], start=bars[1].start.replace(month=8))
    moved = dataclasses.replace(
        view, sections=(dataclasses.replace(view.sections[0], bars=tuple(bars)),)
    )
    text = render_mermaid(moved).decode()
    assert "    %% R02 waits for R01, and starts later than they end\n" in text
    assert "    R02 Re-engineering : crit, u_R02, 2022-08-01, 2022-10-01\n" in text


def test_names_lose_what_mermaid_reads_as_syntax(gantt_case: Planned) -> None:
    view = gantt_view(gantt_case.project, gantt_case.plan, as_of=gantt_case.as_of)
    bar = dataclasses.replace(view.bars[0], lines=("R01 a: b; c #1",))
    section = dataclasses.replace(view.sections[0], label="Group: 1", bars=(bar,))
    text = render_mermaid(dataclasses.replace(view, sections=(section,))).decode()
    assert "    section Group - 1\n" in text
    assert "    R01 a - b, c No. 1 : crit, active, u_R01," in text


def test_the_markdown_page_fences_the_block_and_lists_assumptions(gantt_case: Planned) -> None:
    view = gantt_view(gantt_case.project, gantt_case.plan, as_of=gantt_case.as_of)
    text = render_markdown(view).decode()
    assert "\n```mermaid\ngantt\n" in text and text.count("```") == 2
    assert "Assumed (planning assumptions, not decisions of the CWS):" in text
    assert "Not scheduled: done: R07" in text
