"""The Word version: structure of the DOCX parts, reproducible bytes, embedded fonts, and
how LibreOffice renders it (heading numbers, table, fonts without the system's Noto Sans).

The plan is built once per module straight through the DOCX writer; tests read the
package with zipfile + lxml (python-docx stays inside the writer).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from handlingsplan import model as m
from handlingsplan.writers import docx as docx_writer
from handlingsplan.writers.docx import xml as docx_xml
from handlingsplan.sources.brand import Brand
from handlingsplan.documents.docblock import (document_block, document_datetime, document_day,
                                              status_marking)
from handlingsplan.documents.typography import typeset

from .helpers import toc, write_docx, real_plan, header_cells, row_texts

ROOT = Path(__file__).resolve().parent.parent
NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}
W = "{%s}" % NS["w"]
R = "{%s}" % NS["r"]
HEADING_STYLES = {"Heading1": 1, "Heading2": 2, "Heading3": 3}


# ---- fixtures and helpers ------------------------------------------------------------------

@pytest.fixture(scope="module")
def plan() -> m.Plan:
    return real_plan()[0]


@pytest.fixture(scope="module")
def brand() -> Brand:
    return real_plan()[1]


@pytest.fixture(scope="module")
def docx(plan: m.Plan, brand: Brand, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("docx") / "plan.docx"
    write_docx(plan, brand, target)
    return target


class Package:
    """The parts of a DOCX file, parsed on demand."""

    def __init__(self, path: Path):
        with zipfile.ZipFile(path) as archive:
            self.infos = archive.infolist()
            self.blobs = {info.filename: archive.read(info) for info in self.infos}

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.blobs[name])

    def rels(self, name: str) -> dict[str, tuple[str, str]]:
        """rId -> (type, target) of part `name` ("word/document.xml")."""
        folder, _, base = name.rpartition("/")
        rels = self.xml(f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels")
        return {r.get("Id"): (r.get("Type"), r.get("Target"))
                for r in rels.findall("rel:Relationship", NS)}


@pytest.fixture(scope="module")
def package(docx: Path) -> Package:
    return Package(docx)


@pytest.fixture(scope="module")
def body(package: Package) -> etree._Element:
    return package.xml("word/document.xml").find("w:body", NS)


def text_of(element: etree._Element) -> str:
    """Visible text: w:t, tabs as tab characters, breaks as new lines; field
    instructions are not text."""
    parts = []
    for node in element.iter(f"{W}t", f"{W}tab", f"{W}br"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}tab" and node.getparent().tag == f"{W}r":
            parts.append("\t")
        elif node.tag == f"{W}br":
            parts.append("\n")
    return "".join(parts)


def paragraph_style(p: etree._Element) -> str:
    values = p.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS)
    return values[0] if values else "Normal"


def headings(body: etree._Element) -> list[etree._Element]:
    return [p for p in body.findall("w:p", NS) if paragraph_style(p) in HEADING_STYLES]


def style(package: Package, style_id: str) -> etree._Element:
    found = package.xml("word/styles.xml").find(f"w:style[@w:styleId='{style_id}']", NS)
    assert found is not None, f"style {style_id} is missing"
    return found


def layout_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


def squash_spaces(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


# ---- document structure -------------------------------------------------------------------

def test_toc_field_is_prefilled_with_the_plans_entries(package: Package, body, plan) -> None:
    instructions = [t.text for t in body.iter(f"{W}instrText")]
    assert ' TOC \\o "1-3" \\h \\z \\u ' in instructions
    paragraphs = [p for p in body.findall("w:p", NS) if paragraph_style(p).startswith("TOC")]
    heading = [p for p in paragraphs if paragraph_style(p) == "TOCHeading"]
    assert [text_of(p) for p in heading] == ["Innehåll"]
    entries = [p for p in paragraphs if paragraph_style(p) in ("TOC1", "TOC2", "TOC3")]
    entries_ = toc(plan)
    assert len(entries) == len(entries_)
    kinds = [c.get(f"{W}fldCharType") for p in entries for c in p.iter(f"{W}fldChar")]
    assert kinds[:2] == ["begin", "separate"] and kinds[-1] == "end", "one TOC field around all"
    bookmarks = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
    for p, entry in zip(entries, entries_):
        assert paragraph_style(p) == f"TOC{entry.level}"
        link = p.find("w:hyperlink", NS)
        assert link.get(f"{W}anchor") == entry.anchor and entry.anchor in bookmarks
        number, text, page = (text_of(link).split("\t") if entry.number
                              else ["", *text_of(link).split("\t")])
        assert (number or None, text) == (entry.number, typeset(entry.text))
        assert page.isdigit() and int(page) >= 2, "page numbers are pre-filled"
        assert f" PAGEREF {entry.anchor} \\h " in [t.text for t in p.iter(f"{W}instrText")]
    pages = [int(text_of(p).rsplit("\t", 1)[1]) for p in entries]
    assert pages == sorted(pages)
    settings = package.xml("word/settings.xml")
    assert settings.find("w:updateFields", NS).get(f"{W}val") == "true"
    assert not list(settings.iter(f"{W}dirty")) and not list(body.iter(f"{W}dirty"))


def test_page_fields_header_and_footer_not_on_the_title_page(package: Package, body, plan) -> None:
    sections = body.findall(".//w:sectPr", NS)
    assert len(sections) == 2
    title_section, main_section = sections
    assert title_section.getparent().tag == f"{W}pPr", "section break inside a paragraph"
    assert not title_section.findall("w:headerReference", NS)
    assert not title_section.findall("w:footerReference", NS)
    for section in sections:
        assert section.find("w:titlePg", NS) is None
    rels = package.rels("word/document.xml")
    header = main_section.find("w:headerReference[@w:type='default']", NS)
    footer = main_section.find("w:footerReference[@w:type='default']", NS)
    header_xml = package.xml("word/" + rels[header.get(f"{R}id")][1])
    footer_xml = package.xml("word/" + rels[footer.get(f"{R}id")][1])
    assert text_of(header_xml) == f"Handlingsplan\n{plan.meta.full_title}\tFÖRSLAG"
    instructions = [t.text.strip() for t in footer_xml.iter(f"{W}instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert re.fullmatch(r"Sida \d+ \(\d+\)", text_of(footer_xml))


def test_title_page(body, plan, package: Package) -> None:
    paragraphs = body.findall("w:p", NS)
    end = next(i for i, p in enumerate(paragraphs) if p.find("w:pPr/w:sectPr", NS) is not None)
    title_page = paragraphs[: end + 1]
    assert title_page[0].find(".//wp:inline", NS) is not None, "logo first"
    texts = [(paragraph_style(p), text_of(p)) for p in title_page[1:]]
    assert texts[:3] == [("Title", plan.meta.title), ("Subtitle", "2025"),
                         ("Statusmarkering", "FÖRSLAG")]
    assert texts[3:] == [("Dokumentuppgifter", f"{label}\t{value}")
                         for label, value in document_block(plan.meta, document_day(plan.meta))]
    picture = title_page[0].find(".//wp:inline", NS)
    extent_mm = int(picture.find("wp:extent", NS).get("cx")) / 36000
    assert extent_mm == pytest.approx(60, abs=0.1)


def test_table_header_row_rows_and_widths(body, plan, brand, package: Package) -> None:
    tables = body.findall("w:tbl", NS)
    assert len(tables) == 1
    table = tables[0]
    rows = table.findall("w:tr", NS)
    assert len(rows) == 1 + 19
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])
    assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)
    cells = [[text_of(tc).replace("\u200b", "") for tc in r.findall("w:tc", NS)] for r in rows]
    assert cells[0] == [typeset(t) for t in header_cells(plan)]
    assert cells[1:] == [[typeset(t) for t in row] for row in row_texts(plan)]
    assert not list(table.iter(f"{W}gridSpan")) and not list(table.iter(f"{W}vMerge"))
    grid = [int(c.get(f"{W}w")) for c in table.findall("w:tblGrid/w:gridCol", NS)]
    assert len(grid) == 5 and max(grid) == grid[0], "the activity column is the widest"
    text_width = docx_xml.twips_mm(brand.page.width_mm - brand.page.margin_inner_mm
                                   - brand.page.margin_outer_mm)
    assert sum(grid) == text_width
    for r in rows:
        assert [int(w) for w in r.xpath("w:tc/w:tcPr/w:tcW/@w:w", namespaces=NS)] == grid
    fill = docx_xml.hex_colour(brand.colours.table_header_background)
    assert rows[0].xpath("w:tc/w:tcPr/w:shd/@w:fill", namespaces=NS) == [fill] * 5
    header_style = style(package, "Tabellrubrik")
    assert header_style.find("w:rPr/w:color", NS).get(f"{W}val") == docx_xml.hex_colour(
        brand.colours.table_header_text)
    assert {paragraph_style(p) for p in rows[0].iter(f"{W}p")} == {"Tabellrubrik"}
    properties = table.find("w:tblPr", NS)
    assert properties.find("w:tblCaption", NS).get(f"{W}val")
    assert "rubrikrad" in properties.find("w:tblDescription", NS).get(f"{W}val")
    assert properties.find("w:tblLayout", NS).get(f"{W}type") == "fixed"


def test_goal_numbers_link_to_their_headings(body, plan) -> None:
    bookmarks = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
    row = body.findall("w:tbl/w:tr", NS)[1]
    links = row.findall("w:tc", NS)[1].findall(".//w:hyperlink", NS)
    refs = plan.activities.activities[0].goals
    assert [(l.get(f"{W}anchor"), text_of(l)) for l in links] == [(g.anchor, g.number) for g in refs]
    anchors = {l.get(f"{W}anchor") for l in body.iter(f"{W}hyperlink") if l.get(f"{W}anchor")}
    assert anchors <= bookmarks, "every internal link has its bookmark"
    assert all(len(name) <= 40 for name in bookmarks)


def test_heading_numbering_is_words_own_and_gives_the_models_numbers(package, body, plan) -> None:
    numbering = package.xml("word/numbering.xml")
    styles = {sid: style(package, sid) for sid in HEADING_STYLES}
    num_ids = {s.xpath("w:pPr/w:numPr/w:numId/@w:val", namespaces=NS)[0] for s in styles.values()}
    assert len(num_ids) == 1, "one list for all three heading levels"
    (num_id,) = num_ids
    abstract_id = numbering.xpath(f"w:num[@w:numId='{num_id}']/w:abstractNumId/@w:val",
                                  namespaces=NS)[0]
    abstract = numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract_id}']", NS)
    levels = abstract.findall("w:lvl", NS)
    assert [(lvl.get(f"{W}ilvl"), lvl.find("w:pStyle", NS).get(f"{W}val"),
             lvl.find("w:lvlText", NS).get(f"{W}val"), lvl.find("w:numFmt", NS).get(f"{W}val"))
            for lvl in levels] == [("0", "Heading1", "%1", "decimal"),
                                   ("1", "Heading2", "%1.%2", "decimal"),
                                   ("2", "Heading3", "%1.%2.%3", "decimal")]
    for sid, level in HEADING_STYLES.items():
        ilvl = styles[sid].xpath("w:pPr/w:numPr/w:ilvl/@w:val", namespaces=NS)
        assert (int(ilvl[0]) if ilvl else 0) == level - 1
        assert styles[sid].find("w:pPr/w:outlineLvl", NS).get(f"{W}val") == str(level - 1)
    assert styles["Heading1"].find("w:pPr/w:pageBreakBefore", NS) is not None
    # Number the headings as Word does, and compare with the model's numbers.
    expected = [h.number for h in plan.headings()] + [None]      # the activity list last
    counters, computed = [0, 0, 0], []
    for p in headings(body):
        level = HEADING_STYLES[paragraph_style(p)]
        own = p.xpath("w:pPr/w:numPr/w:numId/@w:val", namespaces=NS)
        if own:
            assert own == ["0"], "a heading's own numbering can only switch it off"
            computed.append(None)
            continue
        counters[level - 1] += 1
        counters[level:] = [0] * (3 - level)
        computed.append(".".join(map(str, counters[:level])))
    assert computed == expected
    assert "4.2.1" in computed and computed.count(None) == 3


def test_heading_levels_never_skip_and_headings_carry_no_typed_numbers(body, plan) -> None:
    levels = [HEADING_STYLES[paragraph_style(p)] for p in headings(body)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:]))
    texts = [text_of(p) for p in headings(body)]
    assert "Delmål Varumärket Hälsingland" in texts
    assert not any(re.match(r"\d", t) for t in texts)


def test_definitions_goals_and_bullets_use_their_styles(body, package) -> None:
    paragraphs = body.findall("w:p", NS)
    definitions = [p for p in paragraphs if paragraph_style(p) == "Definition"]
    assert text_of(definitions[0]).startswith("Tillsammans – syftar på att vi i Hälsingland")
    term = definitions[0].find("w:r", NS)
    assert term.find("w:rPr/w:rStyle", NS).get(f"{W}val") == "Term"
    assert style(package, "Term").find("w:rPr/w:b", NS) is not None
    goals = [text_of(p) for p in paragraphs if paragraph_style(p) == "Delmal"]
    assert goals[0] == ("Delmål\u00a04.2.1 Ansvara för Hälsinglands kommunikationsinsatser "
                        "och samordna arbetet kring varumärket Hälsingland")
    assert len(goals) == 3
    goal_style = style(package, "Delmal")
    assert goal_style.find("w:pPr/w:pBdr/w:left", NS) is not None
    assert goal_style.find("w:pPr/w:shd", NS) is not None
    bullets = [p for p in paragraphs if paragraph_style(p) == "ListBullet"]
    assert len(bullets) == 4 + 3 + 3 + 3 + 6
    assert all(p.find("w:pPr/w:numPr/w:numId", NS) is not None for p in bullets)
    # no direct run formatting in the body: styles only
    direct = {"b", "i", "color", "sz", "rFonts", "u"}
    for r in body.iter(f"{W}r"):
        r_pr = r.find("w:rPr", NS)
        if r_pr is not None:
            assert not {etree.QName(c).localname for c in r_pr} & direct


def test_numbered_lists_restart(plan, brand, tmp_path: Path) -> None:
    loc = plan.chapters[0].loc

    def numbered(start: int, *texts: str) -> m.BulletList:
        return m.BulletList(tuple(m.ListItem((m.Paragraph((m.Text(t),), loc),), loc)
                                  for t in texts), loc, ordered=True, start=start)

    chapter = m.Chapter((m.Heading(1, (m.Text("Listor"),), loc, number="6", anchor="listor"),
                         numbered(1, "ett", "två"), m.Paragraph((m.Text("Mellan."),), loc),
                         numbered(3, "tre", "fyra")), loc)
    target = tmp_path / "lists.docx"
    write_docx(dataclasses.replace(plan, chapters=(*plan.chapters, chapter)), brand,
                           target)
    package = Package(target)
    items = [p for p in package.xml("word/document.xml").iter(f"{W}p")
             if paragraph_style(p) == "ListNumber"]
    assert [text_of(p) for p in items] == ["ett", "två", "tre", "fyra"]
    ids = [p.xpath("w:pPr/w:numPr/w:numId/@w:val", namespaces=NS)[0] for p in items]
    assert ids[0] == ids[1] != ids[2] == ids[3], "a new list instance for each list"
    numbering = package.xml("word/numbering.xml")
    # each list is an abstract numbering of its own that starts at its first number (a
    # restart of a shared one depends on the list's first paragraph in LibreOffice)
    abstracts = [numbering.xpath(f"w:num[@w:numId='{i}']/w:abstractNumId/@w:val",
                                 namespaces=NS)[0] for i in (ids[0], ids[2])]
    assert abstracts[0] != abstracts[1]
    assert not numbering.xpath("//w:startOverride", namespaces=NS)
    levels = [numbering.xpath(f"w:abstractNum[@w:abstractNumId='{a}']/w:lvl[@w:ilvl='0']",
                              namespaces=NS)[0] for a in abstracts]
    assert [lvl.xpath("w:start/@w:val", namespaces=NS) for lvl in levels] == [["1"], ["3"]]
    assert [lvl.xpath("w:numFmt/@w:val", namespaces=NS) for lvl in levels] == [["decimal"]] * 2
    nsids = numbering.xpath("w:abstractNum/w:nsid/@w:val", namespaces=NS)
    assert len(set(nsids)) == len(nsids), "Word tells lists apart by their nsid"
    # and LibreOffice numbers them so, a nested list after the lists too
    nested = m.ListItem((m.Paragraph((m.Text("fem"),), loc), numbered(1, "alfa", "beta")), loc)
    chapter = dataclasses.replace(chapter, blocks=(*chapter.blocks, m.Paragraph(
        (m.Text("Sedan."),), loc), dataclasses.replace(numbered(5), items=(nested,))))
    write_docx(dataclasses.replace(plan, chapters=(*plan.chapters, chapter)), brand, target)
    lines = [squash_spaces(line) for line in layout_text(convert(target, tmp_path / "lo"))
             .splitlines()]
    shown = [line for line in lines
             if re.fullmatch(r"\S+ (ett|två|tre|fyra|fem|alfa|beta)", line)]
    assert shown == ["1. ett", "2. två", "3. tre", "4. fyra", "5. fem", "a) alfa", "b) beta"]


def test_links_are_real_hyperlinks(plan, brand, tmp_path: Path) -> None:
    loc = plan.chapters[0].loc
    paragraph = m.Paragraph((m.Text("Se "), m.Link("https://www.halsingland.se/",
                                                   (m.Text("halsingland.se"),)),
                             m.Text(" och "), m.Link("#varumarket", (m.Text("målet"),))), loc)
    first = plan.chapters[0]
    chapter = dataclasses.replace(first, blocks=(*first.blocks, paragraph))
    target = tmp_path / "links.docx"
    write_docx(dataclasses.replace(plan, chapters=(chapter, *plan.chapters[1:])),
                           brand, target)
    package = Package(target)
    document = package.xml("word/document.xml")
    p = next(p for p in document.iter(f"{W}p") if text_of(p).startswith("Se halsingland.se"))
    external, internal = p.findall("w:hyperlink", NS)
    rel_type, url = package.rels("word/document.xml")[external.get(f"{R}id")]
    assert rel_type.endswith("/hyperlink") and url == "https://www.halsingland.se/"
    assert internal.get(f"{W}anchor") == "varumarket"
    for link in (external, internal):
        assert link.xpath("w:r/w:rPr/w:rStyle/@w:val", namespaces=NS) == ["Hyperlink"]


def test_alt_text_on_every_picture(body, brand) -> None:
    pictures = list(body.iter("{%s}docPr" % NS["wp"]))
    assert pictures, "the logo is a picture"
    for doc_pr in pictures:
        assert doc_pr.get("descr") and doc_pr.get("title")
    assert pictures[0].get("descr") == brand.logo.alt


def test_no_empty_paragraphs(body, package: Package) -> None:
    def empty(p: etree._Element) -> bool:
        return not text_of(p).strip() and p.find(".//wp:inline", NS) is None

    assert not [etree.tostring(p)[:200] for p in body.findall("w:p", NS) if empty(p)]
    for name in package.blobs:
        if re.fullmatch(r"word/(header|footer)\d+\.xml", name):
            assert not [p for p in package.xml(name).findall("w:p", NS) if empty(p)]


def test_styles_come_from_the_brand_without_theme_fonts(package: Package, brand) -> None:
    styles = package.xml("word/styles.xml")
    theme_attributes = {"asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"}
    for fonts in styles.iter(f"{W}rFonts"):
        assert not {etree.QName(a).localname for a in fonts.attrib} & theme_attributes
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    fonts = defaults.find("w:rFonts", NS)
    assert {etree.QName(a).localname: v for a, v in fonts.attrib.items()} == {
        k: brand.font.family for k in ("ascii", "hAnsi", "cs", "eastAsia")}
    assert defaults.find("w:sz", NS).get(f"{W}val") == str(round(brand.font.size_pt * 2))
    for sid, size in zip(HEADING_STYLES, brand.font.heading_sizes_pt):
        heading = style(package, sid)
        assert heading.find("w:rPr/w:sz", NS).get(f"{W}val") == str(round(size * 2))
        assert heading.find("w:rPr/w:color", NS).get(f"{W}val") == docx_xml.hex_colour(
            brand.colours.primary)
    for sid in ("Normal", "Title", "Subtitle", "ListBullet", "ListNumber", "Definition", "Delmal",
                "Caption", "TOCHeading", "TOC1", "TOC2", "TOC3", "Header", "Footer",
                "Hyperlink", "Datatabell"):
        style(package, sid)
    assert style(package, "Datatabell").get(f"{W}type") == "table"


def test_primary_colour_changes_the_heading_colour(plan, brand, tmp_path: Path) -> None:
    changed = dataclasses.replace(brand, colours=dataclasses.replace(brand.colours,
                                                                     primary="#123456"))
    target = tmp_path / "colour.docx"
    write_docx(plan, changed, target)
    heading = style(Package(target), "Heading1")
    assert heading.find("w:rPr/w:color", NS).get(f"{W}val") == "123456"


def test_language_is_swedish(package: Package) -> None:
    styles = package.xml("word/styles.xml")
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(f"{W}val") == "sv-SE"
    settings = package.xml("word/settings.xml")
    assert settings.find("w:themeFontLang", NS).get(f"{W}val") == "sv-SE"
    assert package.xml("docProps/core.xml").findtext("dc:language", namespaces=NS) == "sv-SE"


def test_core_properties(package: Package, plan) -> None:
    core = package.xml("docProps/core.xml")
    meta = plan.meta
    assert core.findtext("dc:title", namespaces=NS) == meta.full_title == (
        "Hälsingerådets handlingsplan 2025")
    assert core.findtext("dc:subject", namespaces=NS) == meta.subject
    assert core.findtext("dc:creator", namespaces=NS) == meta.organisation
    assert core.findtext("cp:lastModifiedBy", namespaces=NS) == meta.organisation
    assert core.findtext("cp:keywords", namespaces=NS) == ", ".join(meta.keywords)
    assert core.findtext("cp:revision", namespaces=NS) == "1"
    assert meta.date is None, "the 2025 plan has no date: metadata falls back to 1 January"
    assert core.find("dcterms:created", namespaces=NS) is None, "the 2025 plan has no date: none invented"
    assert core.find("dcterms:modified", namespaces=NS) is None
    app = package.blobs["docProps/app.xml"].decode()
    assert "Pages" not in app and "Normal.dotm" not in app, "no stale template statistics"


def test_metadata_date_never_the_build_time(plan, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert document_datetime(plan.meta) is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735732800")       # 2025-01-01 12:00 UTC
    assert document_datetime(plan.meta) == dt.datetime(2025, 1, 1, 12)
    dated = dataclasses.replace(plan.meta, date=dt.date(2025, 2, 14))
    assert document_datetime(dated) == dt.datetime(2025, 2, 14)


def test_approved_plan_has_no_marking_and_an_approval_line(plan, brand, tmp_path: Path) -> None:
    meta = dataclasses.replace(plan.meta, status=m.PlanStatus.APPROVED,
                               decision_date=dt.date(2025, 2, 14), paragraph="12")
    assert status_marking(meta) is None
    target = tmp_path / "approved.docx"
    write_docx(dataclasses.replace(plan, meta=meta), brand, target)
    package = Package(target)
    texts = [text_of(p) for p in package.xml("word/document.xml").iter(f"{W}p")]
    assert "Fastställd av Hälsingerådets styrelse 2025-02-14, §\u00a012" in texts
    assert "FÖRSLAG" not in texts
    headers = [n for n in package.blobs if n.startswith("word/header")]
    assert [text_of(package.xml(n)) for n in headers] == [f"Handlingsplan\n{meta.full_title}"]


# ---- fonts ----------------------------------------------------------------------------------

def test_fonts_are_embedded_obfuscated(package: Package, brand) -> None:
    fonts = package.xml("word/fontTable.xml")
    (font,) = fonts.findall("w:font", NS)
    assert font.get(f"{W}name") == brand.font.family
    rels = package.rels("word/fontTable.xml")
    types = {o.get("PartName"): o.get("ContentType")
             for o in package.xml("[Content_Types].xml").findall("ct:Override", NS)}
    files = {"embedRegular": brand.font.regular, "embedBold": brand.font.bold,
             "embedItalic": brand.font.italic, "embedBoldItalic": brand.font.bold_italic}
    for kind, path in files.items():
        embed = font.find(f"w:{kind}", NS)
        key = embed.get(f"{W}fontKey")
        assert re.fullmatch(r"\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", key)
        rel_type, target = rels[embed.get(f"{R}id")]
        assert rel_type == "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
        assert target.endswith(".odttf")
        assert types["/word/" + target] == "application/vnd.openxmlformats-officedocument.obfuscatedFont"
        stored = package.blobs["word/" + target]
        original = (ROOT / path).read_bytes()
        assert stored[:32] != original[:32] and stored[32:] == original[32:]
        # ECMA-376 §17.8.1, written out independently of the writer's helper
        key_bytes = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
        restored = bytes(b ^ key_bytes[i % 16] for i, b in enumerate(stored[:32])) + stored[32:]
        assert restored == original
    assert package.xml("word/settings.xml").find("w:embedTrueTypeFonts", NS) is not None


# ---- reproducible bytes ---------------------------------------------------------------------

def test_two_builds_are_byte_identical(docx: Path, plan, brand, tmp_path: Path) -> None:
    again = tmp_path / "again.docx"
    write_docx(plan, brand, again)
    assert again.read_bytes() == docx.read_bytes()
    with zipfile.ZipFile(again) as archive:
        infos = archive.infolist()
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert [i.filename for i in infos][:2] == ["[Content_Types].xml", "_rels/.rels"]


# ---- LibreOffice rendering --------------------------------------------------------------------

def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.skip("LibreOffice (soffice) is not installed: Debian package libreoffice-writer-nogui")
    for tool in ("pdftotext", "pdffonts"):
        if not shutil.which(tool):
            pytest.skip(f"{tool} is not installed: Debian package poppler-utils")
    return found


def convert(docx: Path, out: Path, env: dict[str, str] | None = None) -> Path:
    """DOCX -> PDF with LibreOffice in its own profile (parallel runs don't collide)."""
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run([_soffice(), f"-env:UserInstallation=file://{out}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), str(docx)],
                   check=True, capture_output=True, timeout=240, env=env)
    pdf = out / (docx.stem + ".pdf")
    assert pdf.is_file(), "LibreOffice exited without writing the PDF"
    return pdf


@pytest.fixture(scope="module")
def rendered(docx: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return convert(docx, tmp_path_factory.mktemp("lo"))


def test_libreoffice_computes_the_models_heading_numbers(rendered: Path, plan) -> None:
    lines = [squash_spaces(line) for line in layout_text(rendered).splitlines()]
    for number in ("1 Inledning", "4.1 Mål EFFEKTIV SAMVERKAN",
                   "4.1.1 Nya samarbeten i intern verksamhet",
                   "4.2.1 Delmål Varumärket Hälsingland",
                   "4.2.3 Regionalt och nationellt påverkansarbete",
                   "5.1.3 Hälsingerådets Utvecklingskontor", "5.2 Hälsingerådets arbetssätt"):
        assert number in lines, number
    for heading in plan.headings():
        text = typeset(m.plain_text(heading.inlines))
        expected = f"{heading.number} {text}" if heading.number else text
        assert expected in lines, expected
    assert "Syftet med Hälsingerådet" in lines, "unnumbered headings stay unnumbered"
    assert "Utvecklingskontorets Aktivitetslista 2025" in lines


def test_libreoffice_pages_match_the_prefilled_contents(rendered: Path) -> None:
    pages = subprocess.run(["pdftotext", "-layout", str(rendered), "-"], check=True,
                           capture_output=True, text=True).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert "FÖRSLAG" in pages[0] and "Sida" not in pages[0], "title page: marking, no footer"
    assert all("FÖRSLAG" in page for page in pages), "the marking is on every page"
    for number, page in enumerate(pages[1:], start=2):
        assert f"Sida {number} ({len(pages)})" in squash_spaces(page)
    toc = [squash_spaces(line) for line in pages[1].splitlines() if "....." in line]
    assert len(toc) == 19
    for line in toc:
        title, page = re.fullmatch(r"(.+?) ?\.{3,} ?(\d+)", line).groups()
        heading_page = next(i for i, text in enumerate(pages, start=1) if i > 2 and title in
                            [squash_spaces(t) for t in text.splitlines()])
        assert abs(heading_page - int(page)) <= 1, f"{title}: contents say {page}, is {heading_page}"


def test_libreoffice_table_cells_keep_their_tokens(rendered: Path) -> None:
    text = squash_spaces(layout_text(rendered)).replace("\u200b", "")
    assert "25–27 september" in text
    # goal numbers are never broken inside (they may wrap after the comma, as in the PDF)
    assert re.search(r"(?<![\d.])4\.2\.1,", text) and re.search(r"(?<![\d.])4\.2\.2(?![\d.])", text)
    assert "Första halvåret" in text
    header_rows = [line for line in layout_text(rendered).splitlines()
                   if re.search(r"Aktivitet 2025\s+Mål\s+Ansvarig\s+Slutdatum\s+Status", line)]
    assert len(header_rows) >= 2, "the header row repeats on the table's second page"


def _fontconfig_without_noto(tmp: Path) -> dict[str, str]:
    """An environment whose fontconfig sees only system fonts that are not Noto Sans."""
    candidates = [Path(d) for d in ("/usr/share/fonts/truetype/dejavu",
                                    "/usr/share/fonts/truetype/liberation2",
                                    "/usr/share/fonts/truetype/liberation")]
    folders = [d for d in candidates if d.is_dir() and not any(d.glob("NotoSans*"))]
    if not folders:
        pytest.skip("no system font folder without Noto Sans (DejaVu or Liberation) to use")
    conf = tmp / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
                    "<fontconfig>\n"
                    + "".join(f"  <dir>{d}</dir>\n" for d in folders)
                    + f"  <cachedir>{tmp / 'fc-cache'}</cachedir>\n</fontconfig>\n",
                    encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    if shutil.which("fc-match"):
        match = subprocess.run(["fc-match", "-f", "%{family}", "Noto Sans"], env=env,
                               capture_output=True, text=True).stdout
        assert "Noto Sans" not in match, "the test configuration must hide Noto Sans"
    return env


def _pdf_fonts(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True,
                          text=True).stdout


def test_libreoffice_uses_the_embedded_fonts_without_system_noto(
        docx: Path, tmp_path: Path) -> None:
    _soffice()
    env = _fontconfig_without_noto(tmp_path)
    fonts = _pdf_fonts(convert(docx, tmp_path / "embedded", env))
    assert "NotoSans-Regular" in fonts and "NotoSans-Bold" in fonts, fonts
    # Control: the same file without its embedded fonts falls back to another typeface,
    # so the check above really depends on the embedding.
    bare = tmp_path / "bare.docx"
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(bare, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/fontTable.xml":
                data = re.sub(rb"<w:embed\w+ [^>]*/>", b"", data)
            out.writestr(info.filename, data)
    control = _pdf_fonts(convert(bare, tmp_path / "bare", env))
    assert "NotoSans" not in control, control


def test_pictures_in_chapters_fit_the_text_width_and_have_alt_text(plan, brand,
                                                                    tmp_path: Path) -> None:
    loc = plan.chapters[0].loc
    picture = m.Image(brand.logo.png, 'Karta över "Hälsingland"', loc)
    first = plan.chapters[0]
    chapter = dataclasses.replace(first, blocks=(*first.blocks, picture))
    target = tmp_path / "picture.docx"
    write_docx(dataclasses.replace(plan, chapters=(chapter, *plan.chapters[1:])),
                           brand, target)
    document = Package(target).xml("word/document.xml")
    inline = list(document.iter("{%s}inline" % NS["wp"]))[1]
    assert inline.find("wp:docPr", NS).get("descr") == "Karta över ”Hälsingland”"
    width_mm = int(inline.find("wp:extent", NS).get("cx")) / 36000
    assert width_mm <= brand.page.width_mm - brand.page.margin_inner_mm - brand.page.margin_outer_mm
    assert paragraph_style(inline.getparent().getparent().getparent()) == "Bild"


def test_long_anchors_become_unique_bookmark_names() -> None:
    long_a = "ett-mycket-langt-ankare-som-inte-ryms-i-word-a"
    long_b = "ett-mycket-langt-ankare-som-inte-ryms-i-word-b"
    names = {docx_writer.bookmark_name(a) for a in (long_a, long_b)}
    assert len(names) == 2 and all(len(n) <= 40 and n[0].isalpha() for n in names)
    assert docx_writer.bookmark_name("avsnitt-4-2-1") == "avsnitt-4-2-1"


def test_word_accessibility_checker_rules_no_text_boxes_and_nothing_only_in_headers(docx: Path) -> None:
    """Word's checker: no text boxes or floating shapes; what headers and footers say
    (document type, diarienummer, date, title, status marking) is also in the body; "Sida
    n (N)" fields are navigation."""
    package = Package(docx)
    body = package.xml("word/document.xml")
    assert not body.xpath("//w:txbxContent | //wp:anchor | //w:pict", namespaces=NS)
    body_text = " ".join(t.text or "" for t in body.iter(f"{W}t"))
    for name in package.blobs:
        if re.fullmatch(r"word/(header|footer)\d*\.xml", name):
            for p in package.xml(name).iter(f"{W}p"):
                for part in re.split(r"\t|\n| · ", text_of(p)):
                    part = part.strip().removeprefix("Dnr ")
                    if part and not part.startswith("Sida"):
                        assert part in body_text, f"{part!r} only in {name}"
