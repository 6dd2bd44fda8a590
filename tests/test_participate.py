"""Participants on their phones: posting, bad input, retries, editing, withdrawing, closed sessions."""

from __future__ import annotations

import re

import pytest

from tests.conftest import csrf_from, readable
from workshop.extensions import db
from workshop.models import Participant, Statement, WorkshopState


def stored_texts(app) -> list[str]:
    with app.app_context():
        return [s.text for s in db.session.query(Statement).order_by(Statement.id)]


def test_the_qr_page_shows_the_prompt_and_a_form_without_an_account(actions):
    actions.facilitator()
    code = actions.workshop()
    page = actions.phone_for(code).open()
    assert "When I get back to work, I&#39;m going to…" in page
    assert '<textarea id="text" name="text"' in page
    assert 'data-limit="280"' in page
    # A phone in the room is not offered the facilitators' sign-in (the home page still is).
    assert "Facilitator sign in" not in page
    assert "Facilitator sign in" in actions.client.get("/").get_data(as_text=True)


def test_typing_the_code_on_the_home_page_joins(actions, client):
    actions.facilitator()
    code = actions.workshop()
    home = client.get("/").get_data(as_text=True)
    typed = f" {code[:3].lower()}-{code[3:].lower()} "
    response = client.post("/join", data={"csrf_token": csrf_from(home), "code": typed})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/j/{code}")


@pytest.mark.parametrize("typed", ["", "ZZZZZZ", "<script>", "0OIL1", "A" * 500])
def test_a_wrong_code_gets_a_clear_message(client, typed):
    home = client.get("/").get_data(as_text=True)
    response = client.post("/join", data={"csrf_token": csrf_from(home), "code": typed})
    assert response.status_code == 404
    assert "We could not find a workshop with that code" in response.get_data(as_text=True)


def test_an_unknown_join_url_is_a_clear_404(client):
    response = client.get("/j/ZZZZZZ")
    assert response.status_code == 404
    assert "There is no open workshop with that code" in response.get_data(as_text=True)


def test_post_without_javascript_redirects_back_to_the_page(actions, app):
    actions.facilitator()
    code = actions.workshop()
    phone = actions.phone_for(code)
    response = phone.post("Write up a detailed SMART impact plan")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/j/{code}#mine")
    page = phone.open()
    assert "Write up a detailed SMART impact plan" in page
    assert "Thank you: your statement is on the wall." in page
    assert stored_texts(app) == ["Write up a detailed SMART impact plan"]


def test_post_with_htmx_answers_with_the_panel_fragment(actions):
    actions.facilitator()
    code = actions.workshop()
    response = actions.phone_for(code).post("Activate a Twitter account", htmx=True)
    html = readable(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    assert html.lstrip().startswith('<div id="panel"')
    assert "<html" not in html
    assert "Activate a Twitter account" in html


BAD_INPUT = {
    "empty": ("", "Write something before you send it."),
    "whitespace": ("   \n\t  ", "Write something before you send it."),
    "only control characters": ("\x00\x07\x1b", "Write something before you send it."),
    "only emoji": ("🎉🙌👍", "Add some words: emoji and punctuation on their own do not say what you will do."),
    "only punctuation": ("?!…", "Add some words: emoji and punctuation on their own do not say what you will do."),
    "over the limit": ("x" * 281, "That is 281 characters; the limit is 280. Shorten it by 1 and send it again."),
}


@pytest.mark.parametrize("name", BAD_INPUT)
@pytest.mark.parametrize("htmx", [False, True])
def test_bad_input_gets_a_clear_message_and_keeps_the_text(actions, app, name, htmx):
    actions.facilitator()
    code = actions.workshop()
    typed, message = BAD_INPUT[name]
    response = actions.phone_for(code).post(typed, htmx=htmx)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    if typed.strip() and name != "only control characters":
        assert typed.strip() in html
    assert stored_texts(app) == []


GOOD_BUT_ODD = {
    "emoji sequences": "Share 👩🏽‍⚕️ stories with 🏳️‍🌈 staff network 👍",
    "right to left": "سأكتب خطة SMART للأثر",
    "hebrew and bidi marks": "\u200fאני אכתוב תוכנית",
    "combining characters": "Cafe\u0301 catch-ups with the mate\u0301rnite\u0301 team",
    "html and script": "<script>alert('x')</script><b>bold</b> & friends",
    "template syntax": "{{ 7*7 }} {% if x %} ${x} #{x}",
    "spreadsheet formula": '=HYPERLINK("http://evil.example","click")',
    "exactly the limit": "y" * 280,
}


@pytest.mark.parametrize("name", GOOD_BUT_ODD)
def test_unusual_text_is_stored_exactly_and_shown_escaped(actions, app, name):
    actions.facilitator()
    code = actions.workshop()
    text = GOOD_BUT_ODD[name]
    phone = actions.phone_for(code)
    assert phone.post(text).status_code == 302
    assert stored_texts(app) == [text]
    page = phone.open()
    assert "<script>alert" not in page
    if name == "html and script":
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    if name == "template syntax":
        # The literal text, never evaluated (a bare "49" could be in a random token on the page).
        assert "{{ 7*7 }} {% if x %} ${x} #{x}" in page.split("Your statements")[1]


def test_control_characters_are_removed_and_nothing_else_changes(actions, app):
    actions.facilitator()
    code = actions.workshop()
    actions.phone_for(code).post("Run a\x00 survey\x07 by March\r\nwith the\x1b team")
    assert stored_texts(app) == ["Run a survey by March\nwith the team"]


def test_a_double_tap_or_retry_stores_one_statement(actions, app):
    actions.facilitator()
    code = actions.workshop()
    phone = actions.phone_for(code)
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', phone.open()).group(1)
    first = phone.post("Create a post-it literature search feedback board", key=key)
    second = phone.post("Create a post-it literature search feedback board", key=key)
    assert first.status_code == second.status_code == 302
    assert stored_texts(app) == ["Create a post-it literature search feedback board"]
    assert "We already had that one" in phone.open()


def test_several_statements_up_to_the_workshops_limit(actions, app):
    actions.facilitator()
    code = actions.workshop(max_statements=2)
    phone = actions.phone_for(code)
    assert phone.post("One").status_code == 302
    assert phone.post("Two").status_code == 302
    third = phone.post("Three")
    assert third.status_code == 422
    assert "You have already sent 2 statements" in third.get_data(as_text=True)
    assert stored_texts(app) == ["One", "Two"]
    with app.app_context():
        assert db.session.query(Participant).count() == 1


@pytest.mark.parametrize("state", [WorkshopState.DRAFT, WorkshopState.CLOSED])
def test_a_workshop_that_is_not_open_says_so_and_keeps_the_text(actions, app, state):
    actions.facilitator()
    code = actions.workshop(state=state)
    phone = actions.phone_for(code)
    page = phone.open()
    expected = "has not opened yet" if state == WorkshopState.DRAFT else "This workshop is closed"
    assert expected in page
    response = phone.client.post(
        f"/j/{code}",
        data={"csrf_token": csrf_from(page), "text": "Talk to head of transformation", "idempotency_key": "k"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert expected in html and "Talk to head of transformation" in html
    assert stored_texts(app) == []


def assert_text_box_marked_invalid(html: str) -> None:
    """The statement box of the post and the edit form (one macro) says it is in error, to the eye and to a screen reader."""
    box = re.search(r"<textarea id=\"text\"[^>]*>", html)
    assert box, html
    assert 'aria-invalid="true"' in box.group(0)
    assert "input-error" in box.group(0)
    assert 'aria-describedby="text-count text-error"' in box.group(0)
    assert 'id="text-error"' in html and "form-group-error" in html


def test_an_invalid_post_marks_the_text_box(actions):
    actions.facilitator()
    code = actions.workshop()
    phone = actions.phone_for(code)
    response = phone.post("z" * 300)
    assert response.status_code == 422
    assert_text_box_marked_invalid(response.get_data(as_text=True))


def test_edit_and_withdraw_my_own_statement(actions, app):
    actions.facilitator()
    code = actions.workshop()
    phone = actions.phone_for(code)
    phone.post("Re-jig my next presentaton")
    with app.app_context():
        statement_id = db.session.query(Statement.id).scalar()
    edit_url = f"/j/{code}/s/{statement_id}/edit"
    form = phone.client.get(edit_url).get_data(as_text=True)
    assert "Re-jig my next presentaton" in form
    saved = phone.client.post(
        edit_url, data={"csrf_token": csrf_from(form), "text": "Re-jig my next presentation to include impact"}
    )
    assert saved.status_code == 302
    assert stored_texts(app) == ["Re-jig my next presentation to include impact"]
    too_long = phone.client.post(edit_url, data={"csrf_token": csrf_from(form), "text": "z" * 300})
    assert too_long.status_code == 422 and "z" * 300 in too_long.get_data(as_text=True)
    assert_text_box_marked_invalid(too_long.get_data(as_text=True))
    withdrawn = phone.client.post(f"/j/{code}/s/{statement_id}/withdraw", data={"csrf_token": csrf_from(form)})
    assert withdrawn.status_code == 302
    assert stored_texts(app) == []


def test_nobody_else_can_edit_or_withdraw_my_statement(actions, app):
    actions.facilitator()
    code = actions.workshop()
    mine, theirs = actions.phone_for(code), actions.phone_for(code)
    mine.post("Mine")
    with app.app_context():
        statement_id = db.session.query(Statement.id).scalar()
    page = theirs.open()
    assert theirs.client.get(f"/j/{code}/s/{statement_id}/edit").status_code == 404
    response = theirs.client.post(f"/j/{code}/s/{statement_id}/withdraw", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 404
    assert stored_texts(app) == ["Mine"]


def test_statements_cannot_be_changed_after_closing(actions, app):
    actions.facilitator()
    code = actions.workshop()
    phone = actions.phone_for(code)
    phone.post("Choose a project to use the five steps with")
    with app.app_context():
        from workshop.models import Workshop

        statement_id = db.session.query(Statement.id).scalar()
        db.session.query(Workshop).update({"state": WorkshopState.CLOSED})
        db.session.commit()
    page = phone.open()
    assert "Withdraw" not in page
    response = phone.client.post(
        f"/j/{code}/s/{statement_id}/edit", data={"csrf_token": csrf_from(page), "text": "changed"}
    )
    assert response.status_code == 422
    assert "closed" in response.get_data(as_text=True)
    assert stored_texts(app) == ["Choose a project to use the five steps with"]


def test_a_missing_or_stale_csrf_token_keeps_the_text_and_works_after_refresh(actions, app):
    actions.facilitator()
    code = actions.workshop()
    phone = actions.phone_for(code)
    phone.open()
    stale = phone.client.post(
        f"/j/{code}",
        data={"csrf_token": "stale-token", "text": "Launch a library competition", "idempotency_key": "k1"},
    )
    html = stale.get_data(as_text=True)
    assert stale.status_code == 400
    assert "we refreshed it for your security" in html
    assert "Launch a library competition" in html
    assert stored_texts(app) == []
    # The refreshed form carries a fresh token: pressing Send again works.
    again = phone.client.post(
        f"/j/{code}",
        data={"csrf_token": csrf_from(html), "text": "Launch a library competition", "idempotency_key": "k1"},
    )
    assert again.status_code == 302
    assert stored_texts(app) == ["Launch a library competition"]


def test_names_are_asked_only_when_the_workshop_wants_them(actions, app):
    actions.facilitator()
    anonymous = actions.workshop()
    named = actions.workshop(ask_names=True)
    assert "Your name (optional)" not in actions.phone_for(anonymous).open()
    phone = actions.phone_for(named)
    assert "Your name (optional)" in phone.open()
    phone.post("Follow more people on Twitter", name="Ann\x00 Lee", role="Clinical librarian")
    with app.app_context():
        participant = db.session.query(Participant).one()
        assert (participant.name, participant.role) == ("Ann Lee", "Clinical librarian")


def test_the_private_link_shows_my_statements(actions):
    actions.facilitator()
    code = actions.workshop()
    phone = actions.phone_for(code)
    phone.post("Encourage my team to collect feedback")
    page = phone.open()
    link = re.search(r'href="(/mine/[^"]+)"', page).group(1)
    other = actions.app.test_client()
    copy = other.get(link)
    assert copy.status_code == 200
    assert "Encourage my team to collect feedback" in readable(copy.get_data(as_text=True))
    assert other.get("/mine/not-a-token").status_code == 404


def test_approve_first_keeps_statements_off_the_wall(actions):
    actions.facilitator()
    code = actions.workshop(approve_first=True)
    phone = actions.phone_for(code)
    phone.post("Arrange to meet the Health & Wellbeing committee")
    assert "will appear once the facilitator has approved it" in phone.open()
