"""The PDF as a reader and an archive see it: pages, contents, table, fonts, metadata, safety.

Each PDF is built once per module (fixtures below) and inspected with poppler's pdftotext
and pdffonts and with pikepdf; tests that need poppler are skipped when it is missing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from handlingsplan.writers import html as html_writer, pdf as pdf_writer
from handlingsplan import model as m
from handlingsplan.sources.brand import Brand
from handlingsplan.documents.docblock import approval_line, document_block, document_day, page_label
from handlingsplan.documents.typography import typeset

from .helpers import toc, header_cells, real_sources, render_html, render_pdf
from .helpers import real_plan

ROOT = Path(__file__).resolve().parent.parent
HYPHEN = "\u2010"  # WeasyPrint's default hyphenate-character

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdffonts")),
    reason="poppler-utils (pdftotext, pdffonts) is not installed: apt-get install poppler-utils")


# ---- building ------------------------------------------------------------------------------

@dataclasses.dataclass
class Built:
    plan: m.Plan
    brand: Brand
    path: Path
    pages: int
    messages: tuple[str, ...]
    logged: list[logging.LogRecord]
    data: bytes


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def build(plan: m.Plan, brand: Brand, target: Path) -> Built:
    """Render with our own handler on the 'weasyprint' logger, independent of pdf_writer's."""
    handler = _Records()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        rendered = render_pdf(plan, brand)
    finally:
        logger.removeHandler(handler)
    target.write_bytes(rendered.data)
    return Built(plan, brand, target, rendered.pages, rendered.messages, handler.records,
                 rendered.data)


NAMES_TEXT = ("Hälsingerådets Utvecklingskontorets Hälsingegårdarnas Hälsingeperspektiv "
              "Ambassadörsnätverket Hälsinglands Inflyttarportalen")


def large_plan(plan: m.Plan, count: int = 120) -> m.Plan:
    """The real plan with `count` activities of varied length, each marked at its start
    ("Rad007"), its end ("slut007") and in its responsible cell ("Ansvarig007")."""
    base = plan.activities.activities
    filler = ("Samordna och utveckla arbetet tillsammans med kommunerna och näringslivet "
              "i hela landskapet").split()
    activities = []
    for i in range(count):
        source = base[i % len(base)]
        words = filler[: 4 + (i * 7) % len(filler)]
        if i % 3 == 0:
            words += NAMES_TEXT.split()[: 2 + i % 6]
        text = f"Rad{i:03d} " + " ".join(words) + f" slut{i:03d}"
        responsible = f"Ansvarig{i:03d} " + source.responsible
        activities.append(dataclasses.replace(source, text=text, responsible=responsible))
    return dataclasses.replace(plan, activities=dataclasses.replace(
        plan.activities, activities=tuple(activities)))


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Built:
    plan, brand = real_plan()
    return build(plan, brand, tmp_path_factory.mktemp("pdf") / "plan.pdf")


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Built:
    plan, brand = real_plan()
    return build(large_plan(plan), brand, tmp_path_factory.mktemp("pdf") / "large.pdf")


# ---- reading the PDF -----------------------------------------------------------------------

def page_text(path: Path, page: int, *, layout: bool = False) -> str:
    mode = "-layout" if layout else "-raw"
    return subprocess.run(["pdftotext", mode, "-f", str(page), "-l", str(page), str(path), "-"],
                          check=True, capture_output=True, text=True).stdout


def all_pages(built: Built, *, layout: bool = False) -> list[str]:
    return [page_text(built.path, n, layout=layout) for n in range(1, built.pages + 1)]


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def fonts(path: Path) -> list[tuple[str, str]]:
    """(name, embedded) for every font pdffonts lists."""
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                         text=True).stdout.splitlines()[2:]
    rows = []
    for line in out:
        parts = line.split()
        # name, type (1–3 words), encoding, emb, sub, uni, object, id
        rows.append((parts[0], parts[-5]))
    return rows


def outline(path: Path) -> list[tuple[int, str, int]]:
    """(depth, title, page number) of every bookmark, in order."""
    with pikepdf.open(path) as pdf:
        pages = {page.objgen: n for n, page in enumerate(pdf.pages, start=1)}
        found: list[tuple[int, str, int]] = []
        with pdf.open_outline() as tree:
            def walk(items: list, depth: int) -> None:
                for item in items:
                    destination = item.destination
                    if destination is None and item.action is not None:
                        destination = item.action.D
                    found.append((depth, str(item.title), pages[destination[0].objgen]))
                    walk(item.children, depth + 1)
            walk(tree.root, 1)
    return found


def entry_label(entry: m.TocEntry) -> str:
    text = typeset(entry.text)
    return f"{entry.number} {text}" if entry.number else text


# ---- the real plan ------------------------------------------------------------------------

def test_page_count_is_what_write_pdf_reports(real: Built, tmp_path: Path) -> None:
    with pikepdf.open(real.path) as pdf:
        assert len(pdf.pages) == real.pages
    assert render_pdf(real.plan, real.brand).pages == real.pages
    assert 8 <= real.pages <= 14, f"unexpected page count {real.pages}"


def test_no_weasyprint_warnings(real: Built, large: Built) -> None:
    for built in (real, large):
        assert built.messages == ()
        assert [r.getMessage() for r in built.logged] == []


def test_two_builds_are_byte_identical(real: Built) -> None:
    again = render_pdf(real.plan, real.brand)
    assert again.data == real.data


@needs_poppler
def test_every_page_but_the_title_page_has_its_page_label(real: Built) -> None:
    texts = all_pages(real)
    assert "Sida" not in texts[0]
    for number, text in enumerate(texts[1:], start=2):
        assert page_label(number, real.pages) in text, f"page {number}"
    assert re.findall(r"Sida (\d+) \((\d+)\)", "\n".join(texts)) == [
        (str(n), str(real.pages)) for n in range(2, real.pages + 1)]


@needs_poppler
def test_status_marking_on_every_page(real: Built) -> None:
    for number, text in enumerate(all_pages(real), start=1):
        assert re.search(r"(^|\s)FÖRSLAG(\s|$)", text), f"page {number} has no status marking"


@needs_poppler
def test_title_page(real: Built) -> None:
    text = lines(page_text(real.path, 1))
    meta = real.plan.meta
    assert text[:2] == [meta.title, str(meta.year)]
    # The document block, label before value in the text order.
    for label, value in document_block(meta, document_day(meta)):
        assert f"{label} {value}".replace("\u00a0", " ") in text
    # No running header on the title page.
    assert not any(meta.full_title + " ·" in line for line in text)


@needs_poppler
def test_running_header_names_the_chapter(real: Built) -> None:
    title = real.plan.meta.full_title
    texts = all_pages(real)
    assert f"{title} · Innehåll" in texts[1]
    for depth, label, page in outline(real.path):
        if depth == 1:
            assert f"{title} · {label}" in texts[page - 1], label


def toc_lines(built: Built) -> dict[str, int]:
    """Entry label -> page number, read from the table of contents page(s): each entry's
    text is its number, title and page, separated by spaces (the dots are not text)."""
    pattern = re.compile(r"^(?:(\d+(?:\.\d+)*) )?(\S.*?) (\d+)$")
    found: dict[str, int] = {}
    for text in all_pages(built)[1:4]:
        if "Innehåll" not in lines(text):
            continue
        for line in lines(text)[lines(text).index("Innehåll") + 1:]:
            if match := pattern.match(line):
                number, label, page = match.groups()
                found[f"{number} {label}" if number else label] = int(page)
    return found


@needs_poppler
def test_toc_page_numbers_are_where_the_headings_are(real: Built) -> None:
    lines_ = toc_lines(real)
    entries = toc(real.plan)
    assert list(lines_) == [entry_label(e) for e in entries]
    texts = all_pages(real)
    for label, page in lines_.items():
        assert label in lines(texts[page - 1]), f"{label!r} is not on page {page}"
    # ... and the bookmarks agree.
    assert {label: page for _, label, page in outline(real.path)} == lines_


def test_bookmarks_for_every_heading_and_the_activity_list(real: Built) -> None:
    found = outline(real.path)
    expected = [(e.level, entry_label(e)) for e in toc(real.plan)]
    assert [(depth, label) for depth, label, _ in found] == expected
    assert expected[-1] == (1, real.plan.activities.title)
    assert not any(label in ("Innehåll", real.plan.meta.full_title) for _, label, _ in found)


@needs_poppler
def test_chapters_start_on_a_new_page(real: Built) -> None:
    texts = all_pages(real)
    chapter_pages = [page for depth, _, page in outline(real.path) if depth == 1]
    assert len(set(chapter_pages)) == len(chapter_pages)
    for depth, label, page in outline(real.path):
        if depth == 1:
            assert lines(texts[page - 1])[0] == label, f"{label!r} does not open page {page}"


@needs_poppler
def test_reading_order_of_definitions_and_goals(real: Built) -> None:
    text = "\n".join(all_pages(real))
    assert "Tillsammans – syftar på att vi i Hälsingland" in text
    assert "Delmål 4.2.1 Ansvara för Hälsinglands kommunikationsinsatser" in text


@needs_poppler
def test_fonts_are_the_committed_files_embedded(real: Built) -> None:
    family = html_writer.print_family(real.brand).replace(" ", "-")
    found = fonts(real.path)
    assert found, "no fonts listed"
    for name, embedded in found:
        assert embedded == "yes", f"{name} is not embedded"
        # The private family name exists only in our @font-face rules: a system font
        # standing in for a missing file would carry its own name (e.g. Noto-Sans).
        assert re.fullmatch(rf"[A-Z]{{6}}\+{re.escape(family)}(-Bold)?(-Italic)?", name), name
    assert family.startswith("Noto-Sans")


@needs_poppler
def test_brand_font_and_colour_reach_the_pdf(real: Built, tmp_path: Path) -> None:
    brand = dataclasses.replace(
        real.brand,
        font=dataclasses.replace(real.brand.font, family="Provfamilj Unik"),
        colours=dataclasses.replace(real.brand.colours, primary="#123456"))
    other = build(real.plan, brand, tmp_path / "other.pdf")
    assert other.messages == ()
    names = [name for name, _ in fonts(other.path)]
    assert names and all("+Provfamilj-Unik-Handlingsplan" in name for name in names), names
    assert other.data != real.data


def test_metadata(real: Built) -> None:
    meta = real.plan.meta
    with pikepdf.open(real.path) as pdf:
        assert str(pdf.Root.Lang) == "sv-SE"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert "/StructTreeRoot" in pdf.Root
        info = pdf.docinfo
        assert str(info.Title) == meta.full_title
        assert str(info.Author) == meta.organisation
        assert str(info.Subject) == meta.subject
        assert str(info.Keywords) == ", ".join(meta.keywords)
        assert "/CreationDate" not in info and "/ModDate" not in info
        with pdf.open_metadata() as xmp:
            assert xmp["pdfaid:part"] == "3"
            assert xmp["pdfaid:conformance"] == "A"
            assert xmp["pdfuaid:part"] == "1"
            assert xmp["dc:title"] == meta.full_title
        for page in pdf.pages:
            assert page.obj.get("/Tabs") == pikepdf.Name.S


def struct_elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found = []

    def walk(node: object) -> None:
        if isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append(node)
            walk(node.get("/K"))

    walk(pdf.Root.StructTreeRoot.K)
    return found


def test_logo_is_a_figure_with_alt_text_and_headers_have_scope(real: Built) -> None:
    with pikepdf.open(real.path) as pdf:
        elements = struct_elements(pdf)
        figures = [e for e in elements if e.S == "/Figure"]
        assert [str(f.Alt) for f in figures] == [real.brand.logo.alt]
        headers = [e for e in elements if e.S == "/TH"]
        columns = [h for h in headers if h.P.S == "/TR" and h.P.P.S == "/THead"]
        assert len(columns) == 5 and all(h.A.Scope == "/Column" for h in columns)
        assert all(h.A.Scope == "/Row" for h in headers if h not in columns)
        roles = {str(e.S) for e in elements}
        assert {"/H1", "/H2", "/H3", "/P", "/L", "/LI", "/Table", "/TR", "/TD", "/Link"} <= roles


def reachable(pdf: pikepdf.Pdf) -> set[tuple[int, int]]:
    return {e.objgen for e in struct_elements(pdf)}


@pytest.mark.parametrize("which", ["real", "large"])
def test_content_is_tagged_or_artifact(which: str, request: pytest.FixtureRequest) -> None:
    """PDF/UA-1 7.1: every marked-content sequence belongs to an element in the tree;
    running header, footer and status marking are artefacts."""
    built: Built = request.getfixturevalue(which)
    with pikepdf.open(built.path) as pdf:
        owners = reachable(pdf)
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for number, page in enumerate(pdf.pages):
            artefacts = 0
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "BDC" and operands[0] == pikepdf.Name.Artifact:
                    artefacts += 1
                elif str(operator) == "BDC":
                    owner = parent_tree[number][int(operands[1].MCID)]
                    assert isinstance(owner, pikepdf.Dictionary) and owner.objgen in owners, (
                        f"page {number + 1}: MCID {operands[1].MCID} is not in the tree")
                elif str(operator) == "BMC" and operands[0] == pikepdf.Name.Artifact:
                    artefacts += 1
            assert artefacts, f"page {number + 1} has no artefacts (margin boxes, rules)"


def test_a_table_across_pages_is_one_table_with_one_header_row(large: Built) -> None:
    with pikepdf.open(large.path) as pdf:
        elements = struct_elements(pdf)
        tables = [e for e in elements if e.S == "/Table"]
        assert len(tables) == 1
        rows = [e for e in elements if e.S == "/TR"]
        assert len(rows) == 1 + len(large.plan.activities.activities)
        headers = [e for e in elements if e.S == "/TH" and e.A.Scope == "/Column"]
        assert len(headers) == 5, "the header row repeated on later pages is not in the tree"
        ids = {bytes(h.ID) for h in headers}
        cells = [e for e in elements if e.S == "/TD"]
        row_ids = {bytes(e.ID) for e in elements if e.S == "/TH" and e.A.Scope == "/Row"}
        assert len(row_ids) == len(large.plan.activities.activities)
        assert all(len(c.A.Headers) == 2 and bytes(c.A.Headers[0]) in row_ids
                   and bytes(c.A.Headers[1]) in ids for c in cells)
        # Every row hangs under the one /TBody, in order.
        body = next(e for e in elements if e.S == "/TBody")
        assert len(body.K) == len(large.plan.activities.activities)


def test_approved_plan_has_no_status_marking(real: Built, tmp_path: Path) -> None:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed: apt-get install poppler-utils")
    meta = dataclasses.replace(real.plan.meta, status=m.PlanStatus.APPROVED,
                               decision_date=dt.date(2025, 2, 14), paragraph="12")
    approved = build(dataclasses.replace(real.plan, meta=meta), real.brand,
                     tmp_path / "approved.pdf")
    texts = all_pages(approved)
    assert not any("FÖRSLAG" in t or "UTKAST" in t for t in texts)
    assert approval_line(meta).replace("\u00a0", " ") in lines(texts[0])


# ---- the activity table over several pages ------------------------------------------------

@needs_poppler
def test_table_header_repeats_and_rows_never_split(large: Built) -> None:
    texts = all_pages(large)
    header = " ".join(header_cells(large.plan))
    where: dict[str, set[int]] = {}
    for number, text in enumerate(texts, start=1):
        for marker in re.findall(r"\b(?:Rad|slut|Ansvarig)\d{3}\b", text):
            where.setdefault(marker, set()).add(number)
    table_pages = sorted({p for marker, pages in where.items() for p in pages})
    assert len(table_pages) >= 3, f"the table spans only pages {table_pages}"
    for number in table_pages:
        assert header in lines(texts[number - 1]), f"no header row on page {number}"
    for i in range(len(large.plan.activities.activities)):
        pages = [where.get(f"{kind}{i:03d}") for kind in ("Rad", "slut", "Ansvarig")]
        assert all(p is not None and len(p) == 1 for p in pages), (i, pages)
        assert pages[0] == pages[1] == pages[2], f"row {i} is split across pages {pages}"


@needs_poppler
def test_goal_numbers_and_date_ranges_never_break_inside(large: Built) -> None:
    text = "\n".join(all_pages(large))
    assert not re.search(r"\d\.\d?\n\d", text), "a goal number is broken across lines"
    assert not re.search(r"\d–\n\d", text), "a day range is broken across lines"
    assert "25–27 september" in text


def hyphenated_words(texts: list[str]) -> list[tuple[str, str]]:
    """(first part, whole word) for every word broken with a hyphen at a line end."""
    found = []
    for text in texts:
        rows = lines(text)
        for line, following in zip(rows, rows[1:]):
            if line.endswith(HYPHEN):
                first = re.split(r"[\s/]", line[:-1])[-1]
                rest = re.split(r"[\s/.,;:!?]", following)[0]
                found.append((first, first + rest))
    return found


@needs_poppler
def test_proper_names_break_only_where_the_exception_list_allows(real: Built,
                                                                 large: Built) -> None:
    broken = hyphenated_words(all_pages(real) + all_pages(large))
    table = html_writer.name_table(real_sources().name_hyphenation)
    names = [(first, word) for first, word in broken if word in table]
    assert names, "no proper name was broken at all: the test would prove nothing"
    for first, word in names:
        allowed = table[word].split(html_writer.SHY)
        prefixes = {"".join(allowed[:i]) for i in range(1, len(allowed))}
        assert first in prefixes, f"{word} broken as {first}‐ (allowed: {sorted(prefixes)})"
    for first, word in broken:
        if word.lower().startswith("häls"):
            assert word in table, f"{word} (not in the exception list) broken"


def test_hyphenation_is_off_where_it_must_be() -> None:
    plan, brand = real_plan()
    html = render_html(plan, brand, "print")
    css = re.sub(r"/\*.*?\*/", "", html.split("<style>")[1].split("</style>")[0], flags=re.DOTALL)
    rules = [(selector.strip(), body) for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css)]
    manual = [selector for selector, body in rules if "hyphens: manual" in body]
    joined = " ".join(manual)
    for selector in ("h1", "h2", "h3", "th", ".innehall", "table td"):
        assert selector in joined, f"{selector} may be hyphenated"
    assert any("hyphens: auto" in body for selector, body in rules if selector.startswith("p,"))
    assert not any("hyphens: auto" in body for selector, body in rules
                   if re.search(r"\b(h[1-3]|th|td)\b", selector))


# ---- the URL fetcher ---------------------------------------------------------------------

def fetcher() -> pdf_writer.AssetFetcher:
    return pdf_writer.AssetFetcher(real_sources().project.files())


@pytest.mark.parametrize("url", [
    pdf_writer.BASE_URL + "templates/../../../../etc/passwd",
    pdf_writer.BASE_URL + "pyproject.toml",
    pdf_writer.BASE_URL + "templates/saknas.png",
    "file:///etc/hostname",
    (ROOT / "pyproject.toml").as_uri(),
    (ROOT / "templates" / "fonts" / "NotoSans-Regular.ttf").as_uri(),
    "http://example.com/style.css",
    "https://example.com/font.ttf",
    "ftp://example.com/x.png",
    "file://example.com/etc/passwd",
])
def test_fetcher_refuses_what_the_build_has_not_read(url: str) -> None:
    with pytest.raises(pdf_writer.FatalURLFetchingError):
        fetcher().fetch(url)


def test_fetcher_serves_assets_and_data_urls() -> None:
    font = ROOT / "templates" / "fonts" / "NotoSans-Regular.ttf"
    url = pdf_writer.BASE_URL + "templates/fonts/NotoSans-Regular.ttf"
    assert fetcher().fetch(url).read() == font.read_bytes()
    assert fetcher().fetch("data:text/plain;base64,SGVq").read() == b"Hej"


def test_a_resource_that_is_not_an_asset_stops_the_build() -> None:
    plan, brand = real_plan()
    picture = m.Image("pyproject.toml", "Ingen bild", plan.chapters[0].loc)
    first = dataclasses.replace(plan.chapters[0],
                                blocks=plan.chapters[0].blocks + (picture,))
    broken = dataclasses.replace(plan, chapters=(first,) + plan.chapters[1:])
    with pytest.raises(pdf_writer.PdfResourceError, match="content/ och templates/"):
        render_pdf(broken, brand)
