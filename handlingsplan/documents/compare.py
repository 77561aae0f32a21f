"""The change report (ändringsrapport): what changed in a plan since an earlier version, as
a Document rendered by the same writers; and the plan itself with those changes as Word
tracked changes (`tracked_document`).

How versions are matched:

- activities: by their `id` when both versions have one; the rest by the text of the
  activity, best pair first (difflib.SequenceMatcher ratio on words, at least
  ACTIVITY_RATIO); an activity left over is new or removed. A matched activity is changed
  when a field differs as shown (text, responsible, due date, new due date, status,
  comment) or its goals do (by key: a goal's number follows the chapters);
- sections (every heading and the blocks up to the next heading, the activity list's
  heading and introduction among them): by heading key, then by
  the same title at the same level, then by text similarity (SECTION_RATIO). A matched
  section is moved when it is out of order among its matched siblings (not on their
  longest in-order run) or under another parent, so that a moved chapter is one line, not
  one per section it carries along; a heading whose number changed only because of
  others is not a change: all of them make one line, "kapitel 4–5 har nytt nummer";
- text: the paragraphs, list items, goal statements, table captions, header rows and rows,
  pictures' alt texts and captions, quotes and footnotes of matched sections are aligned
  (diff.align) and compared word by word (diff.diff_inlines); a piece removed in one
  section and new in another (or the same), word for word, is one moved piece (_moved);
- the title page: the title and each row of the document block (compare_metadata).
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from .. import model as m
from .. import words as w
from ..diagnostics import Loc
from .activity_table import format_due
from .diff import (align, block_text, deleted, diff_inlines, inserted, merge_blocks, notes,
                   ratio, words_of)
from .docblock import document_block, document_day
from .plan import (_numbered_notes, file_stem as plan_file_stem, plan_document,
                   report_document)

RENUMBERED_ANCHOR = "andring-nya-nummer"
REORDERED_ANCHOR = "andring-ny-ordning"
METADATA_ANCHOR = "dokumentuppgifter"
ACTIVITY_RATIO = 0.6
SECTION_RATIO = 0.6
FIELDS = ("text", "goals", "responsible", "due", "new_due", "status", "comment")


# ---- activities ---------------------------------------------------------------------

def match_activities(old: tuple[m.Activity, ...], new: tuple[m.Activity, ...]
                     ) -> list[tuple[int, int]]:
    """(old index, new index) of the activities that are the same activity."""
    pairs: list[tuple[int, int]] = []
    old_keys = {a.key: i for i, a in enumerate(old) if a.key}
    used_old, used_new = set(), set()
    for j, a in enumerate(new):
        if a.key and a.key in old_keys:
            pairs.append((old_keys[a.key], j))
            used_old.add(old_keys[a.key])
            used_new.add(j)
    new_keys = {a.key for a in new if a.key}
    # an activity whose id the other version also has is matched only by that id
    free_old = [i for i, a in enumerate(old) if i not in used_old and a.key not in new_keys]
    free_new = [j for j, a in enumerate(new) if j not in used_new and a.key not in old_keys]
    scores = sorted(((ratio(old[i].text.lower(), new[j].text.lower()), -i, -j)
                     for i in free_old for j in free_new), reverse=True)
    for score, i, j in scores:
        i, j = -i, -j
        if score < ACTIVITY_RATIO:
            break
        if i in used_old or j in used_new:
            continue
        pairs.append((i, j))
        used_old.add(i)
        used_new.add(j)
    return sorted(pairs, key=lambda p: p[1])


def _field_text(activity: m.Activity, name: str, year: int) -> str:
    value = getattr(activity, name)
    if name == "goals":
        return ", ".join(f"{g.number} ({g.key})" if g.number else g.key for g in value)
    if name in ("due", "new_due"):
        return format_due(value, year) if value is not None else ""
    if name == "status":
        return value.value
    return value


def _field_key(activity: m.Activity, name: str, year: int) -> str:
    """What is compared: the shown text, but goals by their keys (a goal's number
    changes with the chapters around it) and due dates by their dates (a plan shows its
    own year's dates without the year, so "25 maj" in 2025 and 2026 are different days,
    and 2025's "25 maj" is "25 maj 2025" in the 2026 plan but the same day)."""
    if name == "goals":
        return ", ".join(g.key for g in activity.goals)
    if name in ("due", "new_due"):
        due = getattr(activity, name)
        return "" if due is None else f"{due.kind.name} {due.start} {due.end}"
    return _field_text(activity, name, year)


@dataclass
class ActivityChanges:
    added: list[m.Activity] = field(default_factory=list)
    removed: list[m.Activity] = field(default_factory=list)
    changed: list[tuple[m.Activity, m.Activity, list[str]]] = field(default_factory=list)
    reordered: bool = False


def compare_activities(old: m.Plan, new: m.Plan) -> ActivityChanges:
    a, b = old.activities.activities, new.activities.activities
    pairs = match_activities(a, b)
    changes = ActivityChanges()
    matched_old = {i for i, _ in pairs}
    matched_new = {j for _, j in pairs}
    changes.added = [x for j, x in enumerate(b) if j not in matched_new]
    changes.removed = [x for i, x in enumerate(a) if i not in matched_old]
    for i, j in pairs:
        names = [f for f in FIELDS if _field_key(a[i], f, old.meta.year)
                 != _field_key(b[j], f, new.meta.year)]
        if names:
            changes.changed.append((a[i], b[j], names))
    order = [i for i, _ in pairs]
    changes.reordered = order != sorted(order)
    return changes


# ---- sections -----------------------------------------------------------------------

@dataclass(frozen=True)
class Part:
    """A heading and the blocks up to the next heading; `chapter` is its level-1 heading's
    index, `parent` the index of its parent heading in the same list."""

    heading: m.Heading
    blocks: tuple[m.Block, ...]
    parent: int | None
    chapter: int

    @property
    def title(self) -> str:
        return words_of(self.heading.inlines)

    @property
    def shown(self) -> str:
        return f"{self.heading.number} {self.title}" if self.heading.number else self.title


def parts(document: m.Document) -> list[Part]:
    found: list[Part] = []
    stack: list[int] = []
    for section in document.sections:
        for block in section.blocks:
            if section.kind and isinstance(block, m.Table):
                continue    # the activity table: compared activity by activity
            if isinstance(block, m.Heading):
                while stack and found[stack[-1]].heading.level >= block.level:
                    stack.pop()
                chapter = len(found) if block.level == 1 else (found[stack[0]].chapter if stack else 0)
                found.append(Part(block, (), stack[-1] if stack else None, chapter))
                stack.append(len(found) - 1)
            elif found:
                last = found[-1]
                found[-1] = replace(last, blocks=last.blocks + (block,))
    return found


def match_parts(old: list[Part], new: list[Part]) -> dict[int, int]:
    """new index -> old index of the same section."""
    matched: dict[int, int] = {}
    used: set[int] = set()
    keys = {p.heading.key: i for i, p in enumerate(old) if p.heading.key}
    for j, p in enumerate(new):
        if p.heading.key and p.heading.key in keys:
            matched[j] = keys[p.heading.key]
            used.add(keys[p.heading.key])
    for j, p in enumerate(new):
        if j in matched:
            continue
        for i, q in enumerate(old):
            if i not in used and q.heading.level == p.heading.level and q.title == p.title:
                matched[j] = i
                used.add(i)
                break
    text = lambda p: p.title + " " + " ".join(block_text(b) for b in p.blocks)  # noqa: E731
    scores = sorted(((ratio(text(old[i]), text(new[j])), i, j)
                     for j in range(len(new)) if j not in matched
                     for i in range(len(old)) if i not in used
                     and old[i].heading.level == new[j].heading.level), reverse=True)
    for score, i, j in scores:
        if score < SECTION_RATIO:
            break
        if i in used or j in matched:
            continue
        matched[j] = i
        used.add(i)
    return matched


def _in_order(values: list[int]) -> set[int]:
    """The positions on one longest increasing run of `values`."""
    tails: list[int] = []
    tail_at: list[int] = []
    back = [-1] * len(values)
    for k, v in enumerate(values):
        pos = bisect.bisect_left(tails, v)
        if pos == len(tails):
            tails.append(v)
            tail_at.append(k)
        else:
            tails[pos] = v
            tail_at[pos] = k
        back[k] = tail_at[pos - 1] if pos else -1
    keep: set[int] = set()
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        keep.add(k)
        k = back[k]
    return keep


@dataclass
class TextChange:
    kind: str                      # "changed", "new", "removed", "moved"
    inlines: tuple[m.Inline, ...]
    note: bool = False             # a footnote's text
    origin: str = ""               # moved: the section it came from, when another one


@dataclass
class StructureChanges:
    lines: list[tuple[str, str]] = field(default_factory=list)     # (text, anchor in the report)
    renumbered: str = ""
    text: list[tuple[Part, list[TextChange]]] = field(default_factory=list)
    summary: list[tuple[str, str]] = field(default_factory=list)


class Unit(NamedTuple):
    """A comparable piece of a section; `picture` the digest of a picture's bytes."""

    kind: type
    inlines: tuple[m.Inline, ...]
    picture: str = ""


def _units(blocks: tuple[m.Block, ...]) -> list[Unit]:
    """The comparable pieces of a section: paragraphs, list items, goal statements, rows."""
    out: list[Unit] = []
    for block in blocks:
        if isinstance(block, (m.Paragraph, m.GoalStatement)):
            out.append(Unit(type(block), block.inlines))
        elif isinstance(block, m.BulletList):
            for item in block.items:
                out += [Unit(m.ListItem, u.inlines, u.picture) for u in _units(item.blocks)]
        elif isinstance(block, m.BlockQuote):     # a quoted paragraph is a piece of its kind
            out += [Unit(m.BlockQuote, u.inlines) for u in _units(block.blocks)]
        elif isinstance(block, m.DefinitionList):
            out += [Unit(m.Definition, d.term + (m.Text(": "),) + d.body) for d in block.items]
        elif isinstance(block, m.Table):
            # the caption and the header row are text the reader sees, like the rows
            if block.caption:
                out.append(Unit(_Caption, (m.Text(f"{w.TABLE}: {block.caption}"),)))
            out.append(Unit(_Labels, (m.Text(w.COLUMNS_UNIT.format(
                labels=" | ".join(c.label for c in block.columns))),)))
            for row in block.rows:
                cells: list[m.Inline] = []
                for index, cell in enumerate(row):
                    cells += ([m.Text(" | ")] if index else []) + list(cell)
                out.append(Unit(m.Table, tuple(cells)))
        elif isinstance(block, m.Image):
            out.append(Unit(m.Image, (m.Text(w.PICTURE_UNIT.format(alt=block.alt)),),
                            block.digest))
            if block.caption:
                out.append(Unit(_Caption, (m.Text(f"{w.FIGURE}: {block.caption}"),)))
    with_notes: list[Unit] = []
    for unit in out:
        with_notes.append(unit._replace(inlines=_no_notes(unit.inlines)))
        with_notes += [Unit(m.Footnote, note.children) for note in notes(unit.inlines)]
    return with_notes


class _Caption:
    """The kind of a table's or a figure's caption among a section's units."""


class _Labels:
    """The kind of a table's header row among a section's units."""


def _no_notes(nodes: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
    """Inlines without footnote references: the report shows the running text, and
    each note's text as a piece of its own after it (_units)."""
    out: list[m.Inline] = []
    for node in nodes:
        if isinstance(node, (m.Footnote, m.CrossRef)):
            continue
        if hasattr(node, "children"):
            node = replace(node, children=_no_notes(node.children))  # type: ignore[arg-type]
        out.append(node)
    return tuple(out)


def _text_changes(old: Part, new: Part) -> list[TextChange]:
    a, b = _units(old.blocks), _units(new.blocks)
    text = lambda u: words_of(u[1])  # noqa: E731
    changes: list[TextChange] = []
    for i, j in align([text(u) for u in a], [text(u) for u in b],
                      [u[0] for u in a], [u[0] for u in b]):
        if j is None:
            changes.append(TextChange("removed", deleted(a[i][1]), a[i][0] is m.Footnote))
        elif i is None:
            changes.append(TextChange("new", inserted(b[j][1]), b[j][0] is m.Footnote))
        elif text(a[i]) != text(b[j]):
            changes.append(TextChange("changed", diff_inlines(a[i][1], b[j][1]),
                                      b[j][0] is m.Footnote))
        elif a[i].picture != b[j].picture:      # the same alt text, another picture
            changes.append(TextChange("changed", b[j].inlines + (
                m.Text(" "), m.Inserted((m.Text(f"– {w.PICTURE_REPLACED}"),)))))
    return changes


def _moved(text: list[tuple[Part, list[TextChange]]]) -> list[tuple[Part, list[TextChange]]]:
    """The text changes with a piece removed in one place and new in another, word for
    word the same, as one change where it is now ("Flyttat:", with the section it came
    from when that is another one): a moved list item or paragraph is not two changes."""
    key = lambda c: (c.note, words_of(c.inlines))  # noqa: E731
    removed: dict[tuple[bool, str], list[tuple[Part, TextChange]]] = {}
    for part, changes in text:
        for change in changes:
            if change.kind == "removed" and key(change)[1]:
                removed.setdefault(key(change), []).append((part, change))
    gone: set[int] = set()
    out = []
    for part, changes in text:
        kept = []
        for change in changes:
            if change.kind == "new" and removed.get(key(change)):
                origin, old = removed[key(change)].pop(0)
                gone.add(id(old))
                words = tuple(node for mark in change.inlines if isinstance(mark, m.Inserted)
                              for node in mark.children)     # without the insertion mark
                change = TextChange("moved", words, change.note,
                                    "" if origin is part else _shown_number(origin))
            kept.append(change)
        out.append((part, kept))
    return [(part, [c for c in changes if id(c) not in gone]) for part, changes in out]


def _ranges(numbers: list[str]) -> str:
    """"4–5", "3, 5–7"."""
    values = sorted({int(n) for n in numbers if n.isdigit()})
    out, start = [], None
    for k, v in enumerate(values):
        if start is None:
            start = v
        if k + 1 == len(values) or values[k + 1] != v + 1:
            out.append(str(start) if start == v else f"{start}–{v}")
            start = None
    return ", ".join(out + [n for n in numbers if not n.isdigit()])


def _shown_number(part: Part) -> str:
    """"kapitel 4", "avsnitt 4.2", or the title of an unnumbered heading."""
    if not part.heading.number:
        return part.title
    return (w.CHAPTER if part.heading.level == 1 else w.SECTION).format(number=part.heading.number)


def _follows_chapter(q: Part, p: Part, old: list[Part], new: list[Part]) -> bool:
    """Whether a section's new number only follows its chapter's ("4.2" -> "5.2")."""
    before, after = old[q.chapter].heading.number, new[p.chapter].heading.number
    return bool(before and after and q.heading.number and p.heading.number
                and q.heading.number.removeprefix(before) == p.heading.number.removeprefix(after))


def compare_structure(old_doc: m.Document, new_doc: m.Document) -> StructureChanges:
    """What changed in the chapters and sections: one line per new, moved, renamed or
    removed section (with its own anchor in the report), one line for the renumbered
    ones, and the changed text of each matched section."""
    old, new = parts(old_doc), parts(new_doc)
    matched = match_parts(old, new)
    changes = StructureChanges()
    reverse = {i: j for j, i in matched.items()}
    siblings: dict[int | None, list[int]] = {}
    for j in sorted(matched):
        siblings.setdefault(new[j].parent, []).append(j)
    steady = {group[k] for group in siblings.values()
              for k in _in_order([matched[j] for j in group])}
    renumbered_chapters, renumbered_sections = [], []
    for j, p in enumerate(new):
        anchor = p.heading.anchor
        chapter = p.heading.level == 1
        if j not in matched:
            if p.parent is not None and p.parent not in matched:
                continue    # within a new chapter or section: that one is the change
            if p.heading.number:
                text = (w.CHAPTER_NEW if chapter else w.SECTION_NEW).format(
                    number=p.heading.number, title=p.title)
            else:
                text = (w.CHAPTER_NEW_UNNUMBERED if chapter else w.SECTION_NEW_UNNUMBERED
                        ).format(title=p.title)
            changes.lines.append((text, f"andring-nytt-{anchor}"))
            continue
        q = old[matched[j]]
        parent_moved = (p.parent is not None and (q.parent is None or matched.get(p.parent) != q.parent)
                        or p.parent is None and q.parent is not None)
        if j not in steady or parent_moved:
            changes.lines.append((w.SECTION_MOVED.format(what=_shown_number(p)),
                                  f"andring-flyttat-{anchor}"))
        elif bool(q.heading.number) != bool(p.heading.number):     # {-} added or removed
            text = (w.NUMBER_ADDED.format(title=p.title, number=p.heading.number)
                    if p.heading.number else
                    w.NUMBER_REMOVED.format(title=p.title, number=q.heading.number))
            changes.lines.append((text, f"andring-nummer-{anchor}"))
        elif q.heading.number != p.heading.number and p.heading.number and (
                chapter or not _follows_chapter(q, p, old, new)):
            (renumbered_chapters if chapter else renumbered_sections).append(p.heading.number)
        if q.title != p.title:
            text = (w.HEADING_RENAMED.format(what=_shown_number(p), old=q.title, new=p.title)
                    if p.heading.number else
                    w.HEADING_RENAMED_UNNUMBERED.format(old=q.title, new=p.title))
            changes.lines.append((text, f"andring-rubrik-{anchor}"))
        changes.text.append((p, _text_changes(q, p)))
    for i, q in enumerate(old):
        if i not in reverse and (q.parent is None or q.parent in reverse):
            template = w.CHAPTER_REMOVED if q.heading.level == 1 else w.SECTION_REMOVED
            changes.lines.append((template.format(title=q.shown),
                                  f"andring-borttaget-{q.heading.anchor}"))
    what = []
    if renumbered_chapters:
        what.append(w.RENUMBERED_CHAPTERS.format(numbers=_ranges(renumbered_chapters)))
    if renumbered_sections:
        what.append(w.RENUMBERED_SECTIONS.format(numbers=", ".join(renumbered_sections)))
    if what:
        changes.renumbered = w.RENUMBERED.format(what=w.join_and(what))
    changes.text = [(part, text) for part, text in _moved(changes.text) if text]
    changes.summary = list(changes.lines)
    by_chapter: dict[int, int] = {}
    for part, text in changes.text:
        by_chapter[part.chapter] = by_chapter.get(part.chapter, 0) + len(text)
    for chapter, count in by_chapter.items():
        where = _shown_number(new[chapter])
        template = w.PARAGRAPH_CHANGED_ONE if count == 1 else w.PARAGRAPHS_CHANGED
        changes.summary.append((template.format(n=count, where=where),
                                f"text-{new[chapter].heading.anchor}"))
    if changes.renumbered:
        changes.summary.append((changes.renumbered, RENUMBERED_ANCHOR))
    return changes


# ---- the report ---------------------------------------------------------------------

def _heading(level: int, text: str, anchor: str, loc: Loc) -> m.Heading:
    return m.Heading(level, (m.Text(text),), loc, numbered=False, anchor=anchor)


def _para(loc: Loc, *inlines: m.Inline) -> m.Paragraph:
    return m.Paragraph(tuple(inlines), loc)


def _columns(labels: tuple[str, ...], widths: tuple[float, ...]) -> tuple[m.Column, ...]:
    return tuple(m.Column(f"k{index}", label, width, names_row=index == 0)
                 for index, (label, width) in enumerate(zip(labels, widths)))


def _table(labels, widths, rows, caption, anchor, loc) -> m.Table:  # type: ignore[no-untyped-def]
    cols = _columns(labels, widths)
    return m.Table(cols, tuple(rows), caption, w.TABLE_DESCRIPTION.format(
        caption=caption, columns=w.join_and([c.label.lower() for c in cols])), anchor, loc)


def _activity_rows(activities: list[m.Activity], year: int) -> list[tuple[m.Cell, ...]]:
    return [tuple((m.Text(_field_text(a, f, year) or w.EMPTY_VALUE),)
                  for f in ("text", "goals", "responsible", "due", "status")) for a in activities]


def _count(n: int, one: str, many: str) -> str:
    return one if n == 1 else many.format(n=n)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def activity_section(old: m.Plan, new: m.Plan, changes: ActivityChanges) -> m.Section:
    loc = new.activities.loc
    blocks: list[m.Block] = [_heading(1, w.ACTIVITIES_HEADING, "aktiviteter", loc),
                             _para(loc, m.Text(w.ACTIVITY_MATCHING.format(
                                 percent=round(ACTIVITY_RATIO * 100))))]
    if changes.added:
        blocks += [_heading(2, w.NEW_ACTIVITIES, "nya-aktiviteter", loc),
                   _table(w.NEW_COLUMNS, (40, 12, 20, 16, 12),
                          _activity_rows(changes.added, new.meta.year), w.NEW_CAPTION,
                          "tabell-nya-aktiviteter", loc)]
    if changes.removed:
        blocks += [_heading(2, w.REMOVED_ACTIVITIES, "borttagna-aktiviteter", loc),
                   _table(w.NEW_COLUMNS, (40, 12, 20, 16, 12),
                          _activity_rows(changes.removed, old.meta.year), w.REMOVED_CAPTION,
                          "tabell-borttagna-aktiviteter", loc)]
    if changes.changed:
        rows = []
        for before, after, names in changes.changed:
            for name in names:
                a = _field_text(before, name, old.meta.year)
                b = _field_text(after, name, new.meta.year)
                if a == b:      # the same words for different days: show both years
                    a, b = _field_text(before, name, 0), _field_text(after, name, 0)
                if name in ("text", "comment", "responsible") and a and b:
                    old_cell = diff_inlines((m.Text(a),), (m.Text(b),), side="old")
                    new_cell = diff_inlines((m.Text(a),), (m.Text(b),), side="new")
                else:
                    old_cell = deleted((m.Text(a),)) if a else (m.Text(w.EMPTY_VALUE),)
                    new_cell = inserted((m.Text(b),)) if b else (m.Text(w.EMPTY_VALUE),)
                rows.append(((m.Text(after.text),), (m.Text(w.FIELD_LABELS[name]),),
                             old_cell, new_cell))
        blocks += [_heading(2, w.CHANGED_ACTIVITIES, "andrade-aktiviteter", loc),
                   _table(w.CHANGED_COLUMNS, (30, 14, 28, 28), rows, w.CHANGED_CAPTION,
                          "tabell-andrade-aktiviteter", loc)]
    if changes.reordered:
        blocks.append(m.Paragraph((m.Text(_capital(w.ACTIVITIES_REORDERED) + "."),), loc,
                                  REORDERED_ANCHOR))
    return m.Section(tuple(blocks), "aktiviteter")


def compare_metadata(old: m.Plan, new: m.Plan) -> list[tuple[str, str, str]]:
    """(label, before, after) of each title-page row that differs: the title and the
    document block (status, dates, diarienummer, …), "–" where a version has none."""
    def rows(plan: m.Plan) -> dict[str, str]:
        return {w.TITLE_LABEL: plan.meta.full_title,
                **dict(document_block(plan.meta, document_day(plan.meta)))}
    a, b = rows(old), rows(new)
    labels = list(b) + [label for label in a if label not in b]
    return [(label, a.get(label, w.EMPTY_VALUE), b.get(label, w.EMPTY_VALUE))
            for label in labels if a.get(label) != b.get(label)]


def metadata_section(changed: list[tuple[str, str, str]], loc: Loc) -> m.Section:
    rows = []
    for label, before, after in changed:
        if before != w.EMPTY_VALUE and after != w.EMPTY_VALUE:
            old_cell = diff_inlines((m.Text(before),), (m.Text(after),), side="old")
            new_cell = diff_inlines((m.Text(before),), (m.Text(after),), side="new")
        else:
            old_cell = deleted((m.Text(before),)) if before != w.EMPTY_VALUE else (m.Text(before),)
            new_cell = inserted((m.Text(after),)) if after != w.EMPTY_VALUE else (m.Text(after),)
        rows.append(((m.Text(label),), old_cell, new_cell))
    blocks: list[m.Block] = [
        _heading(1, w.METADATA_HEADING, METADATA_ANCHOR, loc),
        _table(w.METADATA_COLUMNS, (30, 35, 35), rows, w.METADATA_CAPTION,
               "tabell-dokumentuppgifter", loc)]
    return m.Section(tuple(blocks), METADATA_ANCHOR)


def structure_section(changes: StructureChanges, loc: Loc) -> m.Section:
    blocks: list[m.Block] = [_heading(1, w.STRUCTURE_HEADING, "kapitel-och-avsnitt", loc)]
    lines = changes.lines + ([(changes.renumbered, RENUMBERED_ANCHOR)] if changes.renumbered else [])
    blocks.append(m.BulletList(tuple(
        m.ListItem((m.Paragraph((m.Text(_capital(text)),), loc, anchor),), loc)
        for text, anchor in lines), loc))
    return m.Section(tuple(blocks), "kapitel-och-avsnitt")


def text_section(changes: StructureChanges, new_parts: list[Part], loc: Loc) -> m.Section:
    blocks: list[m.Block] = [_heading(1, w.TEXT_HEADING, "andrad-text", loc)]
    seen_chapters: set[int] = set()
    labels = {(False, "changed"): w.CHANGED_PARAGRAPH, (False, "new"): w.NEW_PARAGRAPH,
              (False, "removed"): w.REMOVED_PARAGRAPH, (False, "moved"): w.MOVED_PARAGRAPH,
              (True, "changed"): w.CHANGED_NOTE, (True, "new"): w.NEW_NOTE,
              (True, "removed"): w.REMOVED_NOTE, (True, "moved"): w.MOVED_NOTE}
    for part, text in changes.text:
        if part.chapter not in seen_chapters:
            seen_chapters.add(part.chapter)
            chapter = new_parts[part.chapter]
            blocks.append(_heading(2, chapter.shown, f"text-{chapter.heading.anchor}", loc))
        if part.heading.level > 1:
            blocks.append(_heading(3, part.shown, f"text-{part.heading.anchor}", loc))
        for change in text:
            label = labels[change.note, change.kind]
            if change.origin:
                label = (w.MOVED_NOTE_FROM if change.note else w.MOVED_FROM).format(
                    where=change.origin)
            blocks.append(_para(loc, m.Strong((m.Text(label),)),
                                m.Text(" "),
                                *change.inlines))
    return m.Section(tuple(blocks), "andrad-text")


def _summary_line(groups: list[list[tuple[str, str, str]]]) -> list[m.Inline]:
    """"3 nya aktiviteter, 2 borttagna; kapitel 3 nytt; …." with every entry a link to
    its change (described in full where the text leans on the words before it)."""
    out: list[m.Inline] = []
    for g, group in enumerate(groups):
        for k, (text, full, anchor) in enumerate(group):
            shown = _capital(text) if not out else text
            out += [m.Text(", " if k else "; " if g else ""),
                    m.Link(f"#{anchor}", (m.Text(shown),), title=full if full != text else "")]
    return [node for node in out if not (isinstance(node, m.Text) and not node.text)] + [m.Text(".")]


def old_name(old: m.Plan, label: str) -> str:
    """"Hälsingerådets handlingsplan 2025", or with the version: "…, versionen HEAD~1
    (3f2a1c9)", "…, mappen utkast/2026"."""
    return f"{old.meta.full_title}, {label}" if label != str(old.meta.year) else old.meta.full_title


def compare_document(old: m.Plan, new: m.Plan, label: str, file_part: str,
                     name_hyphenation: tuple[str, ...] = ()) -> m.Document:
    """The change report from `old` (named `label`: "2025", "versionen 3f2a1c9") to `new`."""
    meta, loc = new.meta, new.meta.loc
    old_doc, new_doc = plan_document(old), plan_document(new)
    activities = compare_activities(old, new)
    structure = compare_structure(old_doc, new_doc)
    title = w.COMPARE_TITLE.format(title=meta.title)
    old_shown = old_name(old, label)
    summary: list[m.Block] = [_heading(1, w.SUMMARY, "sammanfattning", loc),
                              _para(loc, m.Text(w.SUMMARY_COMPARE_INTRO.format(
                                  new=meta.full_title, old=old_shown)))]
    counts: list[tuple[str, str, str]] = []     # (text, its link's description, anchor)
    for found, one, many, one_full, many_full, anchor in (
            (activities.added, w.COUNT_NEW_ACTIVITY, w.COUNT_NEW_ACTIVITIES,
             w.COUNT_NEW_ACTIVITY, w.COUNT_NEW_ACTIVITIES, "nya-aktiviteter"),
            (activities.removed, w.COUNT_REMOVED_ONE, w.COUNT_REMOVED,
             w.COUNT_REMOVED_ACTIVITY, w.COUNT_REMOVED_ACTIVITIES, "borttagna-aktiviteter"),
            (activities.changed, w.COUNT_CHANGED_ONE, w.COUNT_CHANGED,
             w.COUNT_CHANGED_ACTIVITY, w.COUNT_CHANGED_ACTIVITIES, "andrade-aktiviteter")):
        if found:   # the first count names the activities, the others lean on it
            full = _count(len(found), one_full, many_full)
            counts.append((_count(len(found), one, many) if counts else full, full, anchor))
    groups: list[list[tuple[str, str, str]]] = [counts] if counts else []
    if activities.reordered:
        groups.append([(w.ACTIVITIES_REORDERED, w.ACTIVITIES_REORDERED, REORDERED_ANCHOR)])
    groups += [[(text, text, anchor)] for text, anchor in structure.summary]
    metadata = compare_metadata(old, new)
    if metadata:
        text = _count(len(metadata), w.METADATA_CHANGED_ONE, w.METADATA_CHANGED)
        groups.append([(text, text, METADATA_ANCHOR)])
    sections: list[m.Section] = []
    if not groups:
        summary.append(_para(loc, m.Text(w.NO_CHANGES.format(new=meta.full_title, old=old_shown))))
    else:
        summary.append(_para(loc, *_summary_line(groups)))
    sections.append(m.Section(tuple(summary), "sammanfattning"))
    if activities.added or activities.removed or activities.changed or activities.reordered:
        sections.append(activity_section(old, new, activities))
    if structure.lines or structure.renumbered:
        sections.append(structure_section(structure, loc))
    if structure.text:
        sections.append(text_section(structure, parts(new_doc), loc))
    if metadata:
        sections.append(metadata_section(metadata, loc))
    return report_document(
        meta, title, w.COMPARE_CATEGORY,
        file_stem=f"{plan_file_stem(meta.full_title)}-{w.COMPARE_FILE}-{file_part}",
        description=f"{title} {meta.year} {w.COMPARED_WITH.lower()} {old_shown}",
        created=new_doc.created, day=document_day(meta),
        rows=[(w.COMPARED_PLAN, w.PLAN_STATUS_VALUE.format(plan=meta.full_title,
                                                           status=meta.status.value)),
              (w.COMPARED_WITH, old_shown)],
        plan_labels=(w.VERSION, w.REGISTRATION_NUMBER), version=meta.version,
        sections=sections, name_hyphenation=name_hyphenation)


# ---- the plan with tracked changes --------------------------------------------------

def tracked_document(old: m.Plan, new: m.Plan, file_part: str,
                     name_hyphenation: tuple[str, ...] = (),
                     when: dt.datetime | None = None) -> m.Document:
    """The new plan's Document in which every change since `old` is an insertion or a
    deletion by the plan's organisation (model.Revision, which also holds both plans'
    own documents for the title page and contents): accepting all gives the new plan,
    rejecting all the old one, from the title page to the activity list."""
    old_doc = plan_document(old, name_hyphenation)
    new_doc = plan_document(new, name_hyphenation)
    old_sections = list(old_doc.sections)
    new_sections = list(new_doc.sections)
    key = lambda s: (s.kind, block_text(s.blocks[0]))  # noqa: E731
    text = lambda s: " ".join(block_text(b) for b in s.blocks)  # noqa: E731
    pairs = align([f"{key(s)}" for s in old_sections], [f"{key(s)}" for s in new_sections])
    # headings that differ but whose chapters are alike are paired by their text
    sections: list[m.Section] = []
    pending_old: list[int] = []
    for i, j in pairs:
        if j is None:
            pending_old.append(i)  # type: ignore[arg-type]
            continue
        later: list[int] = []   # removed after the one paired by text: they follow it
        if i is None and pending_old:
            best = max(pending_old, key=lambda k: ratio(text(old_sections[k]), text(new_sections[j])))
            if ratio(text(old_sections[best]), text(new_sections[j])) >= SECTION_RATIO:
                later = pending_old[pending_old.index(best) + 1:]
                pending_old = pending_old[:pending_old.index(best)]
                i = best
        for k in pending_old:
            sections.append(_removed_section(old_sections[k]))
        pending_old = later
        if i is None:
            sections.append(replace(new_sections[j], blocks=tuple(
                _mark_inserted(b) for b in new_sections[j].blocks)))
        else:
            sections.append(replace(new_sections[j], blocks=merge_blocks(
                old_sections[i].blocks, new_sections[j].blocks)))
    for k in pending_old:
        sections.append(_removed_section(old_sections[k]))
    created = when or new_doc.created or dt.datetime(new.meta.year, 1, 1)
    stem = f"{new_doc.file_stem}-{w.TRACKED_FILE}-{file_part}"
    return replace(new_doc, file_stem=stem,
                   sections=_numbered_notes(_renumber_tables(tuple(sections))),
                   revision=m.Revision(new.meta.organisation or "Hälsingerådet", created,
                                       old_doc, new_doc))


def _mark_inserted(block: m.Block) -> m.Block:
    from .diff import mark_all
    return mark_all(block, inserted)


def _removed_section(section: m.Section) -> m.Section:
    from .diff import _removed
    return replace(section, blocks=tuple(_removed(b) for b in section.blocks))


def _renumber_tables(sections: tuple[m.Section, ...]) -> tuple[m.Section, ...]:
    """Tables and captioned figures numbered as the new version counts them, one that is
    numbered in the old version only (deleted, or its caption removed) as the old version
    did: the numbers Word shows until it updates the fields (their results in the file),
    so that accepting all gives the new plan's numbers."""
    counts: dict[tuple[type, type], int] = {}
    numbered = []
    for section in sections:
        blocks = []
        for block in section.blocks:
            if isinstance(block, (m.Table, m.Image)):
                sides = [gone for gone in (m.Deleted, m.Inserted) if _numbered_without(block, gone)]
                for gone in sides:
                    counts[type(block), gone] = counts.get((type(block), gone), 0) + 1
                if sides:   # the new version's count where it has one
                    block = replace(block, number=counts[type(block), sides[0]])
            blocks.append(block)
        numbered.append(replace(section, blocks=tuple(blocks)))
    return tuple(numbered)


def _numbered_without(block: m.Table | m.Image, gone: type) -> bool:
    """Whether a table or figure of the tracked document is numbered on the side without
    `gone` (m.Deleted: the new version, m.Inserted: the old): a table unless all of it is
    `gone`, a figure where its caption has words there."""
    if isinstance(block, m.Image):
        if not block.tracked_caption:
            return bool(block.caption)
        kept = tuple(n for n in block.tracked_caption if not isinstance(n, gone))
        return bool(m.plain_text(kept).strip())
    marks = [*block.tracked_caption, *(n for label in block.tracked_labels for n in label)]
    return not (marks and all(isinstance(n, gone) for n in marks))
