"""What frames the body: page set-up, the title page (its own section), the pre-filled
table of contents field, and the running header and PAGE/NUMPAGES footer."""

from __future__ import annotations

import copy
import io
from collections.abc import Mapping

from docx.document import Document as DocxDocument
from docx.shared import Mm

from ... import model as m
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


def title_page(body: Body, document: m.Document, brand: Brand) -> None:
    """Logo, title, subtitle, status marking and the document block, then a section break:
    no running header or page number on the title page."""
    logo = brand.logo
    p = body.doc.add_paragraph()
    p._p.style = LOGO
    picture = p.add_run().add_picture(io.BytesIO(body.files[logo.png]), width=Mm(logo.width_mm))
    x.set_alt_text(picture._inline, logo.alt)
    body.text_paragraph(TITLE, document.title)
    last = body.text_paragraph(SUBTITLE, document.subtitle)
    if document.status_marking:
        last = body.text_paragraph(MARKING, document.status_marking)
    for label, value in document.document_block:
        last = body.paragraph(DOC_BLOCK)
        last.append(x.run(typeset(label), LABEL))
        last.append(x.run("\t" + typeset(value)))
    if document.approval:
        last = body.text_paragraph(DOC_BLOCK, document.approval)
    x.section_break(last, copy.deepcopy(body.doc.sections[0]._sectPr))


def table_of_contents(body: Body, document: m.Document, pages: Mapping[str, int]) -> None:
    """A TOC field whose result is pre-filled with the entries and their estimated pages."""
    body.text_paragraph(TOC_HEADING, document.words.contents)
    entries = document.toc()
    for index, entry in enumerate(entries):
        p = body.paragraph(TOCS[entry.level - 1])
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
