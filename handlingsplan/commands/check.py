"""`--check`: the content is read and checked, nothing is built (well under a second)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from ..diagnostics import UsageError
from ..documents.docblock import source_date_epoch
from ..documents.progress import check_marking
from ..sources import load_content
from .common import EXIT_CONTENT, EXIT_OK, print_report


def run(root: Path, year: int | None, *, strict: bool, per: dt.date | None = None) -> int:
    """Check the content; `per` (--per) is the day a build would mark late activities on."""
    try:
        source_date_epoch()
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    plan, report, _ = load_content(root, year)
    check_marking(plan.meta, per, report)
    print_report(report)
    if strict and report.warnings:
        print("kontrollen misslyckades: --strict räknar varningar som fel", file=sys.stderr)
        return EXIT_CONTENT
    print(f"Innehållet för {plan.meta.year} är kontrollerat: "
          f"{len(plan.chapters)} kapitel, {len(plan.activities.activities)} aktiviteter.")
    return EXIT_OK
