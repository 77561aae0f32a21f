"""The DOCX writer's page estimate (the pre-filled contents' page numbers and NUMPAGES):
the pure flow of measured boxes onto pages, on small synthetic inputs, and the measuring
of the real plan into boxes."""

from __future__ import annotations

import pytest

from handlingsplan import model as m
from handlingsplan.writers.docx import tables
from handlingsplan.writers.docx.layout import Layout
from handlingsplan.writers.docx.metrics import Metrics
from handlingsplan.writers.table_layout import Frame, layout_table
from handlingsplan.writers.docx.page_estimate import (Box, TableBox, estimate,
                                                      estimate_document, measure)

from .helpers import document_and_assets, real_plan

HEIGHT = 100.0                         # points of text on a page
CONTENTS = [Box(0, 10, 0), Box(0, 10, 0)]   # the contents: its heading and one entry


def heading(anchor: str, height: float = 10, before: float = 0, after: float = 0) -> Box:
    return Box(before, height, after, anchor)


def paragraph(height: float, before: float = 0, after: float = 0) -> Box:
    return Box(before, height, after)


def test_a_chapter_that_fits_is_on_the_page_after_the_contents() -> None:
    result = estimate(CONTENTS, [[heading("a"), paragraph(40), heading("b", 10), paragraph(30)]],
                      HEIGHT, keep=5)
    assert result.pages == {"a": 3, "b": 3}
    assert result.total == 3


def test_every_section_starts_on_a_new_page() -> None:
    sections = [[heading("a"), paragraph(5)], [heading("b"), paragraph(5)], [heading("c")]]
    result = estimate(CONTENTS, sections, HEIGHT, keep=5)
    assert result.pages == {"a": 3, "b": 4, "c": 5}
    assert result.total == 5


def test_a_heading_at_the_page_foot_moves_to_the_next_page() -> None:
    # 10 + 70 = 80 used: the heading (10) fits, but not with the 15 points kept below it
    section = [heading("a"), paragraph(70), heading("b"), paragraph(30)]
    assert estimate(CONTENTS, [section], HEIGHT, keep=15).pages["b"] == 4
    assert estimate(CONTENTS, [section], HEIGHT, keep=10).pages["b"] == 3


def test_spacing_between_blocks_is_the_larger_of_after_and_before() -> None:
    # 10 + 60 used, then 16 of spacing: 86 + 10 + 5 > 100, whichever side the 16 is on
    def second_heading_page(after: float, before: float) -> int:
        section = [heading("a"), paragraph(60, after=after), heading("b", before=before),
                   paragraph(10)]
        return estimate(CONTENTS, [section], HEIGHT, keep=5).pages["b"]

    assert second_heading_page(after=16, before=8) == 4
    assert second_heading_page(after=8, before=16) == 4
    assert second_heading_page(after=8, before=8) == 3


def test_a_paragraph_longer_than_a_page_runs_onto_the_next_pages() -> None:
    result = estimate(CONTENTS, [[heading("a"), paragraph(250), heading("b")]], HEIGHT, keep=0)
    assert result.pages == {"a": 3, "b": 5}       # 260 points: pages 3, 4 and 60 on page 5
    assert result.total == 5


def test_a_long_table_breaks_between_rows_and_repeats_its_header() -> None:
    # caption 10 and header 20 above the rows: three rows of 20 fit on the first page
    # (30 + 60), then four per page under the repeated header (20 + 80): 12 rows take
    # 3 + 4 + 4 + 1, pages 3 to 6 (without the repeated header 3 + 5 + 4, pages 3 to 5)
    def last_page(rows: int) -> int:
        table = TableBox(before=0, caption=10, header=20, rows=(20.0,) * rows)
        return estimate(CONTENTS, [[table]], HEIGHT, keep=0).total

    assert last_page(11) == 5
    assert last_page(12) == 6


def test_a_row_that_does_not_fit_moves_whole_to_the_next_page() -> None:
    table = TableBox(before=0, caption=10, header=20, rows=(60.0, 60.0))
    result = estimate(CONTENTS, [[table, heading("after", 10)]], HEIGHT, keep=0)
    # page 3: 30 + 60; page 4: 20 + 60 = 80, then the heading at 80 + 10
    assert result.pages == {"after": 4}


def test_contents_that_do_not_fit_push_the_sections_back() -> None:
    # heading 10, then entries of 30: three fit on a page (100), seven take three pages
    contents = [Box(0, 10, 0)] + [Box(0, 30, 0)] * 7
    result = estimate(contents, [[heading("a")]], HEIGHT, keep=0)
    assert result.pages == {"a": 5}
    assert result.total == 5


def test_measure_gives_a_box_per_block_and_heading_anchors_in_order() -> None:
    document, assets = document_and_assets(*real_plan())
    layout, metrics = Layout.from_brand(assets.brand), Metrics(assets.brand, assets.files)

    def widths(table: m.Table) -> list[int]:
        return tables.table_widths(layout_table(table, metrics, Frame.from_brand(assets.brand)),
                                   layout)

    contents, sections = measure(document, layout, metrics, widths)
    assert len(contents) == 1 + len(document.toc())
    assert [len(boxes) for boxes in sections] == [len(s.blocks) for s in document.sections]
    anchors = [box.anchor for boxes in sections for box in boxes
               if isinstance(box, Box) and box.anchor is not None]
    assert anchors == [h.anchor for h in document.headings()]
    (table,) = document.tables()
    (table_box,) = [b for boxes in sections for b in boxes if isinstance(b, TableBox)]
    assert len(table_box.rows) == len(table.rows)
    assert all(row > 0 for row in table_box.rows)
    result = estimate_document(document, layout, metrics, widths)
    assert set(result.pages) == set(anchors)
    assert result.total >= max(result.pages.values()) >= 3


@pytest.mark.parametrize("keep", [0.0, 50.0])
def test_pages_never_decrease_along_the_document(keep: float) -> None:
    section: list[Box | TableBox] = [
        heading("a"), paragraph(45), heading("b"), paragraph(45), heading("c"),
        TableBox(0, 10, 20, (30.0,) * 5), heading("d"), paragraph(120)]
    pages = estimate(CONTENTS, [section], HEIGHT, keep).pages
    assert list(pages) == ["a", "b", "c", "d"]
    assert list(pages.values()) == sorted(pages.values())
