"""The proper names whose hyphenation the Swedish patterns get wrong (templates/avstavning.txt).

One name per line, hyphens where it may break; '#' starts a comment line. Editors extend
the list; a line that is not one word with letters and hyphens is reported at its line.
"""

from __future__ import annotations

import re

from ..diagnostics import ContentError, Loc, Report
from .project import Project
from .yaml_tree import read_text

NAMES_FILE = "avstavning.txt"
_ENTRY = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")


def load_name_hyphenation(project: Project) -> tuple[str, ...]:
    """The listed names as written ("Häl-singe-rådet"); none when the file is absent."""
    path = project.templates / NAMES_FILE
    if not path.exists() and not path.is_symlink():
        return ()
    report = Report()
    text = read_text(project, path, report)
    names: list[str] = []
    where = project.rel(path)
    for number, line in enumerate((text or "").split("\n"), start=1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if not _ENTRY.fullmatch(entry):
            report.error(Loc(where, number), f"'{entry}' är inget namn med avstavning: skriv "
                                             "ett ord med bindestreck där det får delas, "
                                             "t.ex. Häl-singe-rådet")
            continue
        names.append(entry)
    if report.errors:
        raise ContentError(report)
    return tuple(dict.fromkeys(names))
