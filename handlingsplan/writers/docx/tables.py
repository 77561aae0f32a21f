"""The Table block: a caption with a SEQ field, then a table whose header row repeats on
every page, whose rows never split, with striped rows and the column widths of
writers/table_layout.py (the same as in the PDF and HTML), in the grid and every cell."""

from __future__ import annotations

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
from .layout import CAPTION, TABLE_HEADING, TABLE_STYLE, TABLE_TEXT, Layout
from .metrics import break_after_slashes
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
    if block.tracked_caption and not wholly_marked(block.tracked_caption):
        caption.append(x.run(". "))
        inlines(caption, block.tracked_caption)
    elif block.caption:
        caption.append(x.run(". " + typeset(block.caption)))
    header = block.tracked_labels or tuple(((m.Text(c.label),) for c in block.columns))
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


def wholly_marked(inlines: tuple[m.Inline, ...]) -> type | None:
    """m.Inserted or m.Deleted when that one mark holds all of `inlines`."""
    kind = type(inlines[0]) if len(inlines) == 1 else None
    return kind if kind in (m.Inserted, m.Deleted) else None


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


def table_widths(block: m.Table, layout: Layout) -> list[int]:
    """Widths in twips of a laid-out table (writers/table_layout.py: its columns' widths
    are percent of the text width, the same numbers the HTML and PDF use)."""
    total = x.twips_mm(layout.text_width_mm)
    twips = [round(total * c.width / 100) for c in block.columns]
    widest = max(range(len(twips)), key=lambda i: twips[i])
    twips[widest] += total - sum(twips)   # rounding goes to the widest
    return twips


def _breakable(cell: m.Cell) -> m.Cell:
    """A cell's text with break opportunities after slashes (see break_after_slashes)."""
    out: list[m.Inline] = []
    for node in cell:
        if isinstance(node, m.Text):
            out.append(m.Text(break_after_slashes(typeset(node.text))))
        elif isinstance(node, (m.Emph, m.Strong, m.Link, m.Unbreakable, m.Inserted, m.Deleted)):
            out.append(replace(node, children=_breakable(node.children)))
        else:
            out.append(node)
    return tuple(out)
