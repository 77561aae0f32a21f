"""Blocks and inlines: headings, paragraphs, lists, definitions, goal statements, pictures
and tables, and the runs, links and bookmarks inside them. Styles carry all formatting."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterable, Mapping, Sequence

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml.parser import OxmlElement
from docx.oxml.text.paragraph import CT_P
from docx.shared import Mm

from ... import model as m
from ...documents.typography import NBSP, typeset
from ...sources.brand import Colours
from . import tables
from . import xml as x
from .tracked import Revisions
from .layout import (CAPTION, DEFINITION, EMPHASIS, FIGURE, FOOTNOTE_REFERENCE, FOOTNOTE_TEXT,
                     GOAL, GOAL_LABEL, HEADINGS, HYPERLINK, LIST_BULLET, LIST_CONTINUE,
                     LIST_NUMBER, NORMAL, QUOTE, STRONG, TERM, Layout)
from .styles import (ABSTRACT_BULLETS, ABSTRACT_HEADINGS, ABSTRACT_NUMBERED, NUM_BULLETS,
                     NUM_HEADINGS, NUM_NUMBERED, numbered_list_abstract)


def bookmark_name(anchor: str) -> str:
    """The anchor as a Word bookmark name: at most 40 characters, starting with a letter;
    a longer anchor keeps its start and a hash of the whole, so names stay unique."""
    name = anchor if anchor[:1].isalpha() else f"a-{anchor}"
    if len(name) <= 40:
        return name
    return f"{name[:31]}-{hashlib.sha1(anchor.encode()).hexdigest()[:8]}"


class Body:
    """Writes at the end of the python-docx document, one method per node type. Keeps the
    bookmark count, the numbering instances (`list_nums`) the lists add and each numbered
    list's level and first number (`numbered_lists`)."""

    def __init__(self, doc: DocxDocument, words: m.Words, files: Mapping[str, bytes],
                 colours: Colours, layout: Layout, laid_out: Callable[[m.Table], m.Table],
                 table_widths: Callable[[m.Table], Sequence[int]], chart_font: str = ""):
        self.doc = doc
        self.chart_font = chart_font     # asset key of the font a chart's picture is drawn in
        self.words = words
        self.files = files
        self.colours = colours
        self.layout = layout
        self.laid_out = laid_out          # widths and break points (writers/table_layout.py)
        self.table_widths = table_widths
        self.bookmark_ids = 0
        self.revisions = Revisions(None)   # tracked.py: set from the document's revision
        self.notes: list[m.Footnote] = []
        self.link_part = doc.part          # the part whose relationships hold external links
        self.list_nums = [x.num(NUM_HEADINGS, ABSTRACT_HEADINGS),
                          x.num(NUM_BULLETS, ABSTRACT_BULLETS),
                          x.num(NUM_NUMBERED, ABSTRACT_NUMBERED)]
        self.numbered_lists: list[tuple[int, int]] = []

    def paragraph(self, style_id: str) -> CT_P:
        """A new paragraph with style `style_id`."""
        p = self.doc.add_paragraph()._p
        if style_id != NORMAL:
            p.style = style_id
        return p

    def text_paragraph(self, style_id: str, text: str) -> CT_P:
        p = self.paragraph(style_id)
        p.append(x.run(typeset(text)))
        return p

    def bookmark(self, p: CT_P, anchor: str) -> None:
        self.bookmark_ids += 1
        x.add_bookmark(p, self.bookmark_ids, bookmark_name(anchor))

    # -- blocks ------------------------------------------------------------------------------

    def blocks(self, blocks: Iterable[m.Block], depth: int = 0) -> None:
        for block in blocks:
            _BLOCK_WRITERS[type(block)](self, block, depth)

    def heading(self, block: m.Heading, depth: int) -> None:
        p = self.paragraph(HEADINGS[block.level - 1])
        if block.number is None:
            x.set_paragraph_numbering(p, 0, 0)
        if block.was_numbered is not None:   # the old numbering, as the style has it
            level = block.level - 1
            self.revisions.numbering_change(p, x.num_pr(NUM_HEADINGS, level or None)
                                            if block.was_numbered else x.num_pr(0, 0))
        self.inlines(p, block.inlines)
        self.bookmark(p, block.anchor)

    def text(self, block: m.Paragraph, depth: int) -> None:
        p = self.paragraph(NORMAL)
        self.inlines(p, block.inlines)
        if block.anchor:
            self.bookmark(p, block.anchor)

    def bullet_list(self, block: m.BulletList, depth: int) -> None:
        level = min(depth, 2)
        if block.ordered:
            # every numbered list is a numbering of its own, which starts at its first
            # number: not an instance of a shared one restarted (w:startOverride), which
            # LibreOffice restarts at the list's first paragraph, so that a tracked list
            # whose first item is inserted, rejected, went on from the list before
            self.numbered_lists.append((level, block.start))
            num_id = len(self.list_nums) + 1
            self.list_nums.append(x.num(num_id, numbered_list_abstract(len(self.numbered_lists))))
            style_id = LIST_NUMBER
        else:
            num_id, style_id = NUM_BULLETS, LIST_BULLET
        for item in block.items:
            first = True
            for child in item.blocks:
                if isinstance(child, m.Paragraph):
                    p = self.paragraph(style_id if first else LIST_CONTINUE[level])
                    if first:
                        x.set_paragraph_numbering(p, num_id, level)
                    self.inlines(p, child.inlines)
                    if child.anchor:
                        self.bookmark(p, child.anchor)
                    first = False
                elif isinstance(child, m.BulletList):
                    self.bullet_list(child, depth + 1)
                else:
                    self.blocks([child], depth + 1)

    def definitions(self, block: m.DefinitionList, depth: int) -> None:
        for item in block.items:
            p = self.paragraph(DEFINITION)
            self.inlines(p, item.term, TERM)
            p.append(x.run(" – "))
            self._mark_between(p, item.term, item.body)
            self.inlines(p, item.body)

    def goal(self, block: m.GoalStatement, depth: int) -> None:
        p = self.paragraph(GOAL)
        if block.tracked_label:
            self.inlines(p, block.tracked_label, GOAL_LABEL)
        else:
            label = f"{block.label}{NBSP}{block.number}" if block.number else block.label
            p.append(x.run(label, GOAL_LABEL))
        p.append(x.run(" "))
        if block.tracked_label:
            self._mark_between(p, block.tracked_label, block.inlines)
        self.inlines(p, block.inlines)

    def _mark_between(self, p: CT_P, before: tuple[m.Inline, ...],
                      after: tuple[m.Inline, ...]) -> None:
        """The separator just written between two wholly inserted (deleted) pieces (a
        term and its body, a goal's label and text) carries their mark: unmarked, it
        stayed as a paragraph of its own (" – ") when every change was accepted
        (rejected)."""
        kind = tables.wholly_marked(before)
        if kind is not None and kind is tables.wholly_marked(after):
            self.revisions.mark_runs(p, "ins" if kind is m.Inserted else "del")

    def image(self, block: m.Image, depth: int) -> None:
        p = self.doc.add_paragraph()
        p._p.style = FIGURE
        # natural size from the file's dpi
        shape = p.add_run().add_picture(io.BytesIO(self.files[block.src]))
        if shape.width > Mm(self.layout.text_width_mm):
            ratio = Mm(self.layout.text_width_mm) / shape.width
            shape.width, shape.height = Mm(self.layout.text_width_mm), int(shape.height * ratio)
        x.set_alt_text(shape._inline, typeset(block.alt))
        if block.revision:      # a figure inserted or deleted as a whole
            self.revisions.mark_runs(p._p, block.revision)
        if block.caption or block.tracked_caption:
            caption = self.paragraph(CAPTION)
            caption.append(x.run(self.words.figure + " "))
            for r in x.field(f"SEQ {self.words.figure} \\* ARABIC", str(block.number or 1)):
                caption.append(r)
            whole = tables.wholly_marked(block.tracked_caption) if block.tracked_caption else None
            if block.tracked_caption and whole is None:
                caption.append(x.run(". "))
                self.inlines(caption, block.tracked_caption)
            else:   # unchanged, or inserted or deleted with its label and number
                text = block.caption or m.plain_text(block.tracked_caption)
                caption.append(x.run(". " + typeset(text)))
                if whole is not None:
                    self.revisions.mark_runs(caption, "ins" if whole is m.Inserted else "del")
            self.bookmark(caption, block.anchor)

    def bar_chart(self, block: m.BarChart, depth: int) -> None:
        """The chart as a PNG (Pillow) with the chart's text alternative, and its caption;
        the numbers are in the table before it."""
        from ..chart import WIDTH, png

        colours = self.colours
        data = png(block, self.files[self.chart_font], colours.primary, colours.text, colours.rule)
        p = self.doc.add_paragraph()
        p._p.style = FIGURE
        width = min(Mm(self.layout.text_width_mm), Mm(WIDTH * 25.4 / 96))
        shape = p.add_run().add_picture(io.BytesIO(data), width=width)
        x.set_alt_text(shape._inline, typeset(block.description))
        self.text_paragraph(NORMAL, block.caption)

    def table(self, block: m.Table, depth: int) -> None:
        caption = tables.add_table(self.doc, self.laid_out(block), self.table_widths(block),
                                   label=self.words.table, colours=self.colours,
                                   inlines=self.inlines)
        whole = tables.wholly_marked(block.tracked_caption)
        if whole is not None:   # a table inserted or deleted as a whole: its caption's number too
            self.revisions.mark_runs(caption, "ins" if whole is m.Inserted else "del")
        self.bookmark(caption, block.anchor)

    def quote(self, block: m.BlockQuote, depth: int) -> None:
        for child in block.blocks:
            if isinstance(child, m.Paragraph):
                self.inlines(self.paragraph(QUOTE), child.inlines)

    def footnotes_part(self) -> None:
        """word/footnotes.xml with every note, related from the document; nothing when the
        document has no notes. Links in a note are related from the footnotes part."""
        if not self.notes:
            return
        package = self.doc.part.package
        part = XmlPart(PackURI(x.FOOTNOTES_PART), CT.WML_FOOTNOTES, x.footnotes([]), package)
        self.doc.part.relate_to(part, RT.FOOTNOTES)
        self.link_part = part
        for note in self.notes:
            p = x.el("w:p", None, x.ppr(x.val("w:pStyle", FOOTNOTE_TEXT)),
                     x.footnote_mark(FOOTNOTE_REFERENCE), x.run(" "))
            self.inlines(p, note.children)
            part.element.append(x.el("w:footnote", {"w:id": note.number}, p))
        self.link_part = self.doc.part
        x.footnote_properties(self.doc.settings.element)

    # -- inlines ------------------------------------------------------------------------------

    def inlines(self, parent: OxmlElement, inlines: Iterable[m.Inline],
                char_style: str | None = None, marks: frozenset[str] = frozenset()) -> None:
        for node in inlines:
            if isinstance(node, m.Text):
                parent.append(_styled_run(typeset(node.text), char_style, marks))
            elif isinstance(node, m.LineBreak):
                parent.append(x.run("\n"))
            elif isinstance(node, m.Symbol):
                parent.append(_styled_run(node.text, char_style, marks))
            elif isinstance(node, m.Emph):
                self.inlines(parent, node.children, char_style, marks | {EMPHASIS})
            elif isinstance(node, m.Strong):
                self.inlines(parent, node.children, char_style, marks | {STRONG})
            elif isinstance(node, m.Unbreakable):   # typeset text already joins its parts
                self.inlines(parent, node.children, char_style, marks)
            elif isinstance(node, (m.Inserted, m.Deleted)):
                holder = x.el("w:p")
                self.inlines(holder, node.children, char_style, marks)
                kind = "ins" if isinstance(node, m.Inserted) else "del"
                for child in self.revisions.wrap(holder, kind):
                    parent.append(child)
            elif isinstance(node, m.Footnote):
                parent.append(x.footnote_reference(node.number or 0, FOOTNOTE_REFERENCE))
                self.notes.append(node)
            elif isinstance(node, m.Link):
                if node.href.startswith("#"):
                    link = x.hyperlink(anchor=bookmark_name(node.href[1:]), tooltip=node.title)
                else:
                    r_id = self.link_part.relate_to(node.href, RT.HYPERLINK, is_external=True)
                    link = x.hyperlink(r_id=r_id, tooltip=node.title)
                parent.append(link)
                self.inlines(link, node.children, char_style, marks | {HYPERLINK})
            else:
                raise TypeError(f"unknown inline node {type(node).__name__}")


def _styled_run(text: str, char_style: str | None, marks: frozenset[str]) -> OxmlElement:
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


_BLOCK_WRITERS: dict[type, Callable[..., None]] = {
    m.Heading: Body.heading,
    m.Paragraph: Body.text,
    m.BulletList: Body.bullet_list,
    m.DefinitionList: Body.definitions,
    m.GoalStatement: Body.goal,
    m.Image: Body.image,
    m.Table: Body.table,
    m.BarChart: Body.bar_chart,
    m.BlockQuote: Body.quote,
}
