"""The writers and the error messages on a project that is not the 2025 plan: the synthetic
project of tests/synthetic.py (another year, title, chapters and goal keys, and an
activity table longer than a page), built once per session. Every expected count comes
from the loaded model, so nothing here knows how many headings or rows there are."""

from __future__ import annotations

import base64
import functools
import hashlib
import re
import subprocess
import zipfile
from pathlib import Path

import lxml.html
import pikepdf
import pytest
from lxml import etree

from handlingsplan import model as m
from handlingsplan.documents.plan import plan_document
from handlingsplan.documents.typography import typeset
from handlingsplan.sources import load_content

from .helpers import build, need, snapshot, squash
from .synthetic import PICTURE, TITLE, YEAR

FORMATS = ("pdf", "docx", "html")
A = f"content/{YEAR}/aktiviteter.yaml"
NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
W = "{%s}" % NS["w"]
HEADING_STYLES = {"Heading1": 1, "Heading2": 2, "Heading3": 3}


# ---- the model the expectations come from --------------------------------------------------

@functools.cache
def _loaded(root: Path) -> tuple[m.Plan, m.Document]:
    plan, report, _ = load_content(root, YEAR)
    assert not report.problems, report.problems
    return plan, plan_document(plan)


@pytest.fixture(scope="module")
def out(synthetic_built: Path) -> Path:
    return synthetic_built


@pytest.fixture(scope="module")
def plan(out: Path) -> m.Plan:
    return _loaded(out.parent.parent)[0]


@pytest.fixture(scope="module")
def document(out: Path) -> m.Document:
    return _loaded(out.parent.parent)[1]


def output(out: Path, document: m.Document, fmt: str) -> Path:
    return out / f"{document.file_stem}.{fmt}"


def pictures(document: m.Document) -> list[m.Image]:
    return [b for s in document.sections for b in s.blocks if isinstance(b, m.Image)]


def activity_table(document: m.Document) -> m.Table:
    (table,) = document.tables()
    return table


def text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def without_data_urls(markup: str) -> str:
    """The markup without the base64 of embedded pictures (random digits in it are no year)."""
    return re.sub(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+", "data:", markup)


def test_the_synthetic_project_is_not_the_2025_plan(plan: m.Plan, document: m.Document) -> None:
    """The premise of this module: another year, title, chapter files and goal keys."""
    assert plan.meta.year == YEAR != 2025
    assert document.title == TITLE and document.full_title == f"{TITLE} {YEAR}"
    assert [Path(c.loc.path).name for c in plan.chapters] == [
        "bakgrund.md", "omraden.md", "begrepp.md", "uppfoljning.md"]
    assert [h.key for h in plan.headings() if h.key] == ["turism", "digitalisering", "ungdomar"]
    assert {h.level for h in plan.headings()} == {1, 2, 3}
    assert any(not h.numbered for h in plan.headings())
    assert {a.status for a in plan.activities.activities} == set(m.Status)
    assert {a.due.kind for a in plan.activities.activities} == set(m.DueKind)
    assert plan.meta.status is m.PlanStatus.DRAFT


def test_check_is_clean_even_when_strict(synthetic_project: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert build(synthetic_project, "--year", str(YEAR), "--check", "--strict") == 0
    captured = capsys.readouterr()
    assert "varning" not in captured.err and "fel" not in captured.err, captured.err
    activities = len(_loaded(synthetic_project)[0].activities.activities)
    assert f"{activities} aktiviteter" in captured.out


# ---- files ---------------------------------------------------------------------------------

def test_file_names_carry_the_documents_stem_and_sums_list_them(out: Path,
                                                                document: m.Document) -> None:
    assert document.file_stem == f"halsingeradets-handlingsplan-for-besoksnaring-{YEAR}"
    names = sorted(f"{document.file_stem}.{fmt}" for fmt in FORMATS)
    assert sorted(p.name for p in out.iterdir()) == sorted(names + ["SHA256SUMS"])
    sums = [line.split("  ") for line in (out / "SHA256SUMS").read_text().splitlines()]
    assert [name for _, name in sums] == names
    for digest, name in sums:
        assert digest == hashlib.sha256((out / name).read_bytes()).hexdigest(), name


# ---- HTML ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def html(out: Path, document: m.Document) -> str:
    return output(out, document, "html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def doc(html: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html.encode("utf-8"))


def test_html_headings_have_their_numbers_and_anchors(doc, document: m.Document) -> None:
    main_headings = doc.xpath("//main//h1 | //main//h2 | //main//h3")
    assert [h.get("id") for h in main_headings] == [h.anchor for h in document.headings()]
    for heading, element in zip(document.headings(), main_headings):
        assert element.tag == f"h{heading.level}"
        title = m.plain_text(heading.inlines)
        numbers = [text(n) for n in element.find_class("nr")]
        if heading.number:
            assert numbers == [heading.number]
            assert text(element) == f"{heading.number} {title}"
        else:
            assert numbers == [] and text(element) == title
    assert text(doc.get_element_by_id("turism")) == "2.1.1 Delmål Fler besökare året runt"


def test_html_contents_link_every_entry(doc, document: m.Document) -> None:
    links = doc.xpath("//nav//a")
    entries = document.toc()
    assert [a.get("href") for a in links] == [f"#{e.anchor}" for e in entries]
    assert [text(a) for a in links] == [f"{e.number} {e.text}" if e.number else e.text
                                        for e in entries]
    assert len(doc.xpath("//nav//ul[contains(@class, 'toc-3')]/li")) == sum(
        1 for e in entries if e.level == 3)


def test_html_activity_table_has_a_row_per_activity(doc, plan: m.Plan, document: m.Document) -> None:
    (table,) = doc.xpath("//table")
    model = activity_table(document)
    assert len(table.xpath("thead/tr")) == 1
    assert [text(th) for th in table.xpath("thead/tr/th")] == [c.label for c in model.columns]
    assert all(th.get("scope") == "col" for th in table.xpath("thead/tr/th"))
    rows = table.xpath("tbody/tr")
    assert len(rows) == len(plan.activities.activities) == len(model.rows)
    for row, activity in zip(rows, plan.activities.activities):
        name, *cells = row.xpath("th | td")
        assert name.tag == "th" and name.get("scope") == "row"
        assert text(name) == " ".join(typeset(activity.text).split())
        assert [c.tag for c in cells] == ["td"] * (len(model.columns) - 1)
        assert text(cells[1]) == " ".join(typeset(activity.responsible).split())
    caption = text(table.find("caption"))
    assert caption == f"{document.words.table} {model.number}. {model.caption}"
    assert caption.startswith("Tabell 1. ") and str(YEAR) in caption


def test_html_picture_is_inline_with_its_alt_text(doc, document: m.Document) -> None:
    (image,) = pictures(document)
    (img,) = doc.xpath("//main//img")
    assert img.get("alt") == typeset(image.alt)
    src = img.get("src")
    assert src.startswith("data:image/png;base64,")
    assert base64.b64decode(src.split(",", 1)[1]) == PICTURE.read_bytes()


def test_html_has_no_2025(html: str) -> None:
    visible = without_data_urls(html)
    assert str(YEAR) in visible
    assert "2025" not in visible


# ---- PDF -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pdf_path(out: Path, document: m.Document) -> Path:
    return output(out, document, "pdf")


@pytest.fixture(scope="module")
def pages(pdf_path: Path) -> list[str]:
    need("pdftotext")
    raw = subprocess.run(["pdftotext", "-raw", str(pdf_path), "-"], check=True,
                         capture_output=True, text=True).stdout
    return raw.split("\f")[:-1]  # pdftotext ends every page with a form feed


def structure(pdf: pikepdf.Pdf) -> list[str]:
    """The role of every structure element, in tree order."""
    found: list[str] = []

    def walk(element: pikepdf.Dictionary) -> None:
        k = element.get("/K")
        for kid in (k if isinstance(k, pikepdf.Array) else [k] if k is not None else []):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found.append(str(kid.S))
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return found


def test_pdf_table_crosses_pages_with_its_header_repeated(pdf_path: Path, pages: list[str],
                                                          document: m.Document) -> None:
    with pikepdf.open(pdf_path) as pdf:
        assert len(pdf.pages) == len(pages) > 1
    header = squash(" ".join(c.label for c in activity_table(document).columns))
    with_header = [n for n, page in enumerate(pages) if header in squash(page)]
    assert len(with_header) >= 2, with_header
    assert with_header == list(range(with_header[0], with_header[0] + len(with_header)))
    # The last activity is on the last page that repeats the header.
    last = squash(activity_table(document).rows[-1][0][0].text)
    assert last in squash(pages[with_header[-1]])


def test_pdf_table_structure_counts(pdf_path: Path, document: m.Document) -> None:
    table = activity_table(document)
    rows, columns = len(table.rows), len(table.columns)
    with pikepdf.open(pdf_path) as pdf:
        roles = structure(pdf)
    assert roles.count("/Table") == 1
    assert roles.count("/TR") == 1 + rows
    assert roles.count("/TH") == columns + rows, "column headers, a row header per row"
    assert roles.count("/TD") == (columns - 1) * rows


def test_pdf_bookmarks_are_the_documents_contents(pdf_path: Path, document: m.Document) -> None:
    found: list[tuple[int, str]] = []

    def collect(items: list, level: int) -> None:
        for item in items:
            found.append((level, str(item.title)))
            collect(item.children, level + 1)

    with pikepdf.open(pdf_path) as pdf, pdf.open_outline() as outline:
        collect(outline.root, 1)
    assert found == [(e.level, f"{e.number} {e.text}" if e.number else e.text)
                     for e in document.toc()]


def test_pdf_marking_language_and_title(pdf_path: Path, pages: list[str],
                                        document: m.Document) -> None:
    assert document.status_marking == "UTKAST"
    assert all(document.status_marking in page for page in pages)
    assert not any("FÖRSLAG" in page for page in pages)
    with pikepdf.open(pdf_path) as pdf:
        assert str(pdf.Root.Lang) == "sv-SE"
        assert str(pdf.docinfo.Title) == document.full_title
        with pdf.open_metadata() as xmp:
            assert xmp["dc:title"] == document.full_title
    assert squash(document.full_title) in squash(pages[1])  # the running header


def test_pdf_has_no_2025(pages: list[str]) -> None:
    assert str(YEAR) in pages[0]
    assert not [n for n, page in enumerate(pages) if "2025" in page]


# ---- DOCX ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def package(out: Path, document: m.Document) -> dict[str, bytes]:
    with zipfile.ZipFile(output(out, document, "docx")) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture(scope="module")
def body(package: dict[str, bytes]) -> etree._Element:
    return etree.fromstring(package["word/document.xml"]).find("w:body", NS)


def text_of(element: etree._Element) -> str:
    parts = []
    for node in element.iter(f"{W}t", f"{W}tab"):
        parts.append(node.text or "" if node.tag == f"{W}t" else "\t")
    return "".join(parts)


def paragraph_style(p: etree._Element) -> str:
    values = p.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS)
    return values[0] if values else "Normal"


def test_docx_table_rows(body: etree._Element, document: m.Document) -> None:
    tables = body.findall(".//w:tbl", NS)
    assert len(tables) == 1
    rows = tables[0].findall("w:tr", NS)
    assert len(rows) == 1 + len(activity_table(document).rows)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert [r for r in rows[1:] if r.find("w:trPr/w:tblHeader", NS) is not None] == []
    assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)
    assert [len(r.findall("w:tc", NS)) for r in rows] == [len(activity_table(document).columns)] * len(rows)


def test_docx_headings_in_the_documents_order(body: etree._Element, document: m.Document) -> None:
    headings = [p for p in body.findall("w:p", NS) if paragraph_style(p) in HEADING_STYLES]
    entries = document.toc()
    assert [HEADING_STYLES[paragraph_style(p)] for p in headings] == [e.level for e in entries]
    assert [text_of(p) for p in headings] == [typeset(e.text) for e in entries]


def test_docx_picture_has_its_alt_text(body: etree._Element, document: m.Document) -> None:
    (image,) = pictures(document)
    descriptions = [d.get("descr") for d in body.iter("{%s}docPr" % NS["wp"])]
    assert len(descriptions) == 2, "the logo and the chapter's picture"
    assert descriptions[1] == typeset(image.alt)


def test_docx_header_and_footer_carry_this_title(package: dict[str, bytes],
                                                 document: m.Document) -> None:
    headers = [etree.fromstring(data) for name, data in package.items()
               if re.fullmatch(r"word/header\d*\.xml", name)]
    footers = [etree.fromstring(data) for name, data in package.items()
               if re.fullmatch(r"word/footer\d*\.xml", name)]
    assert headers and footers
    # document type, diarienummer and date, then (after a w:br, not in text_of) title and marking
    assert document.running_header == "Handlingsplan · Dnr HR 2031/017 · 2031-01-20"
    expected = (f"{typeset(document.running_header)}{typeset(document.full_title)}"
                f"\t{document.status_marking}")
    assert expected in [text_of(h) for h in headers]
    for part in headers + footers:
        assert "2025" not in text_of(part)
        assert "Hälsingerådets handlingsplan 2025" not in text_of(part)


def test_docx_has_no_2025(package: dict[str, bytes]) -> None:
    xml = package["word/document.xml"].decode("utf-8")
    assert str(YEAR) in xml
    assert "2025" not in xml


# ---- errors on the synthetic project -------------------------------------------------------

def edit(project: Path, rel: str, old: str, new: str) -> str:
    path = project / rel
    original = path.read_text(encoding="utf-8")
    assert old in original, f"the synthetic project no longer has {old!r}"
    edited = original.replace(old, new, 1)
    path.write_text(edited, encoding="utf-8")
    return edited


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_unknown_goal_lists_this_projects_keys(synthetic_project: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    plan, _ = _loaded(synthetic_project)
    out_dir = synthetic_project / "output" / str(YEAR)
    before = snapshot(out_dir)
    edited = edit(synthetic_project, A, "mål: [ungdomar]", "mål: [ungdom]")
    assert build(synthetic_project, "--year", str(YEAR)) == 1
    err = capsys.readouterr().err
    known = ", ".join(f"{h.key} {h.number}" for h in plan.headings() if h.key)
    assert known == "turism 2.1.1, digitalisering 2.1.2, ungdomar 2.2.1"
    line = line_of(edited, "mål: [ungdom]")
    column = len("    mål: [") + 1
    assert f"{A}:{line}:{column}: fel: okänt mål 'ungdom' (finns: {known})" in err.splitlines()
    assert "varumarket" not in err and "Traceback" not in err
    assert snapshot(out_dir) == before


def test_malformed_due_date_gives_examples_in_the_plans_year(
        synthetic_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = synthetic_project / "output" / str(YEAR)
    before = snapshot(out_dir)
    edited = edit(synthetic_project, A, f"slutdatum: {YEAR}-05-25", "slutdatum: i maj")
    assert build(synthetic_project, "--year", str(YEAR)) == 1
    err = capsys.readouterr().err
    (message,) = [line for line in err.splitlines() if "'i maj'" in line]
    assert message.startswith(f"{A}:{line_of(edited, 'slutdatum: i maj')}:")
    assert (f"skriv t.ex. {YEAR}-05-25 (datum), {YEAR}-09-25/{YEAR}-09-27 (period), "
            f"{YEAR}-06 (månad)") in message
    assert "2025" not in err
    assert snapshot(out_dir) == before


def test_missing_year_lists_the_years_there_are(synthetic_project: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = synthetic_project / "output" / str(YEAR)
    before = snapshot(out_dir)
    assert build(synthetic_project, "--year", str(YEAR - 1)) == 2
    err = capsys.readouterr().err
    assert err.strip() == (f"fel: det finns ingen plan för {YEAR - 1}: mappen "
                           f"content/{YEAR - 1} saknas (finns: {YEAR})")
    assert snapshot(out_dir) == before
    assert not (synthetic_project / "output" / str(YEAR - 1)).exists()
