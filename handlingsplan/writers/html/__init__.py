"""Document -> HTML through Jinja2; the only importer of jinja2.

Two media share one document template (templates/plan.html.j2):

- "screen": a standalone web page in one file. The CSS is inline and the logo and any
  pictures are data: URLs. The brand's four fonts are embedded as WOFF2 subsets of only
  the characters the page uses (fonts.py: about 6 kB a face instead of 700 kB), so the
  page shows the same typeface as the PDF; the page is rendered once without them to
  learn its characters.
  The body text size is the reader's browser default (WCAG 1.4.4); the brand's point sizes
  give the headings their proportions.
- "print": the HTML that the PDF writer hands to WeasyPrint. Fonts, logo and pictures are
  URLs of their project paths, relative to the base URL, which the PDF writer serves from
  the assets, so the PDF uses only the committed font files; proper names that the Swedish
  hyphenation patterns break wrongly are given their correct hyphenation points as soft
  hyphens (the document's name_hyphenation, from templates/avstavning.txt).

Editor text is always data: the model is walked by small functions (one per node type)
that build markupsafe.Markup with every text escaped; no editor text is ever compiled as a
template. Templates come from the assets (the project's templates/ folder, read by the
sources stage). Every colour, font, size and page measure comes from the Brand; values that
end up in CSS pass through the css_* helpers below, which validate or escape them for CSS.
"""

from __future__ import annotations

import base64
import datetime as dt
import mimetypes
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable
from urllib.parse import quote

from jinja2 import DictLoader, Environment, StrictUndefined
from markupsafe import Markup, escape

from ... import model as m
from ...documents.typography import typeset
from ...sources.brand import COLOUR_ROLES, Brand
from .. import Assets, Rendered
from ..metrics import Metrics
from . import fonts
from ..table_layout import CELL_PAD_MM, Frame, layout_table, name_table

MEDIA = ("screen", "print")
# The print CSS gives the brand's font files a family name of their own, so that only the
# committed files can match it: a system font of the same family (Noto Sans is installed
# system-wide on the build machines) can never stand in for them. The PDF names the fonts
# after it ("Noto-Sans-Handlingsplan-Bold").
PRINT_FAMILY_SUFFIX = "Handlingsplan"
DOCUMENT_TEMPLATE = "plan.html.j2"
TEMPLATE_FOLDER = "templates/"
SHY = "\u00ad"

@lru_cache(maxsize=8)
def _name_pattern(spellings: tuple[str, ...]) -> re.Pattern[str] | None:
    names = sorted(name_table(spellings), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b") if names else None


def hyphenate_names(text: str, spellings: tuple[str, ...]) -> str:
    """The text with every listed proper name carrying only its correct soft hyphens.

    No element wraps the names: WeasyPrint 70 breaks a line after its first word when an
    inline element follows text that fills the line exactly (cf. Kozea/WeasyPrint#1614), so
    print HTML keeps running text free of extra inline elements. A soft hyphen in a word also
    makes WeasyPrint ignore the pattern-based hyphenation points of the text around it.
    """
    pattern, table = _name_pattern(spellings), name_table(spellings)
    return pattern.sub(lambda match: table[match[1]], text) if pattern else text


# ---- CSS values ------------------------------------------------------------------------

_COLOUR_RE = re.compile(r"#[0-9A-Fa-f]{6}")
_CSS_UNSAFE = re.compile(r'["\\<>&\x00-\x1f\x7f]')   # what css_string escapes


def css_colour(value: str) -> Markup:
    if not _COLOUR_RE.fullmatch(value):
        raise ValueError(f"not a #RRGGBB colour: {value!r}")
    return Markup(value.upper())


def css_string(value: str) -> Markup:
    """A quoted CSS string; safe inside <style> (no quote, backslash, '<' or control char)."""
    if not _CSS_UNSAFE.search(value):      # the fonts' data: URLs (≈ 9 kB each, nothing to escape)
        return Markup('"' + value + '"')
    out = []
    for char in value:
        if char in '"\\<>&' or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):X} ")
        else:
            out.append(char)
    return Markup('"' + "".join(out) + '"')


def css_number(value: float) -> Markup:
    return Markup(f"{float(value):.6g}")


def css_url(url: str) -> Markup:
    return Markup("url(") + css_string(url) + Markup(")")


def data_url(key: str, data: bytes) -> str:
    mime = mimetypes.guess_type(key)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _page_label_css(words: m.Words) -> Markup:
    """The page label as CSS content: "Sida " counter(page) " (" counter(pages) ")"."""
    label = words.page.format(page="\x00", pages="\x01")
    parts: list[Markup] = []
    for piece in re.split(r"([\x00\x01])", label):
        if piece == "\x00":
            parts.append(Markup("counter(page)"))
        elif piece == "\x01":
            parts.append(Markup("counter(pages)"))
        elif piece:
            parts.append(css_string(piece))
    return Markup(" ").join(parts)


# ---- walking the model -------------------------------------------------------------------

@dataclass(frozen=True)
class _Renderer:
    """How text and files are written for one medium."""

    medium: str
    files: Mapping[str, bytes]
    words: m.Words
    names: tuple[str, ...]  # proper names with their own hyphenation points (print body text)
    fit: Callable[[m.Table], m.Table] = lambda table: table   # widths and break points
    in_cell: bool = False   # table cell text: on screen, a break opportunity after '/'
    brand: Brand | None = None   # a chart's font and colours

    def text(self, text: str) -> Markup:
        text = typeset(text)
        out = escape(hyphenate_names(text, self.names) if self.names else text)
        if self.in_cell and self.medium == "screen":
            # Chromium does not break after '/' ("halsingland.se/Inflyttarportalen"): on a
            # phone's card that word would be cut between letters
            out = Markup(re.sub(r"(?<=\w)/(?=\w)", "/<wbr>", str(out)))
        return out

    def plain(self) -> "_Renderer":
        """The same medium without name hyphenation (headings, the table of contents)."""
        return replace(self, names=())

    def file_url(self, key: str) -> str:
        """A project file: its path in print (the PDF writer serves it), inline on screen."""
        return quote(key) if self.medium == "print" else data_url(key, self.files[key])


def inlines(nodes: tuple[m.Inline, ...], r: _Renderer) -> Markup:
    return Markup("").join(_INLINE[type(node)](node, r) for node in nodes)


def _text(node: m.Text, r: _Renderer) -> Markup:
    return r.text(node.text)


def _emph(node: m.Emph, r: _Renderer) -> Markup:
    return Markup("<em>{}</em>").format(inlines(node.children, r))


def _strong(node: m.Strong, r: _Renderer) -> Markup:
    return Markup("<strong>{}</strong>").format(inlines(node.children, r))


def _described(node: m.Link) -> Markup:
    """A link's title and accessible name where its text does not say what it is."""
    return Markup(' title="{0}" aria-label="{0}"').format(node.title) if node.title else Markup()


def _link(node: m.Link, r: _Renderer) -> Markup:
    return Markup('<a href="{}"{}>{}</a>').format(node.href, _described(node),
                                                  inlines(node.children, r))


def _line_break(node: m.LineBreak, r: _Renderer) -> Markup:
    return Markup("<br>")


def _unbreakable(node: m.Unbreakable, r: _Renderer) -> Markup:
    """Never broken inside; a link that is the whole token carries the class itself."""
    if len(node.children) == 1 and isinstance(node.children[0], m.Link):
        link = node.children[0]
        return Markup('<a class="token" href="{}"{}>{}</a>').format(
            link.href, _described(link), inlines(link.children, r))
    return Markup('<span class="token">{}</span>').format(inlines(node.children, r))


def _footnote(node: m.Footnote, r: _Renderer) -> Markup:
    """The reference, a link to the note. In print the note's text follows it, floated to
    the page's foot by the print CSS (float: footnote); on screen the notes are listed at
    the end of their section (footnote_list)."""
    ref = Markup('<a class="fotnotsref" id="{0}-ref" href="#{0}">{1}</a>').format(
        node.anchor, node.number)
    if r.medium != "print":
        return Markup("<sup>{}</sup>").format(ref)
    return ref + Markup('<span class="fotnot" id="{}">{}</span>').format(
        node.anchor, inlines(node.children, r))


def _change(tag: str, node: m.Inserted | m.Deleted, r: _Renderer) -> Markup:
    """<ins>/<del> with its label read before the text (not only a line or colour): on
    screen a visually hidden span; in print the label is not drawn but is the PDF's
    /ActualText of the mark (data-etikett, writers/pdf/repairs.change_labels), so that the
    page's text reads without it."""
    if r.medium == "print":
        return Markup('<{0} data-etikett="{1}">{2}</{0}>').format(
            tag, node.label, inlines(node.children, r))
    return Markup('<{0}><span class="dold">{1} </span>{2}</{0}>').format(
        tag, node.label, inlines(node.children, r))


def _inserted(node: m.Inserted, r: _Renderer) -> Markup:
    """Added text, in reading order after the removed text it replaces."""
    return _change("ins", node, r)


def _deleted(node: m.Deleted, r: _Renderer) -> Markup:
    """Removed text, kept in reading order before the text that replaces it."""
    return _change("del", node, r)


def _symbol(node: m.Symbol, r: _Renderer) -> Markup:
    """Shown, not read: the word next to it says it (the PDF makes it an artefact)."""
    return Markup('<span class="symbol" aria-hidden="true">{}</span>').format(node.text)


_INLINE: dict[type, Callable[..., Markup]] = {
    m.Inserted: _inserted, m.Deleted: _deleted,
    m.Text: _text, m.Emph: _emph, m.Strong: _strong, m.Link: _link, m.LineBreak: _line_break,
    m.Unbreakable: _unbreakable, m.Footnote: _footnote, m.Symbol: _symbol,
}


def footnote_list(section: m.Section, r: _Renderer) -> Markup:
    """A section's notes, each with a link back to its reference (screen only)."""
    notes = [n for b in section.blocks for n in m.inline_nodes(b) if isinstance(n, m.Footnote)]
    if not notes or r.medium == "print":
        return Markup("")
    heading_id = f"{notes[0].anchor}-lista"
    items = Markup("").join(
        Markup('<li id="{0}" value="{1}">{2} <a class="tillbaka" href="#{0}-ref" '
               'aria-label="{3}">↩</a></li>').format(
            n.anchor, n.number, inlines(n.children, r),
            r.words.footnote_back.format(number=n.number))
        for n in notes)
    return Markup('\n<aside class="fotnoter" aria-labelledby="{0}">\n'
                  '<p class="fotnoter-rubrik" id="{0}">{1}</p>\n<ol>{2}</ol>\n</aside>').format(
        heading_id, r.words.footnotes, items)


def heading_content(heading: m.Heading, r: _Renderer) -> Markup:
    """"<span class="nr">4.2.1</span> Delmål Varumärket Hälsingland"."""
    text = inlines(heading.inlines, r.plain())
    if heading.number:
        return Markup('<span class="nr">{}</span> {}').format(heading.number, text)
    return text


def _heading(node: m.Heading, r: _Renderer) -> Markup:
    tag = f"h{node.level}"
    return Markup('<{0} id="{1}">{2}</{0}>').format(tag, node.anchor, heading_content(node, r))


def _ident(anchor: str) -> Markup:
    return Markup(' id="{}"').format(anchor) if anchor else Markup("")


def _paragraph(node: m.Paragraph, r: _Renderer) -> Markup:
    return Markup("<p{}>{}</p>").format(_ident(node.anchor), inlines(node.inlines, r))


def _list_item(item: m.ListItem, r: _Renderer) -> Markup:
    if len(item.blocks) == 1 and isinstance(item.blocks[0], m.Paragraph):
        only = item.blocks[0]
        return Markup("<li{}>{}</li>").format(_ident(only.anchor), inlines(only.inlines, r))
    return Markup("<li>{}</li>").format(blocks(item.blocks, r))


def _list(node: m.BulletList, r: _Renderer) -> Markup:
    items = Markup("").join(_list_item(item, r) for item in node.items)
    if not node.ordered:
        return Markup("<ul>{}</ul>").format(items)
    start = Markup(' start="{}"').format(node.start) if node.start != 1 else Markup("")
    return Markup("<ol{}>{}</ol>").format(start, items)


def _definitions(node: m.DefinitionList, r: _Renderer) -> Markup:
    # The dash between term and definition is generated by CSS (dt::after).
    items = Markup("").join(
        Markup("<dt>{}</dt><dd>{}</dd>").format(inlines(d.term, r), inlines(d.body, r))
        for d in node.items)
    return Markup('<dl class="begrepp">{}</dl>').format(items)


def _goal(node: m.GoalStatement, r: _Renderer) -> Markup:
    label = f"{node.label} {node.number}" if node.number else node.label
    return Markup('<p class="delmal"><strong class="delmal-etikett">{}</strong> {}</p>').format(
        label, inlines(node.inlines, r))


def _image(node: m.Image, r: _Renderer) -> Markup:
    """A picture; with a caption a figure, "Figur 1. …" under it (the alt text describes
    the picture, the caption says what it is there for)."""
    if not node.caption:
        return Markup('<div class="bild"><img src="{}" alt="{}"></div>').format(
            r.file_url(node.src), node.alt)
    return Markup('<figure class="bild" id="{}"><img src="{}" alt="{}">'
                  '<figcaption>{}</figcaption></figure>').format(
        node.anchor, r.file_url(node.src), node.alt,
        r.plain().text(figure_caption_text(node, r.words)))


def figure_caption_text(image: m.Image, words: m.Words) -> str:
    """"Figur 1. Karta över Hälsingland"."""
    return f"{words.figure} {image.number}. {image.caption}" if image.number else image.caption


def _quote(node: m.BlockQuote, r: _Renderer) -> Markup:
    return Markup('<blockquote class="citat">\n{}\n</blockquote>').format(blocks(node.blocks, r))


def caption_text(table: m.Table, words: m.Words) -> str:
    """"Tabell 2. Aktiviteter 2025 med …" ("Tabell 2" for a table without a caption)."""
    if not table.number:
        return table.caption
    return f"{words.table} {table.number}. {table.caption}" if table.caption else f"{words.table} {table.number}"


def _table(node: m.Table, r: _Renderer) -> Markup:
    """A data table: caption, column widths from its text (writers/table_layout.py, the
    same as in the DOCX), one header row of column headers, and rows whose naming cell (if
    any) is a row header. On screen the table sits in a focusable region named by its
    caption, so it can be scrolled."""
    node = r.fit(node)
    caption_id = f"{node.anchor}-rubrik"
    region = (Markup(' role="region" aria-labelledby="{}" tabindex="0"').format(caption_id)
              if r.medium == "screen" else Markup(""))
    cols = Markup("").join(Markup('<col style="width: {}%">').format(css_number(c.width))
                           for c in node.columns)
    head = Markup("").join(Markup('<th scope="col"{}>{}</th>').format(_cell_class(c), r.text(c.label))
                           for c in node.columns)
    rows = []
    cell_r = replace(r, in_cell=True)
    for cells in node.rows:
        out = []
        for column, cell in zip(node.columns, cells):
            tag = "th" if column.names_row else "td"
            scope = Markup(' scope="row"') if column.names_row else Markup("")
            if r.medium == "screen":   # the label a narrow screen's card shows (screen CSS)
                scope += Markup(' data-label="{}"').format(typeset(column.label))
            out.append(Markup("<{0}{1}{2}>{3}</{0}>").format(tag, scope, _cell_class(column),
                                                           inlines(cell, cell_r)))
        rows.append(Markup("<tr>\n{}\n</tr>").format(Markup("\n").join(out)))
    return Markup('<div class="tabell"{region}>\n<table id="{anchor}">\n'
                  '<caption id="{caption_id}">{caption}</caption>\n'
                  '<colgroup>{cols}</colgroup>\n<thead>\n<tr>\n{head}\n</tr>\n</thead>\n'
                  '<tbody>\n{rows}\n</tbody>\n</table>\n</div>').format(
        region=region, anchor=node.anchor, caption_id=caption_id,
        caption=r.plain().text(caption_text(node, r.words)), cols=cols, head=head,
        rows=Markup("\n").join(rows))


def _cell_class(column: m.Column) -> Markup:
    """A column's alignment and word breaking as classes the CSS knows."""
    names = [f"k-{column.key}"]
    if column.align is not m.Align.LEFT:
        names.append(f"justera-{column.align.value}")
    if column.wrap is m.Wrap.KEEP:
        names.append("hall-ihop")
    return Markup(' class="{}"').format(" ".join(names))


def _bar_chart(node: m.BarChart, r: _Renderer) -> Markup:
    """A figure: the chart as inline SVG (vector graphics in the PDF too) named by its
    text alternative (role="img", aria-label), and its caption. The numbers are also in
    the table before it."""
    from ..chart import svg

    assert r.brand is not None
    colours = r.brand.colours
    family = print_family(r.brand) if r.medium == "print" else r.brand.font.family
    drawing = svg(node, family, colours.primary, colours.text, colours.rule)
    alt = typeset(node.description)
    if r.medium == "print":
        # An <img> of the SVG: WeasyPrint draws it as vectors and tags it /Figure with /Alt.
        drawing = Markup('<img class="diagram-svg" src="{}" alt="{}">').format(
            data_url("diagram.svg", drawing.encode("utf-8")), alt)
    else:
        drawing = drawing.replace("<svg ", '<svg role="img" aria-label="{}" '.format(
            escape(alt)), 1)
    return Markup('<figure class="diagram" id="{}">{}<figcaption>{}</figcaption></figure>').format(
        node.anchor, Markup(drawing), r.plain().text(node.caption))


_BLOCK: dict[type, Callable[..., Markup]] = {
    m.Heading: _heading, m.Paragraph: _paragraph, m.BulletList: _list,
    m.DefinitionList: _definitions, m.GoalStatement: _goal, m.Image: _image, m.Table: _table,
    m.BarChart: _bar_chart,
    m.BlockQuote: _quote,
}


def blocks(nodes: tuple[m.Block, ...], r: _Renderer) -> Markup:
    return Markup("\n").join(_BLOCK[type(node)](node, r) for node in nodes)


# ---- table of contents -------------------------------------------------------------------

@dataclass
class TocNode:
    entry: m.TocEntry
    text: str
    children: list["TocNode"]


def toc_tree(entries: list[m.TocEntry]) -> list[TocNode]:
    """Flat entries (level 1–3) as a tree, so the HTML has nested lists."""
    root: list[TocNode] = []
    stack: list[tuple[int, list[TocNode]]] = [(0, root)]
    for entry in entries:
        while len(stack) > 1 and stack[-1][0] >= entry.level:
            stack.pop()
        node = TocNode(entry, typeset(entry.text), [])
        stack[-1][1].append(node)
        stack.append((entry.level, node.children))
    return root


# ---- the document ------------------------------------------------------------------------

def environment(files: Mapping[str, bytes]) -> Environment:
    """The templates of the assets' templates/ folder; autoescape on, strict variables."""
    sources = tuple(sorted((key.removeprefix(TEMPLATE_FOLDER), data) for key, data in files.items()
                           if key.startswith(TEMPLATE_FOLDER) and key.endswith(".j2")))
    return _environment(sources)


@lru_cache(maxsize=8)
def _environment(sources: tuple[tuple[str, bytes], ...]) -> Environment:
    loader = DictLoader({name: data.decode("utf-8") for name, data in sources})
    return Environment(loader=loader, autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def print_family(brand: Brand) -> str:
    """The private family name of the brand's font files in the print CSS."""
    return f"{brand.font.family} {PRINT_FAMILY_SUFFIX}"


def _style(document: m.Document, brand: Brand, medium: str,
           files: Mapping[str, bytes] | None = None,
           characters: frozenset[str] | None = None) -> dict[str, object]:
    """Everything the CSS templates take from the brand and the document, safe for CSS.
    On screen, with the page's `characters`, the fonts are WOFF2 subsets as data: URLs."""
    font, page = brand.font, brand.page
    faces = []
    for key, weight, style in ((font.regular, 400, "normal"), (font.bold, 700, "normal"),
                               (font.italic, 400, "italic"), (font.bold_italic, 700, "italic")):
        if medium == "print":
            faces.append({"url": css_url(quote(key)), "weight": weight, "style": style})
        elif characters is not None and files is not None:
            url = fonts.data_url(fonts.woff2_subset(files[key], characters))
            faces.append({"url": css_url(url), "weight": weight, "style": style})
    status = document.status_marking
    return {
        "colour": {role: css_colour(getattr(brand.colours, role)) for role in COLOUR_ROLES},
        "family": css_string(print_family(brand) if medium == "print" else font.family),
        "faces": faces,
        "size": css_number(font.size_pt),
        "h": [css_number(s) for s in font.heading_sizes_pt],
        "h_em": [css_number(s / font.size_pt) for s in font.heading_sizes_pt],
        "title_size": css_number(font.title_size_pt),
        "title_em": css_number(font.title_size_pt / font.size_pt),
        # Narrow screens: the title and chapter headings at a size a 320 px line holds
        "title_em_narrow": css_number(min(2.0, font.title_size_pt / font.size_pt)),
        "h_em_narrow": css_number(min(1.5, font.heading_sizes_pt[0] / font.size_pt)),
        "small": css_number(round(font.size_pt * 0.8, 1)),
        "table_size": css_number(Frame.from_brand(brand).size_pt),
        "cell_pad": css_number(CELL_PAD_MM),
        "logo_width": css_number(brand.logo.width_mm),
        "page": {
            "width": css_number(page.width_mm), "height": css_number(page.height_mm),
            "top": css_number(page.margin_top_mm), "bottom": css_number(page.margin_bottom_mm),
            "inner": css_number(page.margin_inner_mm), "outer": css_number(page.margin_outer_mm),
            "body_height": css_number(page.height_mm - page.margin_top_mm
                                      - page.margin_bottom_mm - 1),
        },
        "running_title": css_string(document.full_title),
        "running_header": css_string(document.running_header),
        "status": css_string(status) if status else None,
        "page_label": _page_label_css(document.words),
    }



def _iso(stamp: dt.datetime | None) -> str | None:
    """W3C date for the dcterms meta WeasyPrint reads: "2025-02-14" or with a UTC time."""
    if stamp is None:
        return None
    return stamp.date().isoformat() if stamp.time() == dt.time() else stamp.strftime("%Y-%m-%dT%H:%M:%SZ")

def render_html(document: m.Document, assets: Assets, medium: str) -> str:
    """The whole document as one HTML page for "screen" (web page) or "print" (WeasyPrint)."""
    if medium not in MEDIA:
        raise ValueError(f"medium must be one of {MEDIA}, not {medium!r}")
    brand = assets.brand
    metrics, frame = Metrics(brand, assets.files), Frame.from_brand(brand)
    r = _Renderer(medium, assets.files, document.words,
                  document.name_hyphenation if medium == "print" else (),
                  brand=brand,
                  fit=lambda table: layout_table(table, metrics, frame, document.name_hyphenation))
    env = environment(assets.files)
    sections = [{"anchor": s.heading.anchor, "kind": s.kind,
                 "html": blocks(s.blocks, r) + footnote_list(s, r)}
                for s in document.sections]

    def page(style: dict[str, object]) -> str:
        css = env.get_template(f"{medium}.css.j2").render(s=style)
        return env.get_template(DOCUMENT_TEMPLATE).render(
            medium=medium,
            doc=document,
            created=_iso(document.created),
            css=Markup(css),
            logo_src=r.file_url(brand.logo.svg),
            logo_alt=brand.logo.alt or brand.organisation,
            toc=toc_tree(document.toc()),
            sections=sections,
        )

    html = page(_style(document, brand, medium))
    if medium == "print":
        return html
    # Every character of the page without fonts (its text, and the CSS's content strings)
    return page(_style(document, brand, medium, assets.files, fonts.page_characters(html)))


def render(document: m.Document, assets: Assets) -> Rendered:
    """The standalone web page (screen medium), UTF-8."""
    html = render_html(document, assets, "screen")
    return Rendered({f"{document.file_stem}.html": html.encode("utf-8")})
