"""Building the plan: sources -> document -> writers -> outputs.

Everything is read and checked first (the sources stage), every format is rendered to
bytes, and only then is the new set of files published at once (outputs.py): a content
error, a crashing writer, a killed build or Ctrl-C before the switch leaves output/<year>/
as the last good build left it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ..documents.plan import plan_document
from ..outputs import output_dir, publish
from ..sources import load_sources
from ..writers import FORMATS, Assets, Rendered, writer
from .common import EXIT_CONTENT, EXIT_OK, Interrupts, print_report, say


def run(root: Path, year: int | None, formats: list[str], *, strict: bool,
        interrupts: Interrupts, started: float) -> int:
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
    carry_over = None
    if set(formats) != set(FORMATS):   # the formats not built stay as they were
        carry_over = lambda name: Path(name).suffix.lstrip(".") not in formats  # noqa: E731
    paths = publish(out_dir, files, carry_over=carry_over, switching=interrupts.hold,
                    waiting=lambda: say(f"väntar på ett annat bygge av {out_dir.name} …"))
    pages = {name: result.pages for result in rendered.values() for name in result.files}
    for path in paths:
        count = f"{pages[path.name]} sidor, " if pages[path.name] else ""
        say(f"Skrev {path.relative_to(sources.project.root)} "
            f"({count}{len(files[path.name]) / 1024:.0f} kB)", out=True)
    say(f"Klart på {time.perf_counter() - started:.1f} s.", out=True)
    if interrupts.late:
        say("avbrottet kom medan de nya filerna lades på plats; bygget gjordes klart först")
    return EXIT_OK
