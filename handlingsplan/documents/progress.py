"""Where the activities stand on a date: which are late, and the date a build counts from.

An activity is late on a day when the due date that counts (`nytt_slutdatum` if set,
else `slutdatum`) ended before that day and it is neither done nor cancelled; one whose
status says "försenad" is late whatever its date. Ongoing activities have no due date and
are late only when their status says so.
"""

from __future__ import annotations

import datetime as dt

from .. import model as m
from .docblock import document_datetime

FINAL = frozenset({m.Status.DONE, m.Status.CANCELLED})


def as_of_date(meta: m.PlanMeta) -> dt.date | None:
    """The day a plan build counts late activities from: the plan's `datum`, else
    SOURCE_DATE_EPOCH; None (nothing marked late) when neither is set. Never the wall
    clock: the same sources give the same plan whatever day it is built."""
    stamp = document_datetime(meta)
    return stamp.date() if stamp is not None else None


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
