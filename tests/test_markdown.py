"""Markdown fixtures parse to the expected model (golden dumps in tests/fixtures/markdown).

Set UPDATE_GOLDENS=1 to rewrite the goldens after an intended change, then review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from handlingsplan.diagnostics import Report
from handlingsplan.sources.markdown import parse_chapter
from handlingsplan.sources.project import Project
from handlingsplan.sources.numbering import number_chapters

from .helpers import FIXTURES
from .model_dump import dump_blocks

MARKDOWN = FIXTURES / "markdown"


def parse(path: Path, report: Report):
    """The fixture parsed as a chapter of a project whose year folder is the fixtures'
    folder (messages name the file alone)."""
    project = Project(MARKDOWN.parent, 0)
    project.root, project.content = MARKDOWN, MARKDOWN
    chapter = parse_chapter(path.read_text(encoding="utf-8"), path, project, report)
    return number_chapters([chapter], report)[0]


@pytest.mark.parametrize("source", sorted(MARKDOWN.glob("*.md")), ids=lambda p: p.stem)
def test_fixture_matches_golden(source: Path) -> None:
    report = Report()
    chapter = parse(source, report)
    dump = "\n".join(dump_blocks(chapter.blocks) + [str(p) for p in report.sorted()]) + "\n"
    golden = source.with_suffix(".model.txt")
    if os.environ.get("UPDATE_GOLDENS"):
        golden.write_text(dump, encoding="utf-8")
    assert dump == golden.read_text(encoding="utf-8")
