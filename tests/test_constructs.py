"""The fixture chapter tests/fixtures/constructs/konstruktioner.md uses every construct a
chapter can hold (a pipe table with caption and alignment, footnotes, a captioned figure, a
block quote, cross-references to a heading, a table and a figure). A copy of the 2025
project with that chapter added builds in every format; each format shows every cell,
note, caption and quote, in order, with the structure its readers need."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import lxml.etree
import lxml.html
import pikepdf
import pytest

from .helpers import (BASENAME, FIXTURES, assert_in_order, build, make_project, need,
                      pdf_body_text, pdf_text, squash)
from .test_pdf_accessibility import _as_integer, elements, kids

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CHAPTER = FIXTURES / "constructs" / "konstruktioner.md"

HEADER = ["Kommun", "Bidrag (kr)", "Andel"]
ROWS = [["Bollnäs", "130 000", "17 %"], ["Hudiksvall", "245 000", "32 %"],
        ["Ljusdal", "110 000", "14 %"], ["Nordanstig", "60 000", "8 %"],
        ["Ovanåker", "75 000", "10 %"], ["Söderhamn", "145 000", "19 %"]]
NOTES = ["Siffrorna kommer från kommunernas årsredovisningar för 2024.",
         "Folkmängden den 31 december året före, enligt SCB."]
QUOTE = ["Tillsammans är vi starkare än var och en för sig.",
         "Ur Hälsingerådets första verksamhetsplan."]
REFS = [("#varumarket", "avsnitt 4.2.1 Delmål Varumärket Hälsingland"), ("#bidrag", "tabell 1"),
        ("#karta", "figur 1"), ("#paverkansarbete",
                                "avsnitt 4.2.3 Regionalt och nationellt påverkansarbete")]
TABLE_CAPTION = "Tabell 1. Bidrag per kommun och år"
FIGURE_CAPTION = "Figur 1. De sex kommunerna i Hälsingland"
ALT = "Karta med de sex kommunerna i Hälsingland markerade"
# The chapter's text in reading order, notes left out (each format puts them elsewhere).
BODY = (["6 Uppföljning och underlag", "Det här kapitlet visar allt", REFS[0][1], REFS[1][1],
         REFS[2][1], "6.1 Bidrag per kommun", TABLE_CAPTION, *HEADER]
        + [cell for row in ROWS for cell in row]
        + ["Varje kommun betalar efter sin folkmängd", "Fördelningen beslutades 2023.",
           "6.2 Hälsingland på kartan", FIGURE_CAPTION, *QUOTE, REFS[3][1],
           "Tabell 2. Aktiviteter 2025"])


def add_chapter(project: Path) -> Path:
    folder = project / "content" / "2025"
    for path in CHAPTER.parent.iterdir():
        shutil.copy(path, folder / path.name)
    plan = folder / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("  - organisation.md\n",
                                 "  - organisation.md\n  - konstruktioner.md\n"), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = add_chapter(make_project(tmp_path_factory.mktemp("constructs")))
    assert build(project, "--year", "2025", "--strict") == 0
    return project / "output" / "2025"


# ---- HTML -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def html(out: Path) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring((out / f"{BASENAME}.html").read_bytes())


def test_html_table(html) -> None:  # type: ignore[no-untyped-def]
    table = html.get_element_by_id("bidrag")
    assert table.find("caption").text_content() == TABLE_CAPTION
    assert [th.text_content() for th in table.findall("thead/tr/th")] == HEADER
    assert [th.get("scope") for th in table.findall("thead/tr/th")] == ["col"] * 3
    rows = table.findall("tbody/tr")
    assert [[" ".join(c.text_content().split()) for c in row] for row in rows] == [
        [" ".join(c.replace("\u00a0", " ").split()) for c in r] for r in ROWS]
    assert "justera-right" in rows[0][1].get("class") and "justera-center" in rows[0][2].get("class")
    assert rows[1][2].find("em") is not None and rows[5][1].find("strong") is not None


def test_html_figure_quote_and_references(html) -> None:  # type: ignore[no-untyped-def]
    figure = html.get_element_by_id("karta")
    assert figure.tag == "figure"
    assert figure.find("img").get("alt") == ALT
    assert figure.find("figcaption").text_content() == FIGURE_CAPTION
    quote = html.find(".//blockquote")
    assert [p.text_content() for p in quote.findall("p")] == QUOTE
    links = [(a.get("href"), " ".join(a.text_content().replace("\u00ad", "").split()))
             for a in html.iter("a")]
    for ref in REFS:
        assert ref in links
        assert html.get_element_by_id(ref[0][1:]) is not None


def test_html_footnotes_link_both_ways(html) -> None:  # type: ignore[no-untyped-def]
    notes = html.findall(".//aside[@class='fotnoter']/ol/li")
    assert [" ".join(li.text_content().replace("↩", "").split()) for li in notes] == NOTES
    for number, li in enumerate(notes, start=1):
        assert li.get("id") == f"fotnot-{number}"
        back = li.find("a")
        assert back.get("href") == f"#fotnot-{number}-ref"
        reference = html.get_element_by_id(f"fotnot-{number}-ref")
        assert reference.get("href") == f"#fotnot-{number}" and reference.text == str(number)


def test_html_text_in_order(html) -> None:  # type: ignore[no-untyped-def]
    assert_in_order(html.find(".//main").text_content(), BODY[:-1] + NOTES)


# ---- PDF ------------------------------------------------------------------------------------

def test_pdf_text_in_order(out: Path) -> None:
    text = pdf_body_text(out / f"{BASENAME}.pdf")
    assert_in_order(text, BODY)
    for number, note in enumerate(NOTES, start=1):
        assert squash(f"{number}. {note}") in squash(text)


def test_pdf_footnotes_sit_on_the_page_of_their_reference(out: Path) -> None:
    pages = pdf_text(out / f"{BASENAME}.pdf").split("\f")
    for reference, note in (("och kartan i figur 1.1", NOTES[0]),
                            ("efter sin folkmängd.2", NOTES[1])):
        [page] = [p for p in pages if squash(reference) in squash(p)]
        assert squash(note) in squash(page)


def test_pdf_structure(out: Path) -> None:
    with pikepdf.open(out / f"{BASENAME}.pdf") as pdf:
        found = elements(pdf)
        assert [str(e.S) for e in found].count("/Table") == 2, "one /Table per table"
        notes = [e for e in found if e.S == "/Note"]
        assert [str(n.ID) for n in notes] == ["fotnot-1", "fotnot-2"]
        for note in notes:
            siblings = [k for k in kids(note.P) if isinstance(k, pikepdf.Dictionary)]
            before = siblings[siblings.index(note) - 1]
            assert before.S == "/Link", "a note follows the link that refers to it"
            assert [k.S for k in kids(note) if isinstance(k, pikepdf.Dictionary)][0] == "/Lbl"
        names = list(pdf.Root.StructTreeRoot.IDTree.Names)[::2]
        assert {"fotnot-1", "fotnot-2"} <= {str(n) for n in names}
        figures = [e for e in found if e.S == "/Figure" and str(e.get("/Alt", "")) == ALT]
        assert len(figures) == 1
        group = figures[0].P
        while group.S != "/Div" or not any(isinstance(k, pikepdf.Dictionary) and k.S == "/Caption"
                                            for k in kids(group)):
            group = group.P
        quotes = [e for e in found if e.S == "/BlockQuote"]
        assert len(quotes) == 1
        assert [k.S for k in kids(quotes[0]) if isinstance(k, pikepdf.Dictionary)] == ["/P", "/P"]
        table = [e for e in found if e.S == "/Table"][0]
        heads = [k for k in kids(table) if isinstance(k, pikepdf.Dictionary) and k.S == "/THead"]
        header_cells = [c for row in kids(heads[0]) for c in kids(row)]
        assert [c.A.Scope for c in header_cells] == ["/Column"] * 3


def test_pdfua_checker_is_clean(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdfua = pytest.importorskip("pdfua")
    from pdfua.rules import structure

    monkeypatch.setattr(structure, "as_integer", _as_integer)
    report = pdfua.validate(str(out / f"{BASENAME}.pdf"))
    assert report.skipped == ()
    assert [(f.rule_id, f.message, f.location.describe()) for f in report.findings] == []
    assert report.exit_code == 0


def test_qpdf_check(out: Path) -> None:
    need("qpdf")
    run = subprocess.run(["qpdf", "--check", str(out / f"{BASENAME}.pdf")], capture_output=True,
                         text=True)
    assert run.returncode == 0 and "WARNING" not in run.stdout + run.stderr, run.stdout


# ---- DOCX -----------------------------------------------------------------------------------

def docx_parts(out: Path) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO((out / f"{BASENAME}.docx").read_bytes()))


def paragraph_text(p: lxml.etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def test_docx_footnotes_part(out: Path) -> None:
    package = docx_parts(out)
    notes = lxml.etree.fromstring(package.read("word/footnotes.xml"))
    entries = notes.findall(f"{W}footnote")
    assert [(n.get(f"{W}id"), n.get(f"{W}type")) for n in entries] == [
        ("-1", "separator"), ("0", "continuationSeparator"), ("1", None), ("2", None)]
    assert entries[0].find(f".//{W}separator") is not None
    assert entries[1].find(f".//{W}continuationSeparator") is not None
    assert [paragraph_text(n).strip().replace("\u00a0", " ") for n in entries[2:]] == NOTES
    assert all(n.find(f".//{W}footnoteRef") is not None for n in entries[2:])
    assert "footnotes+xml" in package.read("[Content_Types].xml").decode()
    assert 'relationships/footnotes" Target="footnotes.xml"' in package.read(
        "word/_rels/document.xml.rels").decode()
    settings = lxml.etree.fromstring(package.read("word/settings.xml"))
    assert [f.get(f"{W}id") for f in settings.findall(f"{W}footnotePr/{W}footnote")] == ["-1", "0"]
    body = lxml.etree.fromstring(package.read("word/document.xml"))
    assert [r.get(f"{W}id") for r in body.iter(f"{W}footnoteReference")] == ["1", "2"]


def test_docx_table_figure_quote_and_references(out: Path) -> None:
    body = lxml.etree.fromstring(docx_parts(out).read("word/document.xml"))
    table = body.findall(f".//{W}tbl")[0]
    rows = table.findall(f"{W}tr")
    assert [[paragraph_text(c) for c in r.findall(f"{W}tc")] for r in rows] == [HEADER] + [
        [c.replace(" ", "\u00a0") if c[0].isdigit() else c for c in row] for row in ROWS]
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    paragraphs = list(body.iter(f"{W}p"))
    style = {id(p): (p.find(f"{W}pPr/{W}pStyle").get(f"{W}val")
                     if p.find(f"{W}pPr/{W}pStyle") is not None else "") for p in paragraphs}
    captions = [paragraph_text(p) for p in paragraphs if style[id(p)] == "Caption"]
    assert captions[:2] == [TABLE_CAPTION, FIGURE_CAPTION]
    figure_caption = [p for p in paragraphs if paragraph_text(p) == FIGURE_CAPTION][0]
    assert "SEQ Figur" in "".join(t.text for t in figure_caption.iter(f"{W}instrText"))
    picture = paragraphs[paragraphs.index(figure_caption) - 1]
    assert picture.find(f".//{{*}}docPr").get("descr") == ALT
    assert [paragraph_text(p) for p in paragraphs if style[id(p)] == "Quote"] == QUOTE
    bookmarks = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
    links = {(h.get(f"{W}anchor"), paragraph_text(h)) for h in body.iter(f"{W}hyperlink")}
    for href, text in REFS:
        assert (href[1:], text.replace("4.2.1 ", "4.2.1 ")) in {
            (a, t.replace("\u00a0", " ")) for a, t in links}
        assert href[1:] in bookmarks


def test_docx_text_in_order(out: Path) -> None:
    body = lxml.etree.fromstring(docx_parts(out).read("word/document.xml"))
    text = "\n".join(paragraph_text(p) for p in body.iter(f"{W}p"))
    assert_in_order(text, [b for b in BODY if not re.match(r"\d(\.\d)? ", b)])


def test_libreoffice_renders_the_footnotes(out: Path, tmp_path: Path) -> None:
    soffice = need("soffice")
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(out / f"{BASENAME}.docx")], check=True, capture_output=True, timeout=240)
    rendered = tmp_path / f"{BASENAME}.pdf"
    assert rendered.exists(), "LibreOffice wrote no PDF"
    text = pdf_text(rendered)
    assert_in_order(text, [b for b in BODY if not re.match(r"\d(\.\d)? ", b)])
    for note in NOTES:
        assert squash(note) in squash(text)
