"""The room's timer (issue 16): started, extended and stopped from the control room, shown on the
wall and on phones (through their cheap poll), closing submissions only when asked to."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from tests.conftest import Actions
from workshop.extensions import db
from workshop.models import Workshop, WorkshopState

HTMX = {"HX-Request": "true"}
STATE_POLL = re.compile(r'hx-get="(/j/[^"]+/state\?[^"]*)"')


def _timer(actions: Actions, code: str, client=None, **data: str):
    return actions.post_form(f"/facilitate/w/{code}/timer", data, page=f"/facilitate/w/{code}", client=client)


def _state_poll(html: str) -> str:
    match = STATE_POLL.search(html)
    assert match, "the phone's page polls its state"
    return match.group(1).replace("&amp;", "&")


def _run_out(app: Flask, code: str) -> None:
    """Move the stored end time into the past, as if the minutes had gone by."""
    with app.app_context():
        workshop = db.session.scalars(select(Workshop).where(Workshop.code == code)).one()
        assert workshop.timer_ends_at is not None
        workshop.timer_ends_at -= timedelta(minutes=30)
        db.session.commit()
    app.extensions["edge"].pulses.forget([code])


def test_a_timer_shows_on_the_wall_and_reaches_a_phone_at_its_next_poll(signed_in: Actions, app: Flask) -> None:
    code = signed_in.workshop()
    phone = signed_in.phone_for(code)
    page = phone.open()
    assert "data-timer" not in page
    poll = _state_poll(page)
    assert phone.client.get(poll, headers=HTMX).status_code == 204

    response = _timer(signed_in, code, action="start", minutes="3")
    assert response.status_code == 302 and response.headers["Location"].endswith("#timer")
    room = signed_in.client.get(f"/facilitate/w/{code}").get_data(as_text=True)
    assert "The timer is running: 3 minutes." in room and re.search(
        r"Time left: <span data-timer-text>(3:00|2:5\d)", room
    )
    assert re.search(
        r"Time left: <span data-timer-text>(3:00|2:5\d)", signed_in.client.get(f"/wall/{code}").get_data(as_text=True)
    )

    fresh = phone.client.get(poll, headers=HTMX)  # the old poll: the timer is news
    assert fresh.status_code == 200 and "Time left:" in fresh.get_data(as_text=True)
    assert phone.client.get(_state_poll(fresh.get_data(as_text=True)), headers=HTMX).status_code == 204
    assert "Time left:" in phone.open()  # without JavaScript: on the next load

    _timer(signed_in, code, action="extend", minutes="1")
    assert re.search(r"Time left: <span data-timer-text>(4:00|3:5\d)", phone.open())
    _timer(signed_in, code, action="stop")
    assert "data-timer" not in phone.open()
    assert "The timer is stopped." in signed_in.client.get(f"/facilitate/w/{code}").get_data(as_text=True)
    assert _timer(signed_in, code, action="stop").status_code == 302  # a second tap: nothing more


def test_time_up_closes_nothing_unless_asked(signed_in: Actions, app: Flask) -> None:
    code = signed_in.workshop()
    _timer(signed_in, code, action="start", minutes="1")
    _run_out(app, code)
    page = signed_in.phone_for(code).open()
    assert "Time is up" in page and 'name="text"' in page
    assert signed_in.workshop_row(code).state == WorkshopState.OPEN


def test_time_is_up_goes_when_the_room_moves_on_and_a_running_timer_carries_on(signed_in: Actions, app: Flask) -> None:
    code = signed_in.workshop()
    signed_in.post_form(
        f"/facilitate/w/{code}/activities/new?kind=poll",
        {"prompt": "What is your aim?", "options": "Save time\nBetter care", "multiple": "single"},
    )
    phone = signed_in.phone_for(code)
    _timer(signed_in, code, action="start", minutes="3")
    _run_out(app, code)
    assert "Time is up" in phone.open() and "Time is up" in signed_in.client.get(f"/wall/{code}").get_data(as_text=True)

    room = {"action": "next"}
    signed_in.post_form(f"/facilitate/w/{code}/room", room, page=f"/facilitate/w/{code}")
    assert "What is your aim?" in phone.open() and "data-timer" not in phone.open()
    assert "data-timer" not in signed_in.client.get(f"/wall/{code}").get_data(as_text=True)
    assert signed_in.workshop_row(code).timer_ends_at is None

    _timer(signed_in, code, action="start", minutes="5")  # still running when the room moves: it stays
    signed_in.post_form(f"/facilitate/w/{code}/room", {"action": "back"}, page=f"/facilitate/w/{code}")
    assert re.search(r"Time left: <span data-timer-text>(5:00|4:5\d)", phone.open())


def test_close_when_time_is_up_closes_once_on_the_next_poll(signed_in: Actions, app: Flask) -> None:
    code = signed_in.workshop()
    phone = signed_in.phone_for(code)
    _timer(signed_in, code, action="start", minutes="2", closes="y")
    page = phone.open()
    assert "submissions close then" in page
    poll = _state_poll(page)
    assert phone.client.get(poll, headers=HTMX).status_code == 204
    _run_out(app, code)
    closed = phone.client.get(poll, headers=HTMX)  # the edge hands a due close to Flask, which closes
    assert closed.status_code == 286 and "This workshop is closed" in closed.get_data(as_text=True)
    assert signed_in.workshop_row(code).state == WorkshopState.CLOSED
    # Reopened by the facilitator, it stays open: the timer closes once.
    signed_in.post_form(f"/facilitate/w/{code}/state", {"state": "open"}, page=f"/facilitate/w/{code}")
    assert signed_in.workshop_row(code).state == WorkshopState.OPEN
    assert 'name="text"' in phone.open()
    assert signed_in.workshop_row(code).state == WorkshopState.OPEN


def test_a_post_after_the_deadline_is_refused_when_the_timer_closes(signed_in: Actions, app: Flask) -> None:
    code = signed_in.workshop()
    phone = signed_in.phone_for(code)
    phone.open()
    _timer(signed_in, code, action="start", minutes="1", closes="y")
    _run_out(app, code)
    response = phone.post("Run a pilot by June and measure waiting times")
    assert response.status_code < 500
    assert signed_in.workshop_row(code).state == WorkshopState.CLOSED
    with app.app_context():
        assert not db.session.scalars(select(Workshop).where(Workshop.code == code)).one().statements


@pytest.mark.parametrize("minutes", ["", "0", "121", "abc", "-3", "2.5", "9" * 40])
def test_bad_minutes_get_a_clear_message(signed_in: Actions, minutes: str) -> None:
    code = signed_in.workshop()
    response = _timer(signed_in, code, action="start", minutes=minutes)
    assert response.status_code == 302
    page = signed_in.client.get(f"/facilitate/w/{code}").get_data(as_text=True)
    assert "Type a whole number of minutes from 1 to 120." in page
    assert signed_in.workshop_row(code).timer_ends_at is None


def test_bad_buttons_are_refused_without_a_5xx(signed_in: Actions) -> None:
    code = signed_in.workshop()
    assert _timer(signed_in, code, action="explode", minutes="3").status_code == 400
    assert (
        signed_in.client.post(f"/facilitate/w/{code}/timer", data={"action": "start", "minutes": "3"}).status_code
        == 400
    )
    assert "No timer is running" in signed_in.client.get(
        _timer(signed_in, code, action="extend", minutes="2").headers["Location"]
    ).get_data(as_text=True)
    assert _timer(signed_in, "NOSUCH", action="start", minutes="3").status_code == 404


def test_a_moderator_runs_the_timer_but_cannot_make_it_close_submissions(signed_in: Actions, app: Flask) -> None:
    code = signed_in.workshop()
    signed_in.facilitator("mo@example.nhs.uk", "Mo")
    mo = app.test_client()
    assert signed_in.sign_in("mo@example.nhs.uk", client=mo).status_code == 302
    signed_in.post_form(
        f"/facilitate/w/{code}/people",
        {"email": "mo@example.nhs.uk", "role": "moderator"},
        page=f"/facilitate/w/{code}",
    )
    assert _timer(signed_in, code, client=mo, action="start", minutes="5").status_code == 302
    assert signed_in.workshop_row(code).timer_ends_at is not None
    refused = _timer(signed_in, code, client=mo, action="start", minutes="5", closes="y")
    assert refused.status_code == 403 and "co-facilitator" in refused.get_data(as_text=True)
    assert not signed_in.workshop_row(code).timer_closes
