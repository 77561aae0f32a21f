"""The mission: every heading (with its number), paragraph, list item and table cell of the
seed appears, in order, in the PDF, the DOCX (also as LibreOffice renders it) and the HTML,
and the activity table has exactly 19 rows of the right five cells in each format."""

from __future__ import annotations

import re
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pikepdf
import pytest

from handlingsplan.sources import load_content

from .helpers import (toc, BASENAME, ROOT, assert_in_order, expected_blocks, expected_table, need,
                      pdf_body_text, plain_cells)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def numbered_headings() -> dict[str, str]:
    """"4.2.1 Delmål Varumärket Hälsingland" -> "Delmål Varumärket Hälsingland"."""
    plan, _ = load_content(ROOT, 2025)[:2]
    return {f"{e.number} {e.text}": e.text for e in toc(plan) if e.number}


class _HtmlText(HTMLParser):
    """Body text and table rows of the HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style", "title"):
            self.skip += 1
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif tag in ("p", "li", "dt", "dd", "h1", "h2", "h3", "br", "div"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "title"):
            self.skip -= 1
        elif tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        self.parts.append(data)
        if self.cell is not None:
            self.cell.append(data)


def html_parsed(built: Path) -> _HtmlText:
    parser = _HtmlText()
    parser.feed((built / f"{BASENAME}.html").read_text(encoding="utf-8"))
    return parser


def docx_body(path: Path) -> ElementTree.Element:
    with zipfile.ZipFile(path) as archive:
        return ElementTree.fromstring(archive.read("word/document.xml")).find(f"{W}body")


def paragraph_text(p: ElementTree.Element) -> str:
    return "".join(t.text or "" if t.tag == f"{W}t" else " " for t in p.iter()
                   if t.tag in (f"{W}t", f"{W}tab"))


def docx_rows(path: Path) -> list[list[str]]:
    tables = docx_body(path).iter(f"{W}tbl")
    table = next(t for t in tables if "Ansvarig" in "".join(x.text or "" for x in t.iter(f"{W}t")))
    return [[" ".join(paragraph_text(p) for p in tc.iter(f"{W}p")).strip() for tc in tr.iter(f"{W}tc")]
            for tr in table.iter(f"{W}tr")]


# ---- PDF

def test_pdf_has_every_block_in_order(built: Path) -> None:
    assert_in_order(pdf_body_text(built / f"{BASENAME}.pdf"), expected_blocks())


def test_pdf_table_has_19_rows_of_five_cells(built: Path) -> None:
    with pikepdf.open(built / f"{BASENAME}.pdf") as pdf:
        rows: list[list[str]] = []

        def walk(node: pikepdf.Dictionary) -> None:
            kids = node.get("/K")
            if node.get("/S") == "/TR":
                rows.append([c.get("/S") for c in kids if isinstance(c, pikepdf.Dictionary)])
                return
            if isinstance(kids, pikepdf.Array):
                for kid in kids:
                    if isinstance(kid, pikepdf.Dictionary):
                        walk(kid)
            elif isinstance(kids, pikepdf.Dictionary):
                walk(kids)

        walk(pdf.Root.StructTreeRoot)
    assert len(rows) == 20, "one header row and 19 activities in the structure tree"
    assert rows[0] == ["/TH"] * 5
    assert all(row == ["/TH"] + ["/TD"] * 4 for row in rows[1:]), "the activity names its row"
    text = pdf_body_text(built / f"{BASENAME}.pdf")
    for row in expected_table()[1:]:
        assert_in_order(text, [cell for cell in row if cell])


# ---- HTML

def test_html_has_every_block_in_order(built: Path) -> None:
    assert_in_order("".join(html_parsed(built).parts), expected_blocks())


def test_html_table_rows(built: Path) -> None:
    assert plain_cells(html_parsed(built).rows) == plain_cells(expected_table())


# ---- DOCX

def test_docx_has_every_block_in_order(built: Path) -> None:
    """Heading numbers are Word's own numbering, so the XML holds the text without them."""
    headings = numbered_headings()
    body = docx_body(built / f"{BASENAME}.docx")
    text = "\n".join(paragraph_text(p) for p in body.iter(f"{W}p"))
    assert_in_order(text, [headings.get(block, block) for block in expected_blocks()])


def test_docx_table_rows(built: Path) -> None:
    assert plain_cells(docx_rows(built / f"{BASENAME}.docx")) == plain_cells(expected_table())


@pytest.fixture(scope="module")
def docx_as_pdf(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    soffice = need("soffice")
    out = tmp_path_factory.mktemp("lo")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{out}/profile",
                    "--convert-to", "pdf", "--outdir", str(out), str(built / f"{BASENAME}.docx")],
                   check=True, capture_output=True, timeout=180)
    pdf = out / f"{BASENAME}.pdf"
    assert pdf.is_file(), "LibreOffice exited without writing the PDF"
    return pdf


def test_libreoffice_rendering_has_every_block_with_heading_numbers(docx_as_pdf: Path) -> None:
    text = pdf_body_text(docx_as_pdf)
    assert_in_order(text, expected_blocks())
    for numbered in numbered_headings():
        assert re.search(rf"^{re.escape(numbered)}$", text, re.MULTILINE), numbered
