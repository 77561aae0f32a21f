"""Inserted and deleted text in the DOCX (model.Inserted, model.Deleted).

Without a revision (the change report) they are underlined and struck-through runs. With
the document's `revision` (the plan with tracked changes) they are real Word revisions:
runs inside w:ins / w:del with w:id, w:author and w:date, deleted text as w:delText; a
paragraph whose every run is inserted (deleted) also has its paragraph mark inserted
(deleted), and a table row its row, so that accepting every change gives exactly the new
text and rejecting every change the old one, in Word and in LibreOffice.

This is the one other module of the DOCX writer that builds raw XML (next to xml.py): the
revision marks wrap what the other modules wrote.
"""

from __future__ import annotations

import copy
import datetime as dt

from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from lxml import etree

from ... import model as m
from . import xml as x

FIRST_ID = 100000     # revision ids apart from the bookmarks' (which count from 1)
DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
SEPARATE = dt.timedelta(minutes=2)   # LibreOffice joins changes dated within a minute
KIND = {qn("w:ins"): "ins", qn("w:del"): "del"}   # a change's element, its kind
OTHER = {"ins": "del", "del": "ins"}


class Revisions:
    def __init__(self, revision: m.Revision | None):
        self.revision = revision
        self.count = FIRST_ID

    def wrap(self, holder: OxmlElement, kind: str) -> list[OxmlElement]:
        """The children of `holder` (runs and hyperlinks) marked as `kind` ("ins"/"del")."""
        out = []
        for child in list(holder):
            out.append(self._mark(child, kind))
        return out

    def _mark(self, child: OxmlElement, kind: str) -> OxmlElement:
        if child.tag == qn("w:hyperlink"):
            for inner in list(child):
                index = list(child).index(inner)
                child.remove(inner)
                child.insert(index, self._mark(inner, kind))
            return child
        if child.tag != qn("w:r"):
            return child
        if self.revision is None:
            r_pr = child.get_or_add_rPr()
            mark = x.underline() if kind == "ins" else x.el("w:strike")
            x.insert_ordered(r_pr, mark, x.RPR_ORDER)
            return child
        if kind == "del":
            for t in child.iter(qn("w:t")):
                t.tag = qn("w:delText")
            for instruction in child.iter(qn("w:instrText")):
                instruction.tag = qn("w:delInstrText")
        change = self.element(kind)
        change.append(child)
        return change

    def mark_runs(self, p: OxmlElement, kind: str) -> None:
        """Every run of paragraph `p` (a caption and its SEQ field) marked as `kind`."""
        for index, child in enumerate(list(p)):
            if child.tag == qn("w:r"):
                p.insert(index, self._mark(child, kind))

    def element(self, kind: str) -> OxmlElement:
        assert self.revision is not None
        self.count += 1
        return x.el(f"w:{kind}", {"w:id": self.count, "w:author": self.revision.author,
                                  "w:date": self.revision.date.strftime(DATE_FORMAT)})

    def numbering_change(self, p: OxmlElement, numbering: OxmlElement) -> None:
        """A heading whose number was added or removed: its old properties, with the old
        `numbering` (w:numPr), as a change of them (w:pPrChange), which rejecting all undoes
        (LibreOffice sets what the old properties name, so the numbering is explicit)."""
        if self.revision is None:
            return
        p_pr = p.get_or_add_pPr()
        old = x.el("w:pPr")
        old.extend(copy.deepcopy(c) for c in _look_of(p_pr) if c.tag != qn("w:numPr"))
        x.insert_ordered(old, numbering, x.PPR_ORDER)
        change = self.element("pPrChange")
        change.append(old)
        p_pr.append(change)

    @staticmethod
    def _mark_paragraph_mark(p: OxmlElement, change: OxmlElement) -> None:
        p_pr = p.get_or_add_pPr()
        r_pr = p_pr.find(qn("w:rPr"))
        if r_pr is None:
            r_pr = x.el("w:rPr")
            after = p_pr.find(qn("w:sectPr"))
            if after is None:
                after = p_pr.find(qn("w:pPrChange"))
            if after is not None:
                after.addprevious(r_pr)
            else:
                p_pr.append(r_pr)
        r_pr.insert(0, change)

    def _join_backwards(self, last: OxmlElement, kind: str) -> None:
        """Paragraphs inserted (deleted) as a whole up to `last`, whose own mark can't go
        with them: `last` comes before a table (a new chapter's heading, text and caption;
        a paragraph can't join a table), carries the title page's section break or ends
        with a footnote's reference (LibreOffice can't remove a footnote's reference and
        the paragraph mark right after it as one change: rejecting all left an empty
        paragraph where a new paragraph with a footnote had been). Marked
        as usual, rejecting (accepting) them in LibreOffice leaves `last` empty. Instead
        the mark of the paragraph before them takes `last`'s place: the run joins
        backwards, and `last`'s mark stays. A paragraph before them changed the other way as
        a whole (a title-page row removed before a new last row, a list replaced before a
        new table) gives `last` its content instead: one paragraph, the old text deleted and
        the new inserted, whose mark is the old paragraph's on one side and `last`'s on the
        other (_keep_look)."""
        own = _paragraph_mark(last)
        first = last
        while (first.getprevious() is not None and first.getprevious().tag == qn("w:p")
               and _is_mark(first.getprevious(), kind) and _all_in(first.getprevious()) == kind):
            first = first.getprevious()
        before = first.getprevious()
        if (before is not None and before.tag == qn("w:p") and not _ends_section(before)
                and _all_in(before) not in ("", kind)):
            if own is not None:
                _drop_mark(last)
            self._keep_look(before, last, kind)
            _merge_into(before, last)
            return
        if (before is None or before.tag != qn("w:p") or _paragraph_mark(before) is not None
                or _ends_section(before)):
            return
        if own is not None:
            own.getparent().remove(own)
        self._mark_paragraph_mark(before, own if own is not None else self.element(kind))
        self._keep_look(before, last, kind)

    def _join_forwards(self, p: OxmlElement, kind: str) -> bool:
        """A whole paragraph `p` that ends with a footnote's reference, right before a whole
        paragraph changed the other way (a short paragraph that lost its footnote is the old
        one deleted and the new one inserted): the two become one (_combine) instead of
        `p`'s mark going back to the paragraph before (_join_backwards), after which the new
        one's mark had nothing to join and rejecting all joined it with the next paragraph.
        False if the next paragraph is not such a one."""
        after, other = p.getnext(), OTHER[kind]
        if (after is None or after.tag != qn("w:p") or _all_in(after) != other
                or not _is_mark(after, other) or not _is_mark(p, kind) or _ends_section(after)):
            return False
        self._combine(p, after, other)
        return True

    def _combine(self, before: OxmlElement, p: OxmlElement, kind: str) -> None:
        """Whole paragraphs `before` and `p` (changed as `kind`), changed opposite ways, as
        one paragraph whose mark is not changed: the old text deleted and the new inserted,
        the properties changing between them (_keep_look)."""
        for q in (before, p):
            _drop_mark(q)
        self._keep_look(before, p, kind)
        _merge_into(before, p)

    def _keep_look(self, before: OxmlElement, last: OxmlElement, kind: str) -> None:
        """`before`'s mark changed instead of `last`'s: in Word the joined paragraph has the
        properties of `last`'s mark, so they change too (w:pPrChange): an insertion keeps
        `last`'s and was `before`'s, a deletion becomes `before`'s and was `last`'s.
        LibreOffice keeps `before`'s paragraph on joining, and rejects the change too."""
        if _look(before) == _look(last):
            return
        p_pr = last.get_or_add_pPr()
        new, old = (p_pr, before.pPr) if kind == "ins" else (before.pPr, p_pr)
        was = [copy.deepcopy(c) for c in _look_of(old)]
        if kind == "del":
            for child in _look_of(p_pr):
                p_pr.remove(child)
            for index, child in enumerate(_look_of(new)):
                p_pr.insert(index, copy.deepcopy(child))
        change = self.element("pPrChange")
        change.append(x.el("w:pPr"))
        change[0].extend(was)
        p_pr.append(change)

    def _apart(self, body: OxmlElement) -> None:
        """LibreOffice joins an insertion (deletion) that ends a paragraph with one that
        starts the next paragraph (same author, dates within a minute) into one change,
        across the paragraph mark between them even when that mark is not changed:
        rejecting (accepting) it then joins the two paragraphs (two contents entries
        after a new section whose page number changed). Such a next paragraph's changes
        are dated SEPARATE later (or back to the document's date), so they stay apart; and
        so are those of the whole paragraphs after it that its change goes on into, so that
        the run stays one change (on its own, its first paragraph was a change that
        LibreOffice took for a move of the same paragraph inserted elsewhere)."""
        later, dated, kind = False, None, ""
        stamp = (self.revision.date + SEPARATE).strftime(DATE_FORMAT)
        for p in body.iter(qn("w:p")):
            before = p.getprevious()
            if kind and before is dated and _all_in(p) == kind and _is_mark(p, kind):
                self._date(p, stamp)
                dated = p
                continue
            touching = (before is not None and before.tag == qn("w:p")
                        and _paragraph_mark(before) is None
                        and _edge(before, -1) != "" and _edge(before, -1) == _edge(p, 0))
            later = touching and not later
            kind = ""
            if later:
                self._date(p, stamp)
                whole = _all_in(p)
                dated, kind = p, whole if whole and _is_mark(p, whole) else ""

    @staticmethod
    def _date(p: OxmlElement, stamp: str) -> None:
        for change in p.iter(qn("w:ins"), qn("w:del")):
            change.set(qn("w:date"), stamp)

    def mark_whole(self, body: OxmlElement) -> None:
        """Paragraph marks and table rows whose runs are all inserted or all deleted."""
        if self.revision is None:
            return
        for table in list(body.iterchildren(qn("w:tbl"))):
            _one_caption(table)
        for p in body.iter(qn("w:p")):
            kind = _all_in(p)
            if not kind:
                continue
            if _ends_section(p):   # keeps its mark (the section break with it)
                self._join_backwards(p, kind)
            else:
                self._mark_paragraph_mark(p, self.element(kind))
        for table in body.iterchildren(qn("w:tbl")):
            last, kind = table.getprevious(), _all_in(table)
            if kind and last is not None and last.tag == qn("w:p") and _all_in(last) == kind:
                self._join_backwards(last, kind)
        for tr in body.iter(qn("w:tr")):
            kind = _all_in(tr)
            if kind:
                tr_pr = tr.find(qn("w:trPr"))
                if tr_pr is None:
                    tr_pr = x.el("w:trPr")
                    prex = tr.find(qn("w:tblPrEx"))
                    if prex is not None:
                        prex.addnext(tr_pr)
                    else:
                        tr.insert(0, tr_pr)
                tr_pr.append(self.element(kind))
        for run in _runs(body):     # the paragraphs up to each one ending with a footnote
            for p in run:
                kind = _all_in(p)     # "" for one that _join_forwards merged into
                if kind and _ends_with_note(p) and not _ends_section(p) and not (
                        self._join_forwards(p, kind)):
                    self._join_backwards(p, kind)
        self._switched(body)
        self._apart(body)
        self._unpaired(body)

    def _switched(self, body: OxmlElement) -> None:
        """A whole paragraph right after a whole paragraph changed the other way (an item of
        a one-item list switched between bullets and numbers, a paragraph moved to right
        after a deleted one) whose text an earlier change of the other kind has too:
        LibreOffice takes the two for a move, no longer joins the later one's text with its
        mark, and _pass_back needs an unchanged mark before it. Or the later one ends a
        field that is in both versions (the contents' last entry, replaced when the
        activity list's heading is renamed), so it can't be removed. The two become one
        paragraph, the old text deleted and the new inserted, whose mark is not changed
        and whose properties change between them (_keep_look), as _join_backwards does.
        Not a nested list item: LibreOffice's reject-all of a w:pPrChange ignores the old
        list level (w:ilvl), and the item came back at the list's first level."""
        earlier: set[tuple[str, str]] = set()
        for p in list(body.iter(qn("w:p"))):
            kind, before = _all_in(p), p.getprevious()
            other = OTHER.get(kind, "")
            if (((other, _text(p).strip()) in earlier or _ends_field(p)) and before is not None
                    and before.tag == qn("w:p") and _all_in(before) == other
                    and _is_mark(before, other) and _is_mark(p, kind)
                    and not _ends_section(before) and not _ends_section(p)
                    and not (_nested(before) or _nested(p))):
                self._combine(before, p, kind)
            if _all_changed(p):
                earlier |= _changes(p)

    def _unpaired(self, body: OxmlElement) -> None:
        """LibreOffice takes a deletion and an insertion of the same author and text for a
        move (SwRedlineTable::isMoved, checked as each change is read) and then no longer joins
        the later one with its last paragraph mark: rejecting (accepting) that mark on its own
        joins the paragraph after the run into the run's last paragraph, which keeps its
        properties (a heading after a list switched from bullets to numbers became a numbered
        item). A run of whole paragraphs that would grow into the text of an earlier change of
        the other kind (of whole paragraphs, or of a pair joined by _switched) starts a new
        change at the paragraph that completes it (dated apart),
        so that every change of the run starts and ends at a paragraph's start and is removed
        as a whole. A first paragraph that has the text on its own gives its mark's change to
        the paragraph before it (_pass_back)."""
        seen: set[tuple[str, str]] = set()
        runs = {run[0]: run for run in _runs(body)}
        inside = {p for run in runs.values() for p in run}
        for p in list(body.iter(qn("w:p"))):
            if p not in inside and _all_changed(p):
                seen |= _changes(p)    # a pair joined by _switched
            if p in runs:
                self._unpaired_run(runs[p], seen)

    def _unpaired_run(self, run: list[OxmlElement], seen: set[tuple[str, str]]) -> None:
        """_unpaired for one run, `seen` the changes before it (and its own, after)."""
        kind = _all_in(run[0])
        other = {text for k, text in seen if k != kind}
        if _text(run[0]).strip() in other and self._pass_back(run[0]):
            seen.add((kind, _text(run[0]).strip()))
            run = run[1:]
            if not run:
                return
        elif _text(run[0]).strip() in other and len(run) == 1:
            self._look_ahead(run[0], kind)
        pieces, texts = [[run[0]]], [_text(run[0])]
        for p in run[1:]:
            grown = f"{texts[-1]}\n{_text(p)}"
            if grown.strip() in other:
                pieces.append([p])
                texts.append(_text(p))
            else:
                pieces[-1].append(p)
                texts[-1] = grown
        for piece in pieces[1::2]:
            for p in piece:
                for change in p.iter(qn("w:ins"), qn("w:del")):
                    date = dt.datetime.strptime(change.get(qn("w:date")), DATE_FORMAT)
                    change.set(qn("w:date"), (date + 2 * SEPARATE).strftime(DATE_FORMAT))
        seen.update((kind, text.strip()) for text in texts if text.strip())

    def _look_ahead(self, p: OxmlElement, kind: str) -> None:
        """A whole paragraph `p` that LibreOffice takes for a move, alone in its run, and
        whose mark's change can't go back (_pass_back: a table before it): rejecting
        (accepting) its mark on its own joins the next paragraph into `p`, which keeps
        `p`'s properties, so on that side `p` has the next paragraph's properties
        (_keep_look; in Word the joined paragraph has the next mark's properties anyway)."""
        after = p.getnext()
        if (after is None or after.tag != qn("w:p") or _ends_section(after)
                or p.pPr is not None and p.pPr.find(qn("w:pPrChange")) is not None):
            return
        self._keep_look(after, p, kind)

    def _pass_back(self, p: OxmlElement) -> bool:
        """The change of `p`'s mark moved to the mark of the paragraph before, whose mark is
        not changed: `p`'s text then goes with the mark before it, one change that ends where
        the text ends (and `p`'s properties with it, _keep_look). False if there is no such
        paragraph, or it ends with a footnote's reference (LibreOffice can't accept or reject
        a mark's change right after one: rejecting all left the paragraph moved there empty)."""
        before, mark = p.getprevious(), _paragraph_mark(p)
        if (before is None or before.tag != qn("w:p") or _paragraph_mark(before) is not None
                or _ends_section(before) or _ends_with_note(before) or mark is None):
            return False
        kind = KIND[mark.tag]
        content = next(c for c in p.iter(qn("w:ins"), qn("w:del")) if c is not mark)
        mark.set(qn("w:date"), content.get(qn("w:date")))
        _drop_mark(p)
        self._mark_paragraph_mark(before, mark)
        self._keep_look(before, p, kind)
        return True


def _runs(body: OxmlElement) -> list[list[OxmlElement]]:
    """Sibling paragraphs inserted (deleted) as a whole, their marks with them."""
    runs: list[list[OxmlElement]] = []
    for p in body.iter(qn("w:p")):
        mark, kind = _paragraph_mark(p), _all_in(p)
        if not kind or mark is None or mark.tag != qn(f"w:{kind}"):
            continue
        before = p.getprevious()
        if runs and before is runs[-1][-1] and _all_in(before) == kind:
            runs[-1].append(p)
        else:
            runs.append([p])
    return runs


def _text(p: OxmlElement) -> str:
    """A paragraph's text as LibreOffice compares it (tabs included)."""
    return "".join("\t" if e.tag == qn("w:tab") else e.text or ""
                   for e in p.iter(qn("w:t"), qn("w:delText"), qn("w:tab")))


def _one_caption(table: OxmlElement) -> None:
    """A table replaced by another (its columns changed: the old one deleted, the new one
    inserted) has the new caption between the two tables, and LibreOffice can't remove
    a paragraph between tables: rejecting all left it empty. The new caption's content
    goes to the end of the old caption's paragraph, and the tables meet."""
    caption, old = table.getprevious(), None
    if caption is not None and caption.tag == qn("w:p"):
        old = caption.getprevious()
    if old is None or old.tag != qn("w:tbl"):
        return
    kind, old_kind = _all_in(table), _all_in(old)
    first = old.getprevious()
    if (not kind or not old_kind or kind == old_kind or _all_in(caption) != kind
            or first is None or first.tag != qn("w:p") or _all_in(first) != old_kind):
        return
    for child in list(caption):
        if child.tag != qn("w:pPr"):
            first.append(child)
    caption.getparent().remove(caption)


def _merge_into(before: OxmlElement, last: OxmlElement) -> None:
    """`before`'s content first in `last`, and `before` (its mark with it) gone."""
    at = 1 if last.pPr is not None else 0
    for child in [c for c in before if c.tag != qn("w:pPr")]:
        last.insert(at, child)
        at += 1
    before.getparent().remove(before)


def _look_of(p_pr: OxmlElement | None) -> list[OxmlElement]:
    """The properties in `p_pr` but the mark's, the section break and their changes."""
    if p_pr is None:
        return []
    return [c for c in p_pr if c.tag not in (qn("w:rPr"), qn("w:sectPr"), qn("w:pPrChange"))]


def _nested(p: OxmlElement) -> bool:
    """Whether `p` is an item of a nested list (list level above 0)."""
    level = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:ilvl')}")
    return level is not None and level.get(qn("w:val")) not in (None, "0")


def _look(p: OxmlElement) -> bytes:
    """A paragraph's properties, comparable (_look_of)."""
    return b"".join(etree.tostring(c) for c in _look_of(p.pPr))


def _ends_section(p: OxmlElement) -> bool:
    return p.pPr is not None and p.pPr.find(qn("w:sectPr")) is not None


def _edge(p: OxmlElement, end: int) -> str:
    """"ins" or "del" when the first (end 0) or last (end -1) run with content in
    paragraph `p` is inserted or deleted, else ""."""
    runs = _content_runs(p)
    if not runs:
        return ""
    return KIND.get(runs[end].getparent().tag, "")


def _paragraph_mark(p: OxmlElement) -> OxmlElement | None:
    """The w:ins / w:del of a paragraph's mark, if it has one."""
    r_pr = p.pPr.find(qn("w:rPr")) if p.pPr is not None else None
    if r_pr is None:
        return None
    return next((c for c in r_pr if c.tag in (qn("w:ins"), qn("w:del"))), None)


def _changes(p: OxmlElement) -> set[tuple[str, str]]:
    """(kind, text) of each sequence of runs of one kind in paragraph `p`, inserted or
    deleted, which LibreOffice reads as one change (unchanged text ends a sequence)."""
    out, kind, text = set(), "", ""
    for run in p.iter(qn("w:r")):
        this = KIND.get(run.getparent().tag, "")
        piece = _text(run)
        if not piece:
            continue
        if this != kind and kind and text.strip():
            out.add((kind, text.strip()))
        text = text + piece if this == kind else piece
        kind = this
    if kind and text.strip():
        out.add((kind, text.strip()))
    return out


def _ends_field(p: OxmlElement) -> bool:
    """Paragraph `p` holds the end of a field, not inserted or deleted."""
    return any(c.get(qn("w:fldCharType")) == "end"
               and c.getparent().getparent().tag not in (qn("w:ins"), qn("w:del"))
               for c in p.iter(qn("w:fldChar")))


def _ends_with_note(p: OxmlElement) -> bool:
    """The last run with content in paragraph `p` is a footnote's reference."""
    runs = _content_runs(p)
    return bool(runs) and runs[-1].find(qn("w:footnoteReference")) is not None


def _content_runs(p: OxmlElement) -> list[OxmlElement]:
    """The runs of paragraph `p` with content (text, a tab, a field, a reference)."""
    return [r for r in p.iter(qn("w:r")) if any(c.tag != qn("w:rPr") for c in r)]


def _all_changed(p: OxmlElement) -> bool:
    """Every run with text in paragraph `p` is inserted or deleted (both kinds may be)."""
    return all(r.getparent().tag in (qn("w:ins"), qn("w:del")) for r in p.iter(qn("w:r"))
               if any(c.tag in (qn("w:t"), qn("w:delText")) for c in r))


def _is_mark(p: OxmlElement, kind: str) -> bool:
    mark = _paragraph_mark(p)
    return mark is not None and mark.tag == qn(f"w:{kind}")


def _drop_mark(p: OxmlElement) -> None:
    """The change of paragraph `p`'s mark taken away (its w:rPr with it when empty)."""
    mark = _paragraph_mark(p)
    r_pr = mark.getparent()
    r_pr.remove(mark)
    if not len(r_pr):
        r_pr.getparent().remove(r_pr)


def _all_in(element: OxmlElement) -> str:
    """"ins" or "del" when every run with text in `element` is inside that kind."""
    kinds = set()
    for r in element.iter(qn("w:r")):
        if not any(c.tag in (qn("w:t"), qn("w:delText"), qn("w:drawing")) for c in r):
            continue
        parent = r.getparent()
        kinds.add(KIND.get(parent.tag, ""))
    return kinds.pop() if len(kinds) == 1 and "" not in kinds else ""
