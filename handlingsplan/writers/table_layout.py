"""The layout of a table, the same in every format: column widths from the text, and break
opportunities in the words too wide for their column. One pure computation; the HTML
writes the widths as <col style="width: …%"> (so the PDF has them too), the DOCX as its
grid and cell widths, from the same numbers.

- A column's minimum is its longest unbreakable piece (a word, "25–27 september", a goal
  number), measured with the brand's font at the table's size, plus the cell padding; the
  header's words (bold) are never broken.
- A column's share of what is left is the amount of text in it; no column is made wider
  than its widest cell on one line while another could use the room.
- When the minima do not fit the page width, words in running-text columns may be
  hyphenated: Swedish patterns (pyphen), except the proper names of templates/avstavning.txt,
  which break only at their own points; web addresses break after '/' or '.' without a
  hyphen. Only words wider than their column get these break points (soft hyphens and
  zero-width spaces in the text), so nothing is hyphenated needlessly, and the same points
  appear in every format. A piece still too wide is broken between letters: the last resort,
  never an overflow.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import pyphen

from .. import model as m
from ..documents.typography import typeset
from ..sources.brand import Brand
from .metrics import SHY, ZWSP, Metrics, break_after_slashes, units

TABLE_FONT_DELTA_PT = 1.0   # table text is this much smaller than body text
CELL_PAD_MM = 1.5           # left and right padding of a table cell
SLACK_MM = 0.5              # rules, rounding and the engines' own line-fitting
HYPHEN = "-"

Measure = Callable[[str, bool], float]   # (text, bold) -> width in mm


@dataclass(frozen=True)
class Frame:
    """Where tables are set: the table's width, the text size and a cell's padding."""

    width_mm: float
    size_pt: float
    pad_mm: float = 2 * CELL_PAD_MM + SLACK_MM

    @classmethod
    def from_brand(cls, brand: Brand) -> Frame:
        page = brand.page
        return cls(width_mm=page.width_mm - page.margin_inner_mm - page.margin_outer_mm,
                   size_pt=brand.font.size_pt - TABLE_FONT_DELTA_PT)


# ---- widths --------------------------------------------------------------------------------

@dataclass(frozen=True)
class ColumnText:
    """What a column's text asks for, in mm (without padding)."""

    natural: float      # the longest unbreakable piece of the body text
    hyphenated: float   # the longest piece once long words may break (= natural if KEEP)
    header: float       # the longest word of the header (bold; never broken)
    amount: float       # the width of all its text on one line: its share
    longest: float      # its widest cell on one line


def widths_mm(total: float, pad: float, texts: Sequence[ColumnText]) -> list[float]:
    """Column widths that fill `total`: every column at least its longest unbreakable
    piece; if those do not fit, at least its longest piece after hyphenation; the rest in
    proportion to the amount of text, a column no wider than its widest cell needs while
    another column wants the room."""
    minima = [max(t.natural, t.header) + pad for t in texts]
    if sum(minima) > total:
        minima = [max(t.hyphenated, t.header) + pad for t in texts]
    maxima = [max(t.longest + pad, low) for t, low in zip(texts, minima)]
    return column_widths(total, [t.amount for t in texts], minima, maxima)


def column_widths(total: float, shares: Sequence[float], minima: Sequence[float],
                  maxima: Sequence[float] | None = None) -> list[float]:
    """Widths that fill `total`: each column `t * share` for one common t, but never less
    than its minimum nor (while the maxima leave room) more than its maximum. If the
    minima alone fill the total or more, each column gets its minimum's proportion (the
    last resort: words then break between letters). If even the maxima leave room, each
    column gets its maximum and the rest in proportion to it."""
    if sum(minima) >= total:
        weights = minima if sum(minima) > 0 else shares
        return [total * w / sum(weights) for w in weights]
    uppers = [float("inf")] * len(minima) if maxima is None else [
        max(high, low) for high, low in zip(maxima, minima)]
    if sum(uppers) <= total:
        return [u + (total - sum(uppers)) * u / sum(uppers) for u in uppers]
    if sum(shares) <= 0:
        shares = [1.0] * len(minima)

    def fill(t: float) -> list[float]:
        return [min(max(t * share, low), high) for share, low, high in zip(shares, minima, uppers)]

    low, high = 0.0, 1.0
    while sum(fill(high)) < total:
        high *= 2
    for _ in range(200):              # bisection: sum(fill(t)) is continuous and monotone
        mid = (low + high) / 2
        low, high = (mid, high) if sum(fill(mid)) < total else (low, mid)
    widths = fill(high)
    free = [i for i, w in enumerate(widths) if minima[i] < w < uppers[i]] or \
        [max(range(len(widths)), key=lambda i: widths[i])]
    widths[free[0]] += total - sum(widths)          # the rounding error to a free column
    return widths


# ---- break points ----------------------------------------------------------------------------

_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.I)
_WORD = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)


@lru_cache(maxsize=1)
def _patterns() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="sv_SE", left=3, right=3)


@lru_cache(maxsize=8)
def name_table(spellings: tuple[str, ...]) -> dict[str, str]:
    """Each listed name without hyphens -> with soft hyphens at its break points, also
    with a lower-case or upper-case first letter."""
    table: dict[str, str] = {}
    for spelled in spellings:
        for variant in (spelled, spelled[0].lower() + spelled[1:], spelled[0].upper() + spelled[1:]):
            table[variant.replace("-", "")] = variant.replace("-", SHY)
    return table


def breakable(word: str, names: tuple[str, ...] = ()) -> str:
    """A word with its break points: after '/', '.', '-', '?', '&' in a web address (no
    hyphen is shown there), the listed hyphenation of a proper name, or the Swedish
    patterns' soft hyphens."""
    if _URL.fullmatch(word):
        return re.sub(r"(?<=[/.\-?&=_])(?=[^/])", ZWSP, word).rstrip(ZWSP)
    lead, core, trail = _WORD.match(word).groups()   # type: ignore[union-attr]
    table = name_table(names)
    if core in table:
        return lead + table[core] + trail
    parts = core.split("-")   # a written hyphen already breaks: hyphenate the parts
    return lead + "-".join(_patterns().inserted(part, hyphen=SHY) for part in parts) + trail


def pieces(word: str) -> list[str]:
    """What a broken word's lines hold at most: the pieces between its break points, each
    with the hyphen a soft-hyphen break shows."""
    out = []
    for chunk in word.split(ZWSP):
        parts = chunk.split(SHY)
        out += [p + HYPHEN for p in parts[:-1]] + parts[-1:]
    return [p for p in out if p]


def _split_letters(piece: str, room: float, measure: Measure) -> str:
    """The last resort: zero-width spaces between letters, as late as each line allows."""
    out, line = [], ""
    for char in piece:
        if line and measure(line + char + HYPHEN, False) > room:
            out.append(line)
            line = ""
        line += char
    return ZWSP.join(out + [line])


def fit_word(word: str, room: float, measure: Measure, names: tuple[str, ...] = ()) -> str:
    """The word as is if it fits `room` (mm); else with its break points; a piece that
    still does not fit is broken between letters."""
    if measure(word, False) <= room:
        return word
    broken = breakable(word, names)
    out = []
    for chunk in broken.split(ZWSP):
        parts = chunk.split(SHY)
        fitted = [p if measure(p + HYPHEN, False) <= room else _split_letters(p, room, measure)
                  for p in parts]
        out.append(SHY.join(fitted))
    return ZWSP.join(out)


# Where a line may break without a hyphen: spaces, after '/' between words, after an en
# dash that follows a word (as metrics.units splits).
_BREAKS = re.compile(r"([ \t\n\u200b]+)|(?<=\w/)(?=\w)|(?<=[^\W\d]–)")


def _split_units(text: str) -> list[str]:
    return [part for part in _BREAKS.split(text) if part]


def _fit_text(text: str, room: float, measure: Measure, names: tuple[str, ...]) -> str:
    out = []
    for word in re.split(r"([ \t\n]+)", text):
        parts = [word] if _URL.fullmatch(word) else _split_units(word)   # a web address whole
        out += [part if part.isspace() or part == ZWSP else fit_word(part, room, measure, names)
                for part in parts]
    return "".join(out)


def fit_cell(cell: m.Cell, room: float, measure: Measure, names: tuple[str, ...] = (),
             keep: bool = False) -> m.Cell:
    """A cell with break points in the words wider than `room`. In a KEEP column, and in
    an unbreakable token, only the last resort (letters) applies."""
    out: list[m.Inline] = []
    for node in cell:
        if isinstance(node, m.Text):
            text = typeset(node.text)
            if keep:
                text = "".join(part if part.isspace() or measure(part, False) <= room
                               else _split_letters(part, room, measure)
                               for part in _split_units(text))
            else:
                text = _fit_text(text, room, measure, names)
            out.append(m.Text(text) if text != typeset(node.text) else node)
        elif isinstance(node, m.Unbreakable):
            out.append(replace(node, children=fit_cell(node.children, room, measure, names, True)))
        elif isinstance(node, (m.Emph, m.Strong, m.Link, m.Inserted, m.Deleted)):
            out.append(replace(node, children=fit_cell(node.children, room, measure, names, keep)))
        else:
            out.append(node)
    return tuple(out)


# ---- the whole table ---------------------------------------------------------------------------

def _column_text(table: m.Table, index: int, measure: Measure,
                 names: tuple[str, ...]) -> ColumnText:
    column = table.columns[index]
    texts = [break_after_slashes(typeset(m.plain_text(row[index]))) for row in table.rows]
    body = [unit for text in texts for unit in units(text)]
    natural = max((measure(u, False) for u in body), default=0.0)
    if column.wrap is m.Wrap.KEEP:
        hyphenated = natural
    else:
        hyphenated = max((measure(p, False) for u in body for p in pieces(breakable(u, names))),
                         default=0.0)
    header = max((measure(u, True) for u in units(typeset(column.label))), default=0.0)
    lengths = [measure(" ".join(t.split()), False) for t in texts]
    return ColumnText(natural, hyphenated, header, sum(lengths), max(lengths, default=0.0))


def layout_table(table: m.Table, metrics: Metrics, frame: Frame,
                 names: tuple[str, ...] = ()) -> m.Table:
    """The table with its columns' widths set from its text (percent of the table's width,
    summing to 100) and break points in the words too wide for their columns. Remembered
    (every argument is a value): the preview lays out the same activity table on each save
    of a chapter, ≈ 15 ms for the 2025 plan's."""
    try:
        hash((table, metrics, frame, names))
    except TypeError:      # a model value that cannot be a key: lay it out every time
        return _layout_table(table, metrics, frame, names)
    return _remembered_layout(table, metrics, frame, names)


def _layout_table(table: m.Table, metrics: Metrics, frame: Frame,
                  names: tuple[str, ...]) -> m.Table:
    def measure(text: str, bold: bool) -> float:
        return metrics.width_mm(text, frame.size_pt, bold)

    texts = [_column_text(table, i, measure, names) for i in range(len(table.columns))]
    mm = widths_mm(frame.width_mm, frame.pad_mm, texts)
    columns = tuple(replace(c, width=round(100 * w / frame.width_mm, 3))
                    for c, w in zip(table.columns, mm))
    rows = tuple(tuple(fit_cell(cell, w - frame.pad_mm, measure, names,
                                column.wrap is m.Wrap.KEEP)
                       for cell, column, w in zip(row, table.columns, mm))
                 for row in table.rows)
    return replace(table, columns=columns, rows=rows)


_remembered_layout = lru_cache(maxsize=32)(_layout_table)


def layout_tracked_table(table: m.Table, metrics: Metrics, frame: Frame,
                         names: tuple[str, ...] = ()) -> m.Table:
    """A table of the plan with tracked changes laid out as the new version's table: its
    widths, and its break points in the text of both versions and the inserted text; the
    deleted text has the old version's break points. So accepting all gives exactly the
    new plan's table; rejecting all gives the old one's words, with the new version's
    break points in the words they share. (Laid out as it is, its columns would have room
    for both versions' text: neither version's widths nor break points.) A table only in
    one version is laid out as that version."""
    (new, new_rows), (old, old_rows) = _version(table, m.Deleted), _version(table, m.Inserted)
    if new == old or not new.rows or not old.rows:
        return layout_table(table, metrics, frame, names)
    new_fit, old_fit = (layout_table(v, metrics, frame, names) for v in (new, old))
    rows = []
    for row, at_new, at_old in zip(table.rows, new_rows, old_rows):
        fitted = [tuple(_flat(c) for c in version.rows[k]) if k is not None else None
                  for version, k in ((new_fit, at_new), (old_fit, at_old))]
        try:
            rows.append(tuple(_with_breaks(cell, *(None if f is None else _Breaks(f[c])
                                                   for f in fitted))
                              for c, cell in enumerate(row)))
        except _Mismatch:   # not expected (typeset changed typeset text): fitted as it is
            rows.append(tuple(fit_cell(
                cell, column.width * frame.width_mm / 100 - frame.pad_mm,
                lambda text, bold: metrics.width_mm(text, frame.size_pt, bold), names,
                column.wrap is m.Wrap.KEEP) for cell, column in zip(row, new_fit.columns)))
    return replace(table, columns=new_fit.columns, rows=tuple(rows))


def _version(table: m.Table, gone: type) -> tuple[m.Table, list[int | None]]:
    """The table as one version has it: without the `gone` text (m.Deleted for the new
    version, m.Inserted for the old) and the rows that only had such text; and for each
    row of `table` its row in that version (None: not in it)."""
    def side(node: m.Inline) -> m.Inline | tuple[m.Inline, ...]:
        if isinstance(node, gone):
            return ()
        return node.children if isinstance(node, (m.Inserted, m.Deleted)) else node

    kept = m.map_inlines(table, side)
    assert isinstance(kept, m.Table)
    rows: list[tuple[m.Cell, ...]] = []
    where: list[int | None] = []
    for row, before in zip((tuple(_joined(c) for c in row) for row in kept.rows), table.rows):
        if any(m.plain_text(c).strip() for c in row) or not any(
                m.plain_text(c).strip() for c in before):
            where.append(len(rows))
            rows.append(row)
        else:
            where.append(None)
    return replace(kept, rows=tuple(rows)), where


_WRAPPERS = (m.Emph, m.Strong, m.Link, m.Unbreakable)


def _joined(cell: m.Cell) -> m.Cell:
    """Adjacent text, and adjacent wrappers alike but for their children, as one node:
    the diff splits a cell into words, and a web address or a date is laid out whole."""
    out: list[m.Inline] = []
    for node in cell:
        if isinstance(node, _WRAPPERS):
            node = replace(node, children=_joined(node.children))
        last = out[-1] if out else None
        if isinstance(node, m.Text) and isinstance(last, m.Text):
            out[-1] = m.Text(last.text + node.text)
        elif (isinstance(node, _WRAPPERS) and type(last) is type(node)
              and replace(last, children=()) == replace(node, children=())):
            out[-1] = replace(node, children=_joined(last.children + node.children))
        else:
            out.append(node)
    return tuple(out)


BREAKS = SHY + ZWSP   # what the layout adds to a cell's text


class _Mismatch(Exception):
    """A version's laid-out text is not the text of the tracked cell."""


class _Breaks:
    """One version's laid-out text of a cell, read along the tracked cell's text."""

    def __init__(self, text: str):
        self.text, self.at = text, 0

    def before(self, char: str) -> str:
        """The break points (soft hyphens, zero-width spaces) before `char`, the version's
        next character."""
        start = self.at
        while (self.at < len(self.text) and self.text[self.at] in BREAKS
               and self.text[self.at] != char):
            self.at += 1
        if self.at == len(self.text) or self.text[self.at] != char:
            raise _Mismatch(char)
        self.at += 1
        return self.text[start:self.at - 1]

    def done(self) -> None:
        """Every character of the version's text was read (break points may be left)."""
        if self.text[self.at:].strip(BREAKS):
            raise _Mismatch(self.text[self.at:])


def _flat(cell: m.Cell) -> str:
    """A cell's text as the writers set it (typeset, with its break points)."""
    return "".join(typeset(n.text) if isinstance(n, m.Text) else
                   n.text if isinstance(n, m.Symbol) else
                   " " if isinstance(n, m.LineBreak) else
                   "" if isinstance(n, (m.Footnote, m.CrossRef)) else _flat(n.children)
                   for n in cell)


def _with_breaks(cell: m.Cell, new: _Breaks | None, old: _Breaks | None) -> m.Cell:
    """The tracked `cell` with the break points of the new version's laid-out text in its
    inserted text and the text of both, and the old version's in its deleted text."""
    out = _put_breaks(cell, new, old, None)
    for version in (new, old):
        if version is not None:
            version.done()
    return out


def _put_breaks(cell: m.Cell, new: _Breaks | None, old: _Breaks | None,
                side: type | None) -> m.Cell:
    """_with_breaks of the nodes of `cell`, inside an m.Inserted or m.Deleted (`side`)."""
    out: list[m.Inline] = []
    for node in cell:
        if isinstance(node, (m.Text, m.Symbol, m.LineBreak)):
            text = (typeset(node.text) if isinstance(node, m.Text)
                    else " " if isinstance(node, m.LineBreak) else node.text)
            pieces = []
            for char in text:
                ahead = "" if side is m.Deleted else new.before(char) if new else ""
                behind = "" if side is m.Inserted else old.before(char) if old else ""
                pieces.append((behind if side is m.Deleted else ahead) + char)
            changed = isinstance(node, m.Text) and "".join(pieces) != text
            out.append(m.Text("".join(pieces)) if changed else node)
        elif isinstance(node, (m.Inserted, m.Deleted)):
            out.append(replace(node, children=_put_breaks(node.children, new, old, type(node))))
        elif isinstance(node, (m.Emph, m.Strong, m.Link, m.Unbreakable)):
            out.append(replace(node, children=_put_breaks(node.children, new, old, side)))
        else:
            out.append(node)
    return tuple(out)
