"""What every command shares: exit codes, the report on the terminal, interrupts."""

from __future__ import annotations

import signal
import sys

from ..diagnostics import Report

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def print_report(report: Report) -> None:
    for problem in report.sorted():
        print(problem, file=sys.stderr)
    if report.problems:
        print(f"{len(report.errors)} fel, {len(report.warnings)} varningar", file=sys.stderr)


class Interrupts:
    """Ctrl-C (and SIGTERM) stop the build until publishing starts; from then on they wait
    for the last files to be moved into place, so output/ never holds a mix of builds."""

    def __init__(self) -> None:
        self.publishing = False
        self.late = False

    def __call__(self, signum: int, frame: object) -> None:
        if self.publishing:
            self.late = True
            return
        raise KeyboardInterrupt

    def install(self) -> dict[int, object]:
        return {sig: signal.signal(sig, self) for sig in _signals()}


def _signals() -> list[int]:
    """SIGINT and SIGTERM where the platform has them (Windows has no SIGHUP, and which
    signals exist differs by platform, so none is named unchecked)."""
    return [getattr(signal, name) for name in ("SIGINT", "SIGTERM") if hasattr(signal, name)]
