"""A calendar file that reminds a participant to look back at their commitment.

A commitment written at a workshop is easily forgotten; a reminder in the participant's own
calendar, weeks later, asks "did you do it, and what difference did it make?" (the start of their
impact story). The file is one RFC 5545 VCALENDAR with one event, written by the ``icalendar``
library, which escapes TEXT values and folds long lines at 75 octets without splitting a UTF-8
character. Pure: no Flask, no database; the text is cleaned here (control characters out, the
summary on one line) before the library writes it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar

from workshop.common.text import clean_text

__all__ = ["PRODID", "review_reminder_ics"]

PRODID = "-//Impact Workshop Kit//Review reminder//EN"


def _text(value: str, *, single_line: bool = False) -> str:
    """Text as calendar apps should show it: cleaned, tabs as spaces (the library escapes it)."""
    return clean_text(value, single_line=single_line).replace("\t", " ")


def _utc(moment: datetime) -> datetime:
    """A UTC DATE-TIME; a naive datetime is taken to be UTC already (as stored timestamps are)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _local_or_utc(moment: datetime) -> datetime:
    """An aware datetime becomes UTC; a naive one stays "floating" (that time wherever you are)."""
    return moment if moment.tzinfo is None else _utc(moment)


def _uri(value: str) -> str:
    """A URI value is not TEXT-escaped, but must stay on one logical line without spaces."""
    return "".join(clean_text(value, single_line=True).split())


def review_reminder_ics(
    *,
    uid: str,
    summary: str,
    description: str,
    url: str | None,
    start: date,
    created: datetime,
    duration: timedelta = timedelta(minutes=30),
    alarm_offset: timedelta | None = None,
    prodid: str = PRODID,
) -> bytes:
    """One-event calendar file (UTF-8, CRLF, folded) reminding someone to review a commitment.

    ``start`` as a ``date`` gives an all-day event that does not block the calendar (TRANSP is
    TRANSPARENT); a ``datetime`` gives a timed event lasting ``duration``. ``created`` becomes the
    DTSTAMP in UTC. ``alarm_offset`` adds a display alarm relative to the start: negative is
    before, and ``timedelta(hours=9)`` on an all-day event rings at nine on the day. ``uid`` should
    be stable for one commitment, so downloading the file twice updates one event instead of
    adding two.
    """
    uid_text = _text(uid, single_line=True)
    if not uid_text:
        raise ValueError("a calendar event needs a non-empty uid")
    summary_text = _text(summary, single_line=True)

    calendar = icalendar.Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", _text(prodid, single_line=True))
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")

    event = icalendar.Event()
    event.add("UID", uid_text)
    event.add("DTSTAMP", _utc(created))
    if isinstance(start, datetime):
        event.add("DTSTART", _local_or_utc(start))
        event.add("DTEND", _local_or_utc(start + duration))
    else:
        event.add("DTSTART", start)
        event.add("DTEND", start + timedelta(days=1))
        event.add("TRANSP", "TRANSPARENT")
    event.add("SUMMARY", summary_text)
    event.add("DESCRIPTION", _text(description))
    if url and _uri(url):
        event.add("URL", icalendar.vUri(_uri(url)))
    if alarm_offset is not None:
        alarm = icalendar.Alarm()
        alarm.add("ACTION", "DISPLAY")
        alarm.add("DESCRIPTION", summary_text or "Reminder")
        alarm.add("TRIGGER", alarm_offset)
        event.add_component(alarm)
    calendar.add_component(event)
    return calendar.to_ical()
