"""Column widths of DOCX tables: the column spec's shares of the text width, widened to
each column's minimum (its longest unbreakable piece), always filling the width."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlingsplan.writers.table_layout import column_widths


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

