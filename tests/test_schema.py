"""The published JSON Schemas: in sync with the model, and they accept and reject what we do."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from roadmap_cli.load import read_yaml
from roadmap_cli.schema import SCHEMA_TYPES, json_schema_text

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("kind", sorted(SCHEMA_TYPES))
def test_schema_file_is_in_sync_with_the_model(kind: str) -> None:
    published = ROOT / "schema" / f"{kind}.schema.json"
    assert published.read_text(encoding="utf-8") == json_schema_text(kind), (
        f"run: roadmap schema {kind} > schema/{kind}.schema.json"
    )


@pytest.mark.parametrize("kind", ["recommendations", "sessions"])
def test_bundled_data_passes_its_schema_and_points_to_it(kind: str) -> None:
    path = ROOT / "data" / f"{kind}.yaml"
    assert path.read_text(encoding="utf-8").startswith(
        f"# yaml-language-server: $schema=../schema/{kind}.schema.json"
    )
    schema = json.loads((ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(read_yaml(path).data, schema)


@pytest.mark.parametrize(
    "broken",
    [
        {"recommendations": [{"id": "R1"}]},
        {"recommendations": [{"id": "R01", "group": 4}]},
        {"recommendations": [{"id": "R01", "titel": "typo"}]},
        {"recommendations": [{"id": "R01", "standards": ["ST96"]}]},
        {"documents": []},
    ],
)
def test_broken_data_fails_the_schema(broken: dict[str, object]) -> None:
    schema = json.loads(
        (ROOT / "schema" / "recommendations.schema.json").read_text(encoding="utf-8")
    )
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "data" / "surveys").glob("*/*.yaml")),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_survey_files_point_to_their_schema_and_pass_it(path: Path) -> None:
    kind = "survey" if path.name == "survey.yaml" else "answers"
    assert path.read_text(encoding="utf-8").startswith(
        f"# yaml-language-server: $schema=../../../schema/{kind}.schema.json"
    ), f"{path} should start with the modeline of {kind}.schema.json, for editors"
    schema = json.loads((ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(read_yaml(path).data, schema)
