"""No table text crosses its cell's edge, in the PDF and in the DOCX (as LibreOffice
renders it): a plan whose activity table has the longest Swedish words and long web
addresses in every column. Checked on the word boxes of `pdftotext -bbox-layout`: every
word of the table lies inside one column (edges from the table's <col> widths, which are
the DOCX grid's too), and no two words overlap."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from handlingsplan import model as m
from handlingsplan.writers import docx as docx_writer
from handlingsplan.writers import html as html_writer
from handlingsplan.writers import pdf as pdf_writer

from .helpers import document_and_assets, need, real_plan, squash

MM = 72 / 25.4
LONG = "Kompetensförsörjningssamordningsuppdraget"
GROUP = "Kommunchefsgruppen"
URL = "https://www.halsingland.se/naringsliv/kompetensforsorjning/samordningsuppdraget-2025"
TOLERANCE = 0.75   # pt: the engines' rounding of glyph boxes


def long_word_plan() -> m.Plan:
    """The 2025 plan with long words in every column's cells: the activity, the
    responsible, and (through the goal's number and status) the short-token columns."""
    plan, _ = real_plan()
    base = plan.activities.activities
    texts = [f"{LONG} {GROUP}", f"Samordna {LONG} med {GROUP}", f"Läs mer på {URL}",
             f"{GROUP}{LONG}", "Kort"]
    responsible = [GROUP, LONG, URL, f"{GROUP}/{LONG}", "Hälsingerådets Utvecklingskontor"]
    activities = [dataclasses.replace(a, text=texts[i % 5], responsible=responsible[i % 5])
                  for i, a in enumerate(base)]
    return dataclasses.replace(plan, activities=dataclasses.replace(
        plan.activities, activities=tuple(activities)))


@pytest.fixture(scope="module")
def inputs():  # type: ignore[no-untyped-def]
    _, brand = real_plan()
    return document_and_assets(long_word_plan(), brand)


@pytest.fixture(scope="module")
def percents(inputs) -> list[float]:  # type: ignore[no-untyped-def]
    page = lxml.html.document_fromstring(html_writer.render_html(*inputs, "print").encode())
    table = page.get_element_by_id("tabell-aktiviteter")
    return [float(c.get("style").removeprefix("width: ").removesuffix("%"))
            for c in table.findall("colgroup/col")]


@pytest.fixture(scope="module")
def pdf(inputs, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("overflow") / "plan.pdf"
    path.write_bytes(pdf_writer.render(*inputs).files[f"{inputs[0].file_stem}.pdf"])
    return path


@pytest.fixture(scope="module")
def docx_pdf(inputs, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    soffice = need("soffice")
    folder = tmp_path_factory.mktemp("overflow-docx")
    source = folder / "plan.docx"
    source.write_bytes(docx_writer.render_docx(*inputs))
    subprocess.run([soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=180)
    path = folder / "plan.pdf"
    assert path.exists(), "LibreOffice wrote no PDF"
    return path


Word = tuple[float, float, float, float, str]


def table_words(path: Path, header: str) -> list[list[Word]]:
    """Per page with the activity table: the words from its header row down to the
    bottom margin (running header and footer left out)."""
    need("pdftotext")
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], check=True,
                         capture_output=True).stdout
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    pages = []
    for page in lxml.etree.fromstring(xml).iterfind(".//h:page", ns):
        height = float(page.get("height"))
        words = [(float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")),
                  float(w.get("yMax")), w.text or "") for w in page.iterfind(".//h:word", ns)]
        tops = [w[1] for w in words if w[4] == header]
        if not tops:
            continue
        pages.append([w for w in words if w[1] >= min(tops) - 1
                      and w[3] <= height - 25 * MM + 1])
    return pages


def edges(percents: list[float], left_mm: float = 25, width_mm: float = 160) -> list[float]:
    out, x = [left_mm * MM], left_mm * MM
    for p in percents:
        x += width_mm * MM * p / 100
        out.append(x)
    return out


def check(pages: list[list[Word]], cuts: list[float]) -> None:
    assert pages, "the table was found"
    for number, words in enumerate(pages):
        for x0, y0, x1, y1, text in words:
            inside = [i for i in range(len(cuts) - 1)
                      if cuts[i] - TOLERANCE <= x0 and x1 <= cuts[i + 1] + TOLERANCE]
            assert inside, f"table page {number + 1}: {text!r} ({x0:.1f}–{x1:.1f} pt) crosses " \
                           f"a cell edge ({[round(c, 1) for c in cuts]})"
        boxes = sorted(words)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                # adjacent pieces of one word split at a break point (a linked address in
                # LibreOffice: "se/" ends at 143.12, "naringsliv/" starts at 143.10)
                if b[0] >= a[2] - 0.1:
                    break
                overlap = min(a[3], b[3]) - max(a[1], b[1])
                assert overlap <= 0.5, f"{a[4]!r} and {b[4]!r} overlap"


def test_the_long_words_are_in_the_table(pdf: Path) -> None:
    text = squash(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], check=True,
                                 capture_output=True, text=True).stdout)
    for word in (LONG, GROUP, URL):
        assert squash(word) in text


def test_no_word_crosses_its_cell_in_the_pdf(pdf: Path, percents: list[float]) -> None:
    check(table_words(pdf, "Ansvarig"), edges(percents))


def test_no_word_crosses_its_cell_in_the_docx(docx_pdf: Path, percents: list[float]) -> None:
    check(table_words(docx_pdf, "Ansvarig"), edges(percents))


def test_long_words_break_at_hyphenation_points_not_anywhere(pdf: Path) -> None:
    """The long compound breaks where the Swedish patterns allow, with a hyphen."""
    lines = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], check=True,
                           capture_output=True, text=True).stdout.splitlines()
    ends = [line.split()[-1] for line in lines if line.split()]
    # U+2010 is the hyphen WeasyPrint draws at a soft hyphen (a written one is U+002D)
    pieces = [end for end in ends if end.endswith("\u2010") and squash(end) in squash(LONG)]
    assert pieces, "the long word is hyphenated somewhere"
    assert all(p.rstrip("\u2010").endswith(("Kom", "pe", "tens", "för", "sörj", "nings", "sam",
                                       "ord", "upp", "dra"))
               for p in pieces), pieces
