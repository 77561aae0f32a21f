"""The official document block, status marking and metadata date of a plan."""

from __future__ import annotations

import datetime as dt
import os

from .. import words as w
from ..model import PlanMeta, PlanStatus

# SOURCE_DATE_EPOCH beyond this (the year 9999) cannot be a date in any format's metadata.
_LAST_EPOCH = 253402300799


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH as a number of seconds, None when it is unset or empty; ValueError
    (with a Swedish message) when it is not ASCII digits or lies beyond the year 9999.
    commands/build.py checks it before anything is built."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    if not (epoch.isascii() and epoch.isdigit()) or len(epoch) > 12 or int(epoch) > _LAST_EPOCH:
        shown = epoch if len(epoch) <= 30 else epoch[:30] + "…"
        raise ValueError(f"miljövariabeln SOURCE_DATE_EPOCH ska vara ett antal sekunder sedan "
                         f"1970-01-01 (siffror 0–9, högst {_LAST_EPOCH}), inte '{shown}'")
    return int(epoch)


def document_datetime(meta: PlanMeta) -> dt.datetime | None:
    """The date every format's metadata carries: the plan's `datum`, else SOURCE_DATE_EPOCH,
    else none (an unknown date is left out rather than invented); never the build time.
    Naive UTC."""
    if meta.date is not None:
        return dt.datetime(meta.date.year, meta.date.month, meta.date.day)
    epoch = source_date_epoch()
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, tz=dt.timezone.utc).replace(tzinfo=None)
    return None


def page_label(page: int | str, pages: int | str) -> str:
    """Swedish official page numbering: "Sida 3 (12)"."""
    return w.PAGE.format(page=page, pages=pages)


def status_marking(meta: PlanMeta) -> str | None:
    """"UTKAST" or "FÖRSLAG" on every page of a plan not yet approved; None once approved."""
    return None if meta.status is PlanStatus.APPROVED else meta.status.value.upper()


def approval_line(meta: PlanMeta) -> str | None:
    """"Fastställd av Hälsingerådets styrelse 2025-02-14, § 12" for an approved plan."""
    if meta.status is not PlanStatus.APPROVED:
        return None
    parts = [w.APPROVED_BY]
    if meta.decided_by:
        parts.append(f"{w.BY} {meta.decided_by}")
    if meta.decision_date:
        parts.append(meta.decision_date.isoformat())
    line = " ".join(parts)
    return f"{line}, §\u00a0{meta.paragraph}" if meta.paragraph else line


def document_day(meta: PlanMeta) -> dt.date | None:
    """The document's date (`datum`, else SOURCE_DATE_EPOCH): the block, the header, the web page."""
    stamp = document_datetime(meta)
    return stamp.date() if stamp is not None else None


def document_block(meta: PlanMeta, day: dt.date | None) -> tuple[tuple[str, str], ...]:
    """Label/value rows for the title page, in the order of words.py; values that are
    missing are left out, and the decision (date, paragraph) is shown once approved."""
    approved = meta.status is PlanStatus.APPROVED
    rows = [(w.DOCUMENT_TYPE, meta.document_type),
            (w.STATUS, meta.status.value.capitalize()),
            (w.REGISTRATION_NUMBER, meta.registration_number),
            (w.DATE, day.isoformat() if day else None),
            (w.DECIDED_BY, meta.decided_by),
            (w.DECISION_DATE, meta.decision_date.isoformat()
             if approved and meta.decision_date else None),
            (w.PARAGRAPH, f"§\u00a0{meta.paragraph}" if approved and meta.paragraph else None),
            (w.OWNER, meta.owner),
            (w.VALID_FOR, meta.valid_for),
            (w.REPLACES, meta.replaces),
            (w.VERSION, meta.version)]
    return tuple((label, value) for label, value in rows if value)


def running_header(document_type: str, registration_number: str | None,
                   day: dt.date | None) -> str:
    """"Handlingsplan · Dnr HR 2025/14 · 2025-12-01": what every page after the title
    page carries above the title; missing parts are left out."""
    parts = [document_type,
             w.HEADER_REGISTRATION.format(number=registration_number) if registration_number else "",
             day.isoformat() if day else ""]
    return w.HEADER_SEPARATOR.join(part for part in parts if part)


def updated_line(day: dt.date | None) -> str | None:
    """"Senast uppdaterad 1 december 2025" for the web page; None without a date."""
    return w.UPDATED.format(date=w.long_date(day)) if day else None
