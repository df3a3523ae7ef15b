"""JSON Schemas of the data files, generated from the model, for editors and other tools.

The files under ``schema/`` in the repository are these schemas, written by
``roadmap schema KIND`` and kept in sync by a test; the bundled data files point to them with a
``yaml-language-server`` modeline, so editors complete keys and flag errors while typing.
"""

from __future__ import annotations

import enum
import importlib
import json
from typing import Any, cast

import msgspec


class SchemaKind(enum.StrEnum):
    """The kinds of data file (`roadmap schema KIND`)."""

    RECOMMENDATIONS = "recommendations"
    SESSIONS = "sessions"
    SURVEY = "survey"
    ANSWERS = "answers"
    PLANNING = "planning"
    SCENARIO = "scenario"


SCHEMA_TYPES: dict[str, str] = {
    SchemaKind.RECOMMENDATIONS: "roadmap_cli.model:RecommendationsFile",
    SchemaKind.SESSIONS: "roadmap_cli.model:SessionsFile",
    SchemaKind.SURVEY: "roadmap_cli.surveys:SurveyFile",
    SchemaKind.ANSWERS: "roadmap_cli.surveys:ResponseFile",
    SchemaKind.PLANNING: "roadmap_cli.model:PlanningFile",
    SchemaKind.SCENARIO: "roadmap_cli.model:ScenarioFile",
}
"""Each kind's type, as ``module:name``: the survey model is imported only to print its
schema, so the queries that import `SchemaKind` for their options do not load it."""


def schema_type(kind: str) -> type[msgspec.Struct]:
    """The type of one kind of data file."""
    module, _, name = SCHEMA_TYPES[kind].partition(":")
    return cast(type[msgspec.Struct], getattr(importlib.import_module(module), name))


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of data file."""
    schema = msgspec.json.schema(schema_type(kind))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://roadmap-cli.invalid/schema/{kind}.schema.json",
        "title": f"roadmap-cli {kind} file",
        **schema,
    }


def json_schema_text(kind: str) -> str:
    return json.dumps(json_schema(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
