"""Plan -> HTML through Jinja2; the only importer of jinja2.

Two media share one document template (templates/plan.html.j2):

- "screen": a standalone web page in one file. The CSS is inline and the logo and any
  pictures are data: URLs. Fonts are NOT embedded: the page names the brand's family first
  and falls back to the reader's system sans-serif (the four Noto Sans files would add
  about 2.8 MB to a page of 60 kB, and the CMS the page moves to brings its own fonts).
  The body text size is the reader's browser default (WCAG 1.4.4); the brand's point sizes
  give the headings their proportions.
- "print": the HTML that writers.pdf hands to WeasyPrint. Fonts, logo and pictures are
  URLs relative to the project root (the base URL), so the PDF uses only the committed
  font files; proper names that the Swedish hyphenation patterns break wrongly are
  given their correct hyphenation points as soft hyphens (see NAME_HYPHENATION).

Editor text is always data: the model is walked by small functions (one per node type)
that build markupsafe.Markup with every text escaped; no editor text is ever compiled as a
template. Every colour, font, size and page measure comes from the Brand; values that end
up in CSS pass through the css_* helpers below, which validate or escape them for CSS.
"""

from __future__ import annotations

import base64
import datetime as dt
import mimetypes
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from . import model as m
from .brand import COLOUR_ROLES, Brand
from .diagnostics import UsageError
from .docblock import (
    approval_line,
    document_block,
    document_datetime,
    page_label,
    status_marking,
)
from .table import header_cells, row_cells
from .typography import typeset

MEDIA = ("screen", "print")
# The print CSS gives the brand's font files a family name of their own, so that only the
# committed files can match it: a system font of the same family (Noto Sans is installed
# system-wide on the build machines) can never stand in for them. The PDF names the fonts
# after it ("Noto-Sans-Handlingsplan-Bold").
PRINT_FAMILY_SUFFIX = "Handlingsplan"
DOCUMENT_TEMPLATE = "plan.html.j2"
LANG = "sv"
SHY = "\u00ad"

# Proper names that pyphen's Swedish patterns hyphenate wrongly ("Häl-sing-e-rå-det").
# Written with the points where they may break (compound joints, never a doubtful
# syllable); in print they get exactly these break opportunities and no others. Each entry
# also matches with a lower-case or upper-case first letter ("hälsingar", "Hälsingar").
NAME_HYPHENATION = (
    "Häl-singe-rådet", "Häl-singe-rådets",
    "Häl-sing-land", "Häl-sing-lands",
    "Häl-singe-gårdar", "Häl-singe-gårdarna", "Häl-singe-gårdarnas",
    "Häl-singe-perspektiv", "Häl-singe-perspektivet",
    "häl-singe-kommunerna", "häl-singe-kommunernas",
    "häl-singar", "häl-singarna", "häl-singarnas",
    "Ut-vecklings-kontor", "Ut-vecklings-kontoret", "Ut-vecklings-kontorets",
    "Råds-laget", "Gävle-borg", "Gävle-borgs",
    "Ambassadörs-nätverket", "Inflyttar-portalen",
)


def _name_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for spelled in NAME_HYPHENATION:
        for variant in (spelled, spelled[0].lower() + spelled[1:], spelled[0].upper() + spelled[1:]):
            table[variant.replace("-", "")] = variant.replace("-", SHY)
    return table


NAMES = _name_table()
_NAME_RE = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(NAMES, key=len, reverse=True))
                      + r")\b")
# A day, or a range of days, with its month: kept on one line in the table ("25–27 september").
_DAY_MONTH_RE = re.compile(r"\d{1,2}(?:\u2060?–\u2060?\d{1,2})?\s\w+")


def hyphenate_names(text: str) -> str:
    """The text with every listed proper name carrying only its correct soft hyphens.

    No element wraps the names: WeasyPrint 70 breaks a line after its first word when an
    inline element follows text that fills the line exactly (cf. Kozea/WeasyPrint#1614), so
    print HTML keeps running text free of extra inline elements. A soft hyphen in a word also
    makes WeasyPrint ignore the pattern-based hyphenation points of the text around it.
    """
    return _NAME_RE.sub(lambda match: NAMES[match[1]], text)


# ---- CSS values ------------------------------------------------------------------------

_COLOUR_RE = re.compile(r"#[0-9A-Fa-f]{6}")


def css_colour(value: str) -> Markup:
    if not _COLOUR_RE.fullmatch(value):
        raise ValueError(f"not a #RRGGBB colour: {value!r}")
    return Markup(value.upper())


def css_string(value: str) -> Markup:
    """A quoted CSS string; safe inside <style> (no quote, backslash, '<' or control char)."""
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


def project_url(path: Path, root: Path) -> str:
    """A URL relative to the project root (the base URL of the print HTML)."""
    try:
        relative = path.resolve().relative_to(root.resolve())
    except ValueError:
        raise UsageError(f"filen {path} ligger utanför projektmappen {root} och kan inte "
                         "användas i PDF:en: lägg den i templates/ eller content/") from None
    return quote(relative.as_posix())


def data_url(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _page_label_css() -> Markup:
    """docblock.page_label as CSS content: "Sida " counter(page) " (" counter(pages) ")"."""
    label = page_label("\x00", "\x01")
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
    root: Path
    names: bool  # proper names with their own hyphenation points (print body text)

    def text(self, text: str) -> Markup:
        text = typeset(text)
        return escape(hyphenate_names(text) if self.names else text)

    def plain(self) -> "_Renderer":
        """The same medium without name hyphenation (headings, the table of contents)."""
        return _Renderer(self.medium, self.root, False)

    def file_url(self, path: Path) -> str:
        return project_url(path, self.root) if self.medium == "print" else data_url(path)


def inlines(nodes: tuple[m.Inline, ...], r: _Renderer) -> Markup:
    return Markup("").join(_INLINE[type(node)](node, r) for node in nodes)


def _text(node: m.Text, r: _Renderer) -> Markup:
    return r.text(node.text)


def _emph(node: m.Emph, r: _Renderer) -> Markup:
    return Markup("<em>{}</em>").format(inlines(node.children, r))


def _strong(node: m.Strong, r: _Renderer) -> Markup:
    return Markup("<strong>{}</strong>").format(inlines(node.children, r))


def _link(node: m.Link, r: _Renderer) -> Markup:
    return Markup('<a href="{}">{}</a>').format(node.href, inlines(node.children, r))


def _line_break(node: m.LineBreak, r: _Renderer) -> Markup:
    return Markup("<br>")


_INLINE: dict[type, Callable[..., Markup]] = {
    m.Text: _text, m.Emph: _emph, m.Strong: _strong, m.Link: _link, m.LineBreak: _line_break,
}


def heading_content(heading: m.Heading, r: _Renderer) -> Markup:
    """"<span class="nr">4.2.1</span> Delmål Varumärket Hälsingland"."""
    text = inlines(heading.inlines, r.plain())
    if heading.number:
        return Markup('<span class="nr">{}</span> {}').format(heading.number, text)
    return text


def _heading(node: m.Heading, r: _Renderer) -> Markup:
    tag = f"h{node.level}"
    return Markup('<{0} id="{1}">{2}</{0}>').format(tag, node.anchor, heading_content(node, r))


def _paragraph(node: m.Paragraph, r: _Renderer) -> Markup:
    return Markup("<p>{}</p>").format(inlines(node.inlines, r))


def _list_item(item: m.ListItem, r: _Renderer) -> Markup:
    if len(item.blocks) == 1 and isinstance(item.blocks[0], m.Paragraph):
        return Markup("<li>{}</li>").format(inlines(item.blocks[0].inlines, r))
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
    label = f"Delmål {node.number}" if node.number else "Delmål"
    return Markup('<p class="delmal"><strong class="delmal-etikett">{}</strong> {}</p>').format(
        label, inlines(node.inlines, r))


def _image(node: m.Image, r: _Renderer) -> Markup:
    return Markup('<div class="bild"><img src="{}" alt="{}"></div>').format(
        r.file_url(node.path), node.alt)


_BLOCK: dict[type, Callable[..., Markup]] = {
    m.Heading: _heading, m.Paragraph: _paragraph, m.BulletList: _list,
    m.DefinitionList: _definitions, m.GoalStatement: _goal, m.Image: _image,
}


def blocks(nodes: tuple[m.Block, ...], r: _Renderer) -> Markup:
    return Markup("\n").join(_BLOCK[type(node)](node, r) for node in nodes)


# ---- the activity table ------------------------------------------------------------------

def _goal_links(activity: m.Activity) -> Markup:
    """"4.2.1, 4.2.2", each number a link to its goal heading, never broken inside."""
    return Markup(", ").join(
        Markup('<a class="token" href="#{}">{}</a>').format(ref.anchor, ref.number)
        if ref.anchor else Markup('<span class="token">{}</span>').format(ref.number)
        for ref in activity.goals)


def _due(text: str) -> Markup:
    parts: list[str] = []
    position = 0
    for match in _DAY_MONTH_RE.finditer(text):
        parts.append(escape(text[position:match.start()]))
        parts.append(Markup('<span class="token">{}</span>').format(match[0]))
        position = match.end()
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def activity_rows(plan: m.Plan, r: _Renderer) -> list[list[Markup]]:
    rows = []
    for activity in plan.activities.activities:
        text, _, responsible, due, status = (typeset(c) for c in row_cells(activity, plan))
        # The goal cell is built from the references (same text as row_cells) to link them.
        rows.append([r.text(text), _goal_links(activity), r.text(responsible), _due(due),
                     escape(status)])
    return rows


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

@lru_cache(maxsize=8)
def environment(template_dir: Path) -> Environment:
    """Templates come from the brand's folder (templates/); autoescape on, strict variables."""
    return Environment(loader=FileSystemLoader(str(template_dir)), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True)


def print_family(brand: Brand) -> str:
    """The private family name of the brand's font files in the print CSS."""
    return f"{brand.font.family} {PRINT_FAMILY_SUFFIX}"


def _style(plan: m.Plan, brand: Brand, medium: str) -> dict[str, object]:
    """Everything the CSS templates take from the brand and the plan, made safe for CSS."""
    font, page = brand.font, brand.page
    faces = []
    if medium == "print":
        for path, weight, style in ((font.regular, 400, "normal"), (font.bold, 700, "normal"),
                                    (font.italic, 400, "italic"), (font.bold_italic, 700, "italic")):
            faces.append({"url": css_url(project_url(path, plan.root)),
                          "weight": weight, "style": style})
    status = status_marking(plan.meta)
    return {
        "colour": {role: css_colour(getattr(brand.colours, role)) for role in COLOUR_ROLES},
        "family": css_string(print_family(brand) if medium == "print" else font.family),
        "faces": faces,
        "size": css_number(font.size_pt),
        "h": [css_number(s) for s in font.heading_sizes_pt],
        "h_em": [css_number(s / font.size_pt) for s in font.heading_sizes_pt],
        "title_size": css_number(font.title_size_pt),
        "title_em": css_number(font.title_size_pt / font.size_pt),
        "small": css_number(round(font.size_pt * 0.8, 1)),
        "table_size": css_number(round(font.size_pt * 0.9, 1)),
        "logo_width": css_number(brand.logo.width_mm),
        "page": {
            "width": css_number(page.width_mm), "height": css_number(page.height_mm),
            "top": css_number(page.margin_top_mm), "bottom": css_number(page.margin_bottom_mm),
            "inner": css_number(page.margin_inner_mm), "outer": css_number(page.margin_outer_mm),
            "body_height": css_number(page.height_mm - page.margin_top_mm
                                      - page.margin_bottom_mm - 1),
        },
        "running_title": css_string(plan.meta.full_title),
        "status": css_string(status) if status else None,
        "page_label": _page_label_css(),
    }



def _iso(stamp: dt.datetime | None) -> str | None:
    """W3C date for the dcterms meta WeasyPrint reads: "2025-02-14" or with a UTC time."""
    if stamp is None:
        return None
    return stamp.date().isoformat() if stamp.time() == dt.time() else stamp.strftime("%Y-%m-%dT%H:%M:%SZ")

def render_html(plan: m.Plan, brand: Brand, medium: str) -> str:
    """The whole plan as one HTML document for "screen" (web page) or "print" (WeasyPrint)."""
    if medium not in MEDIA:
        raise ValueError(f"medium must be one of {MEDIA}, not {medium!r}")
    r = _Renderer(medium, plan.root, names=(medium == "print"))
    env = environment(brand.folder.resolve())
    style = _style(plan, brand, medium)
    css = env.get_template(f"{medium}.css.j2").render(s=style)
    meta = plan.meta
    chapters = [{"anchor": ch.heading.anchor, "html": blocks(ch.blocks, r)}
                for ch in plan.chapters]
    return env.get_template(DOCUMENT_TEMPLATE).render(
        medium=medium,
        lang=LANG,
        meta=meta,
        full_title=meta.full_title,
        description=meta.subject or meta.full_title,
        created=_iso(document_datetime(meta)),
        css=Markup(css),
        logo_src=r.file_url(brand.logo.svg),
        logo_alt=brand.logo.alt or brand.organisation,
        status=status_marking(meta),
        docblock=document_block(meta),
        approval=approval_line(meta),
        toc=toc_tree(plan.toc()),
        chapters=chapters,
        activities=plan.activities,
        activities_intro=r.text(plan.activities.intro) if plan.activities.intro else None,
        caption=f"Aktiviteter {meta.year}: mål, ansvarig, slutdatum och status",
        header=header_cells(plan),
        rows=activity_rows(plan, r),
    )


def write_html(plan: m.Plan, brand: Brand, target: Path) -> None:
    """The standalone web page (screen medium), UTF-8."""
    target.write_text(render_html(plan, brand, "screen"), encoding="utf-8", newline="\n")
