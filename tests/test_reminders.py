"""Review reminders: the "remind me" calendar file, read back with a real iCalendar parser, and
the links to it on the participant's phone and private page.
"""

from __future__ import annotations

import re
from datetime import date

import icalendar
import pytest
from flask import Flask

from tests.conftest import Actions, attachment_name, readable
from workshop.common.dates import review_date
from workshop.extensions import db
from workshop.models import Participant

HELD_ON = date(2026, 11, 20)  # a Friday
STATEMENT = "Write 3 case studies, with my team; by the end of March"


def _token(app: Flask) -> str:
    with app.app_context():
        [participant] = db.session.query(Participant).all()
        return participant.token


def _posted(signed_in: Actions, *texts: str, **settings: object) -> tuple[str, str]:
    code = signed_in.workshop(date=HELD_ON, **settings)
    phone = signed_in.phone_for(code)
    for text in texts:
        assert phone.post(text).status_code == 302
    return code, _token(signed_in.app)


@pytest.mark.parametrize("base", ["", "http://127.0.0.1:5000", "http://192.168.1.20:5000", "http://laptop.local"])
def test_a_reminder_never_carries_a_link_that_dies_with_the_laptop(app: Flask, signed_in: Actions, base: str) -> None:
    """By the review date the laptop or venue network is gone: the reminder says where the copy is."""
    app.config["PUBLIC_BASE_URL"] = base
    _, token = _posted(signed_in, STATEMENT)

    event = _event(signed_in.client.get(f"/mine/{token}/remind.ics?weeks=4"))

    assert "URL" not in event
    description = str(event["DESCRIPTION"])
    assert token not in description and "http" not in description
    assert "the SMART action plan and five-step plan you downloaded at the workshop" in description


def _event(response) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(response.data)
    [event] = calendar.walk("VEVENT")
    return event


def test_remind_me_downloads_a_calendar_file_that_a_real_parser_reads(app: Flask, signed_in: Actions) -> None:
    app.config["PUBLIC_BASE_URL"] = "https://impact-kit.example.nhs.uk"  # a link that outlives the session
    code, token = _posted(signed_in, STATEMENT)
    response = signed_in.client.get(f"/mine/{token}/remind.ics?weeks=4")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.mimetype_params["charset"] == "utf-8"
    assert attachment_name(response) == "review-reminder-4-weeks.ics"
    assert all(len(line) <= 75 for line in response.data.split(b"\r\n"))

    event = _event(response)
    assert event.decoded("DTSTART") == review_date(HELD_ON, 4) == date(2026, 12, 18)
    assert "Demonstrating impact in 5 easy steps" in str(event["SUMMARY"])
    description = str(event["DESCRIPTION"])
    assert STATEMENT in description  # commas and semicolons survive escaping
    assert f"/mine/{token}" in description
    assert str(event["URL"]) == f"https://impact-kit.example.nhs.uk/mine/{token}"
    assert token not in str(event["UID"])  # the UID is not a second copy of the secret
    [alarm] = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"


def test_each_interval_gives_its_own_date_and_the_workshop_default_applies(app: Flask, signed_in: Actions) -> None:
    code, token = _posted(signed_in, STATEMENT, review_weeks=12)
    starts = {weeks: _event(signed_in.client.get(f"/mine/{token}/remind.ics?weeks={weeks}")) for weeks in (4, 8, 12)}
    assert {weeks: e.decoded("DTSTART") for weeks, e in starts.items()} == {
        weeks: review_date(HELD_ON, weeks) for weeks in (4, 8, 12)
    }
    assert len({str(e["UID"]) for e in starts.values()}) == 3
    default = _event(signed_in.client.get(f"/mine/{token}/remind.ics"))
    assert default.decoded("DTSTART") == review_date(HELD_ON, 12)
    assert str(default["UID"]) == str(starts[12]["UID"])  # downloading again updates, not duplicates


def test_a_workshop_without_a_date_reviews_from_the_day_of_posting(app: Flask, signed_in: Actions) -> None:
    code = signed_in.workshop()
    signed_in.phone_for(code).post(STATEMENT)
    token = _token(app)
    with app.app_context():
        posted_on = db.session.query(Participant).one().created_at.date()
    event = _event(signed_in.client.get(f"/mine/{token}/remind.ics?weeks=8"))
    assert event.decoded("DTSTART") == review_date(posted_on, 8)


def test_every_statement_and_awkward_text_reach_the_calendar(app: Flask, signed_in: Actions) -> None:
    awkward = "Présenter à l'équipe 📚 — «tous» les mois, 2×; back\\slash"
    code, token = _posted(signed_in, STATEMENT, awkward)
    description = str(_event(signed_in.client.get(f"/mine/{token}/remind.ics"))["DESCRIPTION"])
    assert STATEMENT in description
    assert awkward in description


def test_the_calendar_and_the_private_page_quote_statements_without_the_prompt_again(
    app: Flask, signed_in: Actions
) -> None:
    code, token = _posted(signed_in, "When I get back to work, I'm going to run a survey by March")
    description = str(_event(signed_in.client.get(f"/mine/{token}/remind.ics"))["DESCRIPTION"])
    assert "you wrote: When I get back to work, I'm going to…\n- run a survey by March" in description
    private = readable(signed_in.client.get(f"/mine/{token}").get_data(as_text=True))
    assert '<p class="statement-text" dir="auto">run a survey by March</p>' in private


def test_bad_reminder_requests_are_refused_politely(app: Flask, signed_in: Actions) -> None:
    code, token = _posted(signed_in, STATEMENT)
    for weeks in ("5", "0", "-4", "abc", "99999999999999999999"):
        response = signed_in.client.get(f"/mine/{token}/remind.ics?weeks={weeks}")
        assert response.status_code == 400, weeks
    assert signed_in.client.get("/mine/not-a-token/remind.ics").status_code == 404


def test_the_phone_and_the_private_page_offer_reminders(app: Flask, signed_in: Actions) -> None:
    code = signed_in.workshop(date=HELD_ON)
    phone = signed_in.phone_for(code)
    assert "Remind me" not in phone.open()  # nothing to be reminded of yet
    phone.post(STATEMENT)
    token = _token(app)
    for page in (phone.open(), phone.client.get(f"/mine/{token}").get_data(as_text=True)):
        links = re.findall(rf'href="(/mine/{token}/remind\.ics\?weeks=\d+)"', page)
        assert [link.rsplit("=", 1)[1] for link in links] == ["4", "8", "12"]
        assert "(suggested)" in page


def test_without_smtp_there_is_no_email_option(app: Flask, signed_in: Actions) -> None:
    code, token = _posted(signed_in, STATEMENT)
    assert "Email me" not in signed_in.client.get(f"/mine/{token}").get_data(as_text=True)
    assert signed_in.client.get(f"/mine/{token}/email-plan").status_code == 404
