"""The follow-up report (uppföljning) of a plan as of a day, as a Document.

Built from the same loaded plan as the plan itself, rendered by the same writers:
title page and document block; a summary (activities per status, overall and per goal) as
a table and as a bar chart of the same numbers; the activities that are late on the day;
every activity grouped by goal, with its status and comment.
"""

from __future__ import annotations

import datetime as dt

from .. import model as m
from .. import words as w
from ..diagnostics import Loc, Report
from ..sources.numbering import slug
from ..words import long_date
from .activity_table import format_due, status_cell
from .plan import report_document
from .progress import is_late, late_activities, status_on
from .typography import typeset

# The summary's columns, in the order work moves on; "no status" last.
STATUS_ORDER = (m.Status.NOT_STARTED, m.Status.IN_PROGRESS, m.Status.DELAYED, m.Status.DONE,
                m.Status.CANCELLED, m.Status.NONE)


def status_label(status: m.Status) -> str:
    return status.value.capitalize() if status.value else w.NO_STATUS


def file_stem(meta: m.PlanMeta, day: dt.date) -> str:
    """"halsingeradets-handlingsplan-2025-uppfoljning-2025-06-30"."""
    return f"{slug(meta.full_title)}-{w.FOLLOWUP_FILE}-{day.isoformat()}"


def count_statuses(activities: list[m.Activity] | tuple[m.Activity, ...],
                   day: dt.date) -> dict[m.Status, int]:
    """How many of the activities have each status on the day (a late one counts as
    "försenad"), every status of STATUS_ORDER present."""
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for activity in activities:
        counts[status_on(activity, day)] += 1
    return counts


def goals(plan: m.Plan) -> list[tuple[str, str, str]]:
    """(key, number, "4.2.1 Varumärket Hälsingland") of every goal an activity names, in
    the plan's order."""
    named = {ref.key for a in plan.activities.activities for ref in a.goals}
    found = []
    for heading in plan.headings():
        if heading.key in named:
            text = m.plain_text(heading.inlines)
            found.append((heading.key, heading.number or "",
                          f"{heading.number} {text}" if heading.number else text))
    return found


def check_comments(plan: m.Plan, day: dt.date, report: Report) -> None:
    """A late activity without a `kommentar` is a warning at its line."""
    for activity in late_activities(plan.activities, day):
        if not activity.comment:
            report.warning(activity.loc, f"aktiviteten är försenad per den {long_date(day)} men "
                                         "saknar kommentar: skriv varför under 'kommentar:'")


def followup_document(plan: m.Plan, day: dt.date,
                      name_hyphenation: tuple[str, ...] = ()) -> m.Document:
    meta = plan.meta
    date_text = long_date(day)
    title = w.FOLLOWUP_TITLE.format(title=meta.title)
    sections = [summary_section(plan, day), late_section(plan, day), goal_section(plan, day)]
    return report_document(
        meta, title, w.FOLLOWUP_CATEGORY,
        file_stem=file_stem(meta, day),
        description=f"{title} {meta.year} {w.AS_OF_VALUE.format(date=date_text)}",
        created=dt.datetime(day.year, day.month, day.day), day=day,
        rows=[(w.AS_OF, w.AS_OF_VALUE.format(date=date_text)),
              (w.FOLLOWED_PLAN, w.PLAN_STATUS_VALUE.format(plan=meta.full_title,
                                                           status=meta.status.value))],
        plan_labels=(w.DECISION_DATE, w.PARAGRAPH, w.REGISTRATION_NUMBER), version=None,
        sections=sections, name_hyphenation=name_hyphenation)


def _heading(level: int, text: str, loc: Loc, anchor: str) -> m.Heading:
    return m.Heading(level, (m.Text(text),), loc, numbered=False, anchor=anchor)


def summary_table(plan: m.Plan, day: dt.date) -> m.Table:
    """One row for all activities, then one per goal; a column per status and the total."""
    loc = plan.activities.loc
    date_text = long_date(day)
    cols = [m.Column("mal", w.SUMMARY_GOAL, 30, names_row=True)]
    share = 70 / (len(STATUS_ORDER) + 1)
    cols += [m.Column(f"s{index}", status_label(s), share, align=m.Align.RIGHT, wrap=m.Wrap.KEEP)
             for index, s in enumerate(STATUS_ORDER)]
    cols.append(m.Column("totalt", w.SUMMARY_TOTAL, share, align=m.Align.RIGHT, wrap=m.Wrap.KEEP))
    groups = [(w.SUMMARY_ALL, plan.activities.activities)]
    for key, _, label in goals(plan):
        groups.append((label, tuple(a for a in plan.activities.activities
                                    if key in {ref.key for ref in a.goals})))
    rows = []
    for label, members in groups:
        counts = count_statuses(members, day)
        rows.append(((m.Text(label),), *((m.Text(str(counts[s])),) for s in STATUS_ORDER),
                     (m.Text(str(len(members))),)))
    return m.Table(tuple(cols), tuple(rows), w.SUMMARY_CAPTION.format(date=date_text),
                   w.SUMMARY_DESCRIPTION.format(date=date_text,
                                                columns=w.join_and([c.label.lower() for c in cols])),
                   "tabell-sammanfattning", loc)


def summary_chart(plan: m.Plan, day: dt.date) -> m.BarChart:
    counts = count_statuses(plan.activities.activities, day)
    labels = tuple(status_label(s) for s in STATUS_ORDER)
    values = tuple(counts[s] for s in STATUS_ORDER)
    date_text = long_date(day)
    return m.BarChart(labels, values, w.CHART_CAPTION.format(date=date_text),
                      w.CHART_DESCRIPTION.format(date=date_text, values=w.join_and(
                          [f"{label.lower()} {value}" for label, value in zip(labels, values)])),
                      "diagram-sammanfattning", plan.activities.loc)


def summary_section(plan: m.Plan, day: dt.date) -> m.Section:
    loc = plan.activities.loc
    intro = w.SUMMARY_INTRO.format(date=long_date(day), count=len(plan.activities.activities),
                                   plan=plan.meta.full_title)
    return m.Section((_heading(1, w.SUMMARY, loc, "sammanfattning"),
                      m.Paragraph((m.Text(intro),), loc),
                      summary_table(plan, day), summary_chart(plan, day)), "sammanfattning")


def _columns(labels: tuple[str, ...], widths: tuple[float, ...],
             keep: tuple[int, ...]) -> tuple[m.Column, ...]:
    return tuple(m.Column(slug(label), label, width, names_row=index == 0,
                          wrap=m.Wrap.KEEP if index in keep else m.Wrap.HYPHENATE)
                 for index, (label, width) in enumerate(zip(labels, widths)))


def _due_text(due: m.Due | None, year: int) -> m.Cell:
    return (m.Text(typeset(format_due(due, year))),) if due is not None else ()


def _activity_rows_table(cols: tuple[m.Column, ...], rows: tuple[tuple[m.Cell, ...], ...],
                         caption: str, anchor: str, loc: Loc) -> m.Table:
    """A table of one activity a row, described by its caption and its columns."""
    return m.Table(cols, rows, caption, w.ACTIVITY_ROWS_DESCRIPTION.format(
        caption=caption, columns=w.join_and([c.label.lower() for c in cols])), anchor, loc)


def late_section(plan: m.Plan, day: dt.date) -> m.Section:
    loc, year, date_text = plan.activities.loc, plan.meta.year, long_date(day)
    late = late_activities(plan.activities, day)
    blocks: list[m.Block] = [_heading(1, w.LATE_HEADING, loc, "forsenade")]
    if not late:
        blocks.append(m.Paragraph((m.Text(w.NO_LATE.format(date=date_text)),), loc))
        return m.Section(tuple(blocks), "forsenade")
    blocks.append(m.Paragraph((m.Text(w.LATE_INTRO.format(date=date_text)),), loc))
    cols = _columns(w.LATE_COLUMNS, (23, 26, 15, 15, 21), (2, 3))
    rows = tuple(((m.Text(a.text),), (m.Text(a.responsible),), _due_text(a.due, year),
                  _due_text(a.new_due, year), (m.Text(a.comment),) if a.comment else ())
                 for a in late)
    blocks.append(_activity_rows_table(cols, rows, w.LATE_CAPTION.format(date=date_text),
                                       "tabell-forsenade", loc))
    return m.Section(tuple(blocks), "forsenade")


def goal_section(plan: m.Plan, day: dt.date) -> m.Section:
    loc, year = plan.activities.loc, plan.meta.year
    blocks: list[m.Block] = [_heading(1, w.BY_GOAL_HEADING, loc, "per-mal"),
                             m.Paragraph((m.Text(w.BY_GOAL_INTRO.format(date=long_date(day))),), loc)]
    cols = _columns(w.GOAL_COLUMNS, (40, 17, 15, 28), (1, 2))
    for key, _, label in goals(plan):
        members = [a for a in plan.activities.activities if key in {r.key for r in a.goals}]
        rows = tuple(((m.Text(a.text),), _due_text(a.current_due, year),
                      _status(a, day), (m.Text(a.comment),) if a.comment else ())
                     for a in members)
        anchor = f"mal-{slug(key)}"
        blocks.append(_heading(2, label, loc, anchor))
        blocks.append(_activity_rows_table(cols, rows, w.GOAL_CAPTION.format(goal=label),
                                           f"tabell-{anchor}", loc))
    return m.Section(tuple(blocks), "per-mal")


def _status(activity: m.Activity, day: dt.date) -> m.Cell:
    cell = status_cell(activity, day)
    return cell if cell or not is_late(activity, day) else (m.Text(w.LATE),)

