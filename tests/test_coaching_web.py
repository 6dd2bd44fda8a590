"""Coaching on the participant's phone: SMART hints while typing and after sending, the
personal-data warning before a statement is stored, consent to share, and the wall's SMART counts.
"""

from __future__ import annotations

import re

from flask import Flask

from tests.conftest import Actions, csrf_from, readable
from workshop.extensions import db
from workshop.models import Statement, WorkshopState

VAGUE = "think about social media more"
SMART = "Write 3 case studies with my team by the end of March"
WITH_EMAIL = "Send the survey results to jane.doe@nhs.net by Friday"


def _statements(app: Flask) -> list[Statement]:
    with app.app_context():
        rows = db.session.query(Statement).order_by(Statement.id).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def _hints(actions: Actions, code: str, text: str, *, with_token: bool = True):
    phone = actions.phone_for(code)
    page = phone.open()
    headers = {"HX-Request": "true"}
    if with_token:
        headers["X-CSRFToken"] = csrf_from(page)
    return phone.client.post(f"/j/{code}/hints", data={"text": text}, headers=headers)


# --- SMART hints while typing ---------------------------------------------------------------------


def test_the_textarea_asks_for_hints_as_the_participant_types(signed_in: Actions) -> None:
    code = signed_in.workshop()
    page = signed_in.phone_for(code).open()
    textarea = re.search(r"<textarea id=\"text\"[^>]*>", page, re.S)
    assert textarea
    assert f'hx-post="/j/{code}/hints"' in textarea.group()
    assert 'hx-trigger="input changed delay:600ms"' in textarea.group()
    assert 'hx-target="#smart-hints"' in textarea.group()
    assert re.search(r'<div id="smart-hints"[^>]*aria-live="polite"', page)


def test_hints_name_what_a_vague_statement_is_missing(signed_in: Actions) -> None:
    code = signed_in.workshop()
    response = _hints(signed_in, code, VAGUE)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    # One hint at a time, folded to a line; its examples fit a statement about social media.
    assert html.count("<details") == 1 and "<summary>" in html
    assert "Idea: start with your first step" in html
    assert "(1 of 4)" in html
    assert "&#39;Post…&#39;" in html
    assert "when you&#39;ll do this" not in html  # the other three wait their turn
    assert "HX-Request" in response.headers["Vary"]
    assert "<html" not in html  # a fragment, not a page


def test_a_smart_statement_gets_a_nod_not_hints(signed_in: Actions) -> None:
    code = signed_in.workshop()
    html = _hints(signed_in, code, SMART).get_data(as_text=True)
    assert "<details" not in html
    assert "by when and with whom" in html


def test_hints_warn_about_personal_data_while_typing(signed_in: Actions) -> None:
    code = signed_in.workshop()
    html = readable(_hints(signed_in, code, WITH_EMAIL).get_data(as_text=True))
    assert "an email address" in html


def test_hints_for_nothing_or_nonsense_are_empty_and_never_fail(signed_in: Actions) -> None:
    code = signed_in.workshop()
    assert "SMARTer" not in _hints(signed_in, code, "").get_data(as_text=True)
    assert _hints(signed_in, code, "x" * 30000).status_code == 200
    phone = signed_in.phone_for(code)
    token = csrf_from(phone.open())
    raw = phone.client.post(
        f"/j/{code}/hints",
        data=b"text=%00%ED%A0%80%FF+plan",  # NUL and bytes that are not UTF-8
        content_type="application/x-www-form-urlencoded",
        headers={"X-CSRFToken": token, "HX-Request": "true"},
    )
    assert raw.status_code == 200
    html = _hints(signed_in, code, "plan <script>alert(1)</script> for the team").get_data(as_text=True)
    assert "<script>" not in html


def test_hints_need_a_csrf_token_and_a_real_workshop(signed_in: Actions) -> None:
    code = signed_in.workshop()
    stale = _hints(signed_in, code, VAGUE, with_token=False)
    assert stale.status_code == 204  # only advice: nothing to swap, no error page in the hints box
    assert stale.data == b""
    phone = signed_in.phone_for(code)
    token = csrf_from(phone.open())
    response = phone.client.post("/j/ZZZZZZ/hints", data={"text": VAGUE}, headers={"X-CSRFToken": token})
    assert response.status_code == 404


# --- SMART hints after sending ----------------------------------------------------------------------


def test_without_javascript_the_hints_appear_after_sending_once(signed_in: Actions) -> None:
    code = signed_in.workshop()
    phone = signed_in.phone_for(code)
    response = phone.post(VAGUE)
    assert response.status_code == 302
    page = readable(phone.client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Thank you: your statement is on the wall." in page
    assert "To make it SMARTer next time" in page
    assert "first thing you&#39;ll actually do" in page  # the first idea only
    assert "when you&#39;ll do this" not in page
    assert "To make it SMARTer next time" not in phone.open()  # a refresh does not nag again


def test_with_htmx_the_hints_come_back_in_the_panel(signed_in: Actions) -> None:
    code = signed_in.workshop()
    response = signed_in.phone_for(code).post(VAGUE, htmx=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="panel"' in html
    assert "<html" not in html
    assert "To make it SMARTer next time" in html


def test_a_smart_statement_gets_no_nagging_after_sending(signed_in: Actions) -> None:
    code = signed_in.workshop()
    html = signed_in.phone_for(code).post(SMART, htmx=True).get_data(as_text=True)
    assert "To make it SMARTer next time" not in html


def test_hints_after_sending_are_for_that_phone_only(signed_in: Actions) -> None:
    code = signed_in.workshop()
    first = signed_in.phone_for(code)
    location = first.post(VAGUE).headers["Location"]
    other = signed_in.phone_for(code)
    assert "SMARTer" not in other.client.get(location).get_data(as_text=True)


# --- personal data -------------------------------------------------------------------------------


def test_personal_data_is_questioned_before_it_is_stored(app: Flask, signed_in: Actions) -> None:
    code = signed_in.workshop()
    phone = signed_in.phone_for(code)
    response = phone.post(WITH_EMAIL)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "It looks like this contains an email address" in html
    assert "jane.doe@nhs.net" in html  # the text is kept, and the finding quoted
    assert "Post it as it is: the details are fine to share" in html
    assert 'name="confirm_personal_data"' in html
    assert _statements(app) == []

    confirmed = phone.post(WITH_EMAIL, confirm_personal_data="y")
    assert confirmed.status_code == 302
    [stored] = _statements(app)
    assert stored.text == WITH_EMAIL
    assert stored.personal_data == "email"


def test_the_warning_names_every_kind_found(signed_in: Actions) -> None:
    code = signed_in.workshop(char_limit=500)
    text = "Meet with Sarah Jones about patient 943 476 5919, call 07700 900123"
    html = signed_in.phone_for(code).post(text, htmx=True).get_data(as_text=True)
    assert "someone&#39;s full name" in html or "someone's full name" in html
    assert "an NHS number" in html
    assert "a phone number" in html


def test_the_moderator_sees_what_kind_of_personal_data_was_posted(app: Flask, signed_in: Actions) -> None:
    code = signed_in.workshop()
    signed_in.phone_for(code).post("Call 07700 900123 to book training by May", confirm_personal_data="y")
    html = signed_in.client.get(f"/facilitate/w/{code}").get_data(as_text=True)
    assert "May contain personal data (phone)" in html


def test_plain_statements_are_not_questioned(app: Flask, signed_in: Actions) -> None:
    code = signed_in.workshop()
    assert signed_in.phone_for(code).post("Meet with NHS England about 24/7 access in 2026").status_code == 302
    [stored] = _statements(app)
    assert stored.personal_data == ""


def test_a_closed_workshop_says_so_before_any_warning(signed_in: Actions) -> None:
    code = signed_in.workshop()
    phone = signed_in.phone_for(code)
    page = phone.open()
    signed_in.post_form(f"/facilitate/w/{code}/state", {"state": "closed"}, page=f"/facilitate/w/{code}")
    response = phone.client.post(f"/j/{code}", data={"csrf_token": csrf_from(page), "text": WITH_EMAIL})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "closed" in html
    assert "It looks like this contains" not in html


def test_edits_are_questioned_too(app: Flask, signed_in: Actions) -> None:
    code = signed_in.workshop()
    phone = signed_in.phone_for(code)
    phone.post(SMART)
    [statement] = _statements(app)
    url = f"/j/{code}/s/{statement.id}/edit"
    token = csrf_from(phone.client.get(url).get_data(as_text=True))
    response = phone.client.post(url, data={"csrf_token": token, "text": WITH_EMAIL})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "It looks like this contains an email address" in html
    assert "Keep it as it is: the details are fine to share" in html
    assert _statements(app)[0].text == SMART

    response = phone.client.post(url, data={"csrf_token": token, "text": WITH_EMAIL, "confirm_personal_data": "y"})
    assert response.status_code == 302
    [edited] = _statements(app)
    assert (edited.text, edited.personal_data) == (WITH_EMAIL, "email")

    phone.client.post(url, data={"csrf_token": token, "text": SMART})
    assert _statements(app)[0].personal_data == ""


# --- consent to share --------------------------------------------------------------------------------


def test_consent_to_share_is_asked_stored_shown_and_can_be_withdrawn(app: Flask, signed_in: Actions) -> None:
    code = signed_in.workshop()
    phone = signed_in.phone_for(code)
    assert "You may share this statement, without my name, on social media" in phone.open()
    phone.post(SMART, share_consent="y")
    phone.post(VAGUE)
    shared, private = _statements(app)
    assert shared.share_consent is True
    assert private.share_consent is False
    moderation = signed_in.client.get(f"/facilitate/w/{code}").get_data(as_text=True)
    assert moderation.count("May be shared on social media") == 1

    url = f"/j/{code}/s/{shared.id}/edit"
    form = phone.client.get(url).get_data(as_text=True)
    assert re.search(r'name="share_consent"[^>]*checked|checked[^>]*name="share_consent"', form)
    phone.client.post(url, data={"csrf_token": csrf_from(form), "text": SMART})
    assert _statements(app)[0].share_consent is False


# --- the wall's SMART counts --------------------------------------------------------------------------


def _facilitator_counts(signed_in: Actions, code: str) -> str:
    """The SMART counts are the facilitator's (workshop page), never the projector's."""
    page = signed_in.client.get(f"/facilitate/w/{code}").get_data(as_text=True)
    return re.sub(r"<[^>]+>", "", re.search(r'<p class="counts".*?</p>', page, re.S).group())


def test_the_facilitator_counts_statements_with_a_time_and_a_measure(app: Flask, signed_in: Actions) -> None:
    code = signed_in.workshop()
    phone = signed_in.phone_for(code)
    phone.post(SMART)  # time and measure
    phone.post("Run 2 drop-in sessions for nurses")  # measure only
    phone.post("Talk to my manager next week")  # time only
    phone.post(VAGUE)  # neither
    counts = _facilitator_counts(signed_in, code)
    assert "4 on the wall" in counts
    assert "2 with a time" in counts
    assert "2 with a measure" in counts
    assert "with a time" not in signed_in.client.get(f"/wall/{code}").get_data(as_text=True)


def test_hidden_statements_and_facilitator_edits_count_as_they_are(app: Flask, signed_in: Actions) -> None:
    code = signed_in.workshop()
    phone = signed_in.phone_for(code)
    phone.post(SMART)
    phone.post(VAGUE)
    smart, vague = _statements(app)
    signed_in.post_form(f"/facilitate/w/{code}/s/{smart.id}/moderate", {"action": "hide"}, page=f"/facilitate/w/{code}")
    edit_url = f"/facilitate/w/{code}/s/{vague.id}/edit"
    signed_in.post_form(edit_url, {"text": "Post 5 tweets by June"})
    text = _facilitator_counts(signed_in, code)
    assert "1 on the wall" in text
    assert "1 with a time" in text
    assert "1 with a measure" in text


def test_an_empty_wall_shows_no_smart_counts(signed_in: Actions) -> None:
    code = signed_in.workshop(state=WorkshopState.OPEN)
    assert "with a time" not in signed_in.client.get(f"/wall/{code}").get_data(as_text=True)
    assert "with a time" not in _facilitator_counts(signed_in, code)
