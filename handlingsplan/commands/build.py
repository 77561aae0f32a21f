"""Building the plan: sources -> document -> writers -> outputs.

Everything is read and checked first (the sources stage), every format is rendered to
bytes, and only then are the files published together (outputs.py): a content error, a
crashing writer or Ctrl-C before publishing leaves output/<year>/ untouched.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ..diagnostics import UsageError
from ..documents.docblock import source_date_epoch
from ..documents.plan import plan_document
from ..outputs import discard, output_dir, publish, stage
from ..sources import load_sources
from ..writers import Assets, Rendered, writer
from .common import EXIT_CONTENT, EXIT_OK, Interrupts, print_report


def run(root: Path, year: int | None, formats: list[str], *, strict: bool,
        interrupts: Interrupts, started: float) -> int:
    try:
        source_date_epoch()
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    sources = load_sources(root, year)
    print_report(sources.report)
    if strict and sources.report.warnings:
        print("bygget avbröts: --strict räknar varningar som fel", file=sys.stderr)
        return EXIT_CONTENT
    document = plan_document(sources.plan, sources.name_hyphenation)
    assets = Assets(sources.brand, sources.project.files())
    writers = {fmt: writer(fmt) for fmt in formats}
    rendered: dict[str, Rendered] = {}
    for fmt in formats:
        rendered[fmt] = writers[fmt](document, assets)
        for message in dict.fromkeys(rendered[fmt].messages):
            print(f"varning ({fmt.upper()}-motorn): {message}", file=sys.stderr)
    files = {name: data for result in rendered.values() for name, data in result.files.items()}
    out_dir = output_dir(sources.project.root, sources.plan.meta.year)
    staged = stage(out_dir, files)
    try:
        interrupts.publishing = True
        paths = publish(staged, out_dir, list(files))
    finally:
        discard(staged)
    pages = {name: result.pages for result in rendered.values() for name in result.files}
    for path in paths:
        count = f"{pages[path.name]} sidor, " if pages[path.name] else ""
        print(f"Skrev {path.relative_to(sources.project.root)} "
              f"({count}{len(files[path.name]) / 1024:.0f} kB)")
    print(f"Klart på {time.perf_counter() - started:.1f} s.")
    if interrupts.late:
        print("avbrottet kom medan filerna flyttades på plats; bygget gjordes klart först",
              file=sys.stderr)
    return EXIT_OK
