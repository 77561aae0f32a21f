"""The command line: `python build.py --year ÅR [--format pdf,docx,html] [--check] [--strict]`.

This module parses the arguments, runs one command (build.py: build; check.py: check) and
turns every way a run can end into an exit code and one Swedish message:
0 success, 1 content errors, 2 usage or environment errors, 3 internal error (the
traceback goes to output/bygglogg.txt, or where that cannot be written to a temporary file
or stderr), 130 interrupted (Ctrl-C, SIGTERM, SIGHUP). A content problem never shows a
traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import os
import sys
import time
import traceback
from pathlib import Path

from ..diagnostics import ContentError, UsageError
from ..outputs import CRASH_LOG, write_crash_log
from ..sources.load import plan_years
from ..writers import FORMATS
from . import build, check, compare, followup, new_year, preview
from .common import (EXIT_CONTENT, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE, INTERRUPTED,
                     Interrupts, print_report, say)

ROOT = Path(__file__).resolve().parent.parent.parent

HELP = """\
Bygger Hälsingerådets handlingsplan från textkällorna i content/<år>/ till PDF, Word (DOCX)
och HTML i output/<år>/.

Exempel:
  python build.py --year {year}              bygger alla format
  python build.py --year {year} --check      kontrollerar bara innehållet (snabbt)
  python build.py --format pdf             bygger bara PDF för det senaste året
  python build.py --forhandsgranska        visar planen i webbläsaren medan du redigerar
  python build.py --year {year} --uppfoljning {year}-06-30
                                           bygger uppföljningen per den dagen
  python build.py --year {year} --jamfor HEAD~1
                                           ändringsrapport mot en annan version
  python build.py --year {year} --per {year}-06-30
                                           bygger planen med försenade aktiviteter markerade
  python build.py --nytt-ar {next}           startar nästa års plan från {year}

Felmeddelanden anger fil och rad, t.ex.
  content/{year}/aktiviteter.yaml:14:5: fel: okänt mål 'varumarke' (finns: varumarket 4.2.1, …)

Slutkoder: 0 klart, 1 fel i innehållet, 2 fel i kommandot eller miljön, 3 internt fel.
"""


def _example_year(root: Path) -> int:
    """The year the examples name: the latest plan in content/, else this year."""
    try:
        years = plan_years(root)
    except OSError:
        years = []
    return years[-1] if years else dt.date.today().year


class _SwedishFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, prefix="Användning: ")


class _Parser(argparse.ArgumentParser):
    """argparse with its complaints in Swedish."""

    example_year = dt.date.today().year

    def error(self, message: str) -> None:  # type: ignore[override]
        if message.startswith("unrecognized arguments:"):
            message = "okänt argument:" + message.removeprefix("unrecognized arguments:")
        elif "--year" in message:
            message = f"--year ska vara ett årtal, t.ex. --year {self.example_year}"
        elif "--nytt-ar" in message:
            message = f"--nytt-ar ska följas av ett årtal, t.ex. --nytt-ar {self.example_year + 1}"
        elif "expected one argument" in message:
            message = f"{message.split(':')[0].removeprefix('argument ')} behöver ett värde"
        self.exit(EXIT_USAGE, f"fel: {message}\nSe 'python build.py --help'.\n")


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    root = ROOT
    if argv and "--root" in argv[:-1]:
        root = Path(argv[argv.index("--root") + 1])
    year = _example_year(root)
    parser = _Parser(prog="python build.py", description=HELP.format(year=year, next=year + 1),
                     formatter_class=_SwedishFormatter, add_help=False)
    parser.example_year = year
    parser._optionals.title = "flaggor"
    parser.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")
    parser.add_argument("--year", type=int, metavar="ÅR",
                        help=f"planens år, t.ex. {year} (standard: senaste året i content/)")
    parser.add_argument("--format", default=",".join(FORMATS), metavar="FORMAT",
                        help="format att bygga, kommaseparerade: pdf,docx,html (standard: alla)")
    parser.add_argument("--check", action="store_true",
                        help="kontrollera innehållet utan att bygga några filer")
    parser.add_argument("--strict", action="store_true",
                        help="räkna varningar som fel (bygget avbryts)")
    parser.add_argument("--uppfoljning", metavar="DATUM",
                        help=f"bygg uppföljningen av planen per ett datum, t.ex. {year}-06-30, "
                             "till output/<år>/ bredvid planen")
    parser.add_argument("--jamfor", metavar="VERSION",
                        help="bygg en ändringsrapport mot en tidigare version: ett år "
                             f"(t.ex. {year - 1}), en mapp i projektet eller en version i git "
                             "(t.ex. HEAD~1); Word-filen får också planen med spårade ändringar")
    parser.add_argument("--per", metavar="DATUM",
                        help=f"markera aktiviteter som är försenade den dagen, t.ex. "
                             f"{year}-06-30, i planen som byggs eller förhandsgranskas (utan --per "
                             "bara om plan.yaml har markera_försenade: ja)")
    parser.add_argument("--nytt-ar", nargs="?", type=int, const=0, default=None,
                        dest="new_year", metavar="ÅR",
                        help=f"skapa nästa års plan, t.ex. --nytt-ar {year + 1}, från årets: "
                             "utkast, version 0.1, utan klara och inställda aktiviteter")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    preview.add_arguments(parser)     # --forhandsgranska and its --adress, --port, --oppna
    args = parser.parse_args(argv)
    formats = [f.strip().lower() for f in args.format.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        parser.error(f"okänt format '{', '.join(unknown) or args.format}' (finns: {', '.join(FORMATS)})")
    args.formats = [f for f in FORMATS if f in formats]
    return args


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    args = _arguments(argv)
    root = args.root.resolve()
    interrupts = Interrupts()
    with interrupts.installed():
        return _run(args, root, interrupts, started)


def _run(args: argparse.Namespace, root: Path, interrupts: Interrupts, started: float) -> int:
    try:
        per = _per(args)
        if args.new_year is not None:
            return new_year.run(root, args.year, args.new_year or None)
        if args.jamfor is not None:
            return compare.run(root, args.year, args.jamfor, args.formats, strict=args.strict,
                               interrupts=interrupts, started=started)
        if args.uppfoljning is not None:
            return followup.run(root, args.year, followup.parse_day(args.uppfoljning),
                                args.formats, strict=args.strict, interrupts=interrupts,
                                started=started, check_only=args.check)
        if args.check:
            return check.run(root, args.year, strict=args.strict, per=per)
        if args.forhandsgranska:
            return preview.run(root, args.year, args.formats, address=args.adress,
                               port=args.port, open_browser=args.oppna, per=per)
        return build.run(root, args.year, args.formats, strict=args.strict,
                         interrupts=interrupts, started=started, per=per)
    except ContentError as exc:
        print_report(exc.report)
        print("Inga filer skrevs; rätta felen ovan och bygg igen.", file=sys.stderr)
        return EXIT_CONTENT
    except UsageError as exc:
        print(f"fel: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:   # Ctrl-C, SIGTERM or SIGHUP (commands.common.Interrupts)
        say(INTERRUPTED)
        return EXIT_INTERRUPTED
    except OSError as exc:
        say(f"fel: kunde inte skriva {_shown(exc.filename, root)}: {_reason(exc)}")
        return EXIT_USAGE
    except Exception:  # noqa: BLE001 - the one place that turns a crash into one line
        if interrupts.stopped:   # a library turned the stop into another error
            say(INTERRUPTED)
            return EXIT_INTERRUPTED
        text = traceback.format_exc()
        log = write_crash_log(root, text)
        if log is None:
            say(f"internt fel i byggprogrammet (inte i ditt innehåll); detaljerna kunde inte "
                f"sparas i output/{CRASH_LOG} och står här nedanför. Inga filer i output/ "
                f"ändrades.\n{text}")
        elif log.is_relative_to(root):
            say(f"internt fel i byggprogrammet (inte i ditt innehåll); detaljer finns i "
                f"{log.relative_to(root).as_posix()}. Inga filer i output/ ändrades.")
        else:
            say(f"internt fel i byggprogrammet (inte i ditt innehåll); output/{CRASH_LOG} gick "
                f"inte att skriva, detaljer finns i {log}. Inga filer i output/ ändrades.")
        return EXIT_INTERNAL


def _per(args: argparse.Namespace) -> dt.date | None:
    """--per's day; it marks the plan being built, checked or previewed, so another command
    with it is a usage error."""
    if args.per is None:
        return None
    other = next((flag for flag, given in (
        ("--uppfoljning", args.uppfoljning is not None), ("--jamfor", args.jamfor is not None),
        ("--nytt-ar", args.new_year is not None)) if given), None)
    if other is not None:
        raise UsageError(f"--per gäller när planen byggs, kontrolleras eller förhandsgranskas "
                         f"och går inte att "
                         f"använda med {other}" + (" (uppföljningen räknar från sitt eget "
                                                   "datum)" if other == "--uppfoljning" else ""))
    return followup.parse_day(args.per, "--per")


_REASONS = {
    errno.EISDIR: "där finns en mapp, men en fil behövs: ta bort eller byt namn på mappen",
    errno.ENOTDIR: "en del av sökvägen är en fil, men en mapp behövs där",
    errno.EEXIST: "där finns redan något annat med samma namn",
    errno.EACCES: "åtkomst nekad (saknas skrivrätt, eller är filen öppen i ett annat program?)",
    errno.EPERM: "åtkomst nekad (saknas skrivrätt?)",
    errno.EROFS: "disken är skrivskyddad",
    errno.ENOSPC: "disken är full",
    errno.ENAMETOOLONG: "namnet är för långt",
    errno.EBUSY: "används av ett annat program",
}
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = "diskkvoten är slut"


def _reason(exc: OSError) -> str:
    """Why a file could not be written, in Swedish (the system's words otherwise)."""
    return _REASONS.get(exc.errno, exc.strerror or str(exc))


def _shown(filename: object, root: Path) -> str:
    """A path as the editor sees it: project-relative where it is inside the project."""
    if not filename:
        return "output/"
    path = Path(os.fsdecode(filename)) if isinstance(filename, (str, bytes, os.PathLike)) else None
    if path is None:
        return str(filename)
    try:
        return Path(os.path.abspath(path)).relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
