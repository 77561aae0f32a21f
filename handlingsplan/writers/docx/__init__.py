"""Document -> DOCX, the Word version. The only importer of python-docx.

Real Word structure: styles generated from the brand (no direct formatting on runs), Word's
own multi-level heading numbering, a pre-filled table of contents field, PAGE/NUMPAGES
fields, bookmarks and hyperlinks, accessible tables, embedded fonts and reproducible
bytes. Fonts, logo and pictures are bytes from the assets. The parts:

- layout.py: style ids, paragraph spacing and sizes; ../metrics.py: the brand font's widths;
  ../table_layout.py: the tables' column widths and break points (shared with the HTML);
- styles.py: styles and numbering; blocks.py: blocks and inlines; tables.py: tables;
- pages.py: page set-up, title page, contents, header and footer;
- page_estimate.py: the pages of the pre-filled contents and NUMPAGES;
- package.py: properties, fonts, the zip; xml.py: all raw XML.
"""

from __future__ import annotations

import functools

from docx import Document

from ... import model as m
from .. import Assets, Rendered
from . import package, pages, styles, tables
from . import xml as x
from .blocks import Body, bookmark_name
from .layout import Layout, language_tag
from .metrics import Metrics
from .tracked import Revisions
from ..table_layout import Frame, layout_table, layout_tracked_table
from .page_estimate import estimate_document

__all__ = ["bookmark_name", "render", "render_docx"]


def render(document: m.Document, assets: Assets) -> Rendered:
    """The document as a Word file (the same bytes for the same input)."""
    return Rendered({f"{document.file_stem}.docx": render_docx(document, assets)})


def render_docx(document: m.Document, assets: Assets) -> bytes:
    """The DOCX file's bytes."""
    brand, files = assets.brand, assets.files
    layout, metrics = Layout.from_brand(brand), Metrics(brand, files)

    frame = Frame.from_brand(brand)

    lay_out = layout_table if document.revision is None else layout_tracked_table

    @functools.cache
    def laid_out(table: m.Table) -> m.Table:
        return lay_out(table, metrics, frame, document.name_hyphenation)

    def table_widths(table: m.Table) -> list[int]:
        return tables.table_widths(laid_out(table), layout)

    estimate = estimate_document(document, layout, metrics, table_widths)
    doc = Document()
    language = language_tag(document.lang)
    x.replace_styles(doc.styles.element, *styles.styles(
        brand, layout, metrics, language=language, marking=document.status_marking or ""))
    pages.page_setup(doc, brand.page)
    body = Body(doc, document.words, files, brand.colours, layout, laid_out, table_widths,
                chart_font=brand.font.regular)
    body.revisions = Revisions(document.revision)
    pages.title_page(body, document, brand)
    revision = document.revision
    if revision is not None and revision.old is not None and revision.new is not None:
        pages.table_of_contents(
            body, document, estimate_document(revision.new, layout, metrics, table_widths).pages,
            estimate_document(revision.old, layout, metrics, table_widths).pages)
    else:
        pages.table_of_contents(body, document, estimate.pages)
    for section in document.sections:
        body.blocks(section.blocks)
    body.revisions.mark_whole(doc.element.body)
    body.footnotes_part()
    pages.header_and_footer(doc, document, estimate.total)
    x.replace_numbering(doc.part.numbering_part.element,
                        styles.numbering(brand, layout, metrics, body.numbered_lists),
                        body.list_nums)
    x.configure_settings(doc.settings.element, language=language,
                         mirror_margins=brand.page.margin_inner_mm != brand.page.margin_outer_mm,
                         default_tab=x.twips_mm(23))
    package.properties(doc, document)
    package.package_parts(doc, document, brand.font, files)
    return package.save(doc)
