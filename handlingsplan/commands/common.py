"""What every command shares: exit codes, the report on the terminal, interrupts."""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostics import Report

if TYPE_CHECKING:
    from sys import UnraisableHookArgs

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED, INTERRUPTED = 130, "avbrutet: inga filer i output/ ändrades"


def print_report(report: Report) -> None:
    for problem in report.sorted():
        print(problem, file=sys.stderr)
    if report.problems:
        print(f"{len(report.errors)} fel, {len(report.warnings)} varningar", file=sys.stderr)


class Interrupts:
    """Ctrl-C, SIGTERM and SIGHUP (a closed terminal) stop the build the same way until the
    switch to the new set starts; from then on they are only noted, so that the switch and
    the rest of the run finish: output/ never holds a mix of builds.

    A stop is remembered as well as raised: Python drops an exception raised while an
    object's `__del__` runs (WeasyPrint's FontConfiguration has one), so the build would go
    on; `hold()` raises it again before the switch, and `stopped` tells an error that
    followed it from a crash."""

    def __init__(self) -> None:
        self.publishing = False
        self.late = False
        self.stopped = False

    def __call__(self, signum: int, frame: object) -> None:
        if self.publishing:
            self.late = True
            return
        self.stopped = True
        raise KeyboardInterrupt

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """From here to the end of the run, signals wait (outputs.publish's switch); a stop
        that came before, and was dropped on the way, stops the run here."""
        if self.stopped:
            raise KeyboardInterrupt
        self.publishing = True
        yield

    @contextlib.contextmanager
    def installed(self) -> Iterator[list[int]]:
        """Handle the signals, except those the caller had ignored (`nohup` ignores SIGHUP,
        a background job in a script SIGINT): an ignored signal stays ignored. Yields the
        signals handled; Python's report of a stop it dropped ("Exception ignored in ...")
        is not printed."""
        previous = {sig: signal.signal(sig, self) for sig in signals()
                    if signal.getsignal(sig) is not signal.SIG_IGN}
        report = sys.unraisablehook

        def unraisable(info: UnraisableHookArgs) -> None:
            if not (self.stopped and info.exc_type is KeyboardInterrupt):
                report(info)

        sys.unraisablehook = unraisable
        try:
            yield list(previous)
        finally:
            sys.unraisablehook = report
            for sig, handler in previous.items():
                signal.signal(sig, handler)


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
