"""write_atomic: the whole new content or the old one, never a temporary file left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from roadmap_cli import output
from roadmap_cli.output import write_atomic


def test_writes_a_new_file_with_the_default_permissions(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    write_atomic(target, b"x: 1\n")
    umask = os.umask(0)
    os.umask(umask)
    assert target.read_bytes() == b"x: 1\n" and target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


def test_replaces_a_file_and_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and target.stat().st_mode & 0o777 == 0o640


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.yaml"
    target.write_bytes(b"old")

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(output.os, "replace", fail)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["a.yaml"]
