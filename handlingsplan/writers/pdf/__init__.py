"""Document -> print HTML -> PDF with WeasyPrint 70; the only importer of weasyprint.

- Variant PDF/A-3a (tagged). A finisher adds pdfuaid:part=1 (with its PDF/A extension
  schema) to the XMP, sets /Lang sv-SE and repairs the structure tree (repairs.PASSES:
  elements split across pages joined, table headers, lists, contents, links, artefacts).
  For that, private_api.record_sources notes which HTML element each structure element
  comes from while WeasyPrint tags the document.
- Every use of WeasyPrint's or pydyf's private API is in private_api, which checks at
  import that what it relies on is still there; tree.py reads the structure tree.
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
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import unquote

from .libraries import quick_lookup

with quick_lookup():  # WeasyPrint opens its libraries while imported
    import pydyf
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ... import model as m
from ...diagnostics import UsageError
from .. import Assets, Rendered
from ..html import render_html
from . import private_api
from .repairs import repair
from .tree import Source, number

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


def _finisher(sources: dict[int, Source], hyphenated: dict[tuple[int, int], str], lang: str):
    def finish(document: object, pdf: pydyf.PDF) -> None:
        """PDF/UA-1 on top of WeasyPrint's PDF/A-3a."""
        catalog = private_api.catalog(pdf)
        metadata = private_api.resolve(pdf, number(catalog["Metadata"]))
        xmp = private_api.stream_bytes(metadata)
        closing = b"</rdf:RDF>"
        if xmp.count(closing) != 1:
            raise RuntimeError("unexpected XMP packet from WeasyPrint: no single </rdf:RDF>")
        private_api.replace_stream_bytes(metadata, xmp.replace(closing, _PDFUA_XMP + closing))
        # The XMP packet stays uncompressed, readable by tools that do not decode streams
        # (PDF/A-1 6.7.2 asks it; page-validation checks it under PDF/A-3a too).
        metadata.compress = False
        catalog["Lang"] = pydyf.String(lang)
        repair(pdf, sources, hyphenated)
    return finish


# ---- rendering -----------------------------------------------------------------------------

def render_pdf(document: m.Document, assets: Assets) -> RenderedPdf:
    """The document as PDF bytes, its page count and WeasyPrint's messages."""
    html = render_html(document, assets, "print")
    lang = PDF_LANGUAGE_TAGS.get(document.lang, document.lang)
    with captured_log() as records:
        try:
            rendered = HTML(string=html, base_url=BASE_URL, url_fetcher=AssetFetcher(assets.files))
            page_layout = rendered.render(font_config=FontConfiguration(), pdf_variant=PDF_VARIANT)
            sources: dict[int, Source] = {}
            hyphenated: dict[tuple[int, int], str] = {}
            with private_api.record_sources(sources, hyphenated, Source), \
                    private_api.faster_writing():
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
