"""`--check`: the content is read and checked, nothing is built (well under a second)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..sources import load_content
from .common import EXIT_CONTENT, EXIT_OK, print_report


def run(root: Path, year: int | None, *, strict: bool) -> int:
    plan, report, _ = load_content(root, year)
    print_report(report)
    if strict and report.warnings:
        print("kontrollen misslyckades: --strict räknar varningar som fel", file=sys.stderr)
        return EXIT_CONTENT
    print(f"Innehållet för {plan.meta.year} är kontrollerat: "
          f"{len(plan.chapters)} kapitel, {len(plan.activities.activities)} aktiviteter.")
    return EXIT_OK
