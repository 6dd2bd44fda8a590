"""The room's countdown (issue 16): a facilitator starts, extends or stops it; walls and phones show it.

The end time is stored on the workshop (``timer_ends_at``, UTC), so every process, wall and phone
agrees, and a phone without JavaScript sees it on its next load. The timer never closes anything
by itself: only when the facilitator ticked "close submissions when time is up"
(``timer_closes``) does :func:`settle` close the workshop, on the first request (page, poll,
post) after the deadline. Settling twice does nothing more. Like ``operations``, these flush
nothing themselves and raise ``RuleBroken`` with words for the person.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from workshop.extensions import db
from workshop.models import Workshop, WorkshopState, utcnow
from workshop.operations import RuleBroken, change_state

log = logging.getLogger(__name__)

PRESET_MINUTES = (1, 3, 5, 10)
MIN_MINUTES = 1
MAX_MINUTES = 120


def parse_minutes(raw: str | None) -> int:
    """Whole minutes from what was typed, within bounds, or RuleBroken saying what will do."""
    text = (raw or "").strip()
    if not text.isdigit() or not MIN_MINUTES <= int(text) <= MAX_MINUTES:
        raise RuleBroken(f"Type a whole number of minutes from {MIN_MINUTES} to {MAX_MINUTES}.")
    return int(text)


def start(workshop: Workshop, minutes: int, closes: bool, now: datetime | None = None) -> None:
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise RuleBroken(f"A timer runs from {MIN_MINUTES} to {MAX_MINUTES} minutes.")
    if closes and workshop.state != WorkshopState.OPEN:
        raise RuleBroken("Submissions are not open, so the timer cannot close them: open them first.")
    workshop.timer_ends_at = (now or utcnow()) + timedelta(minutes=minutes)
    workshop.timer_closes = closes
    workshop.touch()
    log.info("workshop %s timer %d min%s", workshop.code, minutes, ", closes" if closes else "")


def extend(workshop: Workshop, minutes: int, now: datetime | None = None) -> None:
    """Add minutes to a running timer (or to one that just ended, from now)."""
    if workshop.timer_ends_at is None:
        raise RuleBroken("No timer is running: start one first.")
    moment = now or utcnow()
    base = max(workshop.timer_ends_at, moment)
    if base + timedelta(minutes=minutes) - moment > timedelta(minutes=MAX_MINUTES):
        raise RuleBroken(f"A timer runs for at most {MAX_MINUTES} minutes.")
    workshop.timer_ends_at = base + timedelta(minutes=minutes)
    workshop.touch()


def stop(workshop: Workshop) -> None:
    if workshop.timer_ends_at is None:
        return  # stopped already (a second tap): nothing to do
    workshop.timer_ends_at = None
    workshop.timer_closes = False
    workshop.touch()


def clear_if_up(workshop: Workshop, now: datetime | None = None) -> None:
    """Take away a timer whose time is up (the room moved on: "Time is up" would mislead on the
    next activity). A running timer keeps running across activities; one that was to close
    submissions is settled first."""
    ends = workshop.timer_ends_at
    if ends is None or ends > (now or utcnow()):
        return
    settle(workshop, now)
    workshop.timer_ends_at = None
    workshop.timer_closes = False


def remaining_seconds(workshop: Workshop, now: datetime | None = None) -> int | None:
    """Whole seconds left (0 once time is up), or None with no timer."""
    if workshop.timer_ends_at is None:
        return None
    left = (workshop.timer_ends_at - (now or utcnow())).total_seconds()
    return max(0, int(left + 0.999))


def settle(workshop: Workshop, now: datetime | None = None) -> bool:
    """Close submissions if the facilitator asked for it and time is up; True when it closed them now."""
    ends = workshop.timer_ends_at
    if not workshop.timer_closes or ends is None or ends > (now or utcnow()):
        return False
    workshop.timer_closes = False  # once: a reopened workshop stays open
    if workshop.state == WorkshopState.OPEN:
        change_state(workshop, WorkshopState.CLOSED)
        log.info("workshop %s closed by its timer", workshop.code)
        return True
    workshop.touch()
    return False


def settle_due(workshop: Workshop) -> None:
    """On every lookup of a workshop by code: close it now if its timer was to close it, and save that."""
    if workshop.timer_closes and settle(workshop):
        db.session.commit()


def stamp_of(ends: datetime | None) -> str:
    """What a phone's poll says it shows of the timer: the end time as epoch seconds, or 0."""
    return str(int((ends - datetime(1970, 1, 1)).total_seconds())) if ends else "0"


def stamp(workshop: Workshop) -> str:
    return stamp_of(workshop.timer_ends_at)
