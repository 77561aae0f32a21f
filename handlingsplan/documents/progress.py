"""Where the activities stand on a date: which are late, and the date a build counts from.

An activity is late on a day when the due date that counts (`nytt_slutdatum` if set,
else `slutdatum`) ended before that day and it is neither done nor cancelled; one whose
status says "försenad" is late whatever its date. Ongoing activities have no due date and
are late only when their status says so.
"""

from __future__ import annotations

import datetime as dt

from .. import model as m
from ..diagnostics import Report
from .docblock import document_datetime

FINAL = frozenset({m.Status.DONE, m.Status.CANCELLED})


def as_of_date(meta: m.PlanMeta, per: dt.date | None = None) -> dt.date | None:
    """The day the plan marks late activities from, or None: the plan as approved, nothing
    marked. `per` (the build's --per) marks as of that day; otherwise only a plan with
    `markera_försenade: ja` is marked, as of its `datum`, else SOURCE_DATE_EPOCH (None
    when neither is set). Never the wall clock: the same sources give the same plan
    whatever day it is built."""
    if per is not None:
        return per
    if not meta.mark_late:
        return None
    stamp = document_datetime(meta)
    return stamp.date() if stamp is not None else None


def check_marking(meta: m.PlanMeta, per: dt.date | None, report: Report) -> None:
    """`markera_försenade: ja` with no day to count from is a warning at that line."""
    if meta.mark_late and meta.mark_late_at is not None and as_of_date(meta, per) is None:
        report.warning(meta.mark_late_at, "'markera_försenade: ja', men planen har inget datum "
                                          "att räkna från, så inga aktiviteter markeras som "
                                          "försenade: skriv 'datum:' i plan.yaml eller bygg "
                                          "med --per ÅÅÅÅ-MM-DD")


def is_late(activity: m.Activity, day: dt.date) -> bool:
    if activity.status in FINAL:
        return False
    if activity.status is m.Status.DELAYED:
        return True
    end = activity.current_due.end
    return end is not None and end < day


def status_on(activity: m.Activity, day: dt.date) -> m.Status:
    """The status as of the day: a late activity counts as "försenad"."""
    return m.Status.DELAYED if is_late(activity, day) else activity.status


def late_activities(activities: m.ActivityList, day: dt.date) -> list[m.Activity]:
    return [a for a in activities.activities if is_late(a, day)]
