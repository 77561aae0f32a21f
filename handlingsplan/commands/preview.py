"""`--forhandsgranska`: the live preview (handlingsplan/preview/).

Serves the plan's HTML on 127.0.0.1 (another address only with --adress), rebuilds it on
every save in content/<year>/ or templates/, shows problems in the page and on the terminal
with the same text, and keeps the PDF and the Word file fresh in the background. Opens a
browser only with --oppna. Ctrl-C ends it (exit 0). Writes no file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import sys
import threading
import time
import webbrowser
from pathlib import Path

from ..diagnostics import UsageError
from ..sources.load import open_project
from .common import EXIT_OK

DEFAULT_PORT = 8000
QUIET_S = 0.5        # no save for this long after a good build: start the PDF and DOCX
TRIES = 20           # without --port, the next free port of 8000…8019


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("förhandsgranskning")
    group.add_argument("--forhandsgranska", action="store_true",
                       help="visa planen i webbläsaren och uppdatera den när du sparar")
    group.add_argument("--adress", default="127.0.0.1", metavar="ADRESS",
                       help="adress att lyssna på (standard: 127.0.0.1, bara den här datorn)")
    group.add_argument("--port", type=int, default=None, metavar="PORT",
                       help=f"port (standard: {DEFAULT_PORT} eller nästa lediga; 0: valfri ledig)")
    group.add_argument("--oppna", action="store_true",
                       help="öppna förhandsgranskningen i webbläsaren")


def _log(line: str) -> None:
    print(line, flush=True)


def run(root: Path, year: int | None, formats: list[str], *, address: str, port: int | None,
        open_browser: bool, per: dt.date | None = None) -> int:
    """The preview shows what the build makes with the same arguments: `per` (--per) marks
    late activities on that day, as `markera_försenade: ja` in plan.yaml does without it."""
    from ..preview.builds import Background, build_html
    from ..preview.state import PreviewState
    from ..preview.watch import watch

    project = open_project(root, year)        # UsageError when there is no such year
    year = project.year
    state = PreviewState()
    server = _bind(address, port, state)
    background = Background(root, year, state, [f for f in ("docx", "pdf") if f in formats], _log,
                            per)
    dirty, stop = threading.Event(), threading.Event()

    def rebuild() -> bool:
        outcome = build_html(root, year, per)
        stamp = f"{dt.datetime.now():%H.%M.%S}"
        if outcome.html is None:
            print(outcome.text, file=sys.stderr, flush=True)
            print(f"{stamp}  Bygget misslyckades; sidan visar den senaste versionen som gick "
                  "att bygga.", file=sys.stderr, flush=True)
            state.update(builds=state.builds + 1, problems=outcome.text)
            return False
        if outcome.text:
            print(outcome.text, file=sys.stderr, flush=True)
        state.update(builds=state.builds + 1, problems=None, page=outcome.html,
                     page_version=state.page_version + 1)
        _log(f"{stamp}  HTML uppdaterad ({outcome.seconds * 1000:.0f} ms)")
        return True

    def builder() -> None:
        """One build per batch of saves; the PDF and DOCX start once no save has come for
        QUIET_S after a good build, so they never slow down the page the editor waits for."""
        background_due = time.monotonic() + QUIET_S if good else None
        while not stop.is_set():
            timeout = 0.5 if background_due is None else max(0.0, background_due - time.monotonic())
            if dirty.wait(timeout):
                dirty.clear()
                background.stop()
                background_due = time.monotonic() + QUIET_S if rebuild() else None
            elif background_due is not None and time.monotonic() >= background_due:
                background_due = None
                background.start()

    good = rebuild()
    threads = [threading.Thread(target=builder, daemon=True, name="bygge"),
               threading.Thread(target=watch, args=([project.content, project.templates],
                                                    lambda _: dirty.set(), stop),
                                daemon=True, name="bevakning"),
               threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                                daemon=True, name="webb")]
    for thread in threads:
        thread.start()
    host, bound = server.server_address[:2]
    url = f"http://{'[' + host + ']' if ':' in host else host}:{bound}/"
    _log(f"Förhandsgranskningen av planen {year} finns på {url}")
    if per is not None:
        _log(f"Försenade aktiviteter markeras per {per.isoformat()} (--per), som när planen "
             "byggs med --per.")
    if not server.loopback:
        _log(f"Obs: adressen {host} nås från andra datorer i nätverket, inte bara från din.")
    _log(f"Den uppdateras när du sparar i content/{year}/ eller templates/. "
         "Avsluta med Ctrl+C.")
    if open_browser:
        webbrowser.open(url)
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.closing = True
        server.shutdown()
        server.server_close()
        background.close()
    _log("Förhandsgranskningen är avslutad.")
    return EXIT_OK


def _bind(address: str, port: int | None, state):  # type: ignore[no-untyped-def]
    from ..preview.server import PreviewServer

    candidates = [port] if port is not None else range(DEFAULT_PORT, DEFAULT_PORT + TRIES)
    last: OSError | None = None
    for candidate in candidates:
        try:
            return PreviewServer((address, candidate), state)
        except OSError as exc:
            last = exc
            if exc.errno not in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)):
                break
    if last is not None and last.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)):
        which = f"porten {port}" if port is not None else f"portarna {DEFAULT_PORT}–{DEFAULT_PORT + TRIES - 1}"
        raise UsageError(f"{which} används redan; välj en annan med --port")
    raise UsageError(f"kan inte lyssna på {address} ({last.strerror if last else 'okänt fel'})")
