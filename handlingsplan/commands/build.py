"""Building the plan: sources -> document -> writers -> outputs.

Everything is read and checked first (the sources stage), every format is rendered to
bytes, and only then is the new set of files published at once (outputs.py): a content
error, a crashing writer, a killed build or Ctrl-C before the switch leaves output/<year>/
as the last good build left it.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

from ..diagnostics import UsageError
from ..documents.docblock import source_date_epoch
from ..documents.plan import plan_document
from ..documents.progress import check_marking
from .. import model as m
from ..documents.downloads import DOWNLOADABLE, with_downloads
from ..outputs import live_sizes, output_dir, publish
from ..sources import Sources
from ..writers import Assets
from . import cache
from .render import render_all
from .common import EXIT_CONTENT, EXIT_OK, Interrupts, print_report, say


def run(root: Path, year: int | None, formats: list[str], *, strict: bool,
        interrupts: Interrupts, started: float, per: dt.date | None = None) -> int:
    """Build the plan; `per` (--per) marks the activities late on that day."""
    try:
        source_date_epoch()
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    sources = cache.sources(root, year)
    check_marking(sources.plan.meta, per, sources.report)
    print_report(sources.report)
    if strict and sources.report.warnings:
        print("bygget avbröts: --strict räknar varningar som fel", file=sys.stderr)
        return EXIT_CONTENT
    document = plan_document(sources.plan, sources.name_hyphenation, per=per)
    return render_and_publish(sources, document, formats, interrupts=interrupts, started=started)


def render_and_publish(sources: Sources, document: m.Document, formats: list[str], *,
                       interrupts: Interrupts, started: float, also: dict | None = None,
                       also_files: dict[str, bytes] | None = None) -> int:
    """Render the document in every format, then publish the files together into
    output/<year>/ (the plan, or a report of the same year beside it); `also` names more
    (document, writer) pairs published in the same set (the tracked-changes DOCX), which
    also get `also_files` (the earlier version's pictures)."""
    assets = Assets(sources.brand, sources.project.files())
    out_dir = output_dir(sources.project.root, sources.plan.meta.year)
    made_from, outdated = cache.sources_key(document, assets.files), []
    if "html" in formats:   # the page links to the files carried over too (not built now)
        carried = [f"{document.file_stem}.{fmt}" for fmt in DOWNLOADABLE if fmt not in formats]
        linked = live_sizes(out_dir, carried)
        outdated = cache.outdated(sources.project.root, out_dir, made_from, list(linked))
        document = with_downloads(document, linked)
    rendered = cache.rendered(sources.project.root, document, assets.files, formats,
                              lambda: render_all(document, assets, formats))
    for fmt in formats:
        for message in dict.fromkeys(rendered[fmt].messages):
            print(f"varning ({fmt.upper()}-motorn): {message}", file=sys.stderr)
    more = Assets(assets.brand, {**assets.files, **(also_files or {})})
    for name, (other, render) in (also or {}).items():
        rendered[name] = render(other, more)
    files = {name: data for result in rendered.values() for name, data in result.files.items()}
    own = {n for result in rendered.values() for n in result.files}
    paths = publish(out_dir, files, carry_over=lambda n: n not in own and _keeps(document, formats)(n), switching=interrupts.hold,
                    waiting=lambda: say(f"väntar på ett annat bygge av {out_dir.name} …"))
    cache.record_built(sources.project.root, out_dir, made_from,
                       [n for fmt in formats for n in rendered[fmt].files])
    pages = {name: result.pages for result in rendered.values() for name in result.files}
    for path in paths:
        count = f"{pages[path.name]} sidor, " if pages[path.name] else ""
        say(f"Skrev {path.relative_to(sources.project.root)} "
            f"({count}{len(files[path.name]) / 1024:.0f} kB)", out=True)
    if outdated:
        print(f"varning: webbsidan länkar till {' och '.join(outdated)} från ett tidigare "
              "bygge, som inte har med källornas ändringar sedan dess; bygg alla format "
              "(utan --format) innan sidan publiceras", file=sys.stderr)
    say(f"Klart på {time.perf_counter() - started:.1f} s.", out=True)
    if interrupts.late:
        say("avbrottet kom medan de nya filerna lades på plats; bygget gjordes klart först")
    return EXIT_OK


def _keeps(document: m.Document, formats: list[str]):  # type: ignore[no-untyped-def]
    """Which files of the live set the new set carries over: everything but this
    document's files of the formats built now, so the formats not built stay as they
    were and the plan's build never drops a follow-up report beside it (and back)."""
    own = {f"{document.file_stem}.{fmt}" for fmt in formats}
    return lambda name: name not in own
