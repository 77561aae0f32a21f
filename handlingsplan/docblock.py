"""The official document block and status marking, shared by every writer."""

from __future__ import annotations

from .model import PlanMeta, PlanStatus


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
