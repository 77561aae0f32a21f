"""Rendering every format of a build, on two cores where the platform can fork.

The web page links to the PDF and the DOCX with their sizes, so it is rendered last, in
this process, from the document with those links (documents/downloads.py): the files
rendered now and those the document already links to (carried over from the live set).
Warm, it takes a small part of a build (≈ 0.05 s for the 2025 plan); in a fresh process
the first page costs ≈ 1.3 s more of CPU, to make the WOFF2 subsets of the four fonts
(writers/html/fonts.py). Where the build forks, the child makes them after the DOCX, for
the page with links to the DOCX and the PDF (the characters of "91 kB" and "1,2 MB" are the
same), and sends them back; the parent's page then finds them made. The bytes are the same
wherever they are made.

The PDF takes most of a build; the DOCX needs none of WeasyPrint. Where
`os.fork` exists, the build forks once after loading (the child shares the loaded sources
and document) and before importing WeasyPrint: the child renders the DOCX and
sends the Rendered result back as bytes (pickled) through a pipe, while the parent renders
the PDF. The results and the errors are those of the sequential path: the PDF's error
first, then the other formats' in their order (the child stops at its first error and
sends it back; its traceback is added to the exception as a note).

`HANDLINGSPLAN_PARALLEL`: "0" always renders in this process, one format after the other;
"1" forks wherever os.fork exists. Unset, the build forks only when WeasyPrint is not yet
imported in this process (forking a process whose Pango/GLib threads may hold locks is
unsafe) and not under pytest (tests monkeypatch writers and audit file access in-process;
tests/test_atomic.py runs its crashing writer both ways).
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import traceback

from .. import model as m
from ..documents.downloads import with_downloads
from ..writers import Assets, Rendered, writer

ENV = "HANDLINGSPLAN_PARALLEL"


def _forking(formats: list[str]) -> bool:
    if "pdf" not in formats or len(formats) < 2 or not hasattr(os, "fork"):
        return False
    choice = os.environ.get(ENV, "").strip()
    if choice in ("0", "1"):
        return choice == "1"
    return "weasyprint" not in sys.modules and "PYTEST_CURRENT_TEST" not in os.environ


def render_all(document: m.Document, assets: Assets, formats: list[str]) -> dict[str, Rendered]:
    """Every format's Rendered, in the order of formats; the web page last."""
    files = [fmt for fmt in formats if fmt != "html"]
    rendered = _render_files(document, assets, files, "html" in formats) if files else {}
    if "html" in formats:
        sizes = {name: len(data) for result in rendered.values()
                 for name, data in result.files.items()}
        rendered["html"] = writer("html")(with_downloads(document, sizes), assets)
    return {fmt: rendered[fmt] for fmt in formats}


def _render_files(document: m.Document, assets: Assets, formats: list[str],
                  web_page: bool = False) -> dict[str, Rendered]:
    """The formats other than the web page, the PDF beside the others where it forks
    (where `web_page`, the child also makes the page's font subsets)."""
    if not _forking(formats):
        writers = {fmt: writer(fmt) for fmt in formats}
        return {fmt: writers[fmt](document, assets) for fmt in formats}
    others = [fmt for fmt in formats if fmt != "pdf"]
    side = {fmt: writer(fmt) for fmt in others}  # import errors are raised here, in order
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(document, assets, side, write_end, web_page)
    os.close(write_end)
    reaped = False
    try:
        pdf = writer("pdf")(document, assets)
        with os.fdopen(read_end, "rb") as pipe:
            read_end = -1
            data = pipe.read()
        os.waitpid(pid, 0)
        reaped = True
    finally:
        if read_end != -1:
            os.close(read_end)
        if not reaped:  # the PDF failed or the build was interrupted: the child goes too
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)
    try:
        results, error, trace, subsets = pickle.loads(data)
    except Exception as exc:  # noqa: BLE001 - the child died without a result
        raise RuntimeError(f"the writer process for {', '.join(others)} ended without a result") from exc
    if subsets:
        from ..writers.html import fonts as web_fonts   # fontTools: not for --check

        web_fonts.remember(subsets)
    if error is not None:
        if trace:
            error.add_note(trace)
        raise error
    rendered = {"pdf": pdf, **results}
    return {fmt: rendered[fmt] for fmt in formats}


def _child(document: m.Document, assets: Assets, side: dict, write_end: int,  # type: ignore[type-arg]
           web_page: bool) -> None:
    """Render the other formats (and the web page's font subsets), send (results, error,
    traceback, subsets) and exit."""
    status = 0
    try:
        for name in ("SIGINT", "SIGTERM", "SIGHUP"):  # the parent handles interruptions
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), signal.SIG_DFL)
        results: dict[str, Rendered] = {}
        error: BaseException | None = None
        trace = ""
        try:
            for fmt, render in side.items():
                results[fmt] = render(document, assets)
        except BaseException as exc:  # noqa: BLE001 - sent to the parent
            error, trace = exc, traceback.format_exc()
        subsets = _web_fonts(document, assets, results) if web_page and error is None else {}
        try:
            payload = pickle.dumps((results, error, trace, subsets))
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled
            payload = pickle.dumps(({}, RuntimeError(f"{type(error).__name__}: {error}"), trace, {}))
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
    except BaseException:  # noqa: BLE001
        status = 1
    finally:
        os._exit(status)


def _web_fonts(document: m.Document, assets: Assets,
               results: dict[str, Rendered]) -> dict:  # type: ignore[type-arg]
    """The font subsets of the web page the parent will render: linking to these files and
    to the PDF, whose size is not known yet (any size is digits, a comma, a no-break space
    and kB or MB: the same characters). Nothing when that page fails: the parent renders
    it for real and reports the error in its place."""
    sizes = {name: len(data) for result in results.values() for name, data in result.files.items()}
    sizes[f"{document.file_stem}.pdf"] = 0
    try:
        writer("html")(with_downloads(document, sizes), assets)
        from ..writers.html import fonts as web_fonts
    except Exception:  # noqa: BLE001 - raised again by the parent's own render
        return {}
    return web_fonts.made()
