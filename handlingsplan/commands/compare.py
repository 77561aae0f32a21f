"""`--jamfor VERSION`: the change report of the year's plan against an earlier version
(another year, a folder in the project, or a git revision: sources/versions.py), and the
plan's DOCX with the changes as Word tracked changes, built into output/<year>/ beside the
plan through the same writers and outputs (build.render_and_publish)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..documents.compare import compare_document, tracked_document
from ..sources import fit_pictures
from ..sources.versions import load_version
from ..writers import Rendered, writer
from . import build, cache
from .common import EXIT_CONTENT, Interrupts, print_report


def run(root: Path, year: int | None, spec: str, formats: list[str], *, strict: bool,
        interrupts: Interrupts, started: float) -> int:
    sources = cache.sources(root, year)
    print_report(sources.report)
    if strict and sources.report.warnings:
        print("bygget avbröts: --strict räknar varningar som fel", file=sys.stderr)
        return EXIT_CONTENT
    version = load_version(root, sources.plan.meta.year, spec)
    report = compare_document(version.plan, sources.plan, version.label, version.file_part,
                              sources.name_hyphenation)
    extra: dict[str, Rendered] = {}
    if "docx" in formats:
        tracked = tracked_document(version.plan, sources.plan, version.file_part,
                                   sources.name_hyphenation)
        extra["docx-tracked"] = (tracked, writer("docx"))
    return build.render_and_publish(sources, report, formats, interrupts=interrupts,
                                    started=started, also=extra,
                                    also_files=fit_pictures(version.pictures, sources.brand))
