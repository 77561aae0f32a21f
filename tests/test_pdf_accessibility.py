"""The PDF as assistive technology and an archive read it: PDF/A-3a + PDF/UA-1.

Two PDFs are built once each: the real 2025 plan, and a synthetic plan (the real one with a
long paragraph and a long list in chapter 1 and a 120-row activity table) whose paragraph,
list and table cross page breaks. Both are checked with pikepdf (metadata, structure tree,
ParentTree, annotations), the `pdfua` package (a subset of PDF/UA-1 and WCAG 2.1), qpdf
(syntax), pdffonts (embedding) and poppler's `pdfinfo -struct-text` (the tree's text in
reading order). veraPDF is not installable here: see docs/verapdf.md.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import lxml.html
import pikepdf
import pytest

from handlingsplan import model as m
from handlingsplan.sources.brand import Brand
from handlingsplan.diagnostics import Loc

from .helpers import toc, render_html, render_pdf
from .helpers import real_plan

ROOT = Path(__file__).resolve().parent.parent
LONG_LIST = 50          # items in the synthetic list
LONG_PARAGRAPH = 45     # sentences in the synthetic paragraph
ROWS = 120              # activities in the synthetic table
PAINTING = {"Tj", "TJ", "'", '"', "Do", "sh", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*"}


# ---- building ------------------------------------------------------------------------------

@dataclasses.dataclass
class Built:
    plan: m.Plan
    brand: Brand
    path: Path
    pages: int


def synthetic_plan(plan: m.Plan) -> m.Plan:
    """The real plan with a long paragraph ("S001" … in each sentence) and a long list
    ("L01" … in each item) at the end of chapter 1, and ROWS activities ("Rad001" …)."""
    chapter = plan.chapters[0]
    loc = Loc(chapter.loc.path, 1)
    sentence = ("{} Hälsingerådet samordnar arbetet mellan kommunerna och följer upp varje "
                "aktivitet i handlingsplanen under året.")
    paragraph = m.Paragraph((m.Text(" ".join(sentence.format(f"S{i:03d}")
                                             for i in range(1, LONG_PARAGRAPH + 1))),), loc)
    item = "{} En punkt i en lång lista som fortsätter över en sidbrytning i PDF:en."
    long_list = m.BulletList(tuple(
        m.ListItem((m.Paragraph((m.Text(item.format(f"L{i:02d}")),), loc),), loc)
        for i in range(1, LONG_LIST + 1)), loc)
    chapters = (dataclasses.replace(chapter, blocks=chapter.blocks + (paragraph, long_list)),
                ) + plan.chapters[1:]
    base = plan.activities.activities
    activities = tuple(dataclasses.replace(base[i % len(base)],
                                           text=f"Rad{i + 1:03d} {base[i % len(base)].text}")
                       for i in range(ROWS))
    return dataclasses.replace(plan, chapters=chapters, activities=dataclasses.replace(
        plan.activities, activities=activities))


def build(plan: m.Plan, brand: Brand, target: Path) -> Built:
    rendered = render_pdf(plan, brand)
    assert rendered.messages == ()
    target.write_bytes(rendered.data)
    return Built(plan, brand, target, rendered.pages)


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(*real_plan(), tmp_path_factory.mktemp("a11y") / "plan.pdf")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Built:
    plan, brand = real_plan()
    return build(synthetic_plan(plan), brand, tmp_path_factory.mktemp("a11y") / "synthetic.pdf")


@pytest.fixture(params=["real", "synthetic"])
def each(request: pytest.FixtureRequest) -> Built:
    return request.getfixturevalue(request.param)


def print_html(plan: m.Plan, brand: Brand) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(
        render_html(plan, brand, "print").encode("utf-8"))


# ---- reading the structure tree ------------------------------------------------------------

def kids(element: pikepdf.Dictionary) -> list[object]:
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def children(element: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    return [k for k in kids(element) if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def walk(element: pikepdf.Dictionary):
    for child in children(element):
        yield child
        yield from walk(child)


def elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    return list(walk(pdf.Root.StructTreeRoot))


def role(element: pikepdf.Dictionary) -> str:
    return str(element.S)


def content(element: pikepdf.Dictionary, pages: dict) -> list[tuple[int, int]]:
    """(page index, MCID) of every marked-content item under element, in tree order."""
    found = []
    page = pages.get(element.Pg.objgen) if "/Pg" in element else None
    for kid in kids(element):
        if isinstance(kid, int):
            found.append((page, kid))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            found.append((pages[kid.Pg.objgen], int(kid.MCID)))
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found.extend(content(kid, pages))
    return found


def page_index(pdf: pikepdf.Pdf) -> dict:
    return {page.objgen: n for n, page in enumerate(pdf.pages)}


@functools.lru_cache(maxsize=4)
def struct_text(path: Path) -> str:
    """The text of the structure tree in tree order (poppler's pdfinfo -struct-text; slow:
    7 s for the real plan, so each PDF's is read once)."""
    if not shutil.which("pdfinfo"):
        pytest.skip("pdfinfo is not installed: apt-get install poppler-utils")
    run = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True)
    if run.returncode != 0 or "Document" not in run.stdout:
        pytest.skip(f"this pdfinfo cannot print the structure tree: {run.stderr.strip()}")
    return run.stdout


def texts_of(tree: str) -> list[tuple[str, str]]:
    """(role, text) of every element in pdfinfo -struct-text's indented tree."""
    lines = tree.splitlines()
    found = []
    for i, line in enumerate(lines):
        match = re.match(r"( *)(\w+)", line)
        if not match or line.strip().startswith('"'):
            continue
        indent, parts = len(match[1]), []
        for inner in lines[i + 1:]:
            if len(inner) - len(inner.lstrip()) <= indent:
                break
            if inner.strip().startswith('"'):
                parts.append(inner.strip()[1:-1])
        found.append((match[2], " ".join(" ".join(parts).split())))
    return found


def quoted(text: str) -> str:
    return " ".join(" ".join(re.findall(r'^\s*"(.*)"$', text, flags=re.MULTILINE)).split())


# ---- one file: PDF/A-3a and PDF/UA-1 -------------------------------------------------------

def test_pdfa_and_pdfua_identification(each: Built) -> None:
    meta = each.plan.meta
    with pikepdf.open(each.path) as pdf:
        assert pdf.pdf_version == "1.7"
        with pdf.open_metadata() as xmp:
            assert xmp["pdfaid:part"] == "3"
            assert xmp["pdfaid:conformance"] == "A"
            assert xmp["pdfuaid:part"] == "1"
            assert xmp["dc:title"] == meta.full_title
        raw = pdf.Root.Metadata.read_bytes().decode("utf-8")
        # pdfuaid is not an XMP namespace PDF/A knows: it needs its extension schema.
        assert "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/" in raw
        assert "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in raw
        assert str(pdf.Root.Lang) == "sv-SE"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert str(pdf.docinfo.Title) == meta.full_title


def test_srgb_output_intent(real: Built) -> None:
    with pikepdf.open(real.path) as pdf:
        intents = list(pdf.Root.OutputIntents)
        assert len(intents) == 1
        intent = intents[0]
        assert intent.S == pikepdf.Name.GTS_PDFA1
        assert "sRGB" in str(intent.OutputConditionIdentifier)
        profile = intent.DestOutputProfile
        assert int(profile.N) == 3
        icc = profile.read_bytes()
        assert icc[36:40] == b"acsp" and icc[16:20] == b"RGB "


def test_bookmarks(each: Built) -> None:
    with pikepdf.open(each.path) as pdf, pdf.open_outline() as outline:
        titles = []

        def collect(items: list) -> None:
            for item in items:
                titles.append(str(item.title))
                collect(item.children)

        collect(outline.root)
    assert len(titles) == len(toc(each.plan)) and titles[-1] == each.plan.activities.title


# ---- the checkers --------------------------------------------------------------------------

def _as_integer(value: object) -> int | None:
    """pdfua 0.1.3's as_integer, without its crash on arrays (it asks a pikepdf.Array for
    an `is_integer` attribute, which raises ValueError, so rule UA-14-001 "headings are not
    empty" is skipped on every heading whose /K is an array: all of WeasyPrint's)."""
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else None


def test_pdfua_checker_is_clean(each: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    pdfua = pytest.importorskip("pdfua")
    from pdfua.rules import structure

    as_shipped = pdfua.validate(str(each.path))
    assert {o.rule_id for o in as_shipped.skipped} <= {"UA-14-001"}, as_shipped.skipped
    monkeypatch.setattr(structure, "as_integer", _as_integer)
    report = pdfua.validate(str(each.path))
    assert report.skipped == (), [(o.rule_id, o.skipped_reason) for o in report.skipped]
    assert len(report.outcomes) >= 12
    problems = [(f.rule_id, f.severity.name, f.message, f.location.describe())
                for f in report.findings]
    assert problems == []
    assert report.exit_code == 0


def test_qpdf_check(each: Built) -> None:
    if not shutil.which("qpdf"):
        pytest.skip("qpdf is not installed: apt-get install qpdf")
    run = subprocess.run(["qpdf", "--check", str(each.path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "No syntax or stream encoding errors found" in run.stdout
    assert "WARNING" not in run.stdout + run.stderr


def test_every_font_is_embedded(each: Built) -> None:
    if not shutil.which("pdffonts"):
        pytest.skip("pdffonts is not installed: apt-get install poppler-utils")
    rows = subprocess.run(["pdffonts", str(each.path)], check=True, capture_output=True,
                          text=True).stdout.splitlines()[2:]
    assert rows
    for row in rows:
        name, emb = row.split()[0], row.split()[-5]
        assert emb == "yes", f"{name} is not embedded"


# ---- the structure tree reads like the document --------------------------------------------

def test_one_structure_element_per_html_element(each: Built) -> None:
    """WeasyPrint splits elements across pages (#2903) and lines; pdf_structure joins them:
    as many P, L, LI, H1–H3, Sect, Div, Table, TR as the print HTML has elements."""
    doc = print_html(each.plan, each.brand)
    with pikepdf.open(each.path) as pdf:
        roles = Counter(role(e) for e in elements(pdf))
    count = lambda xpath: len(doc.xpath(xpath))  # noqa: E731
    assert roles["/P"] == count("//p")
    assert roles["/L"] == count("//ul[not(contains(@class, 'toc'))] | //ol | //dl")
    assert roles["/TOC"] == count("//ul[contains(@class, 'toc')]")
    assert roles["/TOCI"] == len(toc(each.plan))
    assert roles["/LI"] == count("//li[not(ancestor::nav)]") + count("//dt")
    for level in (1, 2, 3):
        assert roles[f"/H{level}"] == count(f"//h{level}"), level
    assert roles["/Part"] == count("//main") == 1
    assert roles["/Sect"] == count("//section")
    assert roles["/Div"] == count("//div")
    assert roles["/Table"] == roles["/THead"] == roles["/TBody"] == roles["/Caption"] == 1
    assert roles["/TR"] == 1 + len(each.plan.activities.activities)
    rows = len(each.plan.activities.activities)
    assert roles["/TH"] == 5 + rows and roles["/TD"] == 4 * rows, "5 column headers, a row header per row"
    assert roles["/Figure"] == 1


def test_synthetic_paragraph_list_and_table_cross_pages(synthetic: Built) -> None:
    """One P, one L and one Table, each over several pages, content in order."""
    with pikepdf.open(synthetic.path) as pdf:
        pages = page_index(pdf)
        all_elements = elements(pdf)
        paragraph = max((e for e in all_elements if role(e) == "/P"),
                        key=lambda e: len(content(e, pages)))
        long_list = max((e for e in all_elements if role(e) == "/L"),
                        key=lambda e: len(children(e)))
        table = next(e for e in all_elements if role(e) == "/Table")
        for element, at_least in ((paragraph, 2), (long_list, 2), (table, 3)):
            spread = {page for page, _ in content(element, pages)}
            assert len(spread) >= at_least, (role(element), spread)
            order = content(element, pages)
            if element is not long_list:  # list markers are painted after their item text
                assert order == sorted(order) and len(set(order)) == len(order)
        items = children(long_list)
        assert len(items) == LONG_LIST
        bodies = [content(next(c for c in children(i) if role(c) == "/LBody"), pages)
                  for i in items]
        assert [b[0] for b in bodies] == sorted(b[0] for b in bodies)
        body = next(c for c in children(table) if role(c) == "/TBody")
        rows = [content(row, pages) for row in children(body)]
        assert len(rows) == ROWS and [r[0] for r in rows] == sorted(r[0] for r in rows)
    text = quoted(struct_text(synthetic.path))
    for pattern, count in ((r"\bS(\d{3})\b", LONG_PARAGRAPH), (r"\bL(\d{2})\b", LONG_LIST),
                           (r"\bRad(\d{3})\b", ROWS)):
        assert [int(n) for n in re.findall(pattern, text)] == list(range(1, count + 1)), pattern


def test_heading_order(each: Built) -> None:
    """H1–H3 in document order, never a skipped level. The title page's title is the first
    H1 (it is the document's title, as in the HTML); "Innehåll" is an H2 under it."""
    with pikepdf.open(each.path) as pdf:
        levels = [int(role(e)[2]) for e in elements(pdf) if re.fullmatch(r"/H\d", role(e))]
    assert levels[0] == 1 and levels[1] == 2  # title, "Innehåll"
    for previous, level in zip(levels, levels[1:]):
        assert level <= previous + 1, levels
    expected = [1, 2] + [h.level for h in each.plan.headings()] + [1]
    assert levels == expected
    texts = [text for name, text in texts_of(struct_text(each.path)) if re.fullmatch(r"H\d", name)]
    assert texts[:3] == [each.plan.meta.full_title, "Innehåll", "1 Inledning"]


def test_lists_tables_and_contents_have_their_parts(each: Built) -> None:
    allowed_parents = {
        "/LI": {"/L"}, "/Lbl": {"/LI"}, "/LBody": {"/LI"}, "/TOCI": {"/TOC"},
        "/TR": {"/Table", "/THead", "/TBody", "/TFoot"}, "/TH": {"/TR"}, "/TD": {"/TR"},
        "/THead": {"/Table"}, "/TBody": {"/Table"}, "/Caption": {"/Table", "/L"},
    }
    with pikepdf.open(each.path) as pdf:
        for element in elements(pdf):
            parent = role(element.P) if "/S" in element.P else "(root)"
            if role(element) in allowed_parents:
                assert parent in allowed_parents[role(element)], (role(element), parent)
            if role(element) == "/L":
                assert {role(c) for c in children(element)} <= {"/LI", "/L"}
                assert element.A.ListNumbering in ("/Disc", "/Decimal", "/None")
            if role(element) == "/LI":
                parts = [role(c) for c in children(element)]
                assert parts in (["/Lbl", "/LBody"], ["/LBody"], ["/Lbl"]), parts
            if role(element) == "/TOCI":
                parts = [role(c) for c in children(element)]
                assert parts in (["/Reference"], ["/Reference", "/TOC"]), parts
                assert [role(c) for c in children(children(element)[0])] == ["/Link"]
            if role(element) == "/Link":
                assert not any(role(d) == "/Link" for d in walk(element))
        # Bullet lists say "•" in a Lbl; the definition lists read term, then definition.
        lists = [e for e in elements(pdf) if role(e) == "/L"]
        assert any(e.A.ListNumbering == "/Disc" and all(
            [role(c) for c in children(i)] == ["/Lbl", "/LBody"] for i in children(e))
            for e in lists)
        assert any(e.A.ListNumbering == "/None" for e in lists)


def test_title_page_and_contents_read_in_order(real: Built) -> None:
    text = quoted(struct_text(real.path))
    meta = real.plan.meta
    assert text.startswith(f"{meta.title} {meta.year} Dokumenttyp Handlingsplan Status Förslag "
                           f"Beslutande organ")
    # The contents: number, title, page number; no dot leaders and no running header.
    after = text.split("Innehåll", 1)[1]
    assert re.match(r"\s*1 Inledning \d+ 2 ", after), after[:80]
    assert "..." not in text and ". ." not in text
    assert "Sida " not in text and "FÖRSLAG" not in text
    assert f"{meta.full_title} ·" not in text


def test_table_headers_and_cells(each: Built) -> None:
    with pikepdf.open(each.path) as pdf:
        table = next(e for e in elements(pdf) if role(e) == "/Table")
        assert [role(c) for c in children(table)] == ["/Caption", "/THead", "/TBody"]
        head, body = children(table)[1:]
        (header_row,) = children(head)
        headers = children(header_row)
        assert [role(h) for h in headers] == ["/TH"] * 5
        assert all(h.A.Scope == "/Column" for h in headers)
        ids = [bytes(h.ID) for h in headers]
        assert len(set(ids)) == 5
        rows = children(body)
        assert len(rows) == len(each.plan.activities.activities)
        row_headers = []
        for row in rows:
            name, *cells = children(row)
            assert role(name) == "/TH" and name.A.Scope == "/Row", "the activity names its row"
            row_headers.append(name)
            assert [role(c) for c in cells] == ["/TD"] * 4
            assert [[bytes(x) for x in c.A.Headers] for c in cells] == [
                [bytes(name.ID), i] for i in ids[1:]]
        # Element identifiers are registered in the IDTree (ISO 32000-1, 14.7.2).
        names = pdf.Root.StructTreeRoot.IDTree.Names
        assert {bytes(names[i]): names[i + 1].objgen for i in range(0, len(names), 2)} == {
            bytes(h.ID): h.objgen for h in headers + row_headers}


def test_logo_is_a_figure_with_alt_text_and_a_bbox(real: Built) -> None:
    with pikepdf.open(real.path) as pdf:
        (figure,) = [e for e in elements(pdf) if role(e) == "/Figure"]
        assert str(figure.Alt) == real.brand.logo.alt
        x1, y1, x2, y2 = (float(v) for v in figure.A.BBox)
        width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
        assert 0 < x1 < x2 < width and height / 2 < y1 < y2 < height  # near the top
        assert abs((x2 - x1) - real.brand.logo.width_mm * 72 / 25.4) < 1


def test_parent_tree_is_consistent(each: Built) -> None:
    """Every marked-content sequence and every annotation maps, through the ParentTree, to
    the one reachable element that holds it, and back; artefacts are in no element."""
    with pikepdf.open(each.path) as pdf:
        pages = page_index(pdf)
        reachable = elements(pdf)
        owner: dict[tuple[int, int], tuple[int, int]] = {}
        objrs: dict[tuple[int, int], tuple[int, int]] = {}
        for element in reachable:
            for place in content_direct(element, pages):
                assert place not in owner, f"MCID {place} held twice"
                owner[place] = element.objgen
            for kid in kids(element):
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                    assert kid.Obj.objgen not in objrs, "annotation referenced twice"
                    objrs[kid.Obj.objgen] = element.objgen
                    assert role(element) == "/Link"
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        marked = set()
        for number, page in enumerate(pdf.pages):
            open_sequences = 0
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "BDC" and operands[0] == pikepdf.Name.Artifact:
                    # a typed artefact: the running header and footer (ISO 14289-1 7.8)
                    assert operands[1].Type == pikepdf.Name.Pagination
                    open_sequences += 1
                elif str(operator) == "BDC":
                    mcid = int(operands[1].MCID)
                    marked.add((number, mcid))
                    assert owner.get((number, mcid)) == tree[number][mcid].objgen
                    open_sequences += 1
                elif str(operator) == "BMC":
                    assert operands[0] == pikepdf.Name.Artifact
                    open_sequences += 1
                elif str(operator) == "EMC":
                    open_sequences -= 1
                elif str(operator) in PAINTING:
                    # Text, paths, pictures: real content or artefact, never neither
                    # (PDF/UA-1 7.1; the pdfua checker looks at text and pictures only).
                    assert open_sequences > 0, f"page {number + 1}: {operator} outside"
            for annotation in page.obj.get("/Annots", ()):
                assert annotation.Subtype == pikepdf.Name.Link
                # PDF/A: printable, not hidden, invisible or NoView.
                assert int(annotation.F) & 4 and not int(annotation.F) & (1 | 2 | 32)
                key = int(annotation.StructParent)
                assert objrs[annotation.objgen] == tree[key].objgen
                contents = str(annotation.Contents)
                assert contents.strip() and contents != str(annotation.get("/Dest", ""))
        assert marked == set(owner), "the tree holds MCIDs no page marks, or the reverse"
        assert len(objrs) == sum(len(p.obj.get("/Annots", ())) for p in pdf.pages)
        # Nothing hangs off the tree unreachable.
        reachable_ids = {e.objgen for e in reachable}
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/StructElem":
                assert obj.objgen in reachable_ids, f"orphan {obj.get('/S')} {obj.objgen}"


def content_direct(element: pikepdf.Dictionary, pages: dict) -> list[tuple[int, int]]:
    """(page index, MCID) of the marked content element holds itself (not its kids')."""
    page = pages.get(element.Pg.objgen) if "/Pg" in element else None
    found = []
    for kid in kids(element):
        if isinstance(kid, int):
            found.append((page, kid))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            found.append((pages[kid.Pg.objgen], int(kid.MCID)))
    return found


def test_links_are_described(real: Built) -> None:
    """A link annotation says where it goes in words: the link's text, or for a goal
    number in the activity table the goal's name."""
    entries_ = [entry for entry in toc(real.plan)]
    with pikepdf.open(real.path) as pdf:
        contents = [str(a.Contents) for page in pdf.pages for a in page.obj.get("/Annots", ())]
    expected = [f"{e.number} {e.text}" if e.number else e.text for e in entries_]
    assert contents[:len(expected)] == expected
    assert "Delmål 4.2.1 Varumärket Hälsingland" in contents[len(expected):]
    assert "4.2.1" not in contents and "www.halsingland.se" in contents


def test_hyphenated_line_ends_read_as_one_word(each: Built) -> None:
    """A line broken by hyphenation shows "före‐" but says "före\u00ad" (ActualText with a
    soft hyphen, ISO 32000-1 14.8.2.5), so a screen reader joins it with "ning"."""
    with pikepdf.open(each.path) as pdf:
        actual = [str(e.ActualText) for e in elements(pdf) if "/ActualText" in e]
    drawn = re.findall(r'^\s*".*\u2010"$', struct_text(each.path), flags=re.MULTILINE)
    assert actual and len(actual) == len(drawn)
    for text in actual:
        assert text.endswith("\u00ad") and "\u2010" not in text and "\u00ad" not in text[:-1]


def test_running_header_and_page_number_are_pagination_artifacts(each: Built) -> None:
    """ISO 14289-1 7.8: on every page after the title page the running header is a
    /Pagination /Header artefact and the page number a /Pagination /Footer artefact; the
    XMP packet is not compressed (PDF/A: readable without decoding)."""
    with pikepdf.open(each.path) as pdf:
        assert "/Filter" not in pdf.Root.Metadata
        for number, page in enumerate(pdf.pages[1:], start=2):
            subtypes = {str(operands[1].get("/Subtype"))
                        for operands, operator in pikepdf.parse_content_stream(page)
                        if str(operator) == "BDC" and operands[0] == pikepdf.Name.Artifact}
            assert {"/Header", "/Footer"} <= subtypes, f"page {number}: {subtypes}"
