"""Column widths of DOCX tables: the column spec's shares of the text width, widened to
each column's minimum (its longest unbreakable piece), always filling the width; and the
tracked DOCX's tables, laid out as the new version's."""

from __future__ import annotations

import dataclasses
import functools

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from handlingsplan import model as m
from handlingsplan.documents.diff import merge_blocks
from handlingsplan.writers.metrics import SHY, ZWSP, Metrics
from handlingsplan.writers.table_layout import (
    Frame,
    _flat,
    _version,
    column_widths,
    layout_table,
    layout_tracked_table,
)

from .helpers import document_and_assets, real_plan


def test_shares_are_kept_when_no_column_is_too_narrow() -> None:
    assert column_widths(160, [50, 30, 20], [20, 20, 20]) == pytest.approx([80, 48, 32])


def test_a_widened_column_takes_from_the_others_in_proportion_to_their_shares() -> None:
    assert column_widths(100, [50, 30, 20], [0, 0, 40]) == pytest.approx([37.5, 22.5, 40])


def test_a_column_made_too_narrow_by_another_is_widened_too() -> None:
    # the third takes 20 from the others, which leaves the second (15) under its 18
    assert column_widths(100, [60, 20, 20], [0, 18, 40]) == pytest.approx([42, 18, 40])


def test_minima_larger_than_the_total_are_scaled_down_to_fit() -> None:
    assert column_widths(100, [50, 50], [90, 60]) == pytest.approx([60, 40])


@given(st.lists(st.tuples(st.floats(1, 100), st.floats(0, 150)), min_size=1, max_size=8),
       st.floats(10, 500))
def test_widths_always_fill_the_total_and_respect_minima_that_leave_room(
        columns: list[tuple[float, float]], total: float) -> None:
    shares, minima = [s for s, _ in columns], [mn for _, mn in columns]
    widths = column_widths(total, shares, minima)
    assert sum(widths) == pytest.approx(total)
    if sum(minima) <= total:
        assert all(w >= mn - 1e-6 for w, mn in zip(widths, minima))
    else:   # each column its minimum's proportion
        assert widths == pytest.approx([total * mn / sum(minima) for mn in minima])


def test_widened_columns_that_take_the_whole_width_leave_the_others_nothing() -> None:
    assert column_widths(10, [1, 1], [0, 10]) == pytest.approx([0, 10])



# ---- the tracked DOCX's tables ---------------------------------------------------------------

TEXTS = ("Sammankallande kommunikationschef/Linda Beigler/Karin Flordal", "Näringslivschefer",
         "Kompetensförsörjningssamordningsuppdraget med Kommunchefsgruppen",
         "landsbygdsutvecklingsprogramsamordnare", "Kort",
         "Läs mer på https://www.halsingland.se/naringsliv/kompetensforsorjning/uppdraget",
         "Hälsingerådets Utvecklingskontor", "25 – 27 september")


@functools.cache
def _activity_table() -> tuple[m.Table, Metrics, Frame]:
    document, assets = document_and_assets(*real_plan())
    return (document.tables()[-1], Metrics(assets.brand, assets.files),
            Frame.from_brand(assets.brand))


@st.composite
def _edited(draw: st.DrawFn, table: m.Table) -> m.Table:
    """`table` with rows removed, cells rewritten (long words among them) and rows added."""
    rows = [row for row in table.rows if draw(st.integers(0, 4))]
    for _ in range(draw(st.integers(0, 6))):
        if not rows:
            break
        k, c = draw(st.integers(0, len(rows) - 1)), draw(st.integers(0, len(table.columns) - 1))
        cell: m.Cell = (m.Text(draw(st.sampled_from(TEXTS))),)
        rows[k] = rows[k][:c] + (cell,) + rows[k][c + 1:]
    for _ in range(draw(st.integers(0, 2))):
        row = tuple((m.Text(draw(st.sampled_from(TEXTS))),) for _ in table.columns)
        rows.insert(draw(st.integers(0, len(rows))), row)
    return dataclasses.replace(table, rows=tuple(rows))


def _cells(table: m.Table, breaks: bool = True) -> list[list[str]]:
    """The text of each cell as the writers set it (typeset), with or without its break
    points."""
    out = [[_flat(cell) for cell in row] for row in table.rows]
    return out if breaks else [[t.replace(SHY, "").replace(ZWSP, "") for t in r] for r in out]


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_tracked_table_is_laid_out_as_the_new_version(data: st.DataObject) -> None:
    """The tracked DOCX's table carries both versions' text, whose widths and break points
    (soft hyphens, zero-width spaces) would be neither version's: it has the new version's
    widths and break points, so that accepting all gives exactly the new plan's table; the
    deleted text has the old version's; rejecting all gives the old words (found by random
    plan-edit pairs: a soft-hyphenated responsible after accepting all)."""
    base, metrics, frame = _activity_table()
    old, new = data.draw(_edited(base)), data.draw(_edited(base))
    assume(old != new)
    merged = merge_blocks((old,), (new,))
    replaced = len(merged) == 2
    if replaced:        # too little in common: the old table deleted, the new inserted
        assert _cells(layout_tracked_table(merged[0], metrics, frame)) == _cells(
            layout_table(old, metrics, frame))
        merged = merged[1:]
    (table,) = merged
    assert isinstance(table, m.Table)
    laid = layout_tracked_table(table, metrics, frame)
    own_new, own_old = layout_table(new, metrics, frame), layout_table(old, metrics, frame)
    assert [c.width for c in laid.columns] == [c.width for c in own_new.columns]
    assert _cells(_version(laid, m.Deleted)[0]) == _cells(own_new)
    if not replaced:
        rejected = _version(laid, m.Inserted)[0]
        assert _cells(rejected, breaks=False) == _cells(own_old, breaks=False)
    for row in laid.rows:     # a row only in the old version: the old version's break points
        if any(row) and all(isinstance(n, m.Deleted) for cell in row for n in cell):
            assert [_flat(cell) for cell in row] in _cells(own_old)
