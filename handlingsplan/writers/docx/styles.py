"""Styles and numbering generated from the brand: docDefaults, every paragraph,
character and table style, and the abstract numbering of headings and lists."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import replace

from docx.oxml.parser import OxmlElement

from ...sources.brand import Brand
from . import xml as x
from .layout import (CAPTION, CELL_PAD_MM, DEFINITION, DOC_BLOCK, EMPHASIS, FIGURE, FOOTER,
                     FOOTNOTE_REFERENCE, FOOTNOTE_TEXT, QUOTE,
                     GOAL, GOAL_LABEL, HEADER, HEADER_MARKING, HEADINGS, HYPERLINK, LABEL,
                     LINE, LIST_BULLET, LIST_CONTINUE, LIST_HANGING_MM,
                     LIST_INDENT_MM, LIST_NUMBER, LOGO, MARKING, NORMAL, SPACING, STRONG,
                     SUBTITLE, TABLE_HEADING, TABLE_STYLE, TABLE_TEXT, TERM, TITLE,
                     TOC_HEADING, TOCS, Layout)
from .metrics import Metrics

# Numbering instances (w:num ids) and their abstract numbering.
NUM_HEADINGS, NUM_BULLETS, NUM_NUMBERED = 1, 2, 3
ABSTRACT_HEADINGS, ABSTRACT_BULLETS, ABSTRACT_NUMBERED = 0, 1, 2


def styles(brand: Brand, layout: Layout, metrics: Metrics, *, language: str,
           marking: str) -> tuple[OxmlElement, list[OxmlElement]]:
    """docDefaults and every style of the document, generated from the brand; the status
    marking's box is as wide as `marking` ("FÖRSLAG")."""
    c, family = brand.colours, brand.font.family
    width = x.twips_mm(layout.text_width_mm)

    def space(style_id: str, line: float | None = None) -> OxmlElement:
        before, after = SPACING[style_id]
        return x.spacing(before, after, line)

    defaults = x.doc_defaults(
        [x.rfonts(family), x.size(layout.body_pt), x.lang(language)],
        [x.spacing(0, SPACING[NORMAL][1], LINE)])

    def paragraph(style_id: str, name: str, *, based_on: str | None = NORMAL,
                  next_style: str | None = None, ppr: Iterable[x.Children] = (),
                  rpr: Iterable[x.Children] = (), priority: int | None = None,
                  qformat: bool = True, hidden: bool = False) -> OxmlElement:
        return x.style("paragraph", style_id, name, based_on=based_on, next_style=next_style,
                       ui_priority=priority, qformat=qformat, semi_hidden=hidden,
                       ppr_children=list(ppr), rpr_children=list(rpr))

    def character(style_id: str, name: str, rpr: x.Children,
                  priority: int | None = None) -> OxmlElement:
        return x.style("character", style_id, name, based_on="DefaultParagraphFont",
                       ui_priority=priority, qformat=True, rpr_children=rpr)

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
                           metrics.width_mm(marking, layout.heading_pt[1], True) + 7))],
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
        paragraph(FOOTNOTE_TEXT, "footnote text", priority=99, qformat=False,
                  ppr=[space(FOOTNOTE_TEXT, 1.0)], rpr=[x.size(layout.table_pt)]),
        character(FOOTNOTE_REFERENCE, "footnote reference", [x.superscript()], priority=99),
        paragraph(QUOTE, "Quote", priority=29,
                  ppr=[x.paragraph_borders(left=x.Border(c.rule, 2, 8)), space(QUOTE),
                       x.ind(x.twips_mm(4), right=x.twips_mm(4))],
                  rpr=[x.italic()]),
        character(EMPHASIS, "Emphasis", [x.italic()], priority=20),
        paragraph(TABLE_TEXT, "Tabelltext", priority=16,
                  ppr=[x.spacing(0, 0, 1.05)], rpr=[x.size(layout.table_pt)]),
        paragraph(TABLE_HEADING, "Tabellrubrik", based_on=TABLE_TEXT, priority=16,
                  ppr=[x.keep_next()],
                  rpr=[x.bold(), x.colour(c.table_header_text)]),
        x.style("table", TABLE_STYLE, "Datatabell", based_on="TableNormal",
                ui_priority=16, qformat=True,
                ppr_children=[x.spacing(0, 0, 1.05)],
                tblpr_children=[x.val("w:tblStyleRowBandSize", 1),
                                x.table_borders(c.rule, 0.5, "top", "bottom", "insideH"),
                                cell_margins()],
                conditions=[
                    x.table_condition("firstRow", rpr_children=[x.bold(),
                                                                x.colour(c.table_header_text)],
                                      tcpr_children=[x.shading(c.table_header_background)]),
                    x.table_condition("band2Horz",
                                      tcpr_children=[x.shading(c.table_stripe)])]),
    ]
    return defaults, styles


def cell_margins() -> OxmlElement:
    """Table cell margins: 1.2 mm above and below, CELL_PAD_MM left and right."""
    pad = x.twips_mm(CELL_PAD_MM)
    return x.cell_margins(x.twips_mm(1.2), pad, x.twips_mm(1.2), pad)


def numbered_list_abstract(k: int) -> int:
    """The abstract numbering of the document's `k`th numbered list (from 1)."""
    return ABSTRACT_NUMBERED + k


def numbering(brand: Brand, layout: Layout, metrics: Metrics,
              numbered_lists: Sequence[tuple[int, int]]) -> list[OxmlElement]:
    """Abstract numbering: heading numbers 1 / 1.1 / 1.1.1, bullets, numbered lists (the
    List Number style's, and one per list of `numbered_lists`: level, first number)."""
    family = brand.font.family
    indents = _heading_number_indents(layout, metrics)
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
            x.abstract_num(ABSTRACT_NUMBERED, "Numrerad lista", "hybridMultilevel", numbered),
            *(x.abstract_num(numbered_list_abstract(k), f"Numrerad lista {k}", "hybridMultilevel",
                             [replace(lvl, start=start) if lvl.ilvl == level else lvl
                              for lvl in numbered])
              for k, (level, start) in enumerate(numbered_lists, 1))]


def _heading_number_indents(layout: Layout, metrics: Metrics) -> tuple[int, ...]:
    """Hanging indent per heading level: room for a number like "9.9.9" and a gap."""
    indents = []
    for level, sample in enumerate(("99", "9.9", "9.9.9")):
        size_pt = layout.heading_pt[level]
        width = metrics.width_pt(sample, size_pt, bold=True) + 0.6 * size_pt
        indents.append(math.ceil(width / 72 * 25.4))
    return tuple(x.twips_mm(mm) for mm in indents)
