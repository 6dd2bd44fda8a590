"""Dates as people read them in British documents, independent of the server's locale."""

from __future__ import annotations

from datetime import date, timedelta

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(value: date) -> str:
    """``Friday 20 November 2026``: strftime's %A/%B would follow the host's locale."""
    return f"{_DAYS[value.weekday()]} {value.day} {_MONTHS[value.month - 1]} {value.year}"


def review_date(workshop_date: date | None, weeks: int) -> date | None:
    """When a participant reviews their plan: ``weeks`` after the workshop, if both are known."""
    if workshop_date is None or weeks <= 0:
        return None
    return workshop_date + timedelta(weeks=weeks)
