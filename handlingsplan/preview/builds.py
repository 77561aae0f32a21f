"""The two builds of the preview.

The fast path runs in this process, which imported the sources stage, the document stage and
the HTML writer once at start: one save costs reading the sources (brand, fonts and templates
included, so a save in templates/ is seen too) and rendering the screen HTML, about 0.05 s
of CPU for the 2025 plan: what depends only on file bytes that did not change (the font
check, the fonts' measures and WOFF2 subsets, the table layout) is remembered in this
process (docs/benchmark.md, "Live preview"). The PDF and DOCX are made by a subprocess (worker.py, at low priority) after each
good build; the next save kills it (it would compete with the fast path for the CPU and its
bytes would be out of date) and the next good build starts another, so only the newest bytes
are served.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import ContentError, Report, UsageError
from ..documents.plan import plan_document
from ..documents.progress import check_marking
from ..sources import load_sources
from ..writers import Assets, writer
from .state import PreviewState, ServedFile

LABELS = {"pdf": "PDF", "docx": "Word"}


def report_text(report: Report) -> str:
    """The problems exactly as `print_report` puts them on the terminal."""
    lines = [str(p) for p in report.sorted()]
    if report.problems:
        lines.append(f"{len(report.errors)} fel, {len(report.warnings)} varningar")
    return "\n".join(lines)


@dataclass(frozen=True)
class HtmlOutcome:
    html: bytes | None       # None: the build failed
    text: str                # what the terminal shows: problems, warnings, or ""
    seconds: float


def build_html(root: Path, year: int | None, per: dt.date | None = None) -> HtmlOutcome:
    """The screen HTML as the build makes it: late activities marked where plan.yaml says
    `markera_försenade: ja` or on `per` (--per), with the build's warnings."""
    started = time.perf_counter()
    try:
        sources = load_sources(root, year)
        check_marking(sources.plan.meta, per, sources.report)
        document = plan_document(sources.plan, sources.name_hyphenation, per=per)
        rendered = writer("html")(document, Assets(sources.brand, sources.project.files()))
    except ContentError as exc:
        return HtmlOutcome(None, report_text(exc.report), time.perf_counter() - started)
    except UsageError as exc:
        return HtmlOutcome(None, f"fel: {exc}", time.perf_counter() - started)
    except Exception as exc:  # noqa: BLE001 - a template error must not end the preview
        return HtmlOutcome(None, _template_problem(exc), time.perf_counter() - started)
    html = next(data for name, data in rendered.files.items() if name.endswith(".html"))
    return HtmlOutcome(html, report_text(sources.report), time.perf_counter() - started)


def _template_problem(exc: Exception) -> str:
    """A Jinja error names its template and line (TemplateSyntaxError: name, lineno);
    anything else is shown as what it is."""
    name, line = getattr(exc, "name", None), getattr(exc, "lineno", None)
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    if isinstance(name, str) and line:
        return f"templates/{name}:{line}: fel: {message}\n1 fel, 0 varningar"
    return f"fel i bygget ({type(exc).__name__}): {message}"


def _go(process: subprocess.Popen[bytes]) -> bool:
    """Tell a waiting worker to build; False when it cannot hear (it has exited)."""
    assert process.stdin is not None
    try:
        process.stdin.write(b"\n")
        process.stdin.close()
    except OSError:
        return False
    return True


class Background:
    """Runs worker.py for the PDF and the DOCX; a new start kills the running one.

    The worker for the next start is started at each start (a spare, importing its
    writers below normal priority while the current one builds, then waiting: worker.py
    --vanta), so a save's PDF and DOCX do not wait for WeasyPrint's import."""

    def __init__(self, root: Path, year: int | None, state: PreviewState, formats: list[str],
                 log, per: dt.date | None = None) -> None:  # type: ignore[no-untyped-def]
        self.root, self.year, self.state, self.formats, self.log = root, year, state, formats, log
        self.per = per
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._spare: subprocess.Popen[bytes] | None = None

    def _spawn(self) -> subprocess.Popen[bytes]:
        command = [sys.executable, "-m", "handlingsplan.preview.worker", "--root", str(self.root),
                   "--format", ",".join(self.formats), "--vanta"]
        if self.year is not None:
            command += ["--year", str(self.year)]
        if self.per is not None:
            command += ["--per", self.per.isoformat()]
        return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE,
                                creationflags=getattr(subprocess, "BELOW_NORMAL_PRIORITY_CLASS", 0))

    def start(self) -> None:
        if not self.formats:
            return
        with self._lock:
            self._stop_locked()
            process, self._spare = self._spare, None
            if process is None or process.poll() is not None or not _go(process):
                process = self._spawn()     # no spare, or it is gone: a fresh worker
                _go(process)
            self._process = process
            self._spare = self._spawn()
        self.state.update(background={LABELS[f]: "byggs" for f in self.formats})
        threading.Thread(target=self._collect, args=(process,), daemon=True).start()

    def stop(self) -> None:
        """Cancel the running build (a save came: its bytes would be out of date)."""
        with self._lock:
            running = self._process is not None and self._process.poll() is None
            self._stop_locked()
        if running:
            self.state.update(background={})

    def close(self) -> None:
        """Stop the running build and the spare (the preview ends)."""
        self.stop()
        with self._lock:
            spare, self._spare = self._spare, None
        if spare is not None:
            spare.kill()
            spare.wait()

    def _stop_locked(self) -> None:
        """Kill without waiting: its _collect thread reaps it, so the build that a save
        starts does not wait for the kernel to free the worker's memory."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
        self._process = None

    def _current(self, process: subprocess.Popen[bytes]) -> bool:
        with self._lock:
            return self._process is process

    def _collect(self, process: subprocess.Popen[bytes]) -> None:
        """Read the worker's frames: a JSON header line, then the files' bytes."""
        assert process.stdout is not None and process.stderr is not None
        errors: list[bytes] = []
        reader = threading.Thread(target=lambda: errors.append(process.stderr.read()), daemon=True)
        reader.start()
        while True:
            header = process.stdout.readline()
            if not header:
                break
            try:
                frame = json.loads(header)
            except ValueError:
                break
            blobs = {name: process.stdout.read(size) for name, size in frame["files"]}
            if any(len(blobs[name]) != size for name, size in frame["files"]):
                break       # killed half-way: nothing of this frame is served
            if not self._current(process):
                return
            made = dt.datetime.now()
            label = LABELS[frame["format"]]
            with self.state.changed:
                files = dict(self.state.files)
                background = dict(self.state.background)
            for name, data in blobs.items():
                files[frame["format"]] = ServedFile(name, label, data, made)
            background.pop(label, None)
            self.state.update(files=files, background=background)
            pages = f" ({frame['pages']} sidor)" if frame.get("pages") else ""
            self.log(f"{made:%H.%M.%S}  {label} uppdaterad{pages}")
            for message in frame.get("messages", []):
                self.log(f"varning ({frame['format'].upper()}-motorn): {message}")
        code = process.wait()
        reader.join()
        if code < 0:        # killed by a signal (Ctrl-C reached the whole process group)
            return
        if code != 0 and self._current(process):
            text = b"".join(errors).decode("utf-8", "replace").strip()
            last = text.splitlines()[-1] if text else f"slutkod {code}"
            with self.state.changed:
                background = {label: f"kunde inte byggas: {last}"
                              for label in self.state.background}
            self.state.update(background=background)
            self.log(f"PDF/Word kunde inte byggas i bakgrunden: {last}")
