"""Byte-identical rebuilds: the same sources give the same bytes, in another process and
another folder; one changed word changes every output and SHA256SUMS."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import BASENAME, ROOT, make_project

FILES = [f"{BASENAME}.{ext}" for ext in ("pdf", "docx", "html")]


def build_in_subprocess(project: Path) -> dict[str, bytes]:
    subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(project), "--year", "2025"],
                   check=True, capture_output=True, cwd=project)
    out = project / "output" / "2025"
    return {name: (out / name).read_bytes() for name in [*FILES, "SHA256SUMS"]}


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return build_in_subprocess(make_project(tmp_path_factory.mktemp("first")))


def test_rebuild_elsewhere_is_byte_identical(first: dict[str, bytes], tmp_path: Path) -> None:
    second = build_in_subprocess(make_project(tmp_path / "somewhere" / "else"))
    for name in first:
        assert hashlib.sha256(first[name]).hexdigest() == hashlib.sha256(second[name]).hexdigest(), name


def test_sha256sums_lists_the_outputs(first: dict[str, bytes]) -> None:
    lines = first["SHA256SUMS"].decode().splitlines()
    assert lines == [f"{hashlib.sha256(first[n]).hexdigest()}  {n}" for n in sorted(FILES)]


def test_one_changed_word_changes_every_output(first: dict[str, bytes], tmp_path: Path) -> None:
    project = make_project(tmp_path / "edited")
    chapter = project / "content" / "2025" / "vision.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("kreativt", "nyskapande"),
                       encoding="utf-8")
    edited = build_in_subprocess(project)
    for name in FILES:
        assert edited[name] != first[name], f"{name} did not change"
    assert b"nyskapande" in edited[f"{BASENAME}.html"]
