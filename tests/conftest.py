"""Shared fixtures: the bundled project, golden-file comparison (``--update-golden``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from roadmap_cli.load import load_project
from roadmap_cli.model import Project

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite tests/golden/* from the current output instead of comparing with it.",
    )


@pytest.fixture(scope="session")
def project() -> Project:
    """The bundled data, loaded once."""
    loaded = load_project(DATA)
    assert loaded.project is not None, loaded.problems
    return loaded.project


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, bytes], None]:
    """``golden(name, data)`` compares ``data`` byte for byte with ``tests/golden/<name>``."""
    update = bool(request.config.getoption("--update-golden"))

    def check(name: str, actual: bytes) -> None:
        path = GOLDEN / name
        if update:
            path.write_bytes(actual)
            return
        assert path.exists(), f"{path} is missing; create it with pytest --update-golden"
        expected = path.read_bytes()
        if actual != expected:  # compare as text first, for a readable diff
            assert actual.decode("utf-8") == expected.decode("utf-8")
            assert actual == expected

    return check
