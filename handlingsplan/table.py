"""The activity table as every format shows it: header cells and one row of texts per activity."""

from __future__ import annotations

from .dates import format_due
from .model import Activity, Plan
from .typography import typeset


def header_cells(plan: Plan) -> tuple[str, ...]:
    return (f"Aktivitet {plan.meta.year}", "Mål", "Ansvarig", "Slutdatum", "Status")


def row_cells(activity: Activity, plan: Plan) -> tuple[str, ...]:
    """Activity, goal numbers ("4.2.1, 4.2.2"), responsible, due date, status."""
    return (
        typeset(activity.text),
        ", ".join(ref.number for ref in activity.goals),
        typeset(activity.responsible),
        typeset(format_due(activity.due, plan.meta.year)),
        activity.status.value.capitalize(),
    )
