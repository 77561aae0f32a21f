"""The activity list as a Table: one column spec, one row of cells per activity."""

from __future__ import annotations

import datetime as dt
import re

from .. import model as m
from .. import words as w
from ..words import MONTHS, long_date
from .progress import is_late
from .typography import typeset

# A day, or a range of days, with its month: kept on one line ("25–27 september").
_DAY_MONTH = re.compile(r"\d{1,2}(?:\u2060?–\u2060?\d{1,2})?\s\w+")


def columns(year: int) -> tuple[m.Column, ...]:
    """The activity table's columns: the activity names its row; goal numbers, dates and
    the status are short tokens that never hyphenate."""
    label = [text.format(year=year) for text in w.ACTIVITY_COLUMNS]
    return (m.Column("aktivitet", label[0], 36, names_row=True),
            m.Column("mal", label[1], 10, wrap=m.Wrap.KEEP),
            m.Column("ansvarig", label[2], 23),
            m.Column("slutdatum", label[3], 19, wrap=m.Wrap.KEEP),
            m.Column("status", label[4], 12, wrap=m.Wrap.KEEP))


def activity_table(activities: m.ActivityList, year: int, as_of: dt.date | None = None) -> m.Table:
    """The activity list's table; with `as_of`, an activity late on that day is marked
    "Försenad" in its status cell (in words, not by colour)."""
    cols = columns(year)
    names = [c.label.lower() if i else c.label.split()[0].lower() for i, c in enumerate(cols)]
    names[1] = f"{names[1]} ({w.GOAL_NUMBERS})"
    return m.Table(
        columns=cols,
        rows=tuple(_row(a, year, as_of) for a in activities.activities),
        caption=w.ACTIVITY_CAPTION.format(year=year),
        description=w.ACTIVITY_DESCRIPTION.format(year=year, columns=w.join_and(names)),
        anchor="tabell-aktiviteter",
        loc=activities.loc,
    )


def _row(activity: m.Activity, year: int, as_of: dt.date | None = None) -> tuple[m.Cell, ...]:
    """Activity, goal numbers ("4.2.1, 4.2.2", each a link to its goal), responsible,
    due date, status."""
    goals: list[m.Inline] = []
    for index, ref in enumerate(activity.goals):
        if index:
            goals.append(m.Text(" "))
        number = (m.Text(ref.number),)
        token: tuple[m.Inline, ...] = (
            (m.Link(f"#{ref.anchor}", number, goal_link_title(ref)),) if ref.anchor else number)
        if index < len(activity.goals) - 1:   # the comma stays with its number
            token += (m.Text(","),)
        goals.append(m.Unbreakable(token))
    return (
        (m.Text(activity.text),),
        tuple(goals),
        (m.Text(activity.responsible),),
        _due_cell(typeset(format_due(activity.due, year))),
        status_cell(activity, as_of),
    )


def goal_link_title(ref: m.GoalRef) -> str:
    """"Delmål 4.2.1 Varumärket Hälsingland": the goal by number and name (a heading that
    starts with "Delmål" does not say it twice)."""
    name = ref.title.removeprefix(w.GOAL).strip() if ref.title.startswith(w.GOAL + " ") else ref.title
    return " ".join(w.GOAL_LINK.format(number=ref.number, name=name).split())


def marked(value: str) -> tuple[m.Inline, ...]:
    """A status word with its symbol before it ("‣ Pågår"; a no-break space keeps the
    symbol with the first word, "Ej påbörjad" may still wrap)."""
    symbol = w.STATUS_SYMBOLS.get(value.lower())
    word = m.Text(value[:1].upper() + value[1:])
    return (m.Symbol(symbol + "\u00a0"), word) if symbol else (word,)


def status_cell(activity: m.Activity, as_of: dt.date | None) -> m.Cell:
    """"‣ Pågår", or "‣ Pågår" and "! Försenad" on the next line when it is late on `as_of`."""
    status = marked(activity.status.value) if activity.status.value else ()
    if as_of is None or activity.status is m.Status.DELAYED or not is_late(activity, as_of):
        return status
    late = marked(w.LATE)
    return (*status, m.LineBreak(), *late) if status else late


def _due_cell(text: str) -> m.Cell:
    parts: list[m.Inline] = []
    position = 0
    for match in _DAY_MONTH.finditer(text):
        if match.start() > position:
            parts.append(m.Text(text[position:match.start()]))
        parts.append(m.Unbreakable((m.Text(match[0]),)))
        position = match.end()
    if position < len(text):
        parts.append(m.Text(text[position:]))
    return tuple(parts)


def format_due(due: m.Due, plan_year: int) -> str:
    """The due date as the plan shows it: "25 maj", "25–27 september", "Juni", "Löpande"."""
    if due.kind is m.DueKind.ONGOING or due.start is None or due.end is None:
        return w.ONGOING
    start, end = due.start, due.end
    year = "" if start.year == plan_year else f" {start.year}"
    match due.kind:
        case m.DueKind.DATE:
            return f"{start.day} {MONTHS[start.month - 1]}{year}"
        case m.DueKind.RANGE:
            if (start.year, start.month) == (end.year, end.month):
                return f"{start.day}–{end.day} {MONTHS[end.month - 1]}{year}"
            if start.year == end.year:
                return (f"{start.day} {MONTHS[start.month - 1]}–"
                        f"{end.day} {MONTHS[end.month - 1]}{year}")
            return f"{long_date(start)}–{long_date(end)}"
        case m.DueKind.MONTH:
            return f"{MONTHS[start.month - 1]}{year}".capitalize()
        case m.DueKind.BY_MONTH:
            return w.BY_MONTH.format(month=MONTHS[start.month - 1], year=start.year)
        case m.DueKind.HALF_YEAR:
            half = w.FIRST_HALF if start.month == 1 else w.SECOND_HALF
            return half.format(year=start.year)
        case m.DueKind.YEAR:
            return str(start.year)
    raise AssertionError(due.kind)
