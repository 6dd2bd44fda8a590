"""The review reminder opens in real calendar software: parse it back with ``icalendar`` and check
every field survives, including text that breaks naive writers (emoji, right-to-left script,
commas, semicolons, backslashes, new lines and a statement long enough to need folding).
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta, timezone

import icalendar
import pytest

from workshop.coaching.calendar import PRODID, review_reminder_ics
from workshop.common.dates import review_date

CREATED = datetime(2025, 3, 12, 14, 30, 5, tzinfo=UTC)
STATEMENT = "Arrange to meet the Health & Wellbeing committee; discuss a fair, then report back"


def build(**overrides: object) -> bytes:
    arguments: dict[str, object] = {
        "uid": "statement-42@impact-workshop.example",
        "summary": "Review your commitment",
        "description": STATEMENT,
        "url": "https://impact.example/p/ABCD-2345",
        "start": date(2025, 5, 7),
        "created": CREATED,
    }
    arguments.update(overrides)
    return review_reminder_ics(**arguments)  # type: ignore[arg-type]


def parse(data: bytes) -> tuple[icalendar.Calendar, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    return data[:-2].split(b"\r\n")


def test_all_day_event_round_trips() -> None:
    calendar, event = parse(build())
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == PRODID
    assert str(event["UID"]) == "statement-42@impact-workshop.example"
    assert event["DTSTAMP"].dt == CREATED
    assert event["DTSTART"].dt == date(2025, 5, 7)
    assert not isinstance(event["DTSTART"].dt, datetime)
    assert event["DTEND"].dt == date(2025, 5, 8)
    assert str(event["SUMMARY"]) == "Review your commitment"
    assert str(event["DESCRIPTION"]) == STATEMENT
    assert str(event["URL"]) == "https://impact.example/p/ABCD-2345"
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert b"DTSTART;VALUE=DATE:20250507\r\n" in build()


def test_required_lines_and_crlf_only() -> None:
    data = build()
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert data.endswith(b"END:VEVENT\r\nEND:VCALENDAR\r\n")
    assert data.count(b"\n") == data.count(b"\r\n")
    assert b"DTSTAMP:20250312T143005Z\r\n" in data


@pytest.mark.parametrize(
    "text",
    [
        "Post 3 impact stories 🎉📚👩🏽‍⚕️ on Instagram, by June; with the team",
        "سأقوم بإعداد استبيان قصير للممرضين بحلول نهاية مارس",
        "עברית: לכתוב מקרה בוחן, לשתף; ולהציג",
        "Back\\slash, semi;colon, comma, and\nnew line\nand another",
        "Mixed: English then العربية then עברית, 24/7; done",
        "x" * 500,
        ("Write a detailed SMART impact plan, 😀 with colleagues; " * 10)[:500],
        "é" * 300,
        "🙂" * 200,
    ],
)
def test_awkward_text_round_trips_and_lines_are_folded(text: str) -> None:
    data = build(summary=text.replace("\n", " "), description=text)
    _, event = parse(data)
    assert str(event["DESCRIPTION"]) == text
    assert str(event["SUMMARY"]) == text.replace("\n", " ")
    for line in physical_lines(data):
        assert len(line) <= 75
        line.decode("utf-8")  # never split inside a multi-byte character


def test_summary_is_kept_on_one_line() -> None:
    _, event = parse(build(summary="Review\nyour\r\ncommitment"))
    assert str(event["SUMMARY"]) == "Review your commitment"


def test_control_characters_are_removed() -> None:
    _, event = parse(build(description="Write\x00 a\x07 plan\x1b"))
    assert str(event["DESCRIPTION"]) == "Write a plan"


def test_url_is_optional() -> None:
    data = build(url=None)
    _, event = parse(data)
    assert "URL" not in event
    assert b"URL:" not in data


def test_long_url_is_folded_and_round_trips() -> None:
    url = "https://impact.example/p/" + "a" * 150 + "?x=1,2;3"
    _, event = parse(build(url=url))
    assert str(event["URL"]) == url


def test_timed_event_in_utc() -> None:
    start = datetime(2025, 5, 7, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    _, event = parse(build(start=start, duration=timedelta(minutes=45)))
    assert event["DTSTART"].dt == start
    assert event["DTEND"].dt == start + timedelta(minutes=45)
    assert event["DTSTART"].dt.utcoffset() == timedelta(0)
    assert "TRANSP" not in event


def test_naive_timed_event_is_floating() -> None:
    start = datetime(2025, 5, 7, 9, 0)
    data = build(start=start)
    assert b"DTSTART:20250507T090000\r\n" in data
    _, event = parse(data)
    assert event["DTSTART"].dt == start


def test_naive_created_is_taken_as_utc() -> None:
    _, event = parse(build(created=datetime(2025, 3, 12, 14, 30, 5)))
    assert event["DTSTAMP"].dt == CREATED


@pytest.mark.parametrize(
    ("offset", "written"),
    [
        (timedelta(days=-1), "-P1D"),
        (timedelta(hours=9), "PT9H"),
        (timedelta(minutes=-15), "-PT15M"),
        (timedelta(days=1, hours=2, minutes=30), "P1DT2H30M"),
        (timedelta(hours=1, seconds=5), "PT1H0M5S"),
        (timedelta(0), "P0D"),  # the library's spelling of a zero duration (the hand-written one said PT0S)
    ],
)
def test_alarm(offset: timedelta, written: str) -> None:
    data = build(alarm_offset=offset)
    assert f"TRIGGER:{written}\r\n".encode() in data
    _, event = parse(data)
    (alarm,) = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].dt == offset
    assert str(alarm["DESCRIPTION"]) == "Review your commitment"


def test_no_alarm_by_default() -> None:
    assert b"VALARM" not in build()


def test_empty_uid_is_refused() -> None:
    with pytest.raises(ValueError, match="uid"):
        build(uid="  ")


def test_text_is_escaped_in_the_file() -> None:
    data = build(summary="one\ntwo", description="a\\b;c,d\ne")
    assert b"DESCRIPTION:a\\\\b\\;c\\,d\\ne\r\n" in data
    assert b"SUMMARY:one two\r\n" in data


def test_long_lines_are_folded_with_a_leading_space() -> None:
    data = build(description="€" * 100)
    physical = [line.decode() for line in physical_lines(data)]
    first = next(i for i, line in enumerate(physical) if line.startswith("DESCRIPTION:"))
    continuation = list(itertools.takewhile(lambda line: line.startswith(" "), physical[first + 1 :]))
    assert continuation and all(len(line.encode()) <= 75 for line in [physical[first], *continuation])
    assert physical[first] + "".join(line[1:] for line in continuation) == "DESCRIPTION:" + "€" * 100


@pytest.mark.parametrize(
    ("held_on", "weeks", "expected"),
    [
        (date(2025, 3, 12), 8, date(2025, 5, 7)),  # a Wednesday stays a Wednesday
        (date(2025, 3, 15), 8, date(2025, 5, 12)),  # a Saturday moves to Monday
        (date(2025, 3, 16), 1, date(2025, 3, 24)),  # a Sunday moves to Monday
    ],
)
def test_review_date(held_on: date, weeks: int, expected: date) -> None:
    assert review_date(held_on, weeks) == expected
