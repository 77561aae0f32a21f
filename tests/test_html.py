"""The HTML writer: markup, escaping, brand values, and the web page's self-containment."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import jinja2
import lxml.html
import pytest

from handlingsplan.writers import html as html_writer
from handlingsplan import model as m
from handlingsplan.sources.brand import Brand
from handlingsplan.diagnostics import Loc

from .helpers import toc, BASENAME, document_and_assets, header_cells, real_sources, render_html, row_texts

ROOT = Path(__file__).resolve().parent.parent
SHY = "\u00ad"


@pytest.fixture(scope="module")
def screen(plan_and_brand: tuple[m.Plan, Brand]) -> str:
    return render_html(*plan_and_brand, "screen")


@pytest.fixture(scope="module")
def printed(plan_and_brand: tuple[m.Plan, Brand]) -> str:
    return render_html(*plan_and_brand, "print")


def tree(html: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html.encode("utf-8"))


def text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def with_paragraph(plan: m.Plan, paragraph_text: str) -> m.Plan:
    loc = Loc("content/2025/test.md", 1)
    chapter = plan.chapters[0]
    extra = m.Paragraph((m.Text(paragraph_text),), loc)
    return dataclasses.replace(plan, chapters=(
        dataclasses.replace(chapter, blocks=chapter.blocks + (extra,)),) + plan.chapters[1:])


# ---- document ---------------------------------------------------------------------------

@pytest.mark.parametrize("medium", html_writer.MEDIA)
def test_head(plan_and_brand: tuple[m.Plan, Brand], medium: str) -> None:
    plan, brand = plan_and_brand
    doc = tree(render_html(plan, brand, medium))
    assert doc.get("lang") == "sv"
    assert doc.findtext(".//title") == plan.meta.full_title
    metas = {e.get("name"): e.get("content") for e in doc.iter("meta") if e.get("name")}
    assert metas["description"] == plan.meta.subject
    assert metas["author"] == plan.meta.organisation
    assert metas["keywords"] == ", ".join(plan.meta.keywords)
    # No date in plan.yaml: no date at all (never the build time).
    assert "dcterms.created" not in metas and "dcterms.modified" not in metas
    if medium == "print":
        # WeasyPrint copies unknown <meta> names into the PDF's Info dictionary.
        assert set(metas) == {"description", "author", "keywords"}


def test_dates_only_from_the_plan(plan_and_brand: tuple[m.Plan, Brand]) -> None:
    plan, brand = plan_and_brand
    dated = dataclasses.replace(plan, meta=dataclasses.replace(plan.meta, date=dt.date(2025, 3, 1)))
    doc = tree(render_html(dated, brand, "print"))
    metas = {e.get("name"): e.get("content") for e in doc.iter("meta") if e.get("name")}
    assert metas["dcterms.created"] == metas["dcterms.modified"] == "2025-03-01"


def test_landmarks_and_skip_link(screen: str, printed: str) -> None:
    doc = tree(screen)
    body = doc.find("body")
    skip = body[0]
    assert skip.tag == "a" and skip.get("href") == "#_innehall" and text(skip) == "Hoppa till innehållet"
    assert doc.find(".//header") is not None
    nav = doc.find(".//nav")
    assert nav.get("aria-labelledby") == "_innehall-rubrik"
    assert text(doc.get_element_by_id("_innehall-rubrik")) == "Innehåll"
    assert doc.find(".//main").get("id") == "_innehall"
    assert "Hoppa till innehållet" not in printed


def test_title_page_block(plan_and_brand: tuple[m.Plan, Brand], screen: str) -> None:
    plan, brand = plan_and_brand
    doc = tree(screen)
    header = doc.find(".//header")
    assert text(header.find(".//h1")) == plan.meta.full_title
    logo = header.find(".//img")
    assert logo.get("alt") == brand.logo.alt and logo.get("src").startswith("data:image/svg+xml;base64,")
    pairs = [(text(dt_), text(dd)) for dt_, dd in zip(header.iter("dt"), header.iter("dd"))]
    assert pairs == [("Dokumenttyp", "Handlingsplan"), ("Status", "Förslag"),
                     ("Beslutande organ", "Hälsingerådets styrelse"), ("Version", "1.0")]
    assert text(header.find_class("statusmarkering")[0]) == "FÖRSLAG"


# ---- chapters ---------------------------------------------------------------------------

def test_headings_have_anchor_ids_and_numbers(plan_and_brand: tuple[m.Plan, Brand],
                                              screen: str) -> None:
    plan, _ = plan_and_brand
    doc = tree(screen)
    for heading in plan.headings():
        element = doc.get_element_by_id(heading.anchor)
        assert element.tag == f"h{heading.level}"
        numbers = element.find_class("nr")
        if heading.number:
            assert [text(n) for n in numbers] == [heading.number]
            assert text(element) == f"{heading.number} {m.plain_text(heading.inlines)}"
        else:
            assert numbers == []
    assert text(doc.get_element_by_id("varumarket")) == "4.2.1 Delmål Varumärket Hälsingland"


def test_goal_statement_and_definitions(screen: str) -> None:
    doc = tree(screen)
    goals = doc.find_class("delmal")
    assert [text(g.find_class("delmal-etikett")[0]) for g in goals] == [
        "Delmål 4.2.1", "Delmål 4.2.2", "Delmål 4.2.3"]
    assert text(goals[0]).startswith("Delmål 4.2.1 Ansvara för Hälsinglands")
    dl = doc.find_class("begrepp")[0]
    terms = [text(e) for e in dl.iter("dt")]
    assert terms == ["Tillsammans", "Livskraft", "Attraktion", "Framtidstro"]
    assert text(next(dl.iter("dd"))).startswith("syftar på att vi")
    assert 'content: " \\2013  "' in screen  # the dash between term and definition


def test_lists(screen: str) -> None:
    doc = tree(screen)
    items = [text(li) for ul in doc.find(".//main").iter("ul") for li in ul.iter("li")]
    assert "ansvara för samarbetsprojekt inom det kommunala kompetensområdet." in items
    assert "Att göra skillnad för 130 000 hälsingar" in items  # text() folds the NBSP


def test_typography_is_applied(screen: str) -> None:
    assert "”Att tillsammans bygga" in screen and "topp 5 resmål.”" in screen
    assert '"Att tillsammans' not in screen
    assert "130\u00a0000 hälsingar" in screen


def test_editor_text_is_data_never_a_template(plan_and_brand: tuple[m.Plan, Brand]) -> None:
    plan, brand = plan_and_brand
    hostile = "{{ 7*7 }} {% if true %}ja{% endif %} <script>alert(1)</script> & <b>fet</b>"
    for medium in html_writer.MEDIA:
        html = render_html(with_paragraph(plan, hostile), brand, medium)
        assert "{{ 7*7 }}" in html and "{% if true %}ja{% endif %}" in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;fet&lt;/b&gt;" in html
        assert "<script>" not in html and "<b>" not in html
        assert text(tree(html).find(".//main")).count("{{ 7*7 }}") == 1


def test_metadata_values_are_escaped(plan_and_brand: tuple[m.Plan, Brand]) -> None:
    plan, brand = plan_and_brand
    meta = dataclasses.replace(plan.meta, title='Plan <i>"x"</i> & {{ y }}',
                               subject='"><script>alert(1)</script>')
    for medium in html_writer.MEDIA:
        html = render_html(dataclasses.replace(plan, meta=meta), brand, medium)
        assert "<i>" not in html and "<script>" not in html
        doc = tree(html)
        assert doc.findtext(".//title") == 'Plan <i>"x"</i> & {{ y }} 2025'
        assert text(doc.find(".//h1")) == 'Plan <i>"x"</i> & {{ y }} 2025'


def test_table_cells_are_escaped(plan_and_brand: tuple[m.Plan, Brand]) -> None:
    plan, brand = plan_and_brand
    first = dataclasses.replace(plan.activities.activities[0],
                                text="<img src=x onerror=alert(1)> {{ 7*7 }}",
                                responsible='"Anna" & <Bo>')
    hostile = dataclasses.replace(plan, activities=dataclasses.replace(
        plan.activities, activities=(first,) + plan.activities.activities[1:]))
    html = render_html(hostile, brand, "screen")
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; {{ 7*7 }}" in html
    assert "”Anna” &amp; &lt;Bo&gt;" in html


def test_environment_is_strict_and_autoescaping(plan_and_brand: tuple[m.Plan, Brand]) -> None:
    _, brand = plan_and_brand
    env = html_writer.environment(real_sources().project.files())
    assert env.autoescape is True
    assert env.undefined is jinja2.StrictUndefined
    with pytest.raises(jinja2.UndefinedError):
        env.get_template("plan.html.j2").render()


# ---- the activity table ----------------------------------------------------------------

def test_activity_table(plan_and_brand: tuple[m.Plan, Brand], screen: str) -> None:
    plan, _ = plan_and_brand
    doc = tree(screen)
    heading = doc.get_element_by_id(plan.activities.anchor)
    assert heading.tag == "h1" and text(heading) == plan.activities.title
    assert heading.find_class("nr") == []
    table = doc.find(".//table")
    assert text(table.find("caption"))
    headers = table.findall("thead/tr/th")
    assert [text(th) for th in headers] == list(header_cells(plan))
    assert all(th.get("scope") == "col" for th in headers)
    rows = table.findall("tbody/tr")
    assert len(rows) == len(plan.activities.activities) == 19
    for row, expected in zip(rows, row_texts(plan)):
        first, *rest = row.findall("th") + row.findall("td")
        assert first.tag == "th" and first.get("scope") == "row", "the activity names its row"
        assert [text(c) for c in [first, *rest]] == [" ".join(c.split()) for c in expected]
    links = rows[0].findall("td")[0].findall(".//a")
    assert [(a.get("href"), text(a)) for a in links] == [("#varumarket", "4.2.1"),
                                                        ("#kompetensforsorjning", "4.2.2")]
    for a in doc.find(".//tbody").iter("a"):
        if a.get("href").startswith("#"):   # goal numbers; web addresses link out
            assert doc.get_element_by_id(a.get("href")[1:]) is not None


def test_day_ranges_and_goal_numbers_are_unbreakable_tokens(screen: str) -> None:
    doc = tree(screen)
    tokens = [text(e).replace("\u2060", "") for e in doc.find(".//tbody").find_class("token")]
    assert "25–27 september" in tokens  # text() folds the no-break space
    assert "4.2.1" in tokens
    assert ".tabell .token { white-space: nowrap; }" in screen


# ---- the table of contents --------------------------------------------------------------

def test_toc_links_every_entry(plan_and_brand: tuple[m.Plan, Brand], screen: str) -> None:
    plan, _ = plan_and_brand
    nav = tree(screen).find(".//nav")
    links = [(a.get("href"), text(a)) for a in nav.iter("a")]
    expected = [(f"#{e.anchor}", f"{e.number} {e.text}" if e.number else e.text)
                for e in toc(plan)]
    assert links == expected
    # Nested lists follow the heading levels.
    assert len(nav.findall("ul/li")) == 6
    assert [text(a) for a in nav.findall("ul/li/ul/li/ul/li/a")][:1] == [
        "4.1.1 Nya samarbeten i intern verksamhet"]


# ---- media ------------------------------------------------------------------------------

def test_screen_page_is_self_contained(screen: str) -> None:
    doc = tree(screen)
    for element in doc.iter():
        for attribute in ("src", "href"):
            value = element.get(attribute)
            if value is not None and element.tag != "a":
                assert value.startswith("data:"), (element.tag, value[:60])
    assert doc.find(".//link") is None
    # the only url()s are the embedded fonts' data: URLs (tests/test_html_fonts.py)
    assert re.findall(r'url\("(.{0,22})', screen) == ["data:font/woff2;base64"] * 4
    assert SHY not in screen


def test_print_html_uses_project_relative_files(printed: str) -> None:
    faces = re.findall(r'src: url\("([^"]+)"\)', printed)
    assert faces == ["templates/fonts/NotoSans-Regular.ttf", "templates/fonts/NotoSans-Bold.ttf",
                     "templates/fonts/NotoSans-Italic.ttf", "templates/fonts/NotoSans-BoldItalic.ttf"]
    assert tree(printed).find(".//img").get("src") == "templates/logo.svg"


def test_brand_values_reach_both_media(plan_and_brand: tuple[m.Plan, Brand]) -> None:
    plan, brand = plan_and_brand
    changed = dataclasses.replace(
        brand,
        colours=dataclasses.replace(brand.colours, primary="#123456", accent="#00AA11"),
        font=dataclasses.replace(brand.font, family="Prov Sans", size_pt=12.0),
        page=dataclasses.replace(brand.page, margin_top_mm=31.0))
    for medium in html_writer.MEDIA:
        before = render_html(plan, brand, medium)
        after = render_html(plan, changed, medium)
        assert "#123456" in after and "#123456" not in before
        assert "#00AA11" in after and "#2F6F6B" not in after
        assert '"Prov Sans' in after and '"Noto Sans' not in after
    printed = render_html(plan, changed, "print")
    assert "font-size: 12pt" in printed and "31mm" in printed


def test_css_values_are_escaped() -> None:
    assert html_writer.css_string('a"b\\c</style>') == '"a\\22 b\\5C c\\3C /style\\3E "'
    with pytest.raises(ValueError):
        html_writer.css_colour("red; background: url(x)")


def test_render_returns_the_page_as_utf8_bytes(plan_and_brand: tuple[m.Plan, Brand],
                                               screen: str) -> None:
    rendered = html_writer.render(*document_and_assets(*plan_and_brand))
    assert rendered.files == {f"{BASENAME}.html": screen.encode("utf-8")}


def test_unknown_medium(plan_and_brand: tuple[m.Plan, Brand]) -> None:
    with pytest.raises(ValueError):
        render_html(*plan_and_brand, "tv")


# ---- proper names in print ----------------------------------------------------------------

@pytest.mark.parametrize(("word", "expected"), [
    ("Hälsingerådet", "Häl|singe|rådet"),
    ("Hälsingerådets", "Häl|singe|rådets"),
    ("Hälsingland", "Häl|sing|land"),
    ("Hälsinglands", "Häl|sing|lands"),
    ("Hälsingegårdar", "Häl|singe|gårdar"),
    ("Hälsingegårdarnas", "Häl|singe|gårdarnas"),
    ("Hälsingeperspektiv", "Häl|singe|perspektiv"),
    ("Utvecklingskontoret", "Ut|vecklings|kontoret"),
    ("hälsingekommunerna", "häl|singe|kommunerna"),
])
def test_proper_names_get_their_own_hyphenation(word: str, expected: str) -> None:
    names = real_sources().name_hyphenation
    assert html_writer.hyphenate_names(f"om {word}, och", names) == \
        f"om {expected.replace('|', SHY)}, och"


def test_names_inside_other_words_are_left_alone() -> None:
    assert html_writer.hyphenate_names("Hälsinglandsbygden och Nyhälsingland",
                                       real_sources().name_hyphenation) == \
        "Hälsinglandsbygden och Nyhälsingland"


def test_print_body_text_carries_name_hyphens_but_headings_do_not(printed: str) -> None:
    doc = tree(printed)
    assert f"Häl{SHY}singe{SHY}rådet är ett frivilligt samarbete" in printed
    for level in ("h1", "h2", "h3"):
        for heading in doc.iter(level):
            assert SHY not in heading.text_content()
    assert SHY not in tree(printed).find(".//nav").text_content()
