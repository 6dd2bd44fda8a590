"""A participant's phone during the session: it updates itself when the session opens and closes,
personal data posted "as it is" waits for the facilitator, and the consent to share is remembered.
"""

from __future__ import annotations

import re

from flask import Flask

from tests.browser_support import statement_ids
from tests.conftest import Actions, readable
from workshop.extensions import db
from workshop.models import Statement, StatementStatus, WorkshopState

HTMX = {"HX-Request": "true"}
WITH_EMAIL = "Send the survey results to jane.doe@nhs.net by Friday"


def _set_state(actions: Actions, code: str, state: str) -> None:
    response = actions.post_form(f"/facilitate/w/{code}/state", {"state": state}, page=f"/facilitate/w/{code}")
    assert response.status_code in (200, 302), response.status_code


def _poll_url(page: str) -> str:
    match = re.search(r'hx-get="(/j/[^"]+/state\?s=\w+(?:&amp;t=\w*)?(?:&amp;a=\d+)?)"[^>]*hx-trigger="poll-due"', page)
    assert match, "the page does not ask whether the session opened or closed"
    return match.group(1).replace("&amp;", "&")


def _status(app: Flask) -> StatementStatus:
    with app.app_context():
        return db.session.query(Statement).one().status


# --- opening and closing ---------------------------------------------------------------------------


def test_a_phone_that_joined_early_is_told_when_the_session_opens_and_closes(signed_in: Actions) -> None:
    code = signed_in.workshop(state=WorkshopState.DRAFT)
    phone = signed_in.phone_for(code)
    waiting = phone.open()
    assert "has not opened yet" in waiting and 'name="text"' not in waiting
    assert f'<a href="/j/{code}">Check again</a>' in waiting  # without JavaScript: one tap
    poll = _poll_url(waiting)
    assert re.search(r"s=draft&t=0&a=\d+$", poll)  # no timer running; the room on its one activity

    idle = phone.client.get(poll, headers=HTMX)
    assert idle.status_code == 204 and idle.data == b""
    assert idle.headers["X-Poll-Seconds"] == "5"  # people are waiting: ask often

    _set_state(signed_in, code, "open")
    opened = phone.client.get(poll, headers=HTMX)
    assert opened.status_code == 200
    panel = readable(opened.get_data(as_text=True))
    assert panel.lstrip().startswith('<div id="panel"') and 'name="text"' in panel
    assert opened.headers["X-Poll-Seconds"] == "15"  # now only the close is awaited
    assert phone.post("Write 3 case studies with my team by the end of March").status_code == 302

    open_poll = _poll_url(phone.open())
    assert re.search(r"s=open&t=0&a=\d+$", open_poll)
    assert phone.client.get(open_poll, headers=HTMX).status_code == 204
    _set_state(signed_in, code, "closed")
    closed = phone.client.get(open_poll, headers=HTMX)
    assert closed.status_code == 286  # htmx stops polling: nothing more can change
    html = readable(closed.get_data(as_text=True))
    assert "This workshop is closed" in html
    assert re.search(r'href="/mine/[^"]+/pack\.zip" download>Download my pack</a>', html)
    assert 'hx-trigger="poll-due" data-poll-seconds' not in html.split('id="themes"')[0]


def test_the_state_poll_without_htmx_or_with_a_wrong_code(signed_in: Actions) -> None:
    code = signed_in.workshop(state=WorkshopState.DRAFT)
    phone = signed_in.phone_for(code)
    plain = phone.client.get(f"/j/{code}/state?s=draft")
    assert plain.status_code == 302 and plain.headers["Location"].endswith(f"/j/{code}")
    assert phone.client.get("/j/ZZZZZZ/state?s=draft", headers=HTMX).status_code == 404
    assert phone.client.get(f"/j/{code}/state", headers=HTMX).status_code == 200  # no state given: the panel


# --- personal data stays off the projector ---------------------------------------------------------


def test_personal_data_posted_as_it_is_waits_for_the_facilitator(app: Flask, signed_in: Actions) -> None:
    code = signed_in.workshop()
    phone = signed_in.phone_for(code)
    assert phone.post(WITH_EMAIL).status_code == 422  # asked first
    sent = phone.post(WITH_EMAIL, confirm_personal_data="y", htmx=True).get_data(as_text=True)
    assert "the facilitator will check it before it goes on the wall" in sent
    assert _status(app) == StatementStatus.PENDING
    assert "jane.doe" not in signed_in.client.get(f"/wall/{code}/feed", headers=HTMX).get_data(as_text=True)
    assert "jane.doe" not in signed_in.client.get(f"/wall/{code}").get_data(as_text=True)

    moderation = signed_in.client.get(f"/facilitate/w/{code}").get_data(as_text=True)
    held = moderation.split('class="held-personal-data"')[1].split("</p>")[0]
    assert "Held for your approval" in held
    assert "chose to post it as it is" in held
    assert "“jane.doe@nhs.net”" in held  # what was found, quoted

    [statement_id] = statement_ids(app, code)
    approve = signed_in.post_form(
        f"/facilitate/w/{code}/s/{statement_id}/moderate", {"action": "approve"}, page=f"/facilitate/w/{code}"
    )
    assert approve.status_code in (200, 302)
    assert _status(app) == StatementStatus.VISIBLE
    assert "jane.doe" in signed_in.client.get(f"/wall/{code}").get_data(as_text=True)


def test_an_edit_that_adds_personal_data_holds_it_and_one_that_removes_it_releases_it(
    app: Flask, signed_in: Actions
) -> None:
    code = signed_in.workshop()
    phone = signed_in.phone_for(code)
    phone.post("Send the survey results to the ward managers by Friday")
    assert _status(app) == StatementStatus.VISIBLE
    [statement_id] = statement_ids(app, code)
    edit = f"/j/{code}/s/{statement_id}/edit"

    def save(text: str, **extra: str) -> int:
        page = phone.client.get(edit).get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        assert token
        return phone.client.post(edit, data={"csrf_token": token.group(1), "text": text, **extra}).status_code

    assert save(WITH_EMAIL, confirm_personal_data="y") == 302
    assert _status(app) == StatementStatus.PENDING
    assert save("Send the survey results to the ward managers by Friday") == 302
    assert _status(app) == StatementStatus.VISIBLE


def test_a_facilitator_who_approves_everything_still_approves_everything(app: Flask, signed_in: Actions) -> None:
    code = signed_in.workshop(approve_first=True)
    signed_in.phone_for(code).post("Write 3 case studies with my team by the end of March")
    assert _status(app) == StatementStatus.PENDING


# --- consent to share, remembered ------------------------------------------------------------------


def _consent_box(page: str) -> str:
    match = re.search(r'<input[^>]*name="share_consent"[^>]*>', page)
    assert match
    return match.group()


def test_the_consent_to_share_is_remembered_for_the_next_statement(signed_in: Actions) -> None:
    code = signed_in.workshop()
    phone = signed_in.phone_for(code)
    assert "checked" not in _consent_box(phone.open())
    phone.post("Write 3 case studies with my team by the end of March", share_consent="y")
    assert "checked" in _consent_box(phone.open())
    after_htmx = phone.post("Run a survey of 20 nurses by June", share_consent="y", htmx=True).get_data(as_text=True)
    assert "checked" in _consent_box(after_htmx)
    phone.post("Meet the Director of Nursing next month")  # not ticked this time
    assert "checked" not in _consent_box(phone.open())
    other = signed_in.phone_for(code)
    assert "checked" not in _consent_box(other.open())  # another phone starts unticked
