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
        return {sig: signal.signal(sig, self) for sig in (signal.SIGINT, signal.SIGTERM)}
