"""What scripts/preview_latency.py and scripts/preview_breakdown.py share: the options both
take and the Chromium both drive. Imported after the script has put the project on sys.path."""

from __future__ import annotations

import argparse
import sys

from tests.cdp import find_chromium


def argument_parser(description: str) -> argparse.ArgumentParser:
    """A parser described by the script's docstring, with --saves, --format and --pause."""
    parser = argparse.ArgumentParser(description=description,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--saves", type=int, default=10, help="saves of the chapter")
    parser.add_argument("--format", default="pdf,docx,html",
                        help="formats of the preview (html: no background PDF/DOCX)")
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between saves")
    return parser


def chromium() -> str | None:
    """Chromium's path; None, said on stderr, when it is not installed."""
    executable = find_chromium()
    if executable is None:
        print("chromium is not installed", file=sys.stderr)
    return executable
