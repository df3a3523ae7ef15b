"""Faults while writing: a build killed at any moment, two builds at once, a full disk.

At every instant the output folder holds one whole build, the previous one or the new one, never
a mix (issue #12): every file matches the folder's manifest.json. The builds run as real child
processes, killed with SIGKILL; a reader samples the folder while they run.
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
from collections.abc import Iterator
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


def _assert_one_whole_build(
    files: dict[str, bytes], old: dict[str, bytes], new: dict[str, bytes]
) -> None:
    assert files in (old, new), "the folder mixes two builds"
    manifest = json.loads(files["manifest.json"])
    listed = {entry["file"]: entry["sha256"] for entry in manifest["files"]}
    assert set(files) - {"manifest.json", ".gitkeep"} == set(listed)
    for name, digest in listed.items():
        assert hashlib.sha256(files[name]).hexdigest() == digest, name


def _snapshot(folder: Path) -> dict[str, bytes] | None:
    """The folder's files read through one handle on the folder, as one reader sees them; None
    when the folder was swapped out and removed while being read."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        files = {}
        for name in os.listdir(fd):
            if name.startswith("."):
                continue
            handle = os.open(name, os.O_RDONLY, dir_fd=fd)
            with os.fdopen(handle, "rb") as stream:
                files[name] = stream.read()
        return files
    except FileNotFoundError:
        return None
    finally:
        os.close(fd)


def _writing(parent: Path, name: str) -> bool:
    """A build is in its writing phase: its new folder beside ``name`` holds a file."""
    return any(any(new.iterdir()) for new in parent.glob(f".{name}.new-*") if new.is_dir())


def test_a_build_killed_at_any_moment_leaves_one_whole_build(
    tmp_path: Path, versions: tuple[dict[str, bytes], dict[str, bytes]]
) -> None:
    old, new = versions
    out = tmp_path / "out"
    out.mkdir()
    (out / ".gitkeep").write_bytes(b"")
    for name, content in old.items():
        (out / name).write_bytes(content)
    rnd = random.Random(58)
    samples = caught_writing = 0
    for trial in range(4):
        child = subprocess.Popen(
            _build_command(out, "2027-03-01"),
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + (120 if trial % 2 else rnd.uniform(0.2, 6.0))
        while child.poll() is None and time.monotonic() < deadline:
            if trial % 2 and _writing(tmp_path, "out"):  # while it writes its files
                time.sleep(rnd.uniform(0, 0.02))
                caught_writing += 1
                break
            snapshot = _snapshot(out)
            if snapshot is not None:  # a reader at any instant sees one whole build
                _assert_one_whole_build(snapshot, old, new)
                samples += 1
        child.send_signal(signal.SIGKILL)
        child.wait()
        _assert_one_whole_build(_files(out), old, new)
        assert _left_running(out) == [], "the killed build's workers are still running"
        assert (out / ".gitkeep").exists()
        for name in old:  # back to the old build for the next trial
            (out / name).write_bytes(old[name])
    assert samples > 0 and caught_writing > 0  # the reader ran; a kill landed while writing
    _build(out, "2027-03-01")  # a later build removes what the killed ones left behind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert _files(out) == new and (out / ".gitkeep").exists()


def _left_running(out: Path) -> list[int]:
    """The processes still building into ``out`` (a killed build's workers die with it: the
    kernel kills them, which takes a moment)."""
    for _ in range(50):
        running = []
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and str(out).encode() in (entry / "cmdline").read_bytes():
                    running.append(int(entry.name))
            except OSError:  # ended while we looked
                continue
        if not running:
            return []
        time.sleep(0.1)
    return running


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
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB file system (tmpfs): room for one build (1.6 MiB), not for two."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("mounting a small file system needs root (CAP_SYS_ADMIN)")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_build_on_a_full_disk_keeps_the_previous_build(
    small_disk: Path, versions: tuple[dict[str, bytes], dict[str, bytes]]
) -> None:
    old, new = versions
    out = small_disk / "out"
    out.mkdir()
    for name, content in old.items():
        (out / name).write_bytes(content)
    result = subprocess.run(
        _build_command(out, "2027-03-01"), env=ENV, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"error: {out}: cannot write the build (No space left on device); the folder keeps the "
        "previous build"
    )
    _assert_one_whole_build(_files(out), old, new)
    assert _files(out) == old
    assert sorted(p.name for p in small_disk.iterdir()) == ["out"]
