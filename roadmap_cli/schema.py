"""JSON Schemas of the data files, generated from the model, for editors and other tools.

The files under ``schema/`` in the repository are these schemas, written by
``roadmap schema KIND`` and kept in sync by a test; the bundled data files point to them with a
``yaml-language-server`` modeline, so editors complete keys and flag errors while typing.
"""

from __future__ import annotations

import enum
import json
from typing import Any

import msgspec

from roadmap_cli.model import PlanningFile, RecommendationsFile, ScenarioFile, SessionsFile
from roadmap_cli.surveys import ResponseFile, SurveyFile


class SchemaKind(enum.StrEnum):
    """The kinds of data file (`roadmap schema KIND`)."""

    RECOMMENDATIONS = "recommendations"
    SESSIONS = "sessions"
    SURVEY = "survey"
    ANSWERS = "answers"
    PLANNING = "planning"
    SCENARIO = "scenario"


SCHEMA_TYPES: dict[str, type[msgspec.Struct]] = {
    SchemaKind.RECOMMENDATIONS: RecommendationsFile,
    SchemaKind.SESSIONS: SessionsFile,
    SchemaKind.SURVEY: SurveyFile,
    SchemaKind.ANSWERS: ResponseFile,
    SchemaKind.PLANNING: PlanningFile,
    SchemaKind.SCENARIO: ScenarioFile,
}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of data file."""
    schema = msgspec.json.schema(SCHEMA_TYPES[kind])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://roadmap-cli.invalid/schema/{kind}.schema.json",
        "title": f"roadmap-cli {kind} file",
        **schema,
    }


def json_schema_text(kind: str) -> str:
    return json.dumps(json_schema(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
