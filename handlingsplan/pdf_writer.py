"""Print HTML -> PDF with WeasyPrint 70; the only importer of weasyprint.

- Variant PDF/A-3a (tagged). A finisher adds pdfuaid:part=1 (with its PDF/A extension
  schema) to the XMP, sets /Lang sv-SE, gives header cells /Scope, joins a table that
  WeasyPrint tagged as one /Table per page, and marks page-margin content as artefacts
  (see _StructTree).
- Resources are fetched only from the project's content/ and templates/ folders, or from
  data: URLs (ProjectFetcher); anything else stops the build.
- WeasyPrint's log is captured, not shown: render_pdf returns the messages (our templates
  produce none; the tests check that), write_pdf passes them on at DEBUG level.
- No dates are written unless the plan has one (html_writer adds dcterms meta only from
  plan.meta.date), so two builds of the same sources are byte-identical.
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

from . import model as m
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


def _number(reference: bytes | str) -> int:
    """The object number of a pydyf reference (b"12 0 R")."""
    return int((reference.decode() if isinstance(reference, bytes) else reference).split()[0])


def _finish(document: object, pdf: pydyf.PDF) -> None:
    """PDF/UA-1 on top of WeasyPrint's PDF/A-3a."""
    metadata = pdf.objects[_number(pdf.catalog["Metadata"])]
    xmp = b"".join(part if isinstance(part, bytes) else str(part).encode()
                   for part in metadata.stream)
    closing = b"</rdf:RDF>"
    if xmp.count(closing) != 1:
        raise RuntimeError("unexpected XMP packet from WeasyPrint: no single </rdf:RDF>")
    metadata.stream = [xmp.replace(closing, _PDFUA_XMP + closing)]
    pdf.catalog["Lang"] = pydyf.String(PDF_LANG)
    tree = _StructTree(pdf)
    # WeasyPrint links data cells to their headers (/Headers, /ID) but leaves out /Scope.
    # html_writer writes header cells only as <th scope="col">, so every /TH is a column
    # header (PDF/UA-1 7.5).
    for element in tree.elements():
        if element["S"] == "/TH":
            element.setdefault("A", pydyf.Dictionary({"O": "/Table"}))["Scope"] = "/Column"
    tree.join_split_tables()
    tree.mark_untagged_content_as_artifacts()


class _StructTree:
    """Repairs to WeasyPrint 70's structure tree, done on the pydyf objects before writing.

    - A table that crosses pages becomes one /Table per page, each with a copy of the
      header row (Kozea/WeasyPrint#2903): the pieces are joined into one table whose
      header row appears once; the rows keep their order and their /Headers.
    - Page-margin content (running header, footer, status marking) and the repeated header
      rows are marked content that no structure element in the tree owns: it becomes
      /Artifact (pagination artefacts), as PDF/UA-1 7.1 requires.
    """

    CONTAINERS = {"/Div", "/Sect", "/Part", "/Art", "/NonStruct"}

    def __init__(self, pdf: pydyf.PDF):
        self.pdf = pdf
        self.root = pdf.objects[_number(pdf.catalog["StructTreeRoot"])]

    def get(self, reference: bytes | str) -> pydyf.Dictionary:
        return self.pdf.objects[_number(reference)]

    def kids(self, element: pydyf.Dictionary) -> list[pydyf.Dictionary]:
        """The structure elements among an element's /K (not MCIDs, MCRs or OBJRs)."""
        out = []
        for kid in element.get("K", ()):
            if isinstance(kid, (bytes, str)):
                obj = self.get(kid)
                if isinstance(obj, dict) and "S" in obj:
                    out.append(obj)
        return out

    def elements(self) -> list[pydyf.Dictionary]:
        """Every structure element reachable from the root, in document order."""
        found: list[pydyf.Dictionary] = []

        def walk(element: pydyf.Dictionary) -> None:
            found.append(element)
            for kid in self.kids(element):
                walk(kid)

        for top in self.kids(self.root):
            walk(top)
        return found

    # ---- tables that cross pages

    def join_split_tables(self) -> None:
        order = self.elements()
        position = {id(e): i for i, e in enumerate(order)}
        tables = [e for e in order if e["S"] == "/Table"]
        # Where each table's subtree ends in document order, before anything moves.
        ends = {}
        for table in tables:
            end = position[id(table)] + 1
            while end < len(order) and self._inside(order[end], table):
                end += 1
            ends[id(table)] = end
        head = previous = None
        for table in tables:
            kids = self.kids(table)
            between = order[ends[id(previous)]:position[id(table)]] if previous else None
            # A piece continues the previous one if it starts with a (repeated) header row
            # and only containers (the pieces' Div/Sect/Part) lie between the two.
            if (between is not None and kids and kids[0]["S"] == "/THead"
                    and all(e["S"] in self.CONTAINERS for e in between)):
                self._join(head, table)
            else:
                head = table
            previous = table

    def _inside(self, element: pydyf.Dictionary, ancestor: pydyf.Dictionary) -> bool:
        while "P" in element and element is not self.root:
            parent = self.get(element["P"])
            if parent is ancestor:
                return True
            if parent is self.root or "S" not in parent:
                return False
            element = parent
        return False

    def _join(self, table: pydyf.Dictionary, piece: pydyf.Dictionary) -> None:
        header_ids = [th.get("ID") for th in self._header_cells(table)]
        repeated_ids = [th.get("ID") for th in self._header_cells(piece)]
        rename = {str(old): new for old, new in zip(repeated_ids, header_ids) if old and new}
        bodies = [k for k in self.kids(table) if k["S"] == "/TBody"]
        if not bodies:
            return
        body = bodies[-1]
        for part in self.kids(piece):
            if part["S"] != "/TBody":
                continue  # the repeated header row: left out of the tree
            for row in self.kids(part):
                row["P"] = body.reference
                body["K"].append(row.reference)
                for cell in self.kids(row):
                    headers = cell.get("A", {}).get("Headers")
                    if headers is not None:
                        cell["A"]["Headers"] = pydyf.Array(
                            [rename.get(str(h), h) for h in headers])
        self._remove(piece)

    def _header_cells(self, table: pydyf.Dictionary) -> list[pydyf.Dictionary]:
        heads = [k for k in self.kids(table) if k["S"] == "/THead"]
        rows = self.kids(heads[0]) if heads else []
        return [c for c in self.kids(rows[0]) if c["S"] == "/TH"] if rows else []

    def _remove(self, element: pydyf.Dictionary) -> None:
        """Take an element out of its parent; containers left empty go too."""
        parent = self.get(element["P"])
        parent["K"] = pydyf.Array([k for k in parent["K"] if k != element.reference])
        if parent is not self.root and parent.get("S") in self.CONTAINERS and not parent["K"]:
            self._remove(parent)

    # ---- artefacts

    def mark_untagged_content_as_artifacts(self) -> None:
        reachable = {e.number for e in self.elements()}
        nums = self.get(self.root["ParentTree"])["Nums"]
        pages = [self.pdf.objects[n] for n in self.pdf.pages["Kids"][::3]]
        for key, value in zip(nums[::2], nums[1::2]):
            if not isinstance(value, pydyf.Array) or key >= len(pages):
                continue
            orphans = {mcid for mcid, ref in enumerate(value)
                       if isinstance(ref, (bytes, str)) and _number(ref) not in reachable}
            if not orphans:
                continue
            stream = self.get(pages[key]["Contents"])
            done = self._artifact(stream, orphans)
            for mcid in done:
                value[mcid] = b"null"

    @staticmethod
    def _artifact(stream: pydyf.Stream, mcids: set[int]) -> set[int]:
        """Rewrite "/Tag <</MCID n>> BDC" as "/Artifact BMC" for the given MCIDs."""
        ops = stream.stream
        done: set[int] = set()
        out = []
        i = 0
        while i < len(ops):
            op = ops[i]
            if (isinstance(op, pydyf.Dictionary) and op.get("MCID") in mcids and out
                    and isinstance(out[-1], str) and out[-1].startswith("/")
                    and i + 1 < len(ops) and ops[i + 1] == b"BDC"):
                out[-1] = "/Artifact"
                out.append(b"BMC")
                done.add(op["MCID"])
                i += 2
                continue
            out.append(op)
            i += 1
        stream.stream = out
        return done


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
            data = document.write_pdf(pdf_variant=PDF_VARIANT, finisher=_finish)
        except FatalURLFetchingError as exc:
            cause = exc.__cause__ or exc.__context__
            raise PdfResourceError(str(exc) + (f" ({cause})" if cause else "")) from None
    messages = tuple(f"{r.levelname}: {r.getMessage()}" for r in records)
    return RenderedPdf(data, len(document.pages), messages)


def write_pdf(plan: m.Plan, brand: Brand, target: Path) -> int:
    """Write the PDF to target and return its page count."""
    rendered = render_pdf(plan, brand)
    for message in rendered.messages:
        log.debug("weasyprint: %s", message)
    target.write_bytes(rendered.data)
    return rendered.pages
