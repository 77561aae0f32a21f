"""Word-level differences between two versions of inline content and of blocks.

`diff_inlines(old, new)` keeps the inline structure (emphasis, links, footnotes) and marks
what changed with model.Inserted / model.Deleted, deletions before insertions, in reading
order. Words are compared with difflib.SequenceMatcher on tokens (words, spaces and
punctuation) of the typeset text (typography.typeset, which the writers apply to each
piece again: it leaves typeset text as it is); a footnote, a line break or a
cross-reference is one token, and a footnote whose text changed carries its own marks.

`merge_blocks(old, new)` aligns two block sequences (SequenceMatcher on the blocks' text;
inside a replaced run, blocks of the same kind are paired best-first when their text is at
least PAIR_RATIO alike, without crossing) and gives one sequence in which paired blocks
carry word-level marks, new blocks are wholly Inserted and removed ones wholly Deleted, in
the place they had; a table whose number of columns changed, a picture replaced by
another file, and a list switched between bullets and numbers (or with another first
number) are the old one deleted and the new one inserted. The tracked DOCX (compare.tracked_document) is built from it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace

from .. import model as m
from .. import words as w
from .typography import typeset

PAIR_RATIO = 0.5

# a grouped number ("130 000") is one token: it changes as a whole
_TOKEN = re.compile(r"\d{1,3}(?:[ \u00a0]\d{3})+(?!\d)|\s+|\w+(?:[-\u00ad]\w+)*|[^\w\s]")
_WRAPPERS = (m.Emph, m.Strong, m.Link, m.Unbreakable)


def _tokens(nodes: tuple[m.Inline, ...], wrappers: tuple = ()) -> list[tuple[str, tuple, m.Inline | None]]:
    """(comparison key, wrapping nodes, atomic node or None) per token."""
    out: list[tuple[str, tuple, m.Inline | None]] = []
    for node in nodes:
        if isinstance(node, m.Text):    # typeset first: a piece of "130 000" keeps its nbsp
            out += [(t, wrappers, None) for t in _TOKEN.findall(typeset(node.text))]
        elif isinstance(node, _WRAPPERS):
            out += _tokens(node.children, wrappers + (node,))
        elif isinstance(node, (m.Inserted, m.Deleted)):
            out += _tokens(node.children, wrappers)
        elif isinstance(node, m.Footnote):  # one token; its text is compared on its own
            out.append(("\0Footnote", wrappers, node))
        else:   # LineBreak, CrossRef: one token
            key = f"\0{type(node).__name__}:{getattr(node, 'key', '')}"
            out.append((key, wrappers, node))
    return out


def _with_note_changes(old: list[tuple[str, tuple, m.Inline | None]],
                       new: list[tuple[str, tuple, m.Inline | None]]
                       ) -> list[tuple[str, tuple, m.Inline | None]]:
    """The new tokens of an equal run, each footnote whose text changed carrying the
    word-level changes of its text."""
    out = []
    for (_, _, before), (key, wrappers, after) in zip(old, new):
        if (isinstance(before, m.Footnote) and isinstance(after, m.Footnote)
                and note_text(before) != note_text(after)):
            after = replace(after, children=diff_inlines(before.children, after.children))
        out.append((key, wrappers, after))
    return out


def words_of(nodes: tuple[m.Inline, ...]) -> str:
    """Inline content's words, one space between them."""
    return " ".join(m.plain_text(nodes).split())


def note_text(node: m.Footnote) -> str:
    return words_of(node.children)


def compared_text(nodes: tuple[m.Inline, ...]) -> str:
    """Inline content's words with the text of its footnotes, for telling whether two
    versions differ (plain_text leaves the notes out)."""
    return " ".join([m.plain_text(nodes), *(f"[{note_text(n)}]" for n in notes(nodes))])


def notes(nodes: tuple[m.Inline, ...]) -> list[m.Footnote]:
    """The footnotes in inline content, in reading order."""
    found: list[m.Footnote] = []
    for node in nodes:
        if isinstance(node, m.Footnote):
            found.append(node)
        elif hasattr(node, "children"):
            found += notes(node.children)  # type: ignore[attr-defined]
    return found


def _same_wrap(a: m.Inline, b: m.Inline) -> bool:
    return type(a) is type(b) and getattr(a, "href", None) == getattr(b, "href", None)


def _build(tokens: list[tuple[str, tuple, m.Inline | None]]) -> tuple[m.Inline, ...]:
    """Inline nodes from tokens, consecutive tokens under the same wrappers joined."""
    out: list[m.Inline] = []
    i = 0
    while i < len(tokens):
        text, wrappers, atom = tokens[i]
        if not wrappers:
            if atom is not None:
                out.append(atom)
                i += 1
                continue
            j = i
            while j < len(tokens) and not tokens[j][1] and tokens[j][2] is None:
                j += 1
            out.append(m.Text("".join(t[0] for t in tokens[i:j])))
            i = j
            continue
        outer = wrappers[0]
        j = i
        while j < len(tokens) and tokens[j][1] and _same_wrap(tokens[j][1][0], outer):
            j += 1
        inner = [(t, ws[1:], a) for t, ws, a in tokens[i:j]]
        out.append(replace(outer, children=_build(inner)))
        i = j
    return tuple(out)


def inserted(nodes: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
    return (m.Inserted(nodes, w.INSERTED_LABEL),) if nodes else ()


def deleted(nodes: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
    return (m.Deleted(nodes, w.DELETED_LABEL),) if nodes else ()


def diff_inlines(old: tuple[m.Inline, ...], new: tuple[m.Inline, ...],
                 side: str = "both") -> tuple[m.Inline, ...]:
    """The new inlines with the words removed since `old` (Deleted) and the words added
    (Inserted); side="old" gives only the old text with its deletions, "new" only the new
    text with its insertions."""
    a, b = _tokens(old), _tokens(new)
    matcher = difflib.SequenceMatcher(None, [t[0] for t in a], [t[0] for t in b],
                                      autojunk=False)
    out: list[m.Inline] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += _build(_with_note_changes(a[i1:i2], b[j1:j2]) if side == "both"
                          else b[j1:j2] if side == "new" else a[i1:i2])
            continue
        if side != "new" and i2 > i1:
            out += deleted(_build(a[i1:i2]))
        if side != "old" and j2 > j1:
            out += inserted(_build(b[j1:j2]))
    return tuple(out)


def has_marks(nodes: tuple[m.Inline, ...]) -> bool:
    return any(isinstance(n, (m.Inserted, m.Deleted)) for n in nodes)


def ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


# ---- blocks -------------------------------------------------------------------------

def block_text(block: m.Block) -> str:
    """A block's words, for comparing (every row and item in order)."""
    if isinstance(block, (m.Heading, m.Paragraph, m.GoalStatement)):
        text = compared_text(block.inlines)
    elif isinstance(block, m.BulletList):
        text = " • ".join(" ".join(block_text(b) for b in item.blocks) for item in block.items)
    elif isinstance(block, m.BlockQuote):
        text = " ".join(block_text(b) for b in block.blocks)
    elif isinstance(block, m.DefinitionList):
        text = " ".join(compared_text(d.term) + ": " + compared_text(d.body) for d in block.items)
    elif isinstance(block, m.Table):
        text = " | ".join(" ".join(compared_text(c) for c in row) for row in block.rows)
    elif isinstance(block, m.Image):
        text = f"{block.alt} {block.caption}"
    elif isinstance(block, m.BarChart):
        text = block.description
    else:
        text = ""
    return " ".join(text.split())


def goal_label(block: m.GoalStatement) -> str:
    """"Delmål 4.2.1" as the writers show it."""
    return f"{block.label}\u00a0{block.number}" if block.number else block.label


def mark_all(block: m.Block, wrap) -> m.Block:  # type: ignore[no-untyped-def]
    """The block with every run of inline content wrapped (inserted or deleted)."""
    if isinstance(block, m.GoalStatement):
        return replace(block, inlines=wrap(block.inlines),
                       tracked_label=wrap((m.Text(goal_label(block)),)))
    if isinstance(block, (m.Heading, m.Paragraph)):
        return replace(block, inlines=wrap(block.inlines))
    if isinstance(block, m.BulletList):
        return replace(block, items=tuple(replace(i, blocks=tuple(mark_all(b, wrap) for b in i.blocks))
                                          for i in block.items))
    if isinstance(block, m.BlockQuote):
        return replace(block, blocks=tuple(mark_all(b, wrap) for b in block.blocks))
    if isinstance(block, m.DefinitionList):
        return replace(block, items=tuple(replace(d, term=wrap(d.term), body=wrap(d.body))
                                          for d in block.items))
    if isinstance(block, m.Image):
        marked = wrap((m.Text(block.alt),))[0]
        return replace(block, revision="ins" if isinstance(marked, m.Inserted) else "del",
                       tracked_caption=wrap((m.Text(block.caption),)) if block.caption else ())
    if isinstance(block, m.Table):
        return replace(block, rows=tuple(tuple(wrap(c) for c in row) for row in block.rows),
                       tracked_caption=wrap((m.Text(block.caption),)),
                       tracked_labels=tuple(wrap((m.Text(c.label),)) for c in block.columns))
    return block


def align(old: list[str], new: list[str], kinds_old: list[type] | None = None,
          kinds_new: list[type] | None = None) -> list[tuple[int | None, int | None]]:
    """Pairs (old index, new index) in reading order: equal and paired items together,
    an item only in one version with None on the other side."""
    kinds_old = kinds_old or [str] * len(old)
    kinds_new = kinds_new or [str] * len(new)
    # equal means the same kind and text: a paragraph is never "unchanged" as a list item
    matcher = difflib.SequenceMatcher(None, list(zip(kinds_old, old)), list(zip(kinds_new, new)),
                                      autojunk=False)
    out: list[tuple[int | None, int | None]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += [(i1 + k, j1 + k) for k in range(i2 - i1)]
            continue
        candidates = sorted(((ratio(old[i], new[j]), i, j) for i in range(i1, i2)
                             for j in range(j1, j2) if kinds_old[i] is kinds_new[j]),
                            reverse=True)
        pairs: list[tuple[int, int]] = []
        for score, i, j in candidates:
            if score < PAIR_RATIO:
                break
            if any(i == p or j == q or (i < p) != (j < q) for p, q in pairs):
                continue
            pairs.append((i, j))
        pairs.sort()
        i, j = i1, j1
        for p, q in pairs + [(i2, j2)]:
            out += [(k, None) for k in range(i, p)]
            out += [(None, k) for k in range(j, q)]
            if p < i2:
                out.append((p, q))
            i, j = p + 1, q + 1
    return out


def merge_blocks(old: tuple[m.Block, ...], new: tuple[m.Block, ...]) -> tuple[m.Block, ...]:
    """One block sequence carrying the changes from `old` to `new` (see the module doc)."""
    out: list[m.Block] = []
    for i, j in align([block_text(b) for b in old], [block_text(b) for b in new],
                      [type(b) for b in old], [type(b) for b in new]):
        if j is None:
            out.append(_removed(old[i]))
        elif i is None:
            out.append(mark_all(new[j], inserted))
        elif (isinstance(old[i], m.Image) and isinstance(new[j], m.Image)
              and (picture_name(old[i].src) != picture_name(new[j].src)
                   or old[i].digest != new[j].digest)):
            out += [_removed(old[i]), mark_all(new[j], inserted)]   # another picture
        elif (isinstance(old[i], m.Table) and isinstance(new[j], m.Table)
              and len(old[i].columns) != len(new[j].columns)):
            # a column added or removed: Word tracks rows, not columns, so the old table
            # is deleted and the new one inserted
            out += [_removed(old[i]), mark_all(new[j], inserted)]
        elif (isinstance(old[i], m.BulletList) and isinstance(new[j], m.BulletList)
              and _numbering(old[i]) != _numbering(new[j])):
            # bullets and numbers swapped, or another first number: the item marks are
            # no text that Word tracks, so the old list is deleted and the new one inserted
            out += [_removed(old[i]), mark_all(new[j], inserted)]
        else:
            merged, before = merge_block(old[i], new[j]), old[i]
            if (isinstance(merged, m.Heading) and isinstance(before, m.Heading)
                    and (before.number is None) != (merged.number is None)):
                # a heading's number added or removed: a change of its paragraph's
                # properties (deleted and inserted alike, LibreOffice takes it for a move)
                merged = replace(merged, was_numbered=before.number is not None)
            out.append(merged)
    return tuple(out)


def _lead(item: m.ListItem) -> str:
    """A list item's own text (its first block), by which items are aligned: an item that
    gets or loses nested items is the same item, its nested list inserted or deleted (by
    the whole item's text, a long new nested item made it the old item deleted and the new
    one inserted, and LibreOffice put the nested item at the first level on rejecting)."""
    return block_text(item.blocks[0]) if item.blocks else ""


def _numbering(block: m.BulletList) -> tuple[bool, int]:
    """What a list's item marks show: bullets, or numbers from its first number."""
    return (block.ordered, block.start if block.ordered else 1)


def _removed(block: m.Block) -> m.Block:
    block = mark_all(block, deleted)
    if isinstance(block, m.Heading) and block.anchor:
        block = replace(block, anchor=f"borttaget-{block.anchor}", key=None)
    if isinstance(block, (m.Table, m.Image)) and (block.anchor or block.key):
        block = replace(block, anchor=f"borttaget-{block.anchor or block.key}", key=None)
    return block


def picture_name(src: str) -> str:
    """A picture's file name without its version's folder ("karta.png" for
    content/2025/karta.png and for 3f2a1c9:content/2026/karta.png)."""
    return src.rsplit("/", 1)[-1]


def _table_head(old: m.Table, new: m.Table) -> dict[str, object]:
    """The tracked caption and labels of a table whose caption or labels changed."""
    labels = [(a.label, b.label) for a, b in zip(old.columns, new.columns)]
    if old.caption == new.caption and all(a == b for a, b in labels):
        return {}
    return {"tracked_caption": diff_inlines((m.Text(old.caption),), (m.Text(new.caption),)),
            "tracked_labels": tuple(diff_inlines((m.Text(a),), (m.Text(b),)) for a, b in labels)}


def merge_block(old: m.Block, new: m.Block) -> m.Block:
    if isinstance(old, m.GoalStatement) and isinstance(new, m.GoalStatement) \
            and goal_label(old) != goal_label(new):
        new = replace(new, tracked_label=diff_inlines((m.Text(goal_label(old)),),
                                                      (m.Text(goal_label(new)),)))
    if isinstance(old, m.Table) and isinstance(new, m.Table) and len(old.columns) == len(new.columns) \
            and block_text(old) == block_text(new):
        return replace(new, **_table_head(old, new))  # type: ignore[arg-type]
    if block_text(old) == block_text(new) or type(old) is not type(new):
        return new
    if isinstance(old, m.Image) and isinstance(new, m.Image):
        # the caption's changes; the alt text is not text of the page (Word cannot track it)
        if old.caption == new.caption:
            return new
        return replace(new, tracked_caption=diff_inlines(
            (m.Text(old.caption),) if old.caption else (),
            (m.Text(new.caption),) if new.caption else ()))
    if isinstance(new, (m.Heading, m.Paragraph, m.GoalStatement)):
        return replace(new, inlines=diff_inlines(old.inlines, new.inlines))  # type: ignore[union-attr]
    if isinstance(new, m.BulletList):
        items = []
        for i, j in align([_lead(it) for it in old.items],  # type: ignore[union-attr]
                          [_lead(it) for it in new.items]):
            if j is None:
                item = old.items[i]  # type: ignore[union-attr]
                items.append(replace(item, blocks=tuple(mark_all(b, deleted) for b in item.blocks)))
            elif i is None:
                item = new.items[j]
                items.append(replace(item, blocks=tuple(mark_all(b, inserted) for b in item.blocks)))
            else:
                items.append(replace(new.items[j], blocks=merge_blocks(old.items[i].blocks,  # type: ignore[union-attr]
                                                                      new.items[j].blocks)))
        return replace(new, items=tuple(items))
    if isinstance(new, m.BlockQuote):
        return replace(new, blocks=merge_blocks(old.blocks, new.blocks))  # type: ignore[union-attr]
    if isinstance(new, m.Table) and len(old.columns) == len(new.columns):  # type: ignore[union-attr]
        rows = []
        text = lambda row: " | ".join(compared_text(c) for c in row)  # noqa: E731
        for i, j in align([text(r) for r in old.rows], [text(r) for r in new.rows]):  # type: ignore[union-attr]
            if j is None:
                rows.append(tuple(deleted(c) for c in old.rows[i]))  # type: ignore[union-attr]
            elif i is None:
                rows.append(tuple(inserted(c) for c in new.rows[j]))
            else:
                rows.append(tuple(diff_inlines(a, b) for a, b in zip(old.rows[i], new.rows[j])))  # type: ignore[union-attr]
        return replace(new, rows=tuple(rows), **_table_head(old, new))  # type: ignore[arg-type]
    if isinstance(new, m.DefinitionList) and len(old.items) == len(new.items):  # type: ignore[union-attr]
        return replace(new, items=tuple(replace(b, term=diff_inlines(a.term, b.term),
                                                body=diff_inlines(a.body, b.body))
                                        for a, b in zip(old.items, new.items)))  # type: ignore[union-attr]
    return new
