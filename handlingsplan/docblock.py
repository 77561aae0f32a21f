"""The official document block, status marking and metadata date, shared by every writer."""

from __future__ import annotations

import datetime as dt
import os

from .model import PlanMeta, PlanStatus


def document_datetime(meta: PlanMeta) -> dt.datetime | None:
    """The date every format's metadata carries: the plan's `datum`, else SOURCE_DATE_EPOCH,
    else none (an unknown date is left out rather than invented); never the build time.
    Naive UTC."""
    if meta.date is not None:
        return dt.datetime(meta.date.year, meta.date.month, meta.date.day)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).replace(tzinfo=None)
    return None


def page_label(page: int | str, pages: int | str) -> str:
    """Swedish official page numbering: "Sida 3 (12)"."""
    return f"Sida {page} ({pages})"


def status_marking(meta: PlanMeta) -> str | None:
    """"UTKAST" or "FÖRSLAG" on every page of a plan not yet approved; None once approved."""
    return None if meta.status is PlanStatus.APPROVED else meta.status.value.upper()


def approval_line(meta: PlanMeta) -> str | None:
    """"Fastställd av Hälsingerådets styrelse 2025-02-14, § 12" for an approved plan."""
    if meta.status is not PlanStatus.APPROVED:
        return None
    parts = ["Fastställd"]
    if meta.decided_by:
        parts.append(f"av {meta.decided_by}")
    if meta.decision_date:
        parts.append(meta.decision_date.isoformat())
    line = " ".join(parts)
    return f"{line}, §\u00a0{meta.paragraph}" if meta.paragraph else line


def document_block(meta: PlanMeta) -> list[tuple[str, str]]:
    """Label/value rows for the title page; values that are missing are left out."""
    rows = [("Status", meta.status.value.capitalize()),
            ("Beslutande organ", meta.decided_by),
            ("Beslutsdatum", meta.decision_date.isoformat() if meta.decision_date else ""),
            ("Paragraf", f"§\u00a0{meta.paragraph}" if meta.paragraph else ""),
            ("Diarienummer", meta.registration_number or ""),
            ("Version", meta.version or "")]
    return [(label, value) for label, value in rows if value]
