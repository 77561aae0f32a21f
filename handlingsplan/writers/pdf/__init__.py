"""Document -> print HTML -> PDF with WeasyPrint 70; the only importer of weasyprint.

- Variant PDF/A-3a (tagged). A finisher adds pdfuaid:part=1 (with its PDF/A extension
  schema) to the XMP, sets /Lang sv-SE and repairs the structure tree (pdf_structure:
  elements split across pages joined, table headers, lists, contents, links, artefacts).
  For that, _recording_sources notes which HTML element each structure element comes from
  while WeasyPrint tags the document.
- Resources come only from the assets (the files the sources stage read from content/<year>/
  and templates/) or from data: URLs (AssetFetcher); WeasyPrint reads no file itself and
  anything else stops the build.
- WeasyPrint's and fontTools' log is captured while rendering and returned as the
  writer's messages (our templates produce none; the tests check that), which the build
  shows in its own words.
- No dates are written unless the plan or SOURCE_DATE_EPOCH gives one
  (docblock.document_datetime), so two builds of the same sources are byte-identical.
"""

from __future__ import annotations

import logging
import mimetypes
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import unquote

import pydyf
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import LineBox, TextBox
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.pdf import tags as _weasyprint_tags
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ... import model as m
from ... import pdf_structure
from ...diagnostics import UsageError
from .. import Assets, Rendered
from ..html import render_html

PDF_VARIANT = "pdf/a-3a"
PDF_LANGUAGE_TAGS = {"sv": "sv-SE"}
# The print HTML's base URL: relative URLs (fonts, logo, pictures) become addresses under
# it, which AssetFetcher answers from the assets. No path of the build machine is used.
BASE_URL = "file:///handlingsplan/"
CAPTURED_LOGGERS = ("weasyprint", "fontTools")


class PdfResourceError(UsageError):
    """The PDF needed a file or address it may not use; the message is Swedish."""


class AssetFetcher(URLFetcher):
    """Answers WeasyPrint's requests from the assets (by project path) and data: URLs only.

    Everything else raises FatalURLFetchingError, which WeasyPrint does not catch, so the
    build stops: the print HTML names only files the sources stage has read and checked.
    """

    def __init__(self, files: Mapping[str, bytes]):
        super().__init__(fail_on_errors=True)
        self.files = files

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if url.split(":", 1)[0].lower() == "data":
            return super().fetch(url, headers)
        key = unquote(url.removeprefix(BASE_URL)) if url.startswith(BASE_URL) else None
        if key is None or key not in self.files:
            raise FatalURLFetchingError(
                f"PDF:en får inte hämta '{url}': bara filer i content/ och templates/ "
                "som bygget har läst, och data:-adresser, är tillåtna")
        mime = mimetypes.guess_type(key)[0] or "application/octet-stream"
        return URLFetcherResponse(url, self.files[key], {"Content-Type": mime})


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
              hyphenated: dict[tuple[int, int], str], lang: str):
    def finish(document: object, pdf: pydyf.PDF) -> None:
        """PDF/UA-1 on top of WeasyPrint's PDF/A-3a."""
        metadata = pdf.objects[pdf_structure.number(pdf.catalog["Metadata"])]
        xmp = b"".join(part if isinstance(part, bytes) else str(part).encode()
                       for part in metadata.stream)
        closing = b"</rdf:RDF>"
        if xmp.count(closing) != 1:
            raise RuntimeError("unexpected XMP packet from WeasyPrint: no single </rdf:RDF>")
        metadata.stream = [xmp.replace(closing, _PDFUA_XMP + closing)]
        pdf.catalog["Lang"] = pydyf.String(lang)
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

def render_pdf(document: m.Document, assets: Assets) -> RenderedPdf:
    """The document as PDF bytes, its page count and WeasyPrint's messages."""
    html = render_html(document, assets, "print")
    lang = PDF_LANGUAGE_TAGS.get(document.lang, document.lang)
    with captured_log() as records:
        try:
            rendered = HTML(string=html, base_url=BASE_URL, url_fetcher=AssetFetcher(assets.files))
            page_layout = rendered.render(font_config=FontConfiguration(), pdf_variant=PDF_VARIANT)
            sources: dict[int, pdf_structure.Source] = {}
            hyphenated: dict[tuple[int, int], str] = {}
            with _recording_sources(sources, hyphenated):
                data = page_layout.write_pdf(pdf_variant=PDF_VARIANT,
                                             finisher=_finisher(sources, hyphenated, lang))
        except FatalURLFetchingError as exc:
            cause = exc.__cause__ or exc.__context__
            raise PdfResourceError(str(exc) + (f" ({cause})" if cause else "")) from None
    messages = tuple(f"{r.levelname}: {r.getMessage()}" for r in records)
    return RenderedPdf(data, len(page_layout.pages), messages)


def render(document: m.Document, assets: Assets) -> Rendered:
    """The PDF/A-3a + PDF/UA-1 file, its page count and WeasyPrint's messages."""
    pdf = render_pdf(document, assets)
    return Rendered({f"{document.file_stem}.pdf": pdf.data}, pdf.pages, pdf.messages)
