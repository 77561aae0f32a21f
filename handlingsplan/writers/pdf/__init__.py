"""Print HTML -> PDF with WeasyPrint 70; the only importer of weasyprint.

- Variant PDF/A-3a (tagged). A finisher adds pdfuaid:part=1 (with its PDF/A extension
  schema) to the XMP, sets /Lang sv-SE and repairs the structure tree (repairs.PASSES:
  elements split across pages joined, table headers, lists, contents, links, artefacts).
  For that, private_api.record_sources notes which HTML element each structure element
  comes from while WeasyPrint tags the document.
- Every use of WeasyPrint's or pydyf's private API is in private_api, which checks at
  import that what it relies on is still there; tree.py reads the structure tree.
- Resources are fetched only from the project's content/ and templates/ folders, or from
  data: URLs (ProjectFetcher); anything else stops the build.
- WeasyPrint's and fontTools' log is captured while rendering: render_pdf returns the
  messages (our templates produce none; the tests check that), and write_pdf passes them
  on as warnings of this module's logger, which the CLI shows in its own words.
- No dates are written unless the plan or SOURCE_DATE_EPOCH gives one
  (docblock.document_datetime), so two builds of the same sources are byte-identical.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pydyf
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ... import model as m
from ...brand import Brand
from ...diagnostics import UsageError
from ...html_writer import render_html
from . import private_api
from .repairs import repair
from .tree import Source, number

PDF_VARIANT = "pdf/a-3a"
PDF_LANG = "sv-SE"
ALLOWED_FOLDERS = ("content", "templates")
CAPTURED_LOGGERS = ("weasyprint", "fontTools")

log = logging.getLogger(__name__)


class PdfResourceError(UsageError):
    """The PDF needed a file or address it may not use; the message is Swedish."""


class ProjectFetcher(URLFetcher):
    """Fetches only files inside <root>/content and <root>/templates, and data: URLs.

    Paths are resolved (symlinks, "..") before the check. Everything else raises
    FatalURLFetchingError, which WeasyPrint does not catch, so the build stops.
    """

    def __init__(self, root: Path):
        super().__init__(fail_on_errors=True)
        self.folders = tuple((root / name).resolve() for name in ALLOWED_FOLDERS)

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise FatalURLFetchingError(
                f"PDF:en får inte hämta '{url}': bara filer i content/ och templates/ "
                "och data:-adresser är tillåtna")
        path = self.allowed_path(url)
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})

    def allowed_path(self, url: str) -> Path:
        """The resolved file a file: URL names, if it lies in an allowed folder."""
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise FatalURLFetchingError(f"PDF:en får inte hämta '{url}' från en annan dator")
        path = Path(url2pathname(parts.path))
        try:
            resolved = path.resolve(strict=True)
        except (OSError, RuntimeError):
            raise FatalURLFetchingError(f"filen '{path}' som PDF:en behöver finns inte") from None
        if not any(resolved.is_relative_to(folder) for folder in self.folders) or not resolved.is_file():
            raise FatalURLFetchingError(
                f"PDF:en får inte hämta '{path}': bara filer i content/ och templates/ "
                "är tillåtna")
        return resolved


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int
    messages: tuple[str, ...]  # WeasyPrint's warnings and errors, "LEVEL: text"


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def captured_log() -> Iterator[list[logging.LogRecord]]:
    """WeasyPrint's and fontTools' warnings, kept from the user's terminal while rendering."""
    handler = _Collect()
    loggers = [logging.getLogger(name) for name in CAPTURED_LOGGERS]
    saved = [(lg, lg.propagate) for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.propagate = False
    try:
        yield handler.records
    finally:
        for lg, propagate in saved:
            lg.removeHandler(handler)
            lg.propagate = propagate


# ---- finisher ------------------------------------------------------------------------------

_PDFUA_XMP = b"""<rdf:Description rdf:about="" \
xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" \
xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" \
xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">\
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">\
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">\
<pdfaProperty:name>part</pdfaProperty:name>\
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\
<pdfaProperty:category>internal</pdfaProperty:category>\
<pdfaProperty:description>Part of ISO 14289 to which the document conforms</pdfaProperty:description>\
</rdf:li></rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas>\
</rdf:Description>\
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">\
<pdfuaid:part>1</pdfuaid:part></rdf:Description>"""


def _finisher(sources: dict[int, Source], hyphenated: dict[tuple[int, int], str]):
    def finish(document: object, pdf: pydyf.PDF) -> None:
        """PDF/UA-1 on top of WeasyPrint's PDF/A-3a."""
        catalog = private_api.catalog(pdf)
        metadata = private_api.resolve(pdf, number(catalog["Metadata"]))
        xmp = private_api.stream_bytes(metadata)
        closing = b"</rdf:RDF>"
        if xmp.count(closing) != 1:
            raise RuntimeError("unexpected XMP packet from WeasyPrint: no single </rdf:RDF>")
        private_api.replace_stream_bytes(metadata, xmp.replace(closing, _PDFUA_XMP + closing))
        catalog["Lang"] = pydyf.String(PDF_LANG)
        repair(pdf, sources, hyphenated)
    return finish


# ---- rendering -----------------------------------------------------------------------------

def render_pdf(plan: m.Plan, brand: Brand) -> RenderedPdf:
    """The plan as PDF bytes, its page count and WeasyPrint's messages."""
    html = render_html(plan, brand, "print")
    fetcher = ProjectFetcher(plan.root)
    with captured_log() as records:
        try:
            document = HTML(string=html, base_url=plan.root.resolve().as_uri() + "/",
                            url_fetcher=fetcher).render(font_config=FontConfiguration(),
                                                        pdf_variant=PDF_VARIANT)
            sources: dict[int, Source] = {}
            hyphenated: dict[tuple[int, int], str] = {}
            with private_api.record_sources(sources, hyphenated, Source):
                data = document.write_pdf(pdf_variant=PDF_VARIANT,
                                          finisher=_finisher(sources, hyphenated))
        except FatalURLFetchingError as exc:
            cause = exc.__cause__ or exc.__context__
            raise PdfResourceError(str(exc) + (f" ({cause})" if cause else "")) from None
    messages = tuple(f"{r.levelname}: {r.getMessage()}" for r in records)
    return RenderedPdf(data, len(document.pages), messages)


def write_pdf(plan: m.Plan, brand: Brand, target: Path) -> int:
    """Write the PDF to target and return its page count."""
    rendered = render_pdf(plan, brand)
    for message in dict.fromkeys(rendered.messages):
        log.warning("%s", message)
    target.write_bytes(rendered.data)
    return rendered.pages
