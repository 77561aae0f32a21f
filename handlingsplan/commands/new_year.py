"""`--nytt-ar [ÅR]`: next year's plan started from this one, as a new folder content/<ÅR>/.

The files the plan uses are copied (as the sources stage read them); plan.yaml and the
activity list are edited line by line at the places the YAML node marks give, so the
editors' comments and layout stay as they were:

- plan.yaml: `år` and the year in titel/ämne/nyckelord/gäller_för moved on,
  `status: utkast`, `version: "0.1"`, `ersätter:` naming the previous plan (with its
  diarienummer), beslutsdatum/paragraf/diarienummer/datum emptied;
- the activity list: the year in `rubrik` and `ingress` moved on; activities that are
  `klar` or `inställd` left out (and listed on the terminal); for the rest the status and
  `kommentar` are cleared and `nytt_slutdatum` becomes the `slutdatum`. A due date in the
  old year is left as it is and listed: every build warns at its line until an editor has
  chosen the new date (a date moved by a year would often be the wrong weekday).

Refuses when content/<ÅR>/ exists. The folder is written by outputs.write_folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import model as m
from ..diagnostics import Report, UsageError
from ..documents.progress import FINAL
from ..outputs import write_folder
from ..sources import load_content
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

    def new_line(self, line: int) -> int:
        """Where the line given by its number before the edits is in the edited text."""
        return 1 + sum(0 if text is None else 1 + text.count("\n")
                       for text in self.lines[: line - 1])


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
            for line in range(scalar.loc.line, scalar.last_line + 1):
                lines.set(line, re.sub(rf"\b{old}\b", str(new), lines.get(line)))


def replaced_plan(meta: m.PlanMeta) -> str:
    """What the new plan's `ersätter:` says: "Hälsingerådets handlingsplan 2025", with the
    old plan's diarienummer when it had one."""
    number = f" (dnr {meta.registration_number})" if meta.registration_number else ""
    return meta.full_title + number


def quoted(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _add_after(lines: Lines, line: int, text: str) -> None:
    lines.set(line, f"{lines.get(line)}\n{text}")


def edit_plan(text: str, tree: YMap, meta: m.PlanMeta, new: int) -> str:
    old = meta.year
    lines = Lines.of(text)
    set_key(lines, tree, "år", str(new))
    set_key(lines, tree, "status", m.PlanStatus.DRAFT.value)
    status_line = tree.keys["status"].line
    if "version" in tree.entries:
        set_key(lines, tree, "version", '"0.1"')
    else:
        _add_after(lines, status_line, 'version: "0.1"')
    if "ersätter" in tree.entries:
        set_key(lines, tree, "ersätter", quoted(replaced_plan(meta)))
    else:
        _add_after(lines, status_line, f"ersätter: {quoted(replaced_plan(meta))}")
    for key in CLEARED:
        if key in tree.entries:
            set_key(lines, tree, key, "")
    for key in YEAR_IN_TEXT:
        replace_year(lines, tree.entries.get(key), old, new)
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
                    old: int, new: int, where: str) -> tuple[str, list[m.Activity], list[str]]:
    """The activity list of the new year; the activities left out; notes on due dates at
    their lines in the new file (`where`, its project path)."""
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
    left_out: list[m.Activity] = []
    old_dates: list[tuple[int, str]] = []
    for item, start, end in zip(items, starts, ends):
        activity = by_line[item.loc.line]
        if activity.status in FINAL:
            _delete(lines, start, end)
            left_out.append(activity)
            continue
        if "status" in item.entries:
            set_key(lines, item, "status", "")
        due_node = item.entries.get("slutdatum")
        new_due = item.entries.get("nytt_slutdatum")
        if isinstance(new_due, YScalar) and new_due.value and isinstance(due_node, YScalar):
            set_value(lines, due_node, new_due.value.strip())
        for key in ("nytt_slutdatum", "kommentar"):
            if key in item.keys:
                _delete(lines, item.keys[key].line, _value_end(item, key))
        due = activity.current_due
        if isinstance(due_node, YScalar) and due.end is not None and due.end.year < new:
            written = (new_due.value if isinstance(new_due, YScalar) and new_due.value
                       else due_node.value or "").strip()
            old_dates.append((due_node.loc.line, f"slutdatum {written} ligger före {new}: "
                                                 f"skriv ett nytt slutdatum ({activity.text})"))
    notes = [f"{where}:{lines.new_line(line)}: {note}" for line, note in old_dates]
    return lines.text(), left_out, notes


def _value_end(mapping: YMap, key: str) -> int:
    """The last line of a key and its value."""
    node = mapping.entries.get(key)
    if isinstance(node, YScalar) and node.value is not None:
        return max(node.last_line, mapping.keys[key].line)
    return mapping.keys[key].line


def _delete(lines: Lines, first: int, last: int) -> None:
    for line in range(first, last + 1):
        lines.set(line, None)


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
    trees = Report()
    prefix = project.content_name                      # "content/2025/"
    plan_tree = load_yaml(project, project.content / PLAN_FILE, trees)
    list_name = plan.activities.loc.path.removeprefix(prefix)
    list_tree = load_yaml(project, project.content / list_name, trees)
    assert isinstance(plan_tree, YMap) and isinstance(list_tree, YMap), trees.problems
    files = {key.removeprefix(prefix): data for key, data in project.files().items()
             if key.startswith(prefix)}
    files[PLAN_FILE] = edit_plan(files[PLAN_FILE].decode("utf-8"), plan_tree, plan.meta,
                                 new).encode("utf-8")
    text, left_out, notes = edit_activities(files[list_name].decode("utf-8"), list_tree,
                                            plan.activities.activities, old, new,
                                            f"content/{new}/{list_name}")
    files[list_name] = text.encode("utf-8")
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
