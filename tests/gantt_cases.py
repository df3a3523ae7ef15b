"""A small data folder with everything a Gantt chart draws: groups, priorities, dependencies, a
work item, work under way, a done recommendation, owners with capacities, assumed sessions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from plandata import rec, write_data

AS_OF = dt.date(2022, 3, 15)
LONG_TITLE = (
    "A deliberately long title that cannot fit on one line of the label area, so that the "
    "chart has to wrap it instead of cutting it"
)


def write_gantt_case(folder: Path) -> Path:
    """Seven recommendations: R04+R05 a work item, R07 done; R03 waits for R01 and R02."""
    return write_data(
        folder,
        [
            rec(
                "R01",
                title="Online data exchange protocol",
                group=1,
                priority="high",
                effort_months=4,
                status="in-progress",
                percent_complete=25,
            ),
            rec("R02", title="Re-engineering", group=1, priority="medium", depends_on=["R01"]),
            rec("R03", title=LONG_TITLE, group=2, depends_on=["R01", "R02"], effort_months=5),
            rec("R04", title="Conversion tool", group=2, priority="low"),
            rec("R05", title="Conversion tool", group=2, priority="low"),
            rec(
                "R06",
                title="Authority files",
                owner="international-bureau",
                not_before="2022-09-01",
            ),
            rec("R07", title="Done already", group=3, status="done", percent_complete=100),
        ],
        work_items=[
            {
                "id": "conversion-tool",
                "title": "Conversion tool (R04 with R05)",
                "members": ["R04", "R05"],
            }
        ],
    )
