"""The names and measures the DOCX writer's parts share: style ids, paragraph spacing,
sizes from the brand and fixed lengths. No python-docx here: the page estimate uses it."""

from __future__ import annotations

from dataclasses import dataclass

from ...sources.brand import Brand
# LINE and CELL_PAD_MM are re-exported: styles.py and page_estimate.py import them from here.
from ..metrics import LINE  # noqa: F401
from ..table_layout import CELL_PAD_MM  # noqa: F401
from ..table_layout import TABLE_FONT_DELTA_PT

LANGUAGE_TAGS = {"sv": "sv-SE"}   # the document's language as Word writes it


def language_tag(lang: str) -> str:
    """"sv" -> "sv-SE" (Word and LibreOffice want a region)."""
    return LANGUAGE_TAGS.get(lang, lang)
LIST_INDENT_MM, LIST_HANGING_MM = 7.0, 5.0

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
TABLE_TEXT, TABLE_HEADING, TABLE_STYLE = "Tabelltext", "Tabellrubrik", "Datatabell"
HYPERLINK, STRONG, EMPHASIS = "Hyperlink", "Strong", "Emphasis"
FOOTNOTE_TEXT, FOOTNOTE_REFERENCE = "FootnoteText", "FootnoteReference"
QUOTE = "Quote"

# Paragraph spacing (before, after) in points, shared by the styles and the page estimate.
SPACING = {
    NORMAL: (0, 8), TITLE: (96, 6), SUBTITLE: (0, 30), MARKING: (0, 36), DOC_BLOCK: (0, 3),
    HEADINGS[0]: (0, 14), HEADINGS[1]: (16, 6), HEADINGS[2]: (12, 4),
    LIST_BULLET: (0, 4), LIST_NUMBER: (0, 4), DEFINITION: (0, 8), GOAL: (6, 14),
    CAPTION: (6, 4), TOC_HEADING: (0, 14), TOCS[0]: (8, 3), TOCS[1]: (0, 3), TOCS[2]: (0, 3),
    FIGURE: (6, 12), TABLE_TEXT: (0, 0), FOOTNOTE_TEXT: (0, 2), QUOTE: (4, 8),
}


@dataclass(frozen=True)
class Layout:
    """The text area and the font sizes, from the brand."""

    text_width_mm: float
    text_height_mm: float
    body_pt: float
    table_pt: float
    heading_pt: tuple[float, float, float]
    title_pt: float

    @classmethod
    def from_brand(cls, brand: Brand) -> Layout:
        page = brand.page
        return cls(
            text_width_mm=page.width_mm - page.margin_inner_mm - page.margin_outer_mm,
            text_height_mm=page.height_mm - page.margin_top_mm - page.margin_bottom_mm,
            body_pt=brand.font.size_pt,
            table_pt=brand.font.size_pt - TABLE_FONT_DELTA_PT,
            heading_pt=brand.font.heading_sizes_pt,
            title_pt=brand.font.title_size_pt,
        )
