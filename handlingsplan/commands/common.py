"""What every command shares: exit codes, the report on the terminal, interrupts."""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator

from ..diagnostics import Report

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def print_report(report: Report) -> None:
    for problem in report.sorted():
        print(problem, file=sys.stderr)
    if report.problems:
        print(f"{len(report.errors)} fel, {len(report.warnings)} varningar", file=sys.stderr)


class Interrupts:
    """Ctrl-C, SIGTERM and SIGHUP (a closed terminal) stop the build the same way until the
    switch to the new set starts; from then on they are only noted, so that the switch and
    the rest of the run finish: output/ never holds a mix of builds."""

    def __init__(self) -> None:
        self.publishing = False
        self.late = False

    def __call__(self, signum: int, frame: object) -> None:
        if self.publishing:
            self.late = True
            return
        raise KeyboardInterrupt

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """From here to the end of the run, signals wait (outputs.publish's switch)."""
        self.publishing = True
        yield

    def install(self) -> dict[int, object]:
        """Handle the signals, except those the caller had ignored (`nohup` ignores SIGHUP,
        a background job in a script SIGINT): an ignored signal stays ignored."""
        return {sig: signal.signal(sig, self) for sig in signals()
                if signal.getsignal(sig) is not signal.SIG_IGN}


def signals() -> list[int]:
    """The stop signals this platform has (Windows: no SIGHUP, but SIGBREAK), looked up
    when the handlers are installed."""
    return [getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK")
            if hasattr(signal, name)]


def say(message: str, *, out: bool = False) -> None:
    """A line on stderr (stdout with out=True) that cannot fail: after SIGHUP the terminal
    may be gone, and a run that has published its files must not end in an error."""
    try:
        print(message, file=sys.stdout if out else sys.stderr)
    except (OSError, ValueError):
        pass
