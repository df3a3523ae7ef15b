"""Faults while writing: a build killed at any moment, two builds at once, a full disk.

Each output file must always be either the previous complete version or the new complete one,
and a folder written by two builds must hold one build's files (its manifest matches them).
The builds run as real child processes, killed with SIGKILL.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmap_cli import output
from roadmap_cli.cli import app

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _build_command(out: Path, as_of: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "roadmap_cli",
        "build",
        "--data",
        str(DATA),
        "--out",
        str(out),
        "--as-of",
        as_of,
    ]


def _build(out: Path, as_of: str) -> dict[str, bytes]:
    subprocess.run(_build_command(out, as_of), env=ENV, check=True, capture_output=True)
    return _files(out)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.startswith(".")}


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The complete files of two builds that differ (as of two days)."""
    old = _build(tmp_path_factory.mktemp("old"), "2026-11-23")
    new = _build(tmp_path_factory.mktemp("new"), "2027-03-01")
    assert old.keys() == new.keys() and old != new
    return old, new


def _assert_each_file_old_or_new(
    folder: Path, old: dict[str, bytes], new: dict[str, bytes]
) -> None:
    files = _files(folder)
    assert files.keys() == old.keys()
    for name, content in files.items():
        assert content in (old[name], new[name]), f"{name} is neither the old nor the new version"


def test_a_build_killed_at_any_moment_leaves_old_or_new_files(
    tmp_path: Path, versions: tuple[dict[str, bytes], dict[str, bytes]]
) -> None:
    old, new = versions
    out = tmp_path / "out"
    out.mkdir()
    for name, content in old.items():
        (out / name).write_bytes(content)
    rnd = random.Random(58)
    for trial in range(4):
        child = subprocess.Popen(
            _build_command(out, "2027-03-01"),
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if trial % 2:  # while it writes: as soon as the first file changes
            before = {p: p.stat().st_mtime_ns for p in out.iterdir()}
            deadline = time.monotonic() + 60
            while child.poll() is None and time.monotonic() < deadline:
                if any(p.stat().st_mtime_ns != m for p, m in before.items() if p.exists()):
                    break
                time.sleep(0.001)
        else:  # at a random moment of the run
            time.sleep(rnd.uniform(0.2, 2.5))
        child.send_signal(signal.SIGKILL)
        child.wait()
        _assert_each_file_old_or_new(out, old, new)
        for name, content in old.items():  # back to the old version for the next trial
            (out / name).write_bytes(content)


def test_two_builds_at_once_leave_one_builds_files(
    tmp_path: Path, versions: tuple[dict[str, bytes], dict[str, bytes]]
) -> None:
    old, new = versions
    out = tmp_path / "out"
    children = [
        subprocess.Popen(
            _build_command(out, day), env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        for day in ("2026-11-23", "2027-03-01")
    ]
    assert [child.wait() for child in children] == [0, 0]
    files = _files(out)
    assert files in (old, new)
    manifest = json.loads(files["manifest.json"])
    for entry in manifest["files"]:
        assert hashlib.sha256(files[entry["file"]]).hexdigest() == entry["sha256"]
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []


def test_a_full_disk_is_a_clear_error_and_keeps_the_previous_files(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    versions: tuple[dict[str, bytes], dict[str, bytes]],
) -> None:
    old, _ = versions
    out = tmp_path / "out"
    out.mkdir()
    for name, content in old.items():
        (out / name).write_bytes(content)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(output.os, "fsync", full)
    result = CliRunner().invoke(
        app, ["build", "--data", str(DATA), "--out", str(out), "--as-of", "2027-03-01"]
    )
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert "Traceback" not in result.stderr
    assert _files(out) == old
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []
