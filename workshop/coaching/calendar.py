"""A calendar file that reminds a participant to look back at their commitment.

A commitment written at a workshop is easily forgotten; a reminder in the participant's own
calendar, weeks later, asks "did you do it, and what difference did it make?" (the start of their
impact story). The file is one RFC 5545 VCALENDAR with one event, built by hand: the format is
small, the runtime stays free of a calendar library, and we control the two details that calendar
apps are strict about: escaping and folding long lines at 75 octets without splitting a UTF-8
character.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from workshop.common.text import clean_text

__all__ = [
    "PRODID",
    "escape_text",
    "fold_line",
    "review_reminder_ics",
]

PRODID = "-//Impact Workshop Kit//Review reminder//EN"
_MAX_OCTETS = 75
_CRLF = "\r\n"


def escape_text(value: str, *, single_line: bool = False) -> str:
    """A TEXT property value (RFC 5545 §3.3.11): backslash, semicolon, comma and newline escaped."""
    text = clean_text(value, single_line=single_line)
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n").replace("\t", " ")


def fold_line(line: str) -> str:
    """Fold a content line into physical lines of at most 75 octets (RFC 5545 §3.1).

    Continuation lines start with one space, which counts towards their 75 octets. A line is only
    ever broken between characters, never inside a multi-byte UTF-8 sequence.
    """
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    limit = _MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, _MAX_OCTETS - 1
        current.append(char)
        size += width
    pieces.append("".join(current))
    return (_CRLF + " ").join(pieces)


def _utc_stamp(moment: datetime) -> str:
    """A UTC DATE-TIME; a naive datetime is taken to be UTC already (as stored timestamps are)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _local_or_utc(moment: datetime) -> str:
    """An aware datetime becomes UTC; a naive one stays "floating" (that time wherever you are)."""
    if moment.tzinfo is None:
        return moment.strftime("%Y%m%dT%H%M%S")
    return _utc_stamp(moment)


def _duration(delta: timedelta) -> str:
    """An RFC 5545 DURATION such as ``-P1D``, ``PT9H`` or ``P1DT2H30M``."""
    sign = "-" if delta < timedelta(0) else ""
    total = abs(int(delta.total_seconds()))
    days, rest = divmod(total, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, seconds = divmod(rest, 60)
    time = ""
    if hours:
        time += f"{hours}H"
    if minutes or (hours and seconds):
        time += f"{minutes}M"
    if seconds:
        time += f"{seconds}S"
    if not days and not time:
        return "PT0S"
    return f"{sign}P{f'{days}D' if days else ''}{f'T{time}' if time else ''}"


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
    uid_text = escape_text(uid, single_line=True)
    if not uid_text:
        raise ValueError("a calendar event needs a non-empty uid")
    summary_text = escape_text(summary, single_line=True)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{escape_text(prodid, single_line=True)}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid_text}",
        f"DTSTAMP:{_utc_stamp(created)}",
    ]
    if isinstance(start, datetime):
        lines += [
            f"DTSTART:{_local_or_utc(start)}",
            f"DTEND:{_local_or_utc(start + duration)}",
        ]
    else:
        lines += [
            f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{start + timedelta(days=1):%Y%m%d}",
            "TRANSP:TRANSPARENT",
        ]
    lines += [f"SUMMARY:{summary_text}", f"DESCRIPTION:{escape_text(description)}"]
    if url and _uri(url):
        lines.append(f"URL:{_uri(url)}")
    if alarm_offset is not None:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{summary_text or 'Reminder'}",
            f"TRIGGER:{_duration(alarm_offset)}",
            "END:VALARM",
        ]
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold_line(line) + _CRLF for line in lines).encode("utf-8")
