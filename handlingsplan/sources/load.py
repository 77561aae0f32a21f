"""content/<year>/ -> a validated, numbered Plan. Gathers every problem before giving up.

Every file is read through the project's resolver (project.py)."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from .. import model as m
from ..diagnostics import ContentError, Loc, Report, UsageError
from . import schema
from .dates import DateFormatError, due_forms, parse_date, parse_due
from .limits import check_words
from .markdown import parse_chapter
from .numbering import check_references, number_chapters, resolve_goals
from .project import Project
from .years import check_text as check_years, confirmed_year
from .yaml_tree import YList, YMap, YNode, YScalar, load_yaml, read_text, source_lines

PLAN_FILE = "plan.yaml"
PLAN_KEYS = ("titel", "år", "organisation", "ämne", "nyckelord", "status", "beslutande_organ",
             "beslutsdatum", "paragraf", "diarienummer", "version", "datum", "kapitel",
             "aktiviteter", "dokumenttyp", "dokumentansvarig", "gäller_för", "ersätter",
             "markera_försenade")
# Texts the outputs show, checked for last year's year (years.py); not `ersätter`, which
# names the previous plan on purpose.
PLAN_YEAR_TEXTS = ("titel", "ämne", "nyckelord", "dokumenttyp", "gäller_för")
LIST_YEAR_TEXTS = ("rubrik", "ingress")
PLAN_REQUIRED = ("titel", "år", "organisation", "status", "kapitel", "aktiviteter")
LIST_KEYS = ("rubrik", "ingress", "aktiviteter")
ACTIVITY_KEYS = ("id", "aktivitet", "mål", "ansvarig", "slutdatum", "status", "nytt_slutdatum",
                 "kommentar")
_KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
ACTIVITY_REQUIRED = ("aktivitet", "mål", "ansvarig", "slutdatum")


def plan_years(root: Path) -> list[int]:
    """The years that have a folder under content/, oldest first."""
    base = root / "content"
    return sorted(int(p.name) for p in base.glob("[0-9][0-9][0-9][0-9]") if p.is_dir())


def open_project(root: Path, year: int | None) -> Project:
    """The project of the year's plan; without a year, the latest one under content/."""
    base = root / "content"
    years = plan_years(root)
    if year is None:
        if not years:
            raise UsageError(f"det finns ingen årsmapp i {base} "
                             f"(t.ex. content/{dt.date.today().year})")
        year = years[-1]
    if not 1000 <= year <= 9999:
        raise UsageError(f"--year ska vara ett årtal med fyra siffror, t.ex. "
                         f"{dt.date.today().year}, inte {year}")
    folder = base / str(year)
    if not folder.is_dir():
        found = ", ".join(map(str, years)) or "inga"
        raise UsageError(f"det finns ingen plan för {year}: mappen content/{year} saknas "
                         f"(finns: {found})")
    if not (folder / PLAN_FILE).exists() and not (folder / PLAN_FILE).is_symlink():
        raise UsageError(f"content/{year}/{PLAN_FILE} saknas: planens uppgifter måste finnas där")
    return Project(root, year)


def load_plan(project: Project) -> tuple[m.Plan, Report]:
    """Read, check and number the plan; raise ContentError if anything is wrong."""
    year, folder = project.year, project.content
    report = Report()
    plan_path = folder / PLAN_FILE
    node = schema.as_map(load_yaml(project, plan_path, report), report, PLAN_FILE)
    if node is None:
        raise ContentError(report)
    meta = _meta(node, year, project.rel(plan_path), report)
    _stale_years(project, plan_path, [node], PLAN_YEAR_TEXTS, year, report)
    chapters = []
    listed: dict[str, Loc] = {}
    for name, loc in schema.text_list(node, "kapitel", report):
        path = folder / name
        if name in listed:
            report.error(loc, f"kapitlet '{name}' står redan på rad {listed[name].line}: "
                              "ett kapitel kan bara stå en gång i planen")
            continue
        listed[name] = loc
        if "\0" in name or not _inside(path, folder) or path.suffix != ".md":
            report.error(loc, f"kapitlet '{name}' ska vara en .md-fil i {project.content_name}")
            continue
        if not project.present(path):
            report.error(loc, f"kapitelfilen '{name}' finns inte i {project.content_name}")
            continue
        text = read_text(project, path, report, named_at=loc)
        if text is None:
            continue
        chapters.append(parse_chapter(text, path, project, report))
    if not chapters and "kapitel" in node.entries:
        report.error(node.keys["kapitel"], "planen har inga kapitel: lista kapitelfilerna under 'kapitel:'")
    if "kapitel" in node.entries:
        for path in project.names(folder, "*.md"):
            if path.name not in listed:
                report.warning(node.keys["kapitel"], f"kapitelfilen '{path.name}' i "
                                                     f"{project.content_name} står inte under "
                                                     "'kapitel:' och kommer inte med i planen")
    chapters = number_chapters(chapters, report)
    check_references(chapters, report)
    activities = _activity_list(node, project, report)
    if activities is not None:
        activities = resolve_goals(activities, chapters, report)
    if report.errors or activities is None:
        raise ContentError(report)
    return m.Plan(meta, tuple(chapters), activities), report


def _stale_years(project: Project, path: Path, mappings: list[YMap], keys: tuple[str, ...],
                 year: int, report: Report) -> None:
    """Last year's year in the texts of `keys` (years.py), at the line of the file where
    each mention is written (a list's items one by one)."""
    text = read_text(project, path, Report()) or ""
    lines = text.split("\n")
    for mapping in mappings:
        for key in keys:
            value = mapping.entries.get(key)
            scalars = ([value] if isinstance(value, YScalar) else
                       [i for i in value.items if isinstance(i, YScalar)] if isinstance(value, YList)
                       else [])
            for scalar in scalars:
                if scalar.value and not _confirmed(scalar, lines):
                    pieces = source_lines(scalar, lines)
                    check_years(project.rel(path), scalar.loc.line,
                                "\n".join(piece for _, piece in pieces), year, report)


def _confirmed(scalar: YScalar, lines: list[str]) -> bool:
    """A YAML comment "# årtalet stämmer" after the value or on the line just above it."""
    last = min(scalar.last_line, len(lines))
    after = lines[last - 1][scalar.end.column - 1:] if scalar.end and scalar.end.line == last else ""
    above = lines[scalar.loc.line - 2] if scalar.loc.line > 1 else ""
    return ((after.lstrip().startswith("#") and confirmed_year(after))
            or (above.lstrip().startswith("#") and confirmed_year(above)))


def _inside(path: Path, folder: Path) -> bool:
    """Lexically inside folder (the resolver decides where a symlink may lead)."""
    return Path(os.path.normpath(path)).is_relative_to(folder)


def _shown(node: YMap, key: str, report: Report, *, required: bool = True) -> str | None:
    """A text field that the outputs show: no word in it longer than limits.MAX_WORD."""
    value = schema.text(node, key, report, required=required)
    if value is not None:
        check_words(value, node.entries[key].loc, report)
    return value


def _date_field(node: YMap, key: str, example_year: int, report: Report) -> dt.date | None:
    value = schema.scalar(node, key, report)
    if value is None or value.value is None:
        return None
    try:
        return parse_date(value.value, example_year)
    except DateFormatError as exc:
        report.error(value.loc, f"'{key}': {exc}")
        return None


def _meta(node: YMap, year: int, path: str, report: Report) -> m.PlanMeta:
    schema.check_keys(node, PLAN_KEYS, PLAN_REQUIRED, report, PLAN_FILE)
    year_node = schema.scalar(node, "år", report)
    if year_node is not None and year_node.value != str(year):
        report.error(year_node.loc, f"'år' är {year_node.value} men filen ligger i content/{year}/")
    status_node = schema.scalar(node, "status", report)
    status = m.PlanStatus.PROPOSAL
    if status_node is not None:
        allowed = {s.value: s for s in m.PlanStatus}
        if status_node.value in allowed:
            status = allowed[status_node.value]
        else:
            report.error(status_node.loc, f"okänd status '{status_node.value or ''}' "
                                          f"(tillåtna: {', '.join(allowed)})")
    paragraph = _shown(node, "paragraf", report, required=False)
    decision_date = _date_field(node, "beslutsdatum", year, report)
    if status is m.PlanStatus.APPROVED and status_node is not None:
        _check_decision(node.keys["status"], decision_date, paragraph, report)
    keywords = schema.text_list(node, "nyckelord", report)
    for keyword, loc in keywords:
        check_words(keyword, loc, report)
    return m.PlanMeta(
        title=_shown(node, "titel", report) or "",
        year=year,
        organisation=_shown(node, "organisation", report) or "",
        subject=_shown(node, "ämne", report, required=False) or "",
        keywords=tuple(k for k, _ in keywords),
        status=status,
        decided_by=_shown(node, "beslutande_organ", report, required=False) or "",
        decision_date=decision_date,
        paragraph=paragraph.removeprefix("§").strip() if paragraph else None,
        registration_number=_shown(node, "diarienummer", report, required=False),
        version=_shown(node, "version", report, required=False),
        date=_date_field(node, "datum", year, report),
        loc=Loc(path, 1),
        document_type=_shown(node, "dokumenttyp", report, required=False) or "Handlingsplan",
        owner=_shown(node, "dokumentansvarig", report, required=False),
        valid_for=_shown(node, "gäller_för", report, required=False),
        replaces=_shown(node, "ersätter", report, required=False),
        mark_late=_yes_no(node, "markera_försenade", report),
        mark_late_at=(node.entries["markera_försenade"].loc
                      if "markera_försenade" in node.entries else None),
    )


def _check_decision(loc: Loc, decision_date: dt.date | None, paragraph: str | None,
                    report: Report) -> None:
    """A plan marked `fastställd` names its decision: the date and the paragraph."""
    missing = [key for key, value in (("beslutsdatum", decision_date), ("paragraf", paragraph))
               if not value]
    if missing:
        keys = " och ".join(f"'{key}:'" for key in missing)
        report.warning(loc, f"planen är fastställd men saknar {keys}: fyll i beslutet, "
                            f"annars visas det inte i dokumentblocket")


def _yes_no(node: YMap, key: str, report: Report) -> bool:
    """A setting written `ja` or `nej` (YAML's true/false also accepted); absent is no."""
    value = schema.scalar(node, key, report)
    if value is None or value.value is None:
        return False
    word = value.value.strip().lower()
    if word in ("ja", "true"):
        return True
    if word not in ("nej", "false"):
        report.error(value.loc, f"'{key}' ska vara ja eller nej, inte '{value.value}'")
    return False


def _activity_list(plan_node: YMap, project: Project, report: Report) -> m.ActivityList | None:
    name = schema.text(plan_node, "aktiviteter", report)
    if name is None:
        return None
    year, folder = project.year, project.content
    path = folder / name
    if "\0" in name or not _inside(path, folder):
        report.error(plan_node.keys["aktiviteter"], f"'{name}' ska ligga i {project.content_name}")
        return None
    where = project.rel(path)
    node = schema.as_map(load_yaml(project, path, report, plan_node.keys["aktiviteter"]),
                         report, name)
    if node is None:
        return None
    schema.check_keys(node, LIST_KEYS, LIST_KEYS, report, name)
    records = node.entries.get("aktiviteter")
    activities: list[m.Activity] = []
    if records is not None and not isinstance(records, YList):
        report.error(records.loc, "'aktiviteter' ska vara en lista där varje aktivitet börjar med '- '")
    elif records is not None:
        keys: dict[str, Loc] = {}
        for record in records.items:
            activity = _activity(record, year, report)
            if activity is None:
                continue
            activities.append(activity)
            if activity.key and activity.key in keys:
                report.error(activity.loc, f"id '{activity.key}' används redan av aktiviteten "
                                           f"på rad {keys[activity.key].line}: varje id ska "
                                           "vara unikt")
            elif activity.key:
                keys[activity.key] = activity.loc
    _stale_years(project, path, [node], LIST_YEAR_TEXTS, year, report)
    if isinstance(records, YList):
        _stale_years(project, path, [r for r in records.items if isinstance(r, YMap)],
                     ("aktivitet",), year, report)
    return m.ActivityList(
        title=_shown(node, "rubrik", report) or "",
        intro=_shown(node, "ingress", report, required=False) or "",
        activities=tuple(activities),
        loc=Loc(where, 1),
    )


def _activity(record: YNode, year: int, report: Report) -> m.Activity | None:
    entry = schema.as_map(record, report, "en aktivitet")
    if entry is None:
        return None
    schema.check_keys(entry, ACTIVITY_KEYS, ACTIVITY_REQUIRED, report, "aktiviteten")
    goals = tuple(m.GoalRef(key, loc) for key, loc in schema.text_list(entry, "mål", report))
    if "mål" in entry.entries and not goals:
        report.error(entry.entries["mål"].loc, "aktiviteten har inget mål: skriv t.ex. mål: [varumarket]")
    due = _due(entry, "slutdatum", year, report) or m.Due(m.DueKind.ONGOING)
    new_due = None
    if (node := schema.scalar(entry, "nytt_slutdatum", report)) is not None and node.value:
        new_due = _due(entry, "nytt_slutdatum", year, report)
        if new_due and new_due.end and due.end and new_due.end < due.end:
            report.warning(node.loc, f"nytt_slutdatum {node.value.strip()} ligger före "
                                     "slutdatum: ett nytt slutdatum ska vara senare")
    status = m.Status.NONE
    status_node = schema.scalar(entry, "status", report)
    if status_node is not None and status_node.value is not None:
        allowed = {s.value: s for s in m.Status if s.value}
        value = status_node.value.strip().lower()
        if value in allowed:
            status = allowed[value]
        else:
            report.error(status_node.loc, f"okänd status '{status_node.value}' (tillåtna: "
                                          f"{', '.join(allowed)}, eller tomt)")
    key = ""
    if (key_node := schema.scalar(entry, "id", report)) is not None and key_node.value:
        key = key_node.value.strip()
        if not _KEY.fullmatch(key):
            report.error(key_node.loc, f"id '{key}' ska skrivas som en nyckel: små bokstäver "
                                       "a–z, siffror och bindestreck, t.ex. id: vavmassan")
            key = ""
    return m.Activity(
        key=key,
        text=_shown(entry, "aktivitet", report) or "",
        goals=goals,
        responsible=_shown(entry, "ansvarig", report) or "",
        due=due,
        status=status,
        loc=entry.loc,
        comment=schema.text(entry, "kommentar", report, required=False) or "",
        new_due=new_due,
    )


def _due(entry: YMap, key: str, year: int, report: Report) -> m.Due | None:
    """A due date field (`slutdatum`, `nytt_slutdatum`) in one of due_forms(year)."""
    due_node = schema.scalar(entry, key, report)
    if due_node is None:
        return None
    if due_node.value is None:
        report.error(due_node.loc, f"'{key}' är tomt; skriv t.ex. " + ", ".join(due_forms(year)))
        return None
    try:
        due = parse_due(due_node.value, year)
    except DateFormatError as exc:
        report.error(due_node.loc, f"'{key}': {exc}")
        return None
    if key == "slutdatum" and due.start and due.end and (due.end.year < year or due.start.year > year):
        report.warning(due_node.loc, f"slutdatumet {due_node.value} ligger utanför "
                                     f"planens år {year}")
    if key == "nytt_slutdatum" and due.end and due.end.year < year:
        report.warning(due_node.loc, f"nytt_slutdatum {due_node.value} ligger före planens år {year}")
    return due
