"""Shared fixtures: a copy of the bundled data in a temporary folder, and the current folder
set to its parent, so problems are reported with short relative paths (data/...)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``data/`` copied into ``tmp_path``, which becomes the current folder."""
    shutil.copytree(DATA, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return Path("data")


@pytest.fixture
def bare_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The recommendations and the calendar, without the bundled surveys."""
    (tmp_path / "data").mkdir()
    for name in ("recommendations.yaml", "sessions.yaml"):
        shutil.copy(DATA / name, tmp_path / "data" / name)
    monkeypatch.chdir(tmp_path)
    return Path("data")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite expected problem lines and golden files from the current output.",
    )
