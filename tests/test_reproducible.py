"""Byte-identical rebuilds: the same sources give the same bytes, in another process and
another folder; one changed word changes every output and SHA256SUMS."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pikepdf
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


def test_source_date_epoch_dates_every_format_and_nothing_else_does(tmp_path: Path) -> None:
    """Without a `datum` in plan.yaml the formats carry no date at all; SOURCE_DATE_EPOCH
    (2025-01-01 12:00 UTC here) gives all three the same one."""
    project = make_project(tmp_path / "dated")
    subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(project), "--year", "2025"],
                   check=True, capture_output=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1735732800"})
    out = project / "output" / "2025"
    with zipfile.ZipFile(out / FILES[1]) as archive:
        assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2025-01-01T12:00:00Z" in archive.read(
            "docProps/core.xml").decode()
    assert '<meta name="dcterms.created" content="2025-01-01T12:00:00Z">' in (out / FILES[2]).read_text(
        encoding="utf-8")
    with pikepdf.open(out / FILES[0]) as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20250101120000")


def test_without_a_date_no_format_carries_one(first: dict[str, bytes]) -> None:
    with pikepdf.open(io.BytesIO(first[FILES[0]])) as pdf:
        assert "/CreationDate" not in pdf.docinfo and "/ModDate" not in pdf.docinfo
    with zipfile.ZipFile(io.BytesIO(first[FILES[1]])) as archive:
        assert b"dcterms:created" not in archive.read("docProps/core.xml")
    assert b"dcterms.created" not in first[FILES[2]]
