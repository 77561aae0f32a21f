"""Dates and due dates as editors write them, parsed and checked."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ..model import Due, DueKind
from ..words import MONTHS

# A year further than this from the plan's year is a typo ("0205", "2520"), not a plan date;
# it also keeps every date inside what datetime and every output format can hold (1–9999).
PLAUSIBLE_YEARS = 50


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
    return _date(*map(int, match.groups()), plan_year=example_year)


def _year(year: int, plan_year: int) -> int:
    if not 1 <= year <= 9999 or abs(year - plan_year) > PLAUSIBLE_YEARS:
        raise DateFormatError(f"året {year:04d} ligger för långt från planens år {plan_year} "
                              f"(högst {PLAUSIBLE_YEARS} år före eller efter): är det ett skrivfel?")
    return year


def _date(year: int, month: int, day: int, *, plan_year: int) -> dt.date:
    year = _year(year, plan_year)
    if not 1 <= month <= 12:
        raise DateFormatError(f"månaden {month:02d} finns inte (01–12)")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateFormatError(f"{MONTHS[month - 1]} {year} har inte dag {day} (1–{last})")
    return dt.date(year, month, day)


def _month(year: int, month: int, *, plan_year: int) -> tuple[dt.date, dt.date]:
    start = _date(year, month, 1, plan_year=plan_year)
    return start, _date(year, month, calendar.monthrange(year, month)[1], plan_year=plan_year)


def parse_due(text: str, year: int) -> Due:
    """A due date in one of due_forms(year)."""
    value = " ".join(text.split()).lower()
    if value == "löpande":
        return Due(DueKind.ONGOING)
    if match := re.fullmatch(_DATE, value):
        day = _date(*map(int, match.groups()), plan_year=year)
        return Due(DueKind.DATE, day, day)
    if match := re.fullmatch(_DATE + r"\s*(?:/|–|--)\s*" + _DATE, value):
        numbers = list(map(int, match.groups()))
        start, end = _date(*numbers[:3], plan_year=year), _date(*numbers[3:], plan_year=year)
        if end <= start:
            raise DateFormatError("periodens slutdatum måste komma efter startdatumet")
        return Due(DueKind.RANGE, start, end)
    if match := re.fullmatch(r"(\d{4})-(\d{2})", value):
        return Due(DueKind.MONTH, *_month(*map(int, match.groups()), plan_year=year))
    if match := re.fullmatch(r"senast (\d{4})-(\d{2})", value):
        return Due(DueKind.BY_MONTH, *_month(*map(int, match.groups()), plan_year=year))
    if match := re.fullmatch(r"(\d{4})-h([12])", value):
        due_year, half = _year(int(match[1]), year), int(match[2])
        return Due(DueKind.HALF_YEAR, dt.date(due_year, 6 * half - 5, 1),
                   dt.date(due_year, 6, 30) if half == 1 else dt.date(due_year, 12, 31))
    if re.fullmatch(r"\d{4}", value):
        due_year = _year(int(value), year)
        return Due(DueKind.YEAR, dt.date(due_year, 1, 1), dt.date(due_year, 12, 31))
    raise DateFormatError(f"'{text}' är inget slutdatum som går att förstå; skriv t.ex. "
                          + ", ".join(due_forms(year)))
