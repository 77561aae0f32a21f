"""Where each heading lands and how many pages there are: the pre-filled TOC page numbers
and NUMPAGES, which Word and LibreOffice replace when they update the fields.

Two pure steps: `measure` turns the document into boxes (heights in points, from the
brand font's advance widths), `estimate` flows the boxes onto pages. No python-docx here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ... import model as m
from ...documents.typography import typeset
from .layout import (CAPTION, CELL_PAD_MM, DEFINITION, FIGURE, GOAL, HEADINGS, LINE,
                     LIST_BULLET, LIST_INDENT_MM, NORMAL, SPACING, TOC_HEADING, TOCS, Layout)
from .metrics import ZWSP, Metrics


@dataclass(frozen=True)
class Box:
    """A block other than a table, in points: the space before it, its height and the
    space after it. A heading has an `anchor`: its page is recorded, and it is kept with
    what follows."""

    before: float
    height: float
    after: float
    anchor: str | None = None


@dataclass(frozen=True)
class TableBox:
    """A table, in points: the space before its caption, the caption with the space after
    it, the header row (repeated on every page) and the rows (never split)."""

    before: float
    caption: float
    header: float
    rows: tuple[float, ...]


@dataclass(frozen=True)
class Estimate:
    pages: dict[str, int]     # heading anchor -> page
    total: int


def estimate(contents: Sequence[Box], sections: Sequence[Sequence[Box | TableBox]],
             height: float, keep: float) -> Estimate:
    """Flow the boxes onto pages `height` points high: page 1 is the title page, then the
    contents (its heading's box, then one box per entry), then each section from a new
    page. A heading moves to the next page unless `keep` points fit below it (the next
    paragraph's first lines). Two paragraphs are separated by the larger of the space
    after the first and the space before the second, as in word processors; space
    before a block at the top of a page is dropped, except before a table's caption."""
    pages: dict[str, int] = {}
    page = 1 + _contents_pages(contents, height)
    for section in sections:
        page, y, gap = page + 1, 0.0, 0.0
        for box in section:
            if isinstance(box, TableBox):
                page, y = _table_end(box, page, y + max(gap, box.before), height)
                gap = 0.0
                continue
            top = y + max(gap, box.before) if y else 0.0
            if box.anchor is not None:
                if y and top + box.height + box.after + keep > height:
                    page, top = page + 1, 0.0
                pages[box.anchor] = page
            y = top + box.height
            while y > height:
                page, y = page + 1, y - height
            gap = box.after
    return Estimate(pages, page)


def _contents_pages(contents: Sequence[Box], height: float) -> int:
    """Pages of the contents: an entry that does not fit starts the next page."""
    heading, *entries = contents
    y, gap, pages = heading.height, heading.after, 1
    for entry in entries:
        y += max(gap, entry.before) + entry.height
        if y > height:
            pages, y = pages + 1, entry.height
        gap = entry.after
    return pages


def _table_end(box: TableBox, page: int, y: float, height: float) -> tuple[int, float]:
    """The page and height where a table ends: its caption kept with the header, the
    header repeated on each page, rows never split."""
    y += box.caption + box.header
    for row in box.rows:
        if y + row > height:
            page, y = page + 1, box.header
        y += row
    return page, y


# ---- measuring the document -----------------------------------------------------------

def estimate_document(document: m.Document, layout: Layout, metrics: Metrics,
                      table_widths: Callable[[m.Table], Sequence[int]]) -> Estimate:
    """The estimate for a document, `table_widths` giving a table's columns in twips."""
    contents, sections = measure(document, layout, metrics, table_widths)
    body_line = metrics.line_pt(layout.body_pt)
    # a heading keeps the next paragraph's first two lines (a page's last line needs no
    # line spacing below it)
    return estimate(contents, sections, layout.text_height_mm * 72 / 25.4,
                    keep=body_line * (1 + 1 / LINE))


def measure(document: m.Document, layout: Layout, metrics: Metrics,
            table_widths: Callable[[m.Table], Sequence[int]]
            ) -> tuple[list[Box], list[list[Box | TableBox]]]:
    """The contents' boxes and each section's boxes."""
    def box(style_id: str, height: float) -> Box:
        before, after = SPACING[style_id]
        return Box(before, height, after)

    body_line = metrics.line_pt(layout.body_pt)
    contents = [box(TOC_HEADING, metrics.line_pt(layout.heading_pt[0], 1.0))]
    contents += [box(TOCS[entry.level - 1], body_line) for entry in document.toc()]
    width = layout.text_width_mm * 72 / 25.4
    sections = [[_table_box(block, layout, metrics, table_widths(block))
                 if isinstance(block, m.Table) else _block_box(block, width, layout, metrics)
                 for block in section.blocks]
                for section in document.sections]
    return contents, sections


def _block_box(block: m.Block, width: float, layout: Layout, metrics: Metrics) -> Box:
    if isinstance(block, m.Heading):
        size = layout.heading_pt[block.level - 1]
        before, after = SPACING[HEADINGS[block.level - 1]]
        lines = metrics.lines(m.plain_text(block.inlines), size, width - 40, bold=True)
        return Box(before, lines * metrics.line_pt(size, 1.0), after, block.anchor)
    if isinstance(block, m.Paragraph):
        return _text_box(m.plain_text(block.inlines), width, NORMAL, layout, metrics)
    if isinstance(block, m.BulletList):
        indent = LIST_INDENT_MM * 72 / 25.4
        boxes = [_block_box(child, width - indent, layout, metrics)
                 for item in block.items for child in item.blocks]
        between = SPACING[LIST_BULLET][1]
        return Box(0.0, sum(b.height for b in boxes) + between * (len(boxes) - 1), between)
    if isinstance(block, m.DefinitionList):
        boxes = [_text_box(m.plain_text(item.term) + " – " + m.plain_text(item.body),
                           width, DEFINITION, layout, metrics) for item in block.items]
        after = SPACING[DEFINITION][1]
        return Box(0.0, sum(b.height for b in boxes) + after * (len(boxes) - 1), after)
    if isinstance(block, m.GoalStatement):
        box = _text_box(f"{block.label} 9.9.9 " + m.plain_text(block.inlines), width - 20, GOAL,
                        layout, metrics)
        return Box(box.before, box.height + 9, box.after)   # padding "borders" above and below
    if isinstance(block, m.Image):
        return Box(SPACING[FIGURE][0], width * 0.6, SPACING[FIGURE][1])
    if isinstance(block, m.BarChart):   # the picture (28 px a bar at 96 dpi), then its caption
        return Box(SPACING[FIGURE][0], (len(block.values) * 28 + 12) * 0.75
                   + metrics.line_pt(layout.body_pt) * 2, SPACING[FIGURE][1])
    return Box(0.0, 0.0, 0.0)


def _text_box(text: str, width: float, style_id: str, layout: Layout,
              metrics: Metrics) -> Box:
    before, after = SPACING[style_id]
    lines = metrics.lines(typeset(text), layout.body_pt, width)
    return Box(before, lines * metrics.line_pt(layout.body_pt), after)


def _table_box(block: m.Table, layout: Layout, metrics: Metrics,
               widths: Sequence[int]) -> TableBox:
    def row(cells: list[str]) -> float:
        inner = [w / 20 - 2 * CELL_PAD_MM * 72 / 25.4 for w in widths]
        size = layout.table_pt
        lines = max(metrics.lines(typeset(text).replace(ZWSP, " ") or " ", size, w)
                    for text, w in zip(cells, inner))
        return lines * metrics.line_pt(size, 1.05) + 2 * 1.2 * 72 / 25.4

    return TableBox(SPACING[CAPTION][0],
                    metrics.line_pt(layout.table_pt) + SPACING[CAPTION][1],
                    row([c.label for c in block.columns]),
                    tuple(row([m.plain_text(cell) for cell in r]) for r in block.rows))
