"""Small data folders for the planner's tests, written as real YAML files.

`write_data` writes recommendations.yaml, sessions.yaml and planning.yaml into a folder from
plain Python values, so each test states only what it is about.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

SESSIONS: list[dict[str, Any]] = [
    {"id": "CWS/9", "start": "2021-11-01", "end": "2021-11-05"},
    {"id": "CWS/10", "start": "2022-11-21", "end": "2022-11-25"},
    {"id": "CWS/11", "start": None, "end": None},
]

PLANNING: dict[str, Any] = {
    "plan_start": {"date": "2022-01-01", "assumed": True},
    "default_effort": {"assumed": True, "rules": [{"effort_months": 3}]},
    "default_owner": {"owner": "task-force", "assumed": True},
    "owners": [
        {"id": "task-force", "name": "Task Force", "capacity": 2, "capacity_assumed": True},
        {"id": "international-bureau", "name": "International Bureau", "capacity": 1},
    ],
    # The day every plan of these folders is made as of (else today's date would change the
    # results from one day to the next): the plan start, so nothing has happened yet.
    "as_of": "2022-01-01",
}


def rec(rec_id: str, **fields: Any) -> dict[str, Any]:
    """A recommendation block."""
    return {"id": rec_id, **fields}


def write_data(
    folder: Path,
    recommendations: list[dict[str, Any]],
    *,
    work_items: list[dict[str, Any]] | None = None,
    planning: dict[str, Any] | None = PLANNING,
    sessions: list[dict[str, Any]] | None = None,
) -> Path:
    """Write a data folder; ``planning=None`` leaves planning.yaml out."""
    folder.mkdir(parents=True, exist_ok=True)
    data: dict[str, Any] = {"recommendations": recommendations}
    if work_items:
        data["work_items"] = work_items
    _dump(folder / "recommendations.yaml", data)
    _dump(folder / "sessions.yaml", {"sessions": sessions or SESSIONS})
    if planning is not None:
        _dump(folder / "planning.yaml", planning)
    return folder


def _dump(path: Path, value: object) -> None:
    path.write_text(yaml.safe_dump(value, sort_keys=False, allow_unicode=True), encoding="utf-8")
