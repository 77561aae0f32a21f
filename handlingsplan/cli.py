"""The command line: `python build.py --year 2025 [--format pdf,docx,html] [--check] [--strict]`.

Exit codes: 0 success, 1 content errors, 2 usage or environment errors, 3 internal error.
Messages for editors are Swedish; a content problem never shows a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import ContentError, Report, UsageError
from .load import load_plan
from .model import Plan
from .numbering import slug

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
FORMATS = ("pdf", "docx", "html")
ROOT = Path(__file__).resolve().parent.parent
CRASH_LOG = "bygglogg.txt"

HELP = """\
Bygger Hälsingerådets handlingsplan från textkällorna i content/<år>/ till PDF, Word (DOCX)
och HTML i output/<år>/.

Exempel:
  python build.py --year 2025              bygger alla format
  python build.py --year 2025 --check      kontrollerar bara innehållet (snabbt)
  python build.py --format pdf             bygger bara PDF för det senaste året

Felmeddelanden anger fil och rad, t.ex.
  content/2025/aktiviteter.yaml:14:5: fel: okänt mål 'varumarke' (finns: varumarket 4.2.1, …)

Slutkoder: 0 klart, 1 fel i innehållet, 2 fel i kommandot eller miljön, 3 internt fel.
"""


@dataclass(frozen=True)
class Written:
    path: Path
    pages: int | None


class _SwedishFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, prefix="Användning: ")


class _Parser(argparse.ArgumentParser):
    """argparse with its complaints in Swedish."""

    def error(self, message: str) -> None:  # type: ignore[override]
        if message.startswith("unrecognized arguments:"):
            message = "okänt argument:" + message.removeprefix("unrecognized arguments:")
        elif "--year" in message:
            message = "--year ska vara ett årtal, t.ex. --year 2025"
        elif "expected one argument" in message:
            message = f"{message.split(':')[0].removeprefix('argument ')} behöver ett värde"
        self.exit(EXIT_USAGE, f"fel: {message}\nSe 'python build.py --help'.\n")


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = _Parser(prog="python build.py", description=HELP,
                     formatter_class=_SwedishFormatter, add_help=False)
    parser._optionals.title = "flaggor"
    parser.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")
    parser.add_argument("--year", type=int, metavar="ÅR",
                        help="planens år, t.ex. 2025 (standard: senaste året i content/)")
    parser.add_argument("--format", default=",".join(FORMATS), metavar="FORMAT",
                        help="format att bygga, kommaseparerade: pdf,docx,html (standard: alla)")
    parser.add_argument("--check", action="store_true",
                        help="kontrollera innehållet utan att bygga några filer")
    parser.add_argument("--strict", action="store_true",
                        help="räkna varningar som fel (bygget avbryts)")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    formats = [f.strip().lower() for f in args.format.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        parser.error(f"okänt format '{', '.join(unknown) or args.format}' (finns: {', '.join(FORMATS)})")
    args.formats = [f for f in FORMATS if f in formats]
    return args


def _print_report(report: Report) -> None:
    for problem in report.sorted():
        print(problem, file=sys.stderr)
    if report.problems:
        print(f"{len(report.errors)} fel, {len(report.warnings)} varningar", file=sys.stderr)


_WRITERS = {"pdf": ("writers.pdf", "write_pdf"), "docx": ("docx_writer", "write_docx"),
            "html": ("html_writer", "write_html")}


def _writer(fmt: str) -> Callable[..., int | None]:
    """One writer, imported only when its format is built (--check and --format html
    never pay for importing WeasyPrint)."""
    module_name, function = _WRITERS[fmt]
    try:
        module = importlib.import_module(f".{module_name}", __package__)
    except ImportError as exc:
        raise UsageError(f"programvara saknas ({exc.name}): installera med 'make build' "
                         "eller 'pip install -e .'") from exc
    return getattr(module, function)


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


class _WriterWarnings(logging.Handler):
    """Shows what a writer reports (WeasyPrint's captured messages) in the build's own words."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        print(f"varning (PDF-motorn): {record.getMessage()}", file=sys.stderr)


@contextmanager
def _writer_warnings() -> Iterator[None]:
    logger = logging.getLogger(__package__)
    handler = _WriterWarnings()
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


def _render(plan: Plan, root: Path, formats: list[str], interrupts: Interrupts) -> list[Written]:
    from .brand import load_brand
    from .outputs import publish, staging

    brand = load_brand(root / "templates" / "brand.yaml", root)
    writers = {fmt: _writer(fmt) for fmt in formats}
    base = slug(plan.meta.full_title)
    out_dir = root / "output" / str(plan.meta.year)
    with staging(out_dir) as staged, _writer_warnings():
        pages: dict[str, int | None] = {}
        for fmt in formats:
            pages[fmt] = writers[fmt](plan, brand, staged / f"{base}.{fmt}")
        names = [f"{base}.{fmt}" for fmt in formats]
        interrupts.publishing = True
        paths = publish(staged, out_dir, names)
    return [Written(path, pages[fmt]) for path, fmt in zip(paths, formats)]


def _summary(written: list[Written], root: Path, seconds: float) -> None:
    for item in written:
        size = item.path.stat().st_size
        pages = f"{item.pages} sidor, " if item.pages else ""
        print(f"Skrev {item.path.relative_to(root)} ({pages}{size / 1024:.0f} kB)")
    print(f"Klart på {seconds:.1f} s.")


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    args = _arguments(argv)
    root = args.root.resolve()
    interrupts = Interrupts()
    previous = interrupts.install()
    try:
        return _run(args, root, interrupts, started)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _run(args: argparse.Namespace, root: Path, interrupts: Interrupts, started: float) -> int:
    try:
        plan, report = load_plan(root, args.year)
        _print_report(report)
        if args.strict and report.warnings:
            print("bygget avbröts: --strict räknar varningar som fel", file=sys.stderr)
            return EXIT_CONTENT
        if args.check:
            print(f"Innehållet för {plan.meta.year} är kontrollerat: "
                  f"{len(plan.chapters)} kapitel, {len(plan.activities.activities)} aktiviteter.")
            return EXIT_OK
        written = _render(plan, root, args.formats, interrupts)
        _summary(written, root, time.perf_counter() - started)
        if interrupts.late:
            print("avbrottet kom medan filerna flyttades på plats; bygget gjordes klart först",
                  file=sys.stderr)
    except ContentError as exc:
        _print_report(exc.report)
        print("Inga filer skrevs; rätta felen ovan och bygg igen.", file=sys.stderr)
        return EXIT_CONTENT
    except UsageError as exc:
        print(f"fel: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("avbrutet: inga filer i output/ ändrades", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"fel: kunde inte skriva {exc.filename or 'output/'} ({exc.strerror})", file=sys.stderr)
        return EXIT_USAGE
    except Exception:  # noqa: BLE001 - the one place that turns a crash into one line
        log = root / "output" / CRASH_LOG
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(traceback.format_exc(), encoding="utf-8")
        print(f"internt fel i byggprogrammet (inte i ditt innehåll); detaljer finns i "
              f"{log.relative_to(root)}. Inga filer i output/ ändrades.", file=sys.stderr)
        return EXIT_INTERNAL
    return EXIT_OK
