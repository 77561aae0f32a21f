"""Dates and due dates: parsing what editors write, and writing them the Swedish way."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from .model import Due, DueKind

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")

DUE_FORMS = ("2025-05-25 (datum)", "2025-09-25/2025-09-27 (period)", "2025-06 (månad)",
             "2025-H1 eller 2025-H2 (halvår)", "2025 (år)", "senast 2025-10 (senast en månad)",
             "löpande")

_DATE = r"(\d{4})-(\d{2})-(\d{2})"


class DateFormatError(ValueError):
    """The text is not a valid date; the message is Swedish and meant for editors."""


def parse_date(text: str) -> dt.date:
    """An ISO date (YYYY-MM-DD) that must exist in the calendar."""
    match = re.fullmatch(_DATE, text.strip())
    if not match:
        raise DateFormatError(f"'{text}' är inte ett datum: skriv ÅÅÅÅ-MM-DD, t.ex. 2025-05-25")
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


def parse_due(text: str) -> Due:
    """A due date in one of DUE_FORMS."""
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
                          + ", ".join(DUE_FORMS))


def long_date(day: dt.date) -> str:
    """"25 maj 2025" (no leading zero, lower-case month)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_due(due: Due, plan_year: int) -> str:
    """The due date as the plan shows it: "25 maj", "25–27 september", "Juni", "Löpande"."""
    if due.kind is DueKind.ONGOING or due.start is None or due.end is None:
        return "Löpande"
    start, end = due.start, due.end
    year = "" if start.year == plan_year else f" {start.year}"
    match due.kind:
        case DueKind.DATE:
            return f"{start.day} {MONTHS[start.month - 1]}{year}"
        case DueKind.RANGE:
            if (start.year, start.month) == (end.year, end.month):
                return f"{start.day}–{end.day} {MONTHS[end.month - 1]}{year}"
            if start.year == end.year:
                return (f"{start.day} {MONTHS[start.month - 1]}–"
                        f"{end.day} {MONTHS[end.month - 1]}{year}")
            return f"{long_date(start)}–{long_date(end)}"
        case DueKind.MONTH:
            return f"{MONTHS[start.month - 1]}{year}".capitalize()
        case DueKind.BY_MONTH:
            return f"Senast {MONTHS[start.month - 1]} {start.year}"
        case DueKind.HALF_YEAR:
            return f"{'Första' if start.month == 1 else 'Andra'} halvåret {start.year}"
        case DueKind.YEAR:
            return str(start.year)
    raise AssertionError(due.kind)
