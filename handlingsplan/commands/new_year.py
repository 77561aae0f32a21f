"""`--nytt-ar [ÅR]`: next year's plan started from this one, as a new folder content/<ÅR>/.

The files the plan uses are copied (as the sources stage read them); plan.yaml and the
activity list are edited in place, at the character offsets of each value
(yaml_tree.spans), so the editors' comments, layout, line ends (CRLF) and BOM stay as they
were, whether a value is written in block or flow style (`- {aktivitet: …}`):

- plan.yaml: `år` and the year in titel/ämne/nyckelord/gäller_för moved on,
  `status: utkast`, `version: "0.1"`, `ersätter:` naming the previous plan (with its
  diarienummer), beslutsdatum/paragraf/diarienummer/datum emptied;
- the activity list: the year in `rubrik` and `ingress` moved on; activities that are
  `klar` or `inställd` left out (and listed on the terminal); for the rest the status and
  `kommentar` are cleared and `nytt_slutdatum` becomes the `slutdatum` (block style: the
  kommentar and nytt_slutdatum lines go, a comment after them stays; flow style: the
  entries go with a comma); an alias (*namn) whose anchor went or changed is written out
  as the text it repeated, and a list left with no activity is `[]`. A due date in the
  old year is left as it is and listed: every build warns at its line until an editor has
  chosen the new date (a date moved by a year would often be the wrong weekday).

Refuses when content/<ÅR>/ exists. The folder is written by outputs.write_folder.
"""

from __future__ import annotations

import bisect
import itertools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import model as m
from ..diagnostics import UsageError
from ..documents.progress import FINAL
from ..outputs import write_folder
from ..sources import load_content
from ..sources.load import PLAN_FILE
from ..sources.yaml_tree import Span, content_end, spans
from .common import EXIT_OK, print_report

CLEARED = ("beslutsdatum", "paragraf", "diarienummer", "datum")
YEAR_IN_TEXT = ("titel", "ämne", "nyckelord", "gäller_för")
BOM = "\ufeff"
_PLAIN_DUE = re.compile(r"[0-9A-Za-zåäöÅÄÖ][0-9A-Za-zåäöÅÄÖ /–-]*")


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's double-quoted style)."""
    return json.dumps(text, ensure_ascii=False)


@dataclass
class Source:
    """A YAML file as written: its text with LF line ends and no BOM (the offsets of
    yaml_tree.spans), how its line ends and BOM were, and the edits made to it. Edits are
    (start, end, new text) on the text as read, applied together at the end, so that
    every offset keeps meaning what it meant when the file was read."""

    text: str
    crlf: bool = False
    bom: bool = False
    edits: list[tuple[int, int, str]] = field(default_factory=list)
    _order: list[tuple[int, int, str]] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, data: bytes) -> "Source":
        text = data.decode("utf-8")
        bom = text.startswith(BOM)
        text = text.removeprefix(BOM)
        crlf = "\r\n" in text
        return cls(text.replace("\r\n", "\n").replace("\r", "\n"), crlf, bom)

    def replace(self, start: int, end: int, new: str) -> None:
        self.edits.append((start, end, new))

    def edited(self, start: int, end: int) -> bool:
        """Whether an edit covers any of start..end (or inserts inside it). The edits do
        not overlap, so only the last one that starts before `end` can."""
        edits = self._sorted()
        index = bisect.bisect_left(edits, (end, -1, "")) - 1
        if index < 0:
            return False
        a, b, _ = edits[index]
        return (a < end and start < b) or (a == b and start < a < end)

    def _sorted(self) -> list[tuple[int, int, str]]:
        if self._order is None or len(self._order) != len(self.edits):
            self._order = sorted(self.edits, key=lambda e: (e[0], e[1]))
        return self._order

    def result(self) -> str:
        out, position = [], 0
        for start, end, new in sorted(self.edits, key=lambda e: (e[0], e[1])):
            assert start >= position, "overlapping edits"
            out += [self.text[position:start], new]
            position = end
        out.append(self.text[position:])
        return "".join(out)

    def data(self) -> bytes:
        text = self.result()
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return ((BOM if self.bom else "") + text).encode("utf-8")

    def new_lines(self, offsets: list[int]) -> list[int]:
        """The lines, in the edited text, of what was at each offset before the edits."""
        edits = self._sorted()
        ends = [end for _, end, _ in edits]
        shifts = list(itertools.accumulate(
            (new.count("\n") - self.text.count("\n", start, end) for start, end, new in edits),
            initial=0))
        return [self.text.count("\n", 0, offset) + 1 + shifts[bisect.bisect_right(ends, offset)]
                for offset in offsets]

    # positions
    def line_start(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1

    def line_end(self, offset: int) -> int:
        end = self.text.find("\n", offset)
        return len(self.text) if end < 0 else end

    def blank_before(self, offset: int) -> bool:
        return not self.text[self.line_start(offset):offset].strip()

    def rest_of_line(self, offset: int) -> str:
        return self.text[offset:self.line_end(offset)]


def _comment_after(source: Source, offset: int) -> str | None:
    """A comment after `offset` on its line ("  # anteckning"), or None."""
    rest = source.rest_of_line(offset)
    return rest.strip() if rest.strip().startswith("#") else None


def set_value(source: Source, node: Span, value: str, *, flow: bool) -> None:
    """The value `node` written as `value` ("" leaves the key empty); an anchor on it goes
    (aliases to it are written out, see _write_out_aliases), a comment after it stays."""
    if node.kind == "scalar" and node.start == node.end:          # "key:" with no value
        if value:
            source.replace(node.start, node.start, " " + value)
        return
    start, end = node.start, content_end(source.text, node)
    keep = ""
    if node.kind == "scalar" and node.style in ("|", ">"):
        header = source.rest_of_line(node.value_start)
        if (at := header.find(" #")) >= 0:
            keep = "  " + header[at:].strip()
    if not value and not flow:
        while start > 0 and source.text[start - 1] in " \t":
            start -= 1
    source.replace(start, end, value + keep)


def move_year(source: Source, node: Span | None, old: int, new: int) -> None:
    """The plan's year, where a value names it, moved on in the value as written (its
    style, line breaks and comments stay); a list's items one by one."""
    if node is None:
        return
    if node.kind == "list":
        for item in node.items or []:
            move_year(source, item, old, new)
        return
    value = node.target.value if node.kind == "alias" and node.target else node.value
    if node.kind not in ("scalar", "alias") or not value or str(old) not in value:
        return
    if node.kind == "alias":
        source.replace(node.start, node.end, quoted(re.sub(rf"\b{old}\b", str(new), value)))
        return
    written = source.text[node.value_start:node.end]
    moved = re.sub(rf"\b{old}\b", str(new), written)
    if moved != written:
        source.replace(node.value_start, node.end, moved)


def replaced_plan(meta: m.PlanMeta) -> str:
    """What the new plan's `ersätter:` says: "Hälsingerådets handlingsplan 2025", with the
    old plan's diarienummer when it had one."""
    number = f" (dnr {meta.registration_number})" if meta.registration_number else ""
    return meta.full_title + number


def _value(tree: Span, key: str) -> Span | None:
    pair = tree.get(key)
    return pair[1] if pair else None


def edit_plan(source: Source, tree: Span, meta: m.PlanMeta, new: int) -> None:
    old = meta.year
    flow = tree.flow
    for key, value in (("år", str(new)), ("status", m.PlanStatus.DRAFT.value)):
        set_value(source, _value(tree, key), value, flow=flow)   # type: ignore[arg-type]
    added = []
    for key, value in (("version", '"0.1"'), ("ersätter", quoted(replaced_plan(meta)))):
        if (node := _value(tree, key)) is not None:
            set_value(source, node, value, flow=flow)
        else:
            added.append(f"{key}: {value}")
    for key in CLEARED:
        if (node := _value(tree, key)) is not None:
            set_value(source, node, "", flow=flow)
    for key in YEAR_IN_TEXT:
        move_year(source, _value(tree, key), old, new)
    if added:
        status_key, status = tree.get("status")                 # type: ignore[misc]
        at = content_end(source.text, status)
        if flow:
            source.replace(at, at, "".join(f", {line}" for line in added))
        else:
            indent = " " * (status_key.start - source.line_start(status_key.start))
            at = source.line_end(at)
            source.replace(at, at, "".join(f"\n{indent}{line}" for line in added))


def _remove_block_item(source: Source, first: int, start: int, end: int) -> tuple[int, int]:
    """Take out the lines of a block list item whose "- " is at `start` and which ends at
    `end`: from the line of `first` (the comment lines directly above it) to the end of its
    last line, with the comment lines right after it that are indented deeper than its
    "- ". The range taken out."""
    begin = source.line_start(first)
    stop = source.line_end(end)
    column = start - source.line_start(start)
    while stop < len(source.text):
        following = source.text[stop + 1:source.line_end(stop + 1)]
        if not (following.lstrip().startswith("#")
                and len(following) - len(following.lstrip()) > column):
            break
        stop = source.line_end(stop + 1)
    stop = min(stop + 1, len(source.text))
    source.replace(begin, stop, "")
    return begin, stop


def _remove_flow(source: Source, siblings: list[tuple[int, int]],
                 indexes: set[int]) -> list[tuple[int, int]]:
    """Take out the entries or items `indexes` (start, end) of a flow mapping or list: each
    with the comma after it, and when the last one goes, the comma after the last one
    kept; a comment after a taken-out item that began its line goes with it, and so does
    the line when nothing else was on it. The ranges taken out."""
    text = source.text
    kept = [i for i in range(len(siblings)) if i not in indexes]
    out = []
    for index in sorted(indexes):
        start, end = siblings[index]
        stop = text.find(",", end) + 1 if index < len(siblings) - 1 else end
        while stop < len(text) and text[stop] in " \t":
            stop += 1
        begin = start
        if stop < len(text) and text[stop] == "#" and source.blank_before(start):
            stop = source.line_end(stop)
        if source.blank_before(start) and (stop == len(text) or text[stop] == "\n"):
            begin, stop = source.line_start(start), min(stop + 1, len(text))
        source.replace(begin, stop, "")
        out.append((begin, stop))
    if kept and max(indexes) > kept[-1]:          # the comma after the last one kept
        comma = text.find(",", siblings[kept[-1]][1])
        source.replace(comma, comma + 1, "")
    return out


def _comment_start(source: Source, offset: int) -> int:
    """The start of the comment lines directly above the line of `offset` (or `offset`)."""
    first = offset
    line = source.line_start(offset)
    while line > 0:
        above = source.line_start(line - 1)
        if not source.text[above:line - 1].lstrip().startswith("#"):
            break
        first = line = above
    return first


def _dash(source: Source, item: Span) -> int:
    """Where a block list item's "- " is."""
    return source.text.rfind("-", 0, item.start)


def _entry_range(source: Source, key: Span, value: Span) -> tuple[int, int]:
    return key.start, content_end(source.text, value)


def _text(node: Span | None) -> str:
    if node is None:
        return ""
    if node.kind == "alias":
        return (node.target.value if node.target else None) or ""
    return node.value or ""


def edit_activities(source: Source, tree: Span, activities: tuple[m.Activity, ...],
                    old: int, new: int, where: str) -> tuple[list[m.Activity], list[str]]:
    """The activity list of the new year (edits on `source`); the activities left out;
    notes on due dates at their lines in the new file (`where`, its project path)."""
    for key in ("rubrik", "ingress"):
        move_year(source, _value(tree, key), old, new)
    pair = tree.get("aktiviteter")
    records = pair[1] if pair else None
    items = (records.items or []) if records is not None and records.kind == "list" else []
    assert len(items) == len(activities), (len(items), len(activities))
    flow_list = bool(records is not None and records.flow)
    siblings = [(i.start if flow_list else _dash(source, i), i.end) for i in items]
    gone = {i for i, a in enumerate(activities) if a.status in FINAL}
    removed: list[tuple[int, int]] = []
    if flow_list and gone:
        removed += _remove_flow(source, siblings, gone)
    left_out: list[m.Activity] = []
    old_dates: list[tuple[int, str]] = []
    for index, (item, activity) in enumerate(zip(items, activities)):
        if index in gone:
            if not flow_list:
                start, end = siblings[index]
                removed.append(_remove_block_item(source, _comment_start(source, start),
                                                  start, end))
            left_out.append(activity)
            continue
        assert item.kind == "map"
        _clear_item(source, item)
        due, due_node = activity.current_due, _value(item, "slutdatum")
        if due_node is not None and due.end is not None and due.end.year < new:
            written = _text(_value(item, "nytt_slutdatum")) if activity.new_due else ""
            written = " ".join((written or _text(due_node)).split())
            old_dates.append((due_node.start, f"slutdatum {written} ligger före {new}: "
                                              f"skriv ett nytt slutdatum ({activity.text})"))
    if pair and items and len(gone) == len(items) and not flow_list:
        colon = source.text.find(":", pair[0].end)          # "aktiviteter: []", not empty
        source.replace(colon + 1, colon + 1, " []")
    _write_out_aliases(source, tree, removed)
    lines = source.new_lines([offset for offset, _ in old_dates])
    notes = [f"{where}:{line}: {note}" for line, (_, note) in zip(lines, old_dates)]
    return left_out, notes


def _clear_item(source: Source, item: Span) -> None:
    """An activity carried over: no status, no kommentar, nytt_slutdatum as its slutdatum."""
    flow = item.flow
    entries = item.entries or []
    new_due, due = _value(item, "nytt_slutdatum"), _value(item, "slutdatum")
    if due is not None and new_due is not None and _text(new_due).strip():
        written = " ".join(_text(new_due).split())
        set_value(source, due, written if _PLAIN_DUE.fullmatch(written) else quoted(written),
                  flow=flow)
    status = _value(item, "status")
    if status is not None and _text(status).strip():
        set_value(source, status, "", flow=flow)
    cleared = {i for i, (key, _) in enumerate(entries) if key.value in ("kommentar", "nytt_slutdatum")}
    if flow and cleared and len(cleared) < len(entries):
        _remove_flow(source, [_entry_range(source, k, v) for k, v in entries], cleared)
        return
    for index in sorted(cleared):
        key, value = entries[index]
        if not flow and source.blank_before(key.start):
            _remove_keeping_comments(source, key, value)
        else:                                    # "- kommentar: …" opens the item
            set_value(source, value, "", flow=flow)


def _remove_keeping_comments(source: Source, key: Span, value: Span) -> None:
    """A block entry's lines taken out; a comment after its value (or after a block
    scalar's header) stays, on a line of its own."""
    end = content_end(source.text, value)
    comments = [c for c in (_header_comment(source, value), _comment_after(source, end)) if c]
    begin, stop = source.line_start(key.start), min(source.line_end(end) + 1, len(source.text))
    indent = source.text[begin:key.start]
    source.replace(begin, stop, "".join(f"{indent}{c}\n" for c in comments))


def _header_comment(source: Source, value: Span) -> str | None:
    """The comment after a block scalar's "|" or ">", or None."""
    if value.kind == "scalar" and value.style in ("|", ">"):
        header = source.rest_of_line(value.value_start)
        if (at := header.find(" #")) >= 0:
            return header[at:].strip()
    return None


def _write_out_aliases(source: Source, tree: Span, removed: list[tuple[int, int]]) -> None:
    """An alias (*namn) whose anchor was taken out or given another value is written out
    as the text it repeated, so that what was kept reads as before."""
    removed = sorted(removed)

    def taken_out(offset: int) -> bool:
        index = bisect.bisect_right(removed, (offset, len(source.text) + 1)) - 1
        return index >= 0 and removed[index][0] <= offset < removed[index][1]

    written_out = []
    for node in tree.walk():
        if node.kind != "alias" or node.target is None:
            continue
        if taken_out(node.start) or source.edited(node.start, node.end):
            continue
        target = node.target
        if taken_out(target.start) or source.edited(target.start, max(target.end, target.start + 1)):
            written_out.append((node.start, node.end, quoted(target.value or "")))
    for start, end, new in written_out:       # after the checks: they look at the edits
        source.replace(start, end, new)


def run(root: Path, year: int | None, target: int | None) -> int:
    """Start the plan of `target` (else the year after `year`, else after the latest year)
    from the year before it."""
    if target is not None and year is not None and target != year + 1:
        raise UsageError(f"--nytt-ar {target} startar året efter planen: med --year {year} "
                         f"blir det --nytt-ar {year + 1}")
    if target is not None and year is None:
        year = target - 1
        if not (root / "content" / str(year)).is_dir():
            raise UsageError(f"nästa års plan {target} startas från planen för {year}, men "
                             f"content/{year} saknas")
    plan, report, project = load_content(root, year)
    print_report(report)
    old, new = plan.meta.year, plan.meta.year + 1
    target_folder = project.content.parent / str(new)
    if target_folder.exists() or target_folder.is_symlink():
        raise UsageError(f"content/{new} finns redan: ta bort eller byt namn på mappen om "
                         f"nästa års plan ska skapas på nytt från {old}")
    prefix = project.content_name                      # "content/2025/"
    list_name = plan.activities.loc.path.removeprefix(prefix)
    files = {key.removeprefix(prefix): data for key, data in project.files().items()
             if key.startswith(prefix)}
    plan_source, list_source = Source.of(files[PLAN_FILE]), Source.of(files[list_name])
    plan_tree, list_tree = spans(plan_source.text), spans(list_source.text)
    assert plan_tree is not None and list_tree is not None   # load_content read them
    edit_plan(plan_source, plan_tree, plan.meta, new)
    left_out, notes = edit_activities(list_source, list_tree, plan.activities.activities,
                                      old, new, f"content/{new}/{list_name}")
    files[PLAN_FILE], files[list_name] = plan_source.data(), list_source.data()
    write_folder(target_folder, files)
    kept = len(plan.activities.activities) - len(left_out)
    print(f"Skapade content/{new}/ från content/{old}/: {len(files)} filer, status utkast, "
          f"version 0.1, ersätter {replaced_plan(plan.meta)}, {kept} aktiviteter.")
    if left_out:
        print(f"Utelämnade aktiviteter ({len(left_out)}, klara eller inställda {old}):")
        for activity in left_out:
            print(f"  {activity.loc}: {activity.status.value}: {activity.text}")
    if notes:
        print(f"Slutdatum att ändra ({len(notes)}):")
        for note in notes:
            print(f"  {note}")
    print(f"Kontrollera planen: python build.py --year {new} --check (varningarna visar "
          f"årtal och slutdatum från {old} som kan behöva ändras)")
    return EXIT_OK
