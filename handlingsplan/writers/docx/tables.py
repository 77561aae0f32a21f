"""The Table block: a caption with a SEQ field, then a table whose header row repeats on
every page, whose rows never split, with striped rows and column widths from the column
spec widened where a column's longest unbreakable piece needs more."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from docx.document import Document as DocxDocument
from docx.oxml.parser import OxmlElement
from docx.shared import Twips
from docx.table import _Row

from ... import model as m
from ...documents.typography import typeset
from ...sources.brand import Colours
from . import xml as x
from .layout import CAPTION, CELL_PAD_MM, TABLE_HEADING, TABLE_STYLE, TABLE_TEXT, Layout
from .metrics import Metrics, break_after_slashes, units
from .styles import cell_margins

Inlines = Callable[[OxmlElement, Iterable[m.Inline]], None]


def add_table(doc: DocxDocument, block: m.Table, widths: Sequence[int], *, label: str,
              colours: Colours, inlines: Inlines) -> OxmlElement:
    """Caption ("Tabell {SEQ}. …"), then the table; `inlines` writes a cell's content.
    Returns the caption paragraph (cross-references point at its bookmark)."""
    caption = doc.add_paragraph()._p
    caption.style = CAPTION
    caption.append(x.run(label + " "))
    for r in x.field(f"SEQ {label} \\* ARABIC", str(block.number or 1)):
        caption.append(r)
    if block.caption:
        caption.append(x.run(". " + typeset(block.caption)))
    header = tuple(((m.Text(c.label),) for c in block.columns))
    rows = [tuple(_breakable(cell) for cell in row) for row in block.rows]
    table = doc.add_table(rows=1 + len(rows), cols=len(block.columns))
    tbl = table._tbl
    tbl.tblStyle_val = TABLE_STYLE
    x.set_table_properties(tbl, width=sum(widths), margins=cell_margins(),
                           caption=typeset(block.caption), description=typeset(block.description))
    for index, width in enumerate(widths):
        table.columns[index].width = Twips(width)
    table_rows = list(table.rows)          # table.rows[i] rebuilds every row: index once
    _row(table_rows[0], 0, header, block.columns, widths, TABLE_HEADING, colours, inlines)
    x.repeat_header_row(table_rows[0]._tr)
    for index, cells in enumerate(rows, start=1):
        _row(table_rows[index], index, cells, block.columns, widths, TABLE_TEXT, colours,
             inlines)
    return caption


def _row(row: _Row, index: int, cells: tuple[m.Cell, ...], columns: tuple[m.Column, ...],
         widths: Sequence[int], style_id: str, colours: Colours, inlines: Inlines) -> None:
    x.cant_split(row._tr)
    for cell, content, column, width in zip(row.cells, cells, columns, widths):
        cell.width = Twips(width)
        if style_id == TABLE_HEADING:
            x.shade_cell(cell._tc, colours.table_header_background)
        elif index % 2 == 0:
            x.shade_cell(cell._tc, colours.table_stripe)
        p = cell.paragraphs[0]._p
        p.style = style_id
        if column.align is not m.Align.LEFT:
            x.insert_ordered(p.get_or_add_pPr(), x.jc(column.align.value), x.PPR_ORDER)
        inlines(p, content)


def table_widths(block: m.Table, layout: Layout, metrics: Metrics) -> list[int]:
    """Widths in twips: the column spec's shares of the text width, widened where a
    column's longest unbreakable piece (a word, "25–27 september") needs more."""
    size, pad = layout.table_pt, 2 * CELL_PAD_MM + 0.5
    measure = metrics.width_mm
    minima = []
    for index, column in enumerate(block.columns):
        pieces = [measure(unit, size, True) for unit in units(typeset(column.label))]
        pieces += [measure(unit, size) for row in block.rows
                   for unit in units(m.plain_text(_breakable(row[index])))]
        minima.append(math.ceil(max(pieces, default=0) + pad))
    mm = column_widths(layout.text_width_mm, [c.width for c in block.columns], minima)
    twips = [x.twips_mm(w) for w in mm]
    widest = max(range(len(twips)), key=lambda i: twips[i])
    twips[widest] += x.twips_mm(layout.text_width_mm) - sum(twips)   # rounding goes to the widest
    return twips


def column_widths(total: float, shares: Sequence[float], minima: Sequence[float]) -> list[float]:
    """Column widths that fill `total`: each column its share, but never less than its
    minimum; what the widened columns take comes from the others, in proportion to their
    shares. If the minima alone fill the total or more, each column gets its minimum's
    proportion of the total (some text then overflows or wraps inside words)."""
    if sum(minima) >= total:
        weights = minima if sum(minima) > 0 else shares
        return [total * w / sum(weights) for w in weights]
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
        rest = total - sum(widths[i] for i in fixed)   # > 0: the minima sum to less
        if not free:
            return [w + rest * share / sum(shares) for w, share in zip(widths, shares)]
        for i in free:
            widths[i] = rest * shares[i] / sum(shares[j] for j in free)


def _breakable(cell: m.Cell) -> m.Cell:
    """A cell's text with break opportunities after slashes (see break_after_slashes)."""
    out: list[m.Inline] = []
    for node in cell:
        if isinstance(node, m.Text):
            out.append(m.Text(break_after_slashes(typeset(node.text))))
        elif isinstance(node, (m.Emph, m.Strong, m.Link, m.Unbreakable)):
            out.append(replace(node, children=_breakable(node.children)))
        else:
            out.append(node)
    return tuple(out)
