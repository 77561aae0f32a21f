"""Print HTML -> PDF with WeasyPrint 70; the only importer of weasyprint.

- Variant PDF/A-3a (tagged). A finisher adds pdfuaid:part=1 (with its PDF/A extension
  schema) to the XMP, sets /Lang sv-SE and repairs the structure tree (pdf_structure:
  elements split across pages joined, table headers, lists, contents, links, artefacts).
  For that, _recording_sources notes which HTML element each structure element comes from
  while WeasyPrint tags the document.
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
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pydyf
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import LineBox, TextBox
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.pdf import tags as _weasyprint_tags
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from . import model as m
from . import pdf_structure
from .brand import Brand
from .diagnostics import UsageError
from .html_writer import render_html

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


def _finisher(sources: dict[int, pdf_structure.Source],
              hyphenated: dict[tuple[int, int], str]):
    def finish(document: object, pdf: pydyf.PDF) -> None:
        """PDF/UA-1 on top of WeasyPrint's PDF/A-3a."""
        metadata = pdf.objects[pdf_structure.number(pdf.catalog["Metadata"])]
        xmp = b"".join(part if isinstance(part, bytes) else str(part).encode()
                       for part in metadata.stream)
        closing = b"</rdf:RDF>"
        if xmp.count(closing) != 1:
            raise RuntimeError("unexpected XMP packet from WeasyPrint: no single </rdf:RDF>")
        metadata.stream = [xmp.replace(closing, _PDFUA_XMP + closing)]
        pdf.catalog["Lang"] = pydyf.String(PDF_LANG)
        pdf_structure.repair(pdf, sources, hyphenated)
    return finish


# ---- where each structure element comes from -----------------------------------------------

_TAGGING = threading.Lock()


def _source(box: object) -> pdf_structure.Source:
    element = getattr(box, "element", None)
    tag = getattr(box, "element_tag", None) or ""
    classes = frozenset((element.get("class") or "").split() if element is not None else ())
    text = "".join(element.itertext()) if element is not None and tag == "a" else ""
    return pdf_structure.Source(node=id(element), tag=tag, classes=classes,
                                leader=bool(getattr(box, "is_leader", False)), text=text)


def _text_children(box: object) -> Iterator[TextBox]:
    """The text boxes _build_box_tree tags as kids of box (line boxes are looked through)."""
    for child in getattr(box, "children", ()):
        for inner in (child.children if isinstance(child, LineBox) else [child]):
            if isinstance(inner, TextBox):
                yield inner


@contextmanager
def _recording_sources(sources: dict[int, pdf_structure.Source],
                       hyphenated: dict[tuple[int, int], str]) -> Iterator[None]:
    """While WeasyPrint tags the document, note the HTML element behind each structure
    element it makes, and the lines that end in a hyphen WeasyPrint added (page, MCID ->
    the line's text without it). WeasyPrint 70 builds the tree in
    weasyprint.pdf.tags._build_box_tree, one call per box, recursing through the
    module-level name: a wrapper there sees every box and the elements made for it (the
    innermost call sees an element first), before the box's text boxes are tagged."""
    original = getattr(_weasyprint_tags, "_build_box_tree", None)
    if original is None:  # pragma: no cover - only with another WeasyPrint than 70
        raise RuntimeError("this WeasyPrint has no weasyprint.pdf.tags._build_box_tree: "
                           "pdf_writer's structure repairs are written for WeasyPrint 70")

    def recording(box, parent, pdf, page_number, nums, annotations, tags):  # type: ignore
        origin = box._box if isinstance(box, AbsolutePlaceholder) else box
        for child in _text_children(origin):
            kid = tags.get(child)
            hyphen = child.style["hyphenate_character"]
            if kid is not None and hyphen and child.text.endswith(hyphen):
                hyphenated[(page_number, kid["mcid"])] = child.text[:-len(hyphen)]
        for element in original(box, parent, pdf, page_number, nums, annotations, tags):
            if id(element) not in sources:
                sources[id(element)] = _source(origin)
            yield element

    with _TAGGING:
        _weasyprint_tags._build_box_tree = recording
        try:
            yield
        finally:
            _weasyprint_tags._build_box_tree = original


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
            sources: dict[int, pdf_structure.Source] = {}
            hyphenated: dict[tuple[int, int], str] = {}
            with _recording_sources(sources, hyphenated):
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
