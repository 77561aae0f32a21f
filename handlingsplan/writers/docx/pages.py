"""What frames the body: page set-up, the title page (its own section), the pre-filled
table of contents field, and the running header and PAGE/NUMPAGES footer."""

from __future__ import annotations

import copy
import io
from collections.abc import Mapping
from dataclasses import replace

from docx.document import Document as DocxDocument
from docx.oxml.text.paragraph import CT_P
from docx.shared import Mm

from ... import model as m
from ...documents.diff import align, deleted, diff_inlines, inserted
from ...documents.typography import typeset
from ...sources.brand import Brand, Page
from . import xml as x
from .blocks import Body, bookmark_name
from .layout import (DOC_BLOCK, FOOTER, HEADER, HEADER_MARKING, LABEL, LOGO, MARKING,
                     SUBTITLE, TITLE, TOC_HEADING, TOCS)

TOC_INSTRUCTION = 'TOC \\o "1-3" \\h \\z \\u'
HEADER_FOOTER_DISTANCE_MM = 12.5


def page_setup(doc: DocxDocument, page: Page) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
    section.top_margin, section.bottom_margin = Mm(page.margin_top_mm), Mm(page.margin_bottom_mm)
    section.left_margin, section.right_margin = (Mm(page.margin_inner_mm),
                                                 Mm(page.margin_outer_mm))
    section.header_distance = section.footer_distance = Mm(HEADER_FOOTER_DISTANCE_MM)
    section.gutter = Mm(0)
    section.different_first_page_header_footer = False


def _changed(old: str, new: str) -> tuple[m.Inline, ...]:
    """`new` carrying its word-level changes since `old` (either may be empty)."""
    if not old or not new:
        return deleted((m.Text(old),)) if old else inserted((m.Text(new),)) if new else ()
    return diff_inlines((m.Text(old),), (m.Text(new),))


def title_page(body: Body, document: m.Document, brand: Brand) -> None:
    """Logo, title, subtitle, status marking and the document block, then a section break:
    no running header or page number on the title page. In a document with tracked
    changes from an earlier version (revision.old), each of them carries its changes."""
    logo = brand.logo
    p = body.doc.add_paragraph()
    p._p.style = LOGO
    picture = p.add_run().add_picture(io.BytesIO(body.files[logo.png]), width=Mm(logo.width_mm))
    x.set_alt_text(picture._inline, logo.alt)
    earlier = document.revision.old if document.revision else None
    before = earlier or document

    def text(style_id: str, old: str | None, new: str | None) -> CT_P | None:
        if not old and not new:
            return None
        p = body.paragraph(style_id)
        body.inlines(p, _changed(old or "", new or "") if earlier else (m.Text(new or ""),))
        return p

    text(TITLE, before.title, document.title)
    last = text(SUBTITLE, before.subtitle, document.subtitle)
    marking = text(MARKING, before.status_marking, document.status_marking)
    last = marking if marking is not None else last
    old_rows, new_rows = before.document_block, document.document_block
    for i, j in align([label for label, _ in old_rows], [label for label, _ in new_rows]):
        last = body.paragraph(DOC_BLOCK)
        if i is not None and j is not None:
            label, value = new_rows[j][0], _changed(old_rows[i][1], new_rows[j][1])
        else:
            label, value = (old_rows[i] if j is None else new_rows[j])  # type: ignore[index]
            mark = deleted if j is None else inserted
            body.inlines(last, mark((m.Text(label),)), LABEL)
            body.inlines(last, mark((m.Text("\t" + value),)))
            continue
        last.append(x.run(typeset(label), LABEL))
        if earlier:
            last.append(x.run("\t"))
            body.inlines(last, value)
        else:
            last.append(x.run("\t" + typeset(new_rows[j][1])))
    approval = text(DOC_BLOCK, before.approval, document.approval)
    last = approval if approval is not None else last
    assert last is not None
    x.section_break(last, copy.deepcopy(body.doc.sections[0]._sectPr))


def table_of_contents(body: Body, document: m.Document, pages: Mapping[str, int],
                      old_pages: Mapping[str, int] | None = None) -> None:
    """A TOC field whose result is pre-filled with the entries and their estimated pages.
    With tracked changes from an earlier version (revision.old and .new), the entries are
    the two versions' own, paired by their text, each carrying its changes; a page number
    that differs is plain text (the old page deleted, the new one inserted), not a field;
    `pages` are then the new version's pages and `old_pages` the old one's."""
    body.text_paragraph(TOC_HEADING, document.words.contents)
    revision = document.revision
    tracked = revision is not None and revision.old is not None and revision.new is not None
    entries = (_tracked_entries(revision.old, revision.new, old_pages or {}, pages)  # type: ignore[union-attr]
               if tracked else [(e.level, _plain(e.number), (m.Text(e.text),), e.anchor,
                                 pages.get(e.anchor, "")) for e in document.toc()])
    for index, (level, number, entry_text, anchor, page) in enumerate(entries):
        p = body.paragraph(TOCS[level - 1])
        if index == 0:
            for r in x.field_begin(TOC_INSTRUCTION):
                p.append(r)
        link = x.hyperlink(anchor=bookmark_name(anchor))
        whole = entry_text[0] if len(entry_text) == 1 else None
        if isinstance(whole, (m.Inserted, m.Deleted)):     # an entry only in one version
            body.inlines(link, (replace(whole, children=(
                *number, *whole.children, m.Text(f"\t{page}"))),))
        else:
            body.inlines(link, number)
            body.inlines(link, _with_tab(entry_text))
            if isinstance(page, tuple):
                body.inlines(link, page)
            else:
                for r in x.field(f"PAGEREF {bookmark_name(anchor)} \\h", str(page)):
                    link.append(r)
        p.append(link)
        if index == len(entries) - 1:
            p.append(x.field_end())


def _with_tab(inlines: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
    """The entry's text and the tab before its page, one run when the text is plain."""
    if inlines and isinstance(inlines[-1], m.Text):
        return (*inlines[:-1], m.Text(inlines[-1].text + "\t"))
    return (*inlines, m.Text("\t"))


def _plain(number: str | None) -> tuple[m.Inline, ...]:
    return (m.Text(number + "\t"),) if number else ()


TocLine = tuple[int, tuple[m.Inline, ...], tuple[m.Inline, ...], str, "int | str | tuple"]


def _tracked_entries(old: m.Document, new: m.Document, old_pages: Mapping[str, int],
                     new_pages: Mapping[str, int]) -> list[TocLine]:
    """(level, number, text, bookmark, page) of each contents entry of either version."""
    a, b = old.toc(), new.toc()
    out: list[TocLine] = []
    for i, j in align([e.text for e in a], [e.text for e in b]):
        if j is None:
            e = a[i]  # type: ignore[index]
            out.append((e.level, _plain(e.number), deleted((m.Text(e.text),)),
                        f"borttaget-{e.anchor}", old_pages.get(e.anchor, "")))
            continue
        e = b[j]
        if i is None:
            out.append((e.level, _plain(e.number), inserted((m.Text(e.text),)), e.anchor,
                        new_pages.get(e.anchor, "")))
            continue
        o = a[i]
        number = _changed(o.number + "\t" if o.number else "", e.number + "\t" if e.number else "")
        before, after = str(old_pages.get(o.anchor, "")), str(new_pages.get(e.anchor, ""))
        page: int | str | tuple = after if before == after else _changed(before, after)
        out.append((e.level, number if o.number != e.number else _plain(e.number),
                    _changed(o.text, e.text), e.anchor, page))
    return out


def header_and_footer(doc: DocxDocument, document: m.Document, total_pages: int) -> None:
    """Document type, diarienummer and date over the title and status marking in the
    header (of the body's section: the title page has none); "Sida PAGE (NUMPAGES)" in the
    footer, NUMPAGES pre-filled with the estimated total."""
    section = doc.sections[-1]
    section.different_first_page_header_footer = False
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]._p
    p.style = HEADER
    p.append(x.run(typeset(document.running_header) + "\n" + typeset(document.full_title)))
    marking = document.status_marking
    if marking:
        p.append(x.run("\t"))
        p.append(x.run(marking, HEADER_MARKING))
    footer = section.footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]._p
    p.style = FOOTER
    page_mark, pages_mark = "\u0001", "\u0002"
    label = document.words.page.format(page=page_mark, pages=pages_mark)
    before, rest = label.split(page_mark)
    middle, after = rest.split(pages_mark)
    p.append(x.run(before))
    for r in x.field("PAGE", "2"):
        p.append(r)
    p.append(x.run(middle))
    for r in x.field("NUMPAGES", str(total_pages)):
        p.append(r)
    p.append(x.run(after))
