"""Document -> DOCX, the Word version. The only importer of python-docx.

The writer walks the document model (one small method per node type) and writes real
Word structure: styles generated from the brand (no direct formatting on runs), Word's
own multi-level heading numbering, a pre-filled table of contents field, PAGE/NUMPAGES
fields, bookmarks and hyperlinks, an accessible activity table, embedded fonts and
reproducible bytes. Raw XML comes from xml.py. Fonts, logo and pictures are bytes from
the assets.
"""

from __future__ import annotations

import copy
import hashlib
import io
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property

from docx import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.shared import Mm, Twips
from docx.table import Table

from ... import model as m
from ...documents.typography import NBSP, typeset
from ...sources.brand import Brand
from .. import Assets, Rendered
from . import xml as x

LANGUAGE = "sv-SE"
TOC_INSTRUCTION = 'TOC \\o "1-3" \\h \\z \\u'
TABLE_FONT_DELTA_PT = 1.0          # table text is this much smaller than body text
LINE = 1.15                        # body line spacing (multiple of single)
CELL_PAD_MM = 1.5                  # left/right cell margin in the activity table
HEADER_FOOTER_DISTANCE_MM = 12.5


# Style ids. Built-in styles keep Word's names (Word shows them translated, e.g.
# "Rubrik 1"); our own styles have Swedish names.
NORMAL, TITLE, SUBTITLE = "Normal", "Title", "Subtitle"
HEADINGS = ("Heading1", "Heading2", "Heading3")
LIST_BULLET, LIST_NUMBER = "ListBullet", "ListNumber"
LIST_CONTINUE = ("ListContinue", "ListContinue2", "ListContinue3")
DEFINITION, TERM = "Definition", "Term"
GOAL, GOAL_LABEL = "Delmal", "Delmalsetikett"
CAPTION, FIGURE, LOGO = "Caption", "Bild", "Logotyp"
TOC_HEADING, TOCS = "TOCHeading", ("TOC1", "TOC2", "TOC3")
HEADER, FOOTER, MARKING, HEADER_MARKING = "Header", "Footer", "Statusmarkering", "Markering"
DOC_BLOCK, LABEL = "Dokumentuppgifter", "Etikett"
TABLE_TEXT, TABLE_HEADING, TABLE_STYLE = "Tabelltext", "Tabellrubrik", "Aktivitetstabell"
HYPERLINK, STRONG, EMPHASIS = "Hyperlink", "Strong", "Emphasis"

# Numbering instances (w:num ids).
NUM_HEADINGS, NUM_BULLETS, NUM_NUMBERED = 1, 2, 3
ABSTRACT_HEADINGS, ABSTRACT_BULLETS, ABSTRACT_NUMBERED = 0, 1, 2
LIST_INDENT_MM, LIST_HANGING_MM = 7.0, 5.0


def render(document: m.Document, assets: Assets) -> Rendered:
    """The document as a Word file (the same bytes for the same input)."""
    return Rendered({f"{document.file_stem}.docx": render_docx(document, assets)})


def render_docx(document: m.Document, assets: Assets) -> bytes:
    """The DOCX file's bytes."""
    return _DocxWriter(document, assets).render()


def bookmark_name(anchor: str) -> str:
    """The anchor as a Word bookmark name: at most 40 characters, starting with a letter;
    a longer anchor keeps its start and a hash of the whole, so names stay unique."""
    name = anchor if anchor[:1].isalpha() else f"a-{anchor}"
    if len(name) <= 40:
        return name
    return f"{name[:31]}-{hashlib.sha1(anchor.encode()).hexdigest()[:8]}"


# ---- measuring text with the brand font -------------------------------------------------

class _Metrics:
    """Advance widths from the brand's font files: column widths and page estimates."""

    def __init__(self, brand: Brand, files: Mapping[str, bytes]):
        from fontTools.ttLib import TTFont  # only needed while writing DOCX

        self._faces = {}
        for is_bold, key in ((False, brand.font.regular), (True, brand.font.bold)):
            font = TTFont(io.BytesIO(files[key]), lazy=True)
            self._faces[is_bold] = (font.getBestCmap(), font["hmtx"].metrics,
                                    font["head"].unitsPerEm)
            if not is_bold:
                os2 = font["OS/2"]
                self.line_factor = (os2.usWinAscent + os2.usWinDescent) / font["head"].unitsPerEm

    def width_pt(self, text: str, size_pt: float, bold: bool = False) -> float:
        cmap, advances, upm = self._faces[bold]
        units = sum(advances[cmap.get(ord(c), ".notdef")][0] for c in text)
        return units / upm * size_pt

    def width_mm(self, text: str, size_pt: float, bold: bool = False) -> float:
        return self.width_pt(text, size_pt, bold) * 25.4 / 72

    def line_pt(self, size_pt: float, line: float = LINE) -> float:
        return size_pt * self.line_factor * line

    def lines(self, text: str, size_pt: float, width_pt: float, bold: bool = False) -> int:
        """Lines a paragraph needs (greedy word wrap)."""
        space = self.width_pt(" ", size_pt, bold)
        count, used = 1, 0.0
        for word in _words(text):
            w = self.width_pt(word, size_pt, bold)
            if used and used + space + w > width_pt:
                count, used = count + 1, w
            else:
                used += (space if used else 0) + w
        return count


ZWSP = "\u200b"


def _break_after_slashes(text: str) -> str:
    """A zero-width space after '/' between words ("kommunikationschef/Linda"): Word and
    LibreOffice do not break there by themselves, and narrow table columns need to."""
    return re.sub(r"(?<=\w)/(?=\w)", "/" + ZWSP, text)


def _units(text: str) -> list[str]:
    """Pieces of text a line may not break inside: split at spaces, zero-width spaces and
    after an en dash that follows a word ("1 september–|30 november"; not "25–27")."""
    text = re.sub(r"(?<=[^\W\d])–", "–" + ZWSP, text)
    return [piece for word in _words(text) for piece in word.split(ZWSP) if piece]


def _words(text: str) -> list[str]:
    """Words between breakable spaces (a no-break space joins, unlike str.split())."""
    return [word for word in re.split(r"[ \t\n]+", text) if word]


# ---- layout derived from the brand --------------------------------------------------------

@dataclass(frozen=True)
class _Layout:
    text_width_mm: float
    text_height_mm: float
    body_pt: float
    table_pt: float
    heading_pt: tuple[float, float, float]
    title_pt: float

    @property
    def text_width(self) -> int:
        return x.twips_mm(self.text_width_mm)


def _layout(brand: Brand) -> _Layout:
    page = brand.page
    return _Layout(
        text_width_mm=page.width_mm - page.margin_inner_mm - page.margin_outer_mm,
        text_height_mm=page.height_mm - page.margin_top_mm - page.margin_bottom_mm,
        body_pt=brand.font.size_pt,
        table_pt=brand.font.size_pt - TABLE_FONT_DELTA_PT,
        heading_pt=brand.font.heading_sizes_pt,
        title_pt=brand.font.title_size_pt,
    )


# Paragraph spacing (before, after) in points, shared by the styles and the page estimate.
SPACING = {
    NORMAL: (0, 8), TITLE: (96, 6), SUBTITLE: (0, 30), MARKING: (0, 36), DOC_BLOCK: (0, 3),
    HEADINGS[0]: (0, 14), HEADINGS[1]: (16, 6), HEADINGS[2]: (12, 4),
    LIST_BULLET: (0, 4), LIST_NUMBER: (0, 4), DEFINITION: (0, 8), GOAL: (6, 14),
    CAPTION: (6, 4), TOC_HEADING: (0, 14), TOCS[0]: (8, 3), TOCS[1]: (0, 3), TOCS[2]: (0, 3),
    FIGURE: (6, 12), TABLE_TEXT: (0, 0),
}


def _heading_number_indents(metrics: _Metrics, layout: _Layout) -> tuple[int, ...]:
    """Hanging indent per heading level: room for a number like "9.9.9" and a gap."""
    indents = []
    for level, sample in enumerate(("99", "9.9", "9.9.9")):
        size_pt = layout.heading_pt[level]
        width = metrics.width_pt(sample, size_pt, bold=True) + 0.6 * size_pt
        indents.append(math.ceil(width / 72 * 25.4))
    return tuple(x.twips_mm(mm) for mm in indents)


def _styles(brand: Brand, layout: _Layout, metrics: _Metrics) -> tuple:
    """docDefaults and every style of the document, generated from the brand."""
    c, family = brand.colours, brand.font.family
    width = layout.text_width

    def space(style_id: str, line: float | None = None):
        before, after = SPACING[style_id]
        return x.spacing(before, after, line)

    defaults = x.doc_defaults(
        [x.rfonts(family), x.size(layout.body_pt), x.lang(LANGUAGE)],
        [x.spacing(0, SPACING[NORMAL][1], LINE)])

    def paragraph(style_id, name, *, based_on=NORMAL, next_style=None, ppr=(), rpr=(),
                  priority=None, qformat=True, hidden=False):
        return x.style("paragraph", style_id, name, based_on=based_on, next_style=next_style,
                       ui_priority=priority, qformat=qformat, semi_hidden=hidden,
                       ppr_children=list(ppr), rpr_children=list(rpr))

    def character(style_id, name, rpr, priority=None, hidden=False):
        return x.style("character", style_id, name, based_on="DefaultParagraphFont",
                       ui_priority=priority, qformat=not hidden, semi_hidden=hidden,
                       rpr_children=rpr)

    heading_styles = []
    for level in range(3):
        style_id = HEADINGS[level]
        heading_styles.append(paragraph(
            style_id, f"heading {level + 1}", next_style=NORMAL, priority=9,
            ppr=[x.keep_next(), x.keep_lines(),
                 x.page_break_before() if level == 0 else None,
                 x.num_pr(NUM_HEADINGS, level if level else None),
                 space(style_id, 1.0), x.outline_level(level)],
            rpr=[x.bold(), x.colour(c.primary), x.size(layout.heading_pt[level])]))

    toc_indents = [(x.twips_mm(8), x.twips_mm(8)), (x.twips_mm(19), x.twips_mm(11)),
                   (x.twips_mm(32), x.twips_mm(13))]
    toc_styles = [
        paragraph(TOCS[level], f"toc {level + 1}", next_style=NORMAL, priority=39,
                  qformat=False, hidden=True,
                  ppr=[x.tabs(("right", width, "dot")),
                       x.ind(left, hanging), space(TOCS[level])],
                  rpr=[x.bold()] if level == 0 else [])
        for level, (left, hanging) in enumerate(toc_indents)]

    list_continue = [
        paragraph(LIST_CONTINUE[depth], "List Continue" + (f" {depth + 1}" if depth else ""),
                  priority=99, qformat=False,
                  ppr=[x.ind(x.twips_mm(LIST_INDENT_MM * (depth + 1))), space(LIST_BULLET)])
        for depth in range(3)]

    marking_box = x.Border(c.accent, 1.5, 4)
    rule = x.Border(c.rule, 0.75, 4)
    styles = [
        paragraph(NORMAL, "Normal", based_on=None, priority=0,
                  ppr=[x.widow_control()], rpr=[x.colour(c.text)]),
        x.style("character", "DefaultParagraphFont", "Default Paragraph Font", default=True,
                ui_priority=1, semi_hidden=True),
        x.style("table", "TableNormal", "Normal Table", default=True, ui_priority=99,
                semi_hidden=True,
                tblpr_children=[x.el("w:tblInd", {"w:w": 0, "w:type": "dxa"}),
                                x.cell_margins(0, 108, 0, 108)]),
        x.style("numbering", "NoList", "No List", default=True, ui_priority=99,
                semi_hidden=True),
        paragraph(TITLE, "Title", next_style=SUBTITLE, priority=10,
                  ppr=[x.keep_next(), space(TITLE, 1.0)],
                  rpr=[x.bold(), x.colour(c.primary), x.size(layout.title_pt)]),
        paragraph(SUBTITLE, "Subtitle", next_style=NORMAL, priority=11,
                  ppr=[x.keep_next(), space(SUBTITLE, 1.0)],
                  rpr=[x.colour(c.muted), x.size(layout.heading_pt[0])]),
        paragraph(MARKING, "Statusmarkering", priority=12,
                  ppr=[x.keep_next(), x.paragraph_borders(top=marking_box, left=marking_box,
                                                          bottom=marking_box,
                                                          right=marking_box),
                       space(MARKING, 1.0),
                       x.ind(x.twips_mm(1.5), right=width - x.twips_mm(
                           metrics.width_mm("FÖRSLAG", layout.heading_pt[1], True) + 7))],
                  rpr=[x.bold(), x.colour(c.accent), x.size(layout.heading_pt[1])]),
        paragraph(DOC_BLOCK, "Dokumentuppgifter", priority=13,
                  ppr=[x.tabs(("left", x.twips_mm(45), None)),
                       x.ind(x.twips_mm(45), x.twips_mm(45)), space(DOC_BLOCK)]),
        character(LABEL, "Etikett", [x.bold()]),
        paragraph(LOGO, "Logotyp", priority=13, ppr=[x.spacing(0, 0, 1.0)]),
        *heading_styles,
        paragraph(LIST_BULLET, "List Bullet", priority=99, qformat=False,
                  ppr=[x.num_pr(NUM_BULLETS), space(LIST_BULLET)]),
        paragraph(LIST_NUMBER, "List Number", priority=99, qformat=False,
                  ppr=[x.num_pr(NUM_NUMBERED), space(LIST_NUMBER)]),
        *list_continue,
        paragraph(DEFINITION, "Definition", priority=14, ppr=[space(DEFINITION)]),
        character(TERM, "Term", [x.bold()]),
        paragraph(GOAL, "Delmål", priority=14,
                  ppr=[x.keep_lines(),
                       # the top, bottom and right "borders" have the fill's colour: padding
                       x.paragraph_borders(top=x.Border(c.table_stripe, 0.5, 4),
                                           left=x.Border(c.accent, 3, 8),
                                           bottom=x.Border(c.table_stripe, 0.5, 4),
                                           right=x.Border(c.table_stripe, 0.5, 4)),
                       x.shading(c.table_stripe), space(GOAL),
                       x.ind(x.twips_mm(3), right=x.twips_mm(2))]),
        character(GOAL_LABEL, "Delmålsetikett", [x.bold(), x.colour(c.primary)]),
        paragraph(CAPTION, "caption", next_style=NORMAL, priority=35,
                  ppr=[x.keep_next(), space(CAPTION)],
                  rpr=[x.bold(), x.colour(c.muted), x.size(layout.table_pt)]),
        paragraph(FIGURE, "Bild", priority=15, ppr=[x.keep_next(), x.jc("center"),
                                                   space(FIGURE, 1.0)]),
        paragraph(TOC_HEADING, "TOC Heading", next_style=NORMAL, priority=39,
                  ppr=[x.keep_next(), space(TOC_HEADING, 1.0), x.outline_level(9)],
                  rpr=[x.bold(), x.colour(c.primary), x.size(layout.heading_pt[0])]),
        *toc_styles,
        paragraph(HEADER, "header", priority=99, qformat=False, hidden=True,
                  ppr=[x.tabs(("right", width, None)), x.paragraph_borders(bottom=rule),
                       x.spacing(0, 0, 1.0)],
                  rpr=[x.colour(c.muted), x.size(layout.table_pt)]),
        paragraph(FOOTER, "footer", priority=99, qformat=False, hidden=True,
                  ppr=[x.jc("right"), x.spacing(0, 0, 1.0)],
                  rpr=[x.colour(c.muted), x.size(layout.table_pt)]),
        character(HEADER_MARKING, "Markering", [x.bold(), x.colour(c.accent)]),
        character(HYPERLINK, "Hyperlink", [x.colour(c.accent), x.underline()], priority=99),
        character(STRONG, "Strong", [x.bold()], priority=22),
        character(EMPHASIS, "Emphasis", [x.italic()], priority=20),
        paragraph(TABLE_TEXT, "Tabelltext", priority=16,
                  ppr=[x.spacing(0, 0, 1.05)], rpr=[x.size(layout.table_pt)]),
        paragraph(TABLE_HEADING, "Tabellrubrik", based_on=TABLE_TEXT, priority=16,
                  ppr=[x.keep_next()],
                  rpr=[x.bold(), x.colour(c.table_header_text)]),
        x.style("table", TABLE_STYLE, "Aktivitetstabell", based_on="TableNormal",
                ui_priority=16, qformat=True,
                ppr_children=[x.spacing(0, 0, 1.05)],
                tblpr_children=[x.val("w:tblStyleRowBandSize", 1),
                                x.table_borders(c.rule, 0.5, "top", "bottom", "insideH"),
                                _cell_margins()],
                conditions=[
                    x.table_condition("firstRow", rpr_children=[x.bold(),
                                                                x.colour(c.table_header_text)],
                                      tcpr_children=[x.shading(c.table_header_background)]),
                    x.table_condition("band2Horz",
                                      tcpr_children=[x.shading(c.table_stripe)])]),
    ]
    return defaults, styles


def _cell_margins():
    pad = x.twips_mm(CELL_PAD_MM)
    return x.cell_margins(x.twips_mm(1.2), pad, x.twips_mm(1.2), pad)


def _numbering(brand: Brand, indents: tuple[int, ...]) -> list:
    """Abstract numbering: heading numbers 1 / 1.1 / 1.1.1, bullets, numbered lists."""
    family = brand.font.family
    heading_levels = [
        x.Level(level, "decimal", ".".join(f"%{i + 1}" for i in range(level + 1)),
                left=indents[level], hanging=indents[level], p_style=HEADINGS[level])
        for level in range(3)]
    step, hanging = x.twips_mm(LIST_INDENT_MM), x.twips_mm(LIST_HANGING_MM)
    bullets = [x.Level(level, "bullet", glyph, left=step * (level + 1), hanging=hanging,
                       font=family)
               for level, glyph in enumerate(("•", "–", "•"))]
    numbered = [x.Level(level, fmt, text, left=step * (level + 1), hanging=hanging)
                for level, (fmt, text) in enumerate((("decimal", "%1."),
                                                     ("lowerLetter", "%2)"),
                                                     ("lowerRoman", "%3.")))]
    return [x.abstract_num(ABSTRACT_HEADINGS, "Rubriknumrering", "multilevel", heading_levels),
            x.abstract_num(ABSTRACT_BULLETS, "Punktlista", "hybridMultilevel", bullets),
            x.abstract_num(ABSTRACT_NUMBERED, "Numrerad lista", "hybridMultilevel", numbered)]


# ---- the writer ------------------------------------------------------------------------------

class _DocxWriter:
    def __init__(self, document: m.Document, assets: Assets):
        self.document = document
        self.files = assets.files
        self.brand = assets.brand
        self.layout = _layout(self.brand)
        self.metrics = _Metrics(self.brand, self.files)
        self.widths: dict[int, list[int]] = {}   # id(table) -> column widths (twips)
        self.doc = Document()
        self.bookmark_ids = 0
        self.list_nums = [x.num(NUM_HEADINGS, ABSTRACT_HEADINGS),
                          x.num(NUM_BULLETS, ABSTRACT_BULLETS),
                          x.num(NUM_NUMBERED, ABSTRACT_NUMBERED)]

    # -- document ---------------------------------------------------------------------------

    def render(self) -> bytes:
        indents = _heading_number_indents(self.metrics, self.layout)
        defaults, styles = _styles(self.brand, self.layout, self.metrics)
        x.replace_styles(self.doc.styles.element, defaults, styles)
        self.page_setup()
        self.title_page()
        self.table_of_contents()
        for section in self.document.sections:
            self.blocks(section.blocks)
        self.header_and_footer()
        x.replace_numbering(self.doc.part.numbering_part.element,
                            _numbering(self.brand, indents), self.list_nums)
        x.configure_settings(self.doc.settings.element, language=LANGUAGE,
                             mirror_margins=(self.brand.page.margin_inner_mm
                                             != self.brand.page.margin_outer_mm),
                             default_tab=x.twips_mm(23))
        self.properties()
        self.package_parts()
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return x.reproducible_zip(buffer.getvalue())

    def page_setup(self) -> None:
        page, section = self.brand.page, self.doc.sections[0]
        section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
        section.top_margin, section.bottom_margin = Mm(page.margin_top_mm), Mm(page.margin_bottom_mm)
        section.left_margin, section.right_margin = (Mm(page.margin_inner_mm),
                                                     Mm(page.margin_outer_mm))
        section.header_distance = section.footer_distance = Mm(HEADER_FOOTER_DISTANCE_MM)
        section.gutter = Mm(0)
        section.different_first_page_header_footer = False

    def paragraph(self, style_id: str, container=None):
        """A new paragraph (CT_P) with style `style_id` at the end of `container`."""
        p = (container or self.doc).add_paragraph()._p
        if style_id != NORMAL:
            p.style = style_id
        return p

    def bookmark(self, p, anchor: str) -> None:
        self.bookmark_ids += 1
        x.add_bookmark(p, self.bookmark_ids, bookmark_name(anchor))

    # -- title page ----------------------------------------------------------------------------

    def title_page(self) -> None:
        doc, logo = self.document, self.brand.logo
        p = self.doc.add_paragraph()
        p._p.style = LOGO
        picture = p.add_run().add_picture(io.BytesIO(self.files[logo.png]), width=Mm(logo.width_mm))
        x.set_alt_text(picture._inline, logo.alt)
        self.text_paragraph(TITLE, doc.title)
        last = self.text_paragraph(SUBTITLE, doc.subtitle)
        if doc.status_marking:
            last = self.text_paragraph(MARKING, doc.status_marking)
        for label, value in doc.document_block:
            last = self.paragraph(DOC_BLOCK)
            last.append(x.run(typeset(label), LABEL))
            last.append(x.run("\t" + typeset(value)))
        approval = doc.approval
        if approval:
            last = self.text_paragraph(DOC_BLOCK, approval)
        # The title page is its own section: no running header or page number on it.
        x.section_break(last, _clone(self.doc.sections[0]._sectPr))

    def text_paragraph(self, style_id: str, text: str, container=None):
        p = self.paragraph(style_id, container)
        p.append(x.run(typeset(text)))
        return p

    # -- table of contents ------------------------------------------------------------------

    def table_of_contents(self) -> None:
        self.text_paragraph(TOC_HEADING, self.document.words.contents)
        entries = self.document.toc()
        pages = self.estimate_pages()
        for index, entry in enumerate(entries):
            p = self.paragraph(TOCS[entry.level - 1])
            if index == 0:
                for r in x.field_begin(TOC_INSTRUCTION):
                    p.append(r)
            link = x.hyperlink(anchor=bookmark_name(entry.anchor))
            if entry.number:
                link.append(x.run(entry.number + "\t"))
            link.append(x.run(typeset(entry.text) + "\t"))
            for r in x.field(f"PAGEREF {bookmark_name(entry.anchor)} \\h",
                             str(pages.get(entry.anchor, ""))):
                link.append(r)
            p.append(link)
            if index == len(entries) - 1:
                p.append(x.field_end())

    # -- blocks ------------------------------------------------------------------------------

    def blocks(self, blocks: Iterable[m.Block], container=None, depth: int = 0) -> None:
        for block in blocks:
            _BLOCK_WRITERS[type(block)](self, block, container, depth)

    def heading(self, block: m.Heading, container, depth) -> None:
        p = self.paragraph(HEADINGS[block.level - 1], container)
        if block.number is None:
            x.set_paragraph_numbering(p, 0, 0)
        self.inlines(p, block.inlines)
        self.bookmark(p, block.anchor)

    def text(self, block: m.Paragraph, container, depth) -> None:
        self.inlines(self.paragraph(NORMAL, container), block.inlines)

    def bullet_list(self, block: m.BulletList, container, depth) -> None:
        if block.ordered:
            num_id = len(self.list_nums) + 1   # a new instance: every numbered list restarts
            self.list_nums.append(x.num(num_id, ABSTRACT_NUMBERED, {depth: block.start}))
            style_id = LIST_NUMBER
        else:
            num_id, style_id = NUM_BULLETS, LIST_BULLET
        level = min(depth, 2)
        for item in block.items:
            first = True
            for child in item.blocks:
                if isinstance(child, m.Paragraph):
                    p = self.paragraph(style_id if first else LIST_CONTINUE[level], container)
                    if first:
                        x.set_paragraph_numbering(p, num_id, level)
                    self.inlines(p, child.inlines)
                    first = False
                elif isinstance(child, m.BulletList):
                    self.bullet_list(child, container, depth + 1)
                else:
                    self.blocks([child], container, depth + 1)

    def definitions(self, block: m.DefinitionList, container, depth) -> None:
        for item in block.items:
            p = self.paragraph(DEFINITION, container)
            self.inlines(p, item.term, TERM)
            p.append(x.run(" – "))
            self.inlines(p, item.body)

    def goal(self, block: m.GoalStatement, container, depth) -> None:
        p = self.paragraph(GOAL, container)
        label = f"{block.label}{NBSP}{block.number}" if block.number else block.label
        p.append(x.run(label, GOAL_LABEL))
        p.append(x.run(" "))
        self.inlines(p, block.inlines)

    def image(self, block: m.Image, container, depth) -> None:
        p = (container or self.doc).add_paragraph()
        p._p.style = FIGURE
        # natural size from the file's dpi
        shape = p.add_run().add_picture(io.BytesIO(self.files[block.src]))
        if shape.width > Mm(self.layout.text_width_mm):
            ratio = Mm(self.layout.text_width_mm) / shape.width
            shape.width, shape.height = Mm(self.layout.text_width_mm), int(shape.height * ratio)
        x.set_alt_text(shape._inline, typeset(block.alt))

    # -- inlines ------------------------------------------------------------------------------

    def inlines(self, parent, inlines: Iterable[m.Inline], char_style: str | None = None,
                marks: frozenset[str] = frozenset()) -> None:
        for node in inlines:
            if isinstance(node, m.Text):
                parent.append(self.styled_run(typeset(node.text), char_style, marks))
            elif isinstance(node, m.LineBreak):
                parent.append(x.run("\n"))
            elif isinstance(node, m.Emph):
                self.inlines(parent, node.children, char_style, marks | {EMPHASIS})
            elif isinstance(node, m.Strong):
                self.inlines(parent, node.children, char_style, marks | {STRONG})
            elif isinstance(node, m.Unbreakable):   # typeset text already joins its parts
                self.inlines(parent, node.children, char_style, marks)
            elif isinstance(node, m.Link):
                if node.href.startswith("#"):
                    link = x.hyperlink(anchor=bookmark_name(node.href[1:]))
                else:
                    r_id = self.doc.part.relate_to(node.href, RT.HYPERLINK, is_external=True)
                    link = x.hyperlink(r_id=r_id)
                parent.append(link)
                self.inlines(link, node.children, char_style, marks | {HYPERLINK})
            else:
                raise TypeError(f"unknown inline node {type(node).__name__}")

    @staticmethod
    def styled_run(text: str, char_style: str | None, marks: frozenset[str]):
        """One character style per run: link > strong > emphasis > the block's own style;
        further marks (bold link, bold italic) become the run's b/i."""
        ranked = [s for s in (HYPERLINK, STRONG, EMPHASIS) if s in marks]
        style_id = ranked[0] if ranked else char_style
        r = x.run(text, style_id)
        extra = [x.bold() if STRONG in ranked[1:] else None,
                 x.italic() if EMPHASIS in ranked[1:] else None]
        if any(extra):
            r_pr = r.get_or_add_rPr()
            for child in x.flatten(extra):
                x.insert_ordered(r_pr, child, x.RPR_ORDER)
        return r

    # -- tables -----------------------------------------------------------------------------

    def table(self, block: m.Table, container, depth) -> None:
        """Caption ("Tabell {SEQ}. …"), then the table: header row repeated on every page,
        rows that never split, column widths from the column spec and the text."""
        caption = self.paragraph(CAPTION, container)
        caption.append(x.run(self.document.words.table + " "))
        for r in x.field(f"SEQ {self.document.words.table} \\* ARABIC", str(block.number or 1)):
            caption.append(r)
        caption.append(x.run(". " + typeset(block.caption)))
        header = tuple(((m.Text(c.label),) for c in block.columns))
        rows = [tuple(_breakable(cell) for cell in row) for row in block.rows]
        widths = self.table_widths(block)
        table = (container or self.doc).add_table(rows=1 + len(rows), cols=len(block.columns))
        tbl = table._tbl
        tbl.tblStyle_val = TABLE_STYLE
        x.set_table_properties(tbl, width=sum(widths), margins=_cell_margins(),
                               caption=typeset(block.caption), description=typeset(block.description))
        for index, width in enumerate(widths):
            table.columns[index].width = Twips(width)
        table_rows = list(table.rows)          # table.rows[i] rebuilds every row: index once
        self.table_row(table_rows[0], 0, header, block.columns, widths, TABLE_HEADING)
        x.repeat_header_row(table_rows[0]._tr)
        for index, cells in enumerate(rows, start=1):
            self.table_row(table_rows[index], index, cells, block.columns, widths, TABLE_TEXT)

    def table_row(self, row, index: int, cells: tuple[m.Cell, ...], columns: tuple[m.Column, ...],
                  widths: list[int], style_id: str) -> None:
        x.cant_split(row._tr)
        colours = self.brand.colours
        for cell, inlines, column, width in zip(row.cells, cells, columns, widths):
            cell.width = Twips(width)
            if style_id == TABLE_HEADING:
                x.shade_cell(cell._tc, colours.table_header_background)
            elif index % 2 == 0:
                x.shade_cell(cell._tc, colours.table_stripe)
            p = cell.paragraphs[0]._p
            p.style = style_id
            if column.align is not m.Align.LEFT:
                x.insert_ordered(p.get_or_add_pPr(), x.jc(column.align.value), x.PPR_ORDER)
            self.inlines(p, inlines)

    def table_widths(self, block: m.Table) -> list[int]:
        """Widths in twips: the column spec's shares of the text width, widened where a
        column's longest unbreakable piece (a word, "25–27 september") needs more."""
        if id(block) not in self.widths:
            self.widths[id(block)] = self._table_widths(block)
        return self.widths[id(block)]

    def _table_widths(self, block: m.Table) -> list[int]:
        size, pad = self.layout.table_pt, 2 * CELL_PAD_MM + 0.5
        measure = self.metrics.width_mm
        minima = []
        for index, column in enumerate(block.columns):
            pieces = [measure(unit, size, True) for unit in _units(typeset(column.label))]
            pieces += [measure(unit, size) for row in block.rows
                       for unit in _units(typeset(m.plain_text(row[index])))]
            minima.append(math.ceil(max(pieces, default=0) + pad))
        mm = column_widths(self.layout.text_width_mm, [c.width for c in block.columns], minima)
        twips = [x.twips_mm(w) for w in mm]
        widest = max(range(len(twips)), key=lambda i: twips[i])
        twips[widest] += self.layout.text_width - sum(twips)   # rounding goes to the widest
        return twips

    # -- header and footer -------------------------------------------------------------------

    def header_and_footer(self) -> None:
        section = self.doc.sections[-1]
        section.different_first_page_header_footer = False
        header = section.header
        header.is_linked_to_previous = False
        p = header.paragraphs[0]._p
        p.style = HEADER
        p.append(x.run(typeset(self.document.full_title)))
        marking = self.document.status_marking
        if marking:
            p.append(x.run("\t"))
            p.append(x.run(marking, HEADER_MARKING))
        footer = section.footer
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]._p
        p.style = FOOTER
        page_mark, pages_mark = "\u0001", "\u0002"
        label = self.document.words.page.format(page=page_mark, pages=pages_mark)
        before, rest = label.split(page_mark)
        middle, after = rest.split(pages_mark)
        total = str(self.estimate_total_pages())
        p.append(x.run(before))
        for r in x.field("PAGE", "2"):
            p.append(r)
        p.append(x.run(middle))
        for r in x.field("NUMPAGES", total):
            p.append(r)
        p.append(x.run(after))

    # -- page estimates for the pre-filled TOC -------------------------------------------------

    @cached_property
    def _page_estimate(self) -> tuple[dict[str, int], int]:
        """Where each heading lands, estimated from the text's measured width: the
        pre-filled TOC page numbers and NUMPAGES. Word and LibreOffice replace them when
        they update the fields. Word processors separate two paragraphs by the larger of
        the space after the first and the space before the second."""
        L, mt = self.layout, self.metrics
        usable = L.text_height_mm * 72 / 25.4
        width = L.text_width_mm * 72 / 25.4
        body_line = mt.line_pt(L.body_pt)
        pages: dict[str, int] = {}
        page = 1 + self.toc_pages(usable)          # the title page, then the contents
        for section in self.document.sections:
            page, y, gap = page + 1, 0.0, 0.0
            for block in section.blocks:
                if isinstance(block, m.Table):
                    page, y = self.table_end(block, page, y + max(gap, SPACING[CAPTION][0]),
                                             usable)
                    gap = 0.0
                    continue
                before, content, after = self.block_box(block, width)
                top = y + max(gap, before) if y else 0.0
                if isinstance(block, m.Heading):
                    # kept with the next paragraph's first two lines (a page's last line
                    # needs no line spacing below it)
                    if y and top + content + after + body_line * (1 + 1 / LINE) > usable:
                        page, top = page + 1, 0.0
                    pages[block.anchor] = page
                y = top + content
                while y > usable:
                    page, y = page + 1, y - usable
                gap = after
        return pages, page

    def table_end(self, block: m.Table, page: int, y: float, usable: float) -> tuple[int, float]:
        """The page and height where a table ends: its caption kept with the header, the
        header repeated on each page, rows never split."""
        widths = self.table_widths(block)
        header = self.row_height([c.label for c in block.columns], widths)
        y += self.metrics.line_pt(self.layout.table_pt) + SPACING[CAPTION][1] + header
        for row in block.rows:
            height = self.row_height([m.plain_text(cell) for cell in row], widths)
            if y + height > usable:
                page, y = page + 1, header
            y += height
        return page, y

    def toc_pages(self, usable: float) -> int:
        L, mt = self.layout, self.metrics
        y, gap, pages = mt.line_pt(L.heading_pt[0], 1.0), SPACING[TOC_HEADING][1], 1
        for entry in self.document.toc():
            before, after = SPACING[TOCS[entry.level - 1]]
            y += max(gap, before) + mt.line_pt(L.body_pt)
            if y > usable:
                pages, y = pages + 1, mt.line_pt(L.body_pt)
            gap = after
        return pages

    def estimate_pages(self) -> dict[str, int]:
        return self._page_estimate[0]

    def estimate_total_pages(self) -> int:
        return self._page_estimate[1]

    def block_box(self, block: m.Block, width: float) -> tuple[float, float, float]:
        """(space before, height, space after) of a block in points."""
        L, mt = self.layout, self.metrics
        if isinstance(block, m.Heading):
            size = L.heading_pt[block.level - 1]
            before, after = SPACING[HEADINGS[block.level - 1]]
            lines = mt.lines(m.plain_text(block.inlines), size, width - 40, bold=True)
            return before, lines * mt.line_pt(size, 1.0), after
        if isinstance(block, m.Paragraph):
            return self.text_box(m.plain_text(block.inlines), width, NORMAL)
        if isinstance(block, m.BulletList):
            indent = LIST_INDENT_MM * 72 / 25.4
            boxes = [self.block_box(child, width - indent)
                     for item in block.items for child in item.blocks]
            between = SPACING[LIST_BULLET][1]
            return 0.0, sum(b[1] for b in boxes) + between * (len(boxes) - 1), between
        if isinstance(block, m.DefinitionList):
            boxes = [self.text_box(m.plain_text(item.term) + " – " + m.plain_text(item.body),
                                   width, DEFINITION) for item in block.items]
            after = SPACING[DEFINITION][1]
            return 0.0, sum(b[1] for b in boxes) + after * (len(boxes) - 1), after
        if isinstance(block, m.GoalStatement):
            before, content, after = self.text_box(
                "Delmål 9.9.9 " + m.plain_text(block.inlines), width - 20, GOAL)
            return before, content + 9, after          # padding "borders" above and below
        if isinstance(block, m.Image):
            return (*SPACING[FIGURE][:1], width * 0.6, SPACING[FIGURE][1])
        return 0.0, 0.0, 0.0

    def text_box(self, text: str, width: float, style_id: str) -> tuple[float, float, float]:
        before, after = SPACING[style_id]
        lines = self.metrics.lines(typeset(text), self.layout.body_pt, width)
        return before, lines * self.metrics.line_pt(self.layout.body_pt), after

    def row_height(self, cells: list[str], widths: list[int]) -> float:
        inner = [w / 20 - 2 * CELL_PAD_MM * 72 / 25.4 for w in widths]
        size = self.layout.table_pt
        lines = max(self.metrics.lines(typeset(text).replace(ZWSP, " ") or " ", size, w)
                    for text, w in zip(cells, inner))
        return lines * self.metrics.line_pt(size, 1.05) + 2 * 1.2 * 72 / 25.4

    # -- metadata and package ------------------------------------------------------------------

    def properties(self) -> None:
        meta, props = self.document, self.doc.core_properties
        stamp = meta.created
        props.title = _core_text(meta.full_title)
        props.subject = _core_text(meta.description)
        props.author = _core_text(meta.organisation)
        props.last_modified_by = _core_text(meta.organisation)
        props.keywords = _core_text(", ".join(meta.keywords))
        props.language = LANGUAGE
        props.category = _core_text(meta.category)
        props.comments = ""
        if meta.registration_number:
            props.identifier = _core_text(meta.registration_number)
        if meta.version:
            props.version = _core_text(meta.version)
        props.content_status = meta.content_status
        if stamp is None:
            x.remove_core_dates(props)
        else:
            props.created = stamp
            props.modified = stamp
        props.revision = 1

    def package_parts(self) -> None:
        """Drop the template's leftovers, write our app.xml, embed the brand's fonts."""
        package, doc_part = self.doc.part.package, self.doc.part
        unwanted = {RT.THUMBNAIL, RT.CUSTOM_XML, RT.EXTENDED_PROPERTIES, RT.FONT_TABLE,
                    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"}
        for rels in (package.rels, doc_part.rels):
            for r_id in [r_id for r_id, rel in rels.items() if rel.reltype in unwanted]:
                del rels[r_id]
        app = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES,
                   x.app_properties(self.document.organisation), package)
        package.relate_to(app, RT.EXTENDED_PROPERTIES)
        self.embed_fonts(package, doc_part)

    def embed_fonts(self, package, doc_part) -> None:
        from fontTools.ttLib import TTFont

        font = self.brand.font
        table = XmlPart(PackURI("/word/fontTable.xml"), CT.WML_FONT_TABLE,
                        x.font_table([]), package)
        embeds = []
        files = (("embedRegular", font.regular), ("embedBold", font.bold),
                 ("embedItalic", font.italic), ("embedBoldItalic", font.bold_italic))
        for number, (kind, path) in enumerate(files, start=1):
            data = self.files[path]
            key = x.font_key(data)
            part = Part(PackURI(f"/word/fonts/font{number}.odttf"), x.OBFUSCATED_FONT_CT,
                        x.obfuscate_font(data, key), package)
            embeds.append((kind, table.relate_to(part, x.RT_FONT), key))
        os2 = TTFont(io.BytesIO(self.files[font.regular]), lazy=True)["OS/2"]
        panose = "".join(f"{getattr(os2.panose, name):02X}" for name in (
            "bFamilyType", "bSerifStyle", "bWeight", "bProportion", "bContrast",
            "bStrokeVariation", "bArmStyle", "bLetterForm", "bMidline", "bXHeight"))
        sig = {"usb0": f"{os2.ulUnicodeRange1:08X}", "usb1": f"{os2.ulUnicodeRange2:08X}",
               "usb2": f"{os2.ulUnicodeRange3:08X}", "usb3": f"{os2.ulUnicodeRange4:08X}",
               "csb0": f"{os2.ulCodePageRange1:08X}", "csb1": f"{os2.ulCodePageRange2:08X}"}
        info = x.FontInfo(font.family, panose, "swiss", "variable", sig, tuple(embeds))
        for entry in x.font_table([info]):
            table.element.append(entry)
        doc_part.relate_to(table, RT.FONT_TABLE)


def _clone(element):
    return copy.deepcopy(element)


_BLOCK_WRITERS: dict[type, Callable[..., None]] = {
    m.Heading: _DocxWriter.heading,
    m.Paragraph: _DocxWriter.text,
    m.BulletList: _DocxWriter.bullet_list,
    m.DefinitionList: _DocxWriter.definitions,
    m.GoalStatement: _DocxWriter.goal,
    m.Image: _DocxWriter.image,
    m.Table: _DocxWriter.table,
}


def column_widths(total: float, shares: list[float], minima: list[float]) -> list[float]:
    """Column widths that fill `total`: each column its share, but never less than its
    minimum; what the widened columns take comes from the others, in proportion to their
    shares. If the minima alone exceed the total, they are scaled down to fit."""
    widths = [total * share / sum(shares) for share in shares]
    fixed: set[int] = set()
    while True:
        short = [i for i, w in enumerate(widths) if i not in fixed and w < minima[i]]
        if not short:
            return widths
        for i in short:
            widths[i] = minima[i]
            fixed.add(i)
        free = [i for i in range(len(widths)) if i not in fixed]
        rest = total - sum(widths[i] for i in fixed)
        if not free or rest <= 0:
            scale = total / sum(widths)
            return [w * scale for w in widths]
        for i in free:
            widths[i] = rest * shares[i] / sum(shares[j] for j in free)


def _breakable(cell: m.Cell) -> m.Cell:
    """A table cell's text with break opportunities after slashes (see _break_after_slashes)."""
    out: list[m.Inline] = []
    for node in cell:
        if isinstance(node, m.Text):
            out.append(m.Text(_break_after_slashes(typeset(node.text))))
        elif isinstance(node, (m.Emph, m.Strong, m.Link, m.Unbreakable)):
            out.append(replace(node, children=_breakable(node.children)))
        else:
            out.append(node)
    return tuple(out)


def _core_text(text: str) -> str:
    """A core property value within the 255 characters python-docx (and Word) accept: a
    longer plan title is cut, with "…", in the file's properties only."""
    return text if len(text) <= 255 else text[:254].rstrip() + "…"
