"""`--uppfoljning DATUM`: the follow-up report of the year's plan as of a day, built from
the same sources into output/<year>/ beside the plan, through the same writers and
outputs (build.render_and_publish)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from ..diagnostics import UsageError
from ..documents.progress import late_activities
from ..documents.followup import check_comments, followup_document
from ..sources.dates import DateFormatError, parse_date
from . import cache
from .build import render_and_publish
from .common import EXIT_CONTENT, EXIT_OK, Interrupts, print_report


def parse_day(text: str, option: str = "--uppfoljning") -> dt.date:
    """The day an option names (ÅÅÅÅ-MM-DD); this year is only the example in a message."""
    try:
        return parse_date(text, dt.date.today().year)
    except DateFormatError as exc:
        raise UsageError(f"{option}: {exc}") from None


def run(root: Path, year: int | None, day: dt.date, formats: list[str], *, strict: bool,
        interrupts: Interrupts, started: float, check_only: bool = False) -> int:
    """Build the report; with `check_only` (--check), only check the content for it."""
    sources = cache.sources(root, year)
    check_comments(sources.plan, day, sources.report)
    print_report(sources.report)
    if strict and sources.report.warnings:
        print("bygget avbröts: --strict räknar varningar som fel", file=sys.stderr)
        return EXIT_CONTENT
    if check_only:
        late = len(late_activities(sources.plan.activities, day))
        print(f"Innehållet för uppföljningen per {day.isoformat()} är kontrollerat: "
              f"{late} försenade aktiviteter.")
        return EXIT_OK
    document = followup_document(sources.plan, day, sources.name_hyphenation)
    return render_and_publish(sources, document, formats, interrupts=interrupts,
                              started=started)
