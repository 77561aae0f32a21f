"""`--nytt-ar`: next year's plan started from this one, as a new folder content/<year+1>/.

The files the plan uses are copied (as the sources stage read them); plan.yaml and the
activity list are edited line by line at the places the YAML node marks give, so the
editors' comments and layout stay as they were:

- plan.yaml: `år` and the year in titel/ämne/nyckelord/gäller_för moved on, `status: utkast`,
  `version: "0.1"`, beslutsdatum/paragraf/diarienummer/datum emptied, `ersätter` (where
  given) names this year's plan;
- the activity list: the year in `rubrik` and `ingress` moved on; activities that are
  `klar` or `inställd` left out (and listed on the terminal); for the rest the status is
  emptied, `nytt_slutdatum` becomes the `slutdatum`, a due date that ended before the new
  year moves to the same date in the new year (listed, to be checked), and `kommentar`
  becomes a YAML comment line ("# kommentar 2025: …") that the build does not show.

Refuses when content/<year+1>/ exists. The folder is written by outputs.write_folder.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import model as m
from ..diagnostics import Report, UsageError
from ..documents.progress import FINAL
from ..outputs import write_folder
from ..sources import load_content
from ..sources.dates import DateFormatError, parse_due
from ..sources.load import PLAN_FILE
from ..sources.yaml_tree import YList, YMap, YNode, YScalar, load_yaml
from .common import EXIT_OK, print_report

CLEARED = ("beslutsdatum", "paragraf", "diarienummer", "datum")
YEAR_IN_TEXT = ("titel", "ämne", "nyckelord", "gäller_för")


@dataclass
class Lines:
    """A file's lines, edited in place by 1-based line number; a line set to None is
    deleted when the text is joined."""

    lines: list[str | None]
    trailing_newline: bool = True
    notes: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, text: str) -> "Lines":
        return cls(list(text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")),
                   text.endswith("\n"))

    def get(self, line: int) -> str:
        return self.lines[line - 1] or ""

    def set(self, line: int, text: str | None) -> None:
        self.lines[line - 1] = text

    def text(self) -> str:
        body = "\n".join(line for line in self.lines if line is not None)
        return body + "\n" if self.trailing_newline else body


def set_value(lines: Lines, node: YScalar, value: str) -> None:
    """The scalar written on its own line from its column on ("status: förslag" ->
    "status: utkast"); `value` "" leaves the key empty."""
    line = lines.get(node.loc.line)
    head = line[: node.loc.column - 1].rstrip()
    lines.set(node.loc.line, f"{head} {value}" if value else head)


def set_key(lines: Lines, mapping: YMap, key: str, value: str) -> None:
    node = mapping.entries.get(key)
    if isinstance(node, YScalar) and node.value is not None:
        set_value(lines, node, value)
    elif node is None or (isinstance(node, YScalar) and node.value is None):
        key_line = mapping.keys[key].line if key in mapping.keys else None
        if key_line is not None:               # "key:" with nothing after it
            line = lines.get(key_line).rstrip()
            lines.set(key_line, f"{line} {value}" if value else line)


def replace_year(lines: Lines, node: YNode | None, old: int, new: int) -> None:
    """The plan's year, where a value names it, moved on (on the value's own lines)."""
    scalars = [node] if isinstance(node, YScalar) else (
        [i for i in node.items if isinstance(i, YScalar)] if isinstance(node, YList) else [])
    for scalar in scalars:
        if scalar.value and str(old) in scalar.value:
            line = scalar.loc.line
            lines.set(line, re.sub(rf"\b{old}\b", str(new), lines.get(line)))


def edit_plan(text: str, tree: YMap, old: int, new: int, replaced: str) -> str:
    """plan.yaml of the new year; `replaced` is the full title of this year's plan."""
    lines = Lines.of(text)
    set_key(lines, tree, "år", str(new))
    set_key(lines, tree, "status", m.PlanStatus.DRAFT.value)
    if "version" in tree.entries:
        set_key(lines, tree, "version", '"0.1"')
    else:
        status_line = tree.keys["status"].line
        lines.set(status_line, lines.get(status_line) + '\nversion: "0.1"')
    for key in CLEARED:
        if key in tree.entries:
            set_key(lines, tree, key, "")
    for key in YEAR_IN_TEXT:
        replace_year(lines, tree.entries.get(key), old, new)
    if "ersätter" in tree.entries:   # a YAML double-quoted string (JSON's escapes are YAML's)
        set_key(lines, tree, "ersätter", json.dumps(replaced, ensure_ascii=False))
    return lines.text()


def _comment_start(lines: Lines, line: int) -> int:
    """The first line of the comment lines directly above `line` (or `line`)."""
    while line > 1 and lines.get(line - 1).lstrip().startswith("#"):
        line -= 1
    return line


def _last_content_line(lines: Lines, line: int) -> int:
    while line > 1 and (not lines.get(line).strip() or lines.get(line).lstrip().startswith("#")):
        line -= 1
    return line


def edit_activities(text: str, tree: YMap, activities: tuple[m.Activity, ...],
                    old: int, new: int) -> tuple[str, list[m.Activity], list[str]]:
    """The activity list of the new year; the activities left out; notes on due dates."""
    lines = Lines.of(text)
    for key in ("rubrik", "ingress"):
        replace_year(lines, tree.entries.get(key), old, new)
    records = tree.entries.get("aktiviteter")
    items = [i for i in records.items if isinstance(i, YMap)] if isinstance(records, YList) else []
    by_line = {a.loc.line: a for a in activities}
    after = [loc.line for key, loc in tree.keys.items()
             if records is not None and loc.line > records.loc.line]
    list_end = (_last_content_line(lines, min(after) - 1) if after
                else _last_content_line(lines, len(lines.lines)))
    starts = [_comment_start(lines, item.loc.line) for item in items]
    ends = [start - 1 for start in starts[1:]] + [list_end]
    left_out, notes = [], []
    for item, start, end in zip(items, starts, ends):
        activity = by_line[item.loc.line]
        if activity.status in FINAL:
            for line in range(start, end + 1):
                lines.set(line, None)
            left_out.append(activity)
            continue
        key_lines = sorted((loc.line, key) for key, loc in item.keys.items())
        spans = {key: (line, (key_lines[i + 1][0] - 1) if i + 1 < len(key_lines) else end)
                 for i, (line, key) in enumerate(key_lines)}
        if "status" in item.entries:
            set_key(lines, item, "status", "")
        due_node = item.entries.get("slutdatum")
        new_due = item.entries.get("nytt_slutdatum")
        if isinstance(new_due, YScalar) and new_due.value and isinstance(due_node, YScalar):
            set_value(lines, due_node, new_due.value.strip())
        if "nytt_slutdatum" in spans:
            _delete(lines, *spans["nytt_slutdatum"])
        due = activity.current_due
        if isinstance(due_node, YScalar) and due.end is not None and due.end.year < new:
            written = (new_due.value if isinstance(new_due, YScalar) and new_due.value
                       else due_node.value or "").strip()
            moved = re.sub(rf"\b{due.end.year}\b", str(new), written)
            try:
                parse_due(moved, new)
            except DateFormatError:
                moved = str(new)
            set_value(lines, due_node, moved)
            notes.append(f"{activity.loc}: slutdatum {written} flyttat till {moved}: "
                         f"kontrollera ({activity.text})")
        if "kommentar" in spans:
            first, last = spans["kommentar"]
            indent = lines.get(first)[: len(lines.get(first)) - len(lines.get(first).lstrip())]
            _delete(lines, first, last)
            if activity.comment:
                lines.set(first, f"{indent}# kommentar {old}: {activity.comment}")
    return lines.text(), left_out, notes


def _delete(lines: Lines, first: int, last: int) -> None:
    for line in range(first, last + 1):
        lines.set(line, None)


def run(root: Path, year: int | None, *, strict: bool = False) -> int:
    plan, report, project = load_content(root, year)
    print_report(report)
    old, new = plan.meta.year, plan.meta.year + 1
    target = project.content.parent / str(new)
    if target.exists() or target.is_symlink():
        raise UsageError(f"content/{new} finns redan: ta bort eller byt namn på mappen om "
                         f"nästa års plan ska skapas på nytt från {old}")
    trees = Report()
    prefix = project.content_name                      # "content/2025/"
    plan_tree = load_yaml(project, project.content / PLAN_FILE, trees)
    list_name = plan.activities.loc.path.removeprefix(prefix)
    list_tree = load_yaml(project, project.content / list_name, trees)
    assert isinstance(plan_tree, YMap) and isinstance(list_tree, YMap), trees.problems
    files = {key.removeprefix(prefix): data for key, data in project.files().items()
             if key.startswith(prefix)}
    files[PLAN_FILE] = edit_plan(files[PLAN_FILE].decode("utf-8"), plan_tree, old, new,
                                 plan.meta.full_title).encode("utf-8")
    text, left_out, notes = edit_activities(files[list_name].decode("utf-8"), list_tree,
                                            plan.activities.activities, old, new)
    files[list_name] = text.encode("utf-8")
    write_folder(target, files)
    kept = len(plan.activities.activities) - len(left_out)
    print(f"Skapade content/{new}/ från content/{old}/: {len(files)} filer, status utkast, "
          f"version 0.1, {kept} aktiviteter.")
    if left_out:
        print(f"Utelämnade aktiviteter ({len(left_out)}, klara eller inställda {old}):")
        for activity in left_out:
            print(f"  {activity.loc}: {activity.status.value}: {activity.text}")
    for note in notes:
        print(f"  {note}")
    print(f"Kontrollera planen: python build.py --year {new} --check")
    return EXIT_OK
