"""Dates as people read them in British documents, independent of the server's locale."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(value: date, *, weekday: bool = True) -> str:
    """``Friday 20 November 2026`` (``20 November 2026`` without the weekday), in British English.

    The one date formatter of the kit: strftime's ``%A``/``%B`` follow the host's locale and
    ``%-d`` raises on Windows, so the names are spelled out here.
    """
    text = f"{value.day} {_MONTHS[value.month - 1]} {value.year}"
    return f"{_DAYS[value.weekday()]} {text}" if weekday else text


def clock(value: datetime, today: date | None = None) -> str:
    """A stored (UTC) moment as ``14:05 UTC``, with its day when it is not today: ``20 Nov, 14:05 UTC``.

    The kit keeps no time zone of its own, so the zone is said rather than guessed.
    """
    time = f"{value.hour:02d}:{value.minute:02d} UTC"
    if value.date() == (today or datetime.now(UTC).date()):
        return time
    return f"{value.day} {_MONTHS[value.month - 1][:3]}, {time}"


# The dates a workshop may be held on. Far dates broke the calendar file (9999-12-31 plus eight weeks
# overflows) and every ZIP of plans (ZIP timestamps end in 2107); this century is plenty.
FIRST_WORKSHOP_DATE = date(2000, 1, 1)
LAST_WORKSHOP_DATE = date(2099, 12, 31)
WORKSHOP_DATE_RANGE = "Give a date between 2000 and 2099."


def review_date(held_on: date, weeks: int = 8) -> date:
    """The day to look back at a commitment: ``weeks`` after the workshop, moved off a weekend.

    The personal plan and the calendar reminder both use it, so they name the same day.
    """
    day = held_on + timedelta(weeks=weeks)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day
