"""Dates and due dates as editors write them, parsed and checked."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ..model import Due, DueKind
from ..words import MONTHS




def due_forms(year: int) -> tuple[str, ...]:
    """The ways to write a due date, with examples in the plan's year."""
    return (f"{year}-05-25 (datum)", f"{year}-09-25/{year}-09-27 (period)", f"{year}-06 (månad)",
            f"{year}-H1 eller {year}-H2 (halvår)", f"{year} (år)",
            f"senast {year}-10 (senast en månad)", "löpande")


_DATE = r"(\d{4})-(\d{2})-(\d{2})"


class DateFormatError(ValueError):
    """The text is not a valid date; the message is Swedish and meant for editors."""


def parse_date(text: str, example_year: int) -> dt.date:
    """An ISO date (YYYY-MM-DD) that must exist in the calendar."""
    match = re.fullmatch(_DATE, text.strip())
    if not match:
        raise DateFormatError(f"'{text}' är inte ett datum: skriv ÅÅÅÅ-MM-DD, "
                              f"t.ex. {example_year}-05-25")
    return _date(*map(int, match.groups()))


def _date(year: int, month: int, day: int) -> dt.date:
    if not 1 <= month <= 12:
        raise DateFormatError(f"månaden {month:02d} finns inte (01–12)")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateFormatError(f"{MONTHS[month - 1]} {year} har inte dag {day} (1–{last})")
    return dt.date(year, month, day)


def _month(year: int, month: int) -> tuple[dt.date, dt.date]:
    start = _date(year, month, 1)
    return start, _date(year, month, calendar.monthrange(year, month)[1])


def parse_due(text: str, year: int) -> Due:
    """A due date in one of due_forms(year)."""
    value = " ".join(text.split()).lower()
    if value == "löpande":
        return Due(DueKind.ONGOING)
    if match := re.fullmatch(_DATE, value):
        day = _date(*map(int, match.groups()))
        return Due(DueKind.DATE, day, day)
    if match := re.fullmatch(_DATE + r"\s*(?:/|–|--)\s*" + _DATE, value):
        numbers = list(map(int, match.groups()))
        start, end = _date(*numbers[:3]), _date(*numbers[3:])
        if end <= start:
            raise DateFormatError("periodens slutdatum måste komma efter startdatumet")
        return Due(DueKind.RANGE, start, end)
    if match := re.fullmatch(r"(\d{4})-(\d{2})", value):
        return Due(DueKind.MONTH, *_month(*map(int, match.groups())))
    if match := re.fullmatch(r"senast (\d{4})-(\d{2})", value):
        return Due(DueKind.BY_MONTH, *_month(*map(int, match.groups())))
    if match := re.fullmatch(r"(\d{4})-h([12])", value):
        year, half = int(match[1]), int(match[2])
        return Due(DueKind.HALF_YEAR, dt.date(year, 6 * half - 5, 1),
                   dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31))
    if re.fullmatch(r"\d{4}", value):
        year = int(value)
        return Due(DueKind.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31))
    raise DateFormatError(f"'{text}' är inget slutdatum som går att förstå; skriv t.ex. "
                          + ", ".join(due_forms(year)))
