"""Every Table block, not only the activity table, gets the same guarantees in every format:
a numbered caption, a header row repeated on each page, rows never split, header cells
with their scope (HTML th scope, PDF /TH /Scope, DOCX tblHeader), the column spec's
alignment. A second table (in chapter 1, longer than a page) is added to the 2025 plan."""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
import zipfile
from pathlib import Path

import lxml.etree
import lxml.html
import pikepdf
import pytest

from handlingsplan import model as m
from handlingsplan.diagnostics import Loc
from handlingsplan.writers import docx as docx_writer
from handlingsplan.writers import html as html_writer
from handlingsplan.writers import pdf as pdf_writer

from .helpers import document_and_assets, need, real_plan

ROWS = 80
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def budget_table() -> m.Table:
    columns = (m.Column("kommun", "Kommun", 50, names_row=False),
               m.Column("bidrag", "Bidrag (kr)", 25, align=m.Align.RIGHT, wrap=m.Wrap.KEEP),
               m.Column("andel", "Andel", 25, align=m.Align.CENTER, wrap=m.Wrap.KEEP))
    rows = tuple(((m.Text(f"Kommun nummer {i}"),), (m.Text(f"{i * 1000} 000"),),
                  (m.Strong((m.Text(f"{i % 100} %"),)),)) for i in range(1, ROWS + 1))
    return m.Table(columns, rows, "Bidrag per kommun", "Bidrag per kommun och år.",
                   "tabell-bidrag", Loc("content/2025/inledning.md", 9))


@pytest.fixture(scope="module")
def inputs() -> tuple[m.Document, object]:
    plan, brand = real_plan()
    first = dataclasses.replace(plan.chapters[0],
                                blocks=plan.chapters[0].blocks + (budget_table(),))
    plan = dataclasses.replace(plan, chapters=(first, *plan.chapters[1:]))
    document, assets = document_and_assets(plan, brand)
    return document, assets


def test_tables_are_numbered_in_reading_order(inputs) -> None:  # type: ignore[no-untyped-def]
    document, _ = inputs
    assert [(t.number, t.anchor) for t in document.tables()] == [
        (1, "tabell-bidrag"), (2, "tabell-aktiviteter")]


def test_html_renders_every_table(inputs) -> None:  # type: ignore[no-untyped-def]
    page = html_writer.render_html(*inputs, "screen")
    doc = lxml.html.document_fromstring(page.encode("utf-8"))
    first, second = doc.iter("table")
    assert first.find("caption").text_content() == "Tabell 1. Bidrag per kommun"
    assert second.find("caption").text_content().startswith("Tabell 2. Aktiviteter 2025")
    assert [th.get("scope") for th in first.findall("thead/tr/th")] == ["col"] * 3
    rows = first.findall("tbody/tr")
    assert len(rows) == ROWS and not first.xpath("tbody//th")
    assert "justera-right" in rows[0][1].get("class") and "justera-center" in rows[0][2].get("class")
    assert rows[0][2].find("strong") is not None
    widths = [float(c.get("style").removeprefix("width: ").removesuffix("%"))
              for c in first.findall("colgroup/col")]
    assert sum(widths) == pytest.approx(100, abs=0.01)
    assert widths[0] > widths[1] and widths[0] > widths[2], "the most text, the widest"


@pytest.fixture(scope="module")
def pdf(inputs, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("tables") / "plan.pdf"
    path.write_bytes(pdf_writer.render(*inputs).files[f"{inputs[0].file_stem}.pdf"])
    return path


def test_pdf_tags_every_table_once_with_scoped_headers(pdf: Path) -> None:
    with pikepdf.open(pdf) as doc:
        tables = []

        def walk(e: pikepdf.Dictionary) -> None:
            if e.get("/S") == "/Table":
                tables.append(e)
            kids = e.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                    walk(kid)

        walk(doc.Root.StructTreeRoot)
        assert len(tables) == 2, "one /Table per table, even across pages"
        budget = tables[0]
        head, body = [k for k in budget.K if k.S in ("/THead", "/TBody")]
        (header_row,) = list(head.K)
        assert [c.S for c in header_row.K] == ["/TH"] * 3
        assert all(c.A.Scope == "/Column" for c in header_row.K)
        assert len(list(body.K)) == ROWS
        assert all([c.S for c in row.K] == ["/TD"] * 3 for row in body.K)


def test_pdf_repeats_the_header_and_never_splits_a_row(pdf: Path) -> None:
    need("pdftotext")
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                           capture_output=True, text=True).stdout.split("\f")
    with_rows = [p for p in pages if "Kommun nummer" in p]
    assert len(with_rows) >= 2, "the 80-row table crosses a page"
    for page in with_rows:
        assert re.search(r"Kommun\s+Bidrag \(kr\)\s+Andel", page), "header row on every page"
    found = [int(n) for p in with_rows for n in re.findall(r"Kommun nummer (\d+)", p)]
    assert found == list(range(1, ROWS + 1)), "every row once, in order, none split"


def test_docx_renders_every_table(inputs) -> None:  # type: ignore[no-untyped-def]
    data = docx_writer.render_docx(*inputs)
    body = lxml.etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    tables = body.findall(f".//{W}tbl")
    assert len(tables) == 2
    budget = tables[0]
    rows = budget.findall(f"{W}tr")
    assert len(rows) == 1 + ROWS
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in rows[1:])
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    jc = [tc.find(f"{W}p/{W}pPr/{W}jc") for tc in rows[1].findall(f"{W}tc")]
    assert jc[0] is None and jc[1].get(f"{W}val") == "right" and jc[2].get(f"{W}val") == "center"
    captions = [p for p in body.iter(f"{W}p")
                if any("SEQ Tabell" in (t.text or "") for t in p.iter(f"{W}instrText"))]
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in captions]
    assert texts == ["Tabell 1. Bidrag per kommun",
                     "Tabell 2. Aktiviteter 2025 med mål, ansvarig, slutdatum och status"]
    grid = [int(c.get(f"{W}w")) for c in budget.findall(f"{W}tblGrid/{W}gridCol")]
    assert grid[0] > grid[1] and grid[0] > grid[2], "the most text, the widest"


def test_html_and_docx_have_the_same_column_widths(inputs) -> None:  # type: ignore[no-untyped-def]
    page = lxml.html.document_fromstring(html_writer.render_html(*inputs, "print").encode())
    html = [[float(c.get("style").removeprefix("width: ").removesuffix("%"))
             for c in table.findall("colgroup/col")] for table in page.iter("table")]
    data = docx_writer.render_docx(*inputs)
    body = lxml.etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    for percent, table in zip(html, body.findall(f".//{W}tbl"), strict=True):
        grid = [int(c.get(f"{W}w")) for c in table.findall(f"{W}tblGrid/{W}gridCol")]
        cells = [int(tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w")) for tc in table.find(f"{W}tr").findall(f"{W}tc")]
        assert cells == grid
        assert [100 * g / sum(grid) for g in grid] == pytest.approx(percent, abs=0.02)
