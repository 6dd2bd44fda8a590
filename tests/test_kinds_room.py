"""The word cloud, scale, ranking and questions in the room (issue 16), through the app: the agenda's
add/edit forms, a phone's answer without JavaScript (and with htmx), the wall's results or
"hidden until revealed". Bad input (empty, too long, emoji, RTL, HTML, control characters, out of
range, duplicate ranks, closed session, wrong role) gets words, never a 5xx.
"""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import Actions, csrf_from
from workshop import team
from workshop.extensions import db
from workshop.models import Activity, ActivityAnswer, Question, Workshop, WorkshopRole, WorkshopState

HTMX = {"HX-Request": "true"}
FORMS: dict[str, dict[str, str]] = {
    "words": {"prompt": "What drives impact where you work?", "max_words": "3"},
    "scale": {"prompt": "How confident are you?", "range": "0-10", "low_label": "Not at all", "high_label": "Very"},
    "ranking": {"prompt": "What helps most?", "items": "Time\nA team\nResources"},
    "questions": {"prompt": "What would you like to ask?"},
}


def _page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def _text(response: Any) -> str:
    return html.unescape(response.get_data(as_text=True))


def _add(actions: Actions, code: str, kind: str, client: FlaskClient | None = None, **fields: str):
    return actions.post_form(
        f"/facilitate/w/{code}/activities/new?kind={kind}", {**FORMS[kind], **fields}, client=client
    )


def _room_on(app: Flask, code: str, kind: str) -> int:
    """The id of the last activity of ``kind``, the room moved onto it."""
    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        activity = [a for a in workshop.activities if a.kind.value == kind][-1]
        workshop.current_activity_id = activity.id
        workshop.touch()
        db.session.commit()
        return activity.id


def _running(actions: Actions, app: Flask, kind: str, **fields: str) -> tuple[str, int]:
    code = actions.workshop()
    added = _add(actions, code, kind, **fields)
    assert added.status_code == 303, _text(added)[:2000]
    return code, _room_on(app, code, kind)


def _send(phone: FlaskClient, code: str, activity_id: int, data: dict[str, Any], htmx: bool = False):
    page = _page(phone, f"/j/{code}")
    return phone.post(
        f"/j/{code}/a/{activity_id}", data={"csrf_token": csrf_from(page), **data}, headers=HTMX if htmx else {}
    )


def _said(response: Any) -> str:
    """The page's words without its tags, white space folded: what a reader sees."""
    return " ".join(re.sub(r"<[^>]+>", " ", _text(response)).split())


def _payloads(app: Flask) -> list[dict[str, object]]:
    with app.app_context():
        return [a.payload for a in db.session.query(ActivityAnswer).order_by(ActivityAnswer.id)]


# --- the agenda's forms ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(FORMS))
def test_each_kind_is_added_from_its_form_and_edited(signed_in: Actions, app: Flask, kind: str) -> None:
    code = signed_in.workshop()
    form = _page(signed_in.client, f"/facilitate/w/{code}/activities/new?kind={kind}")
    assert "Hide" in form and "until I reveal them" in form
    assert _add(signed_in, code, kind, hide_results="y").status_code == 303
    activity_id = _room_on(app, code, kind)
    edit = f"/facilitate/w/{code}/activities/{activity_id}/edit"
    assert FORMS[kind]["prompt"] in _text(signed_in.client.get(edit))
    assert signed_in.post_form(edit, {**FORMS[kind], "prompt": "Changed?"}).status_code == 303
    with app.app_context():
        activity = db.session.get(Activity, activity_id)
        assert activity is not None and activity.prompt == "Changed?" and not activity.hide_results
    assert kind.replace("words", "word") in _page(signed_in.client, f"/facilitate/w/{code}").lower()


@pytest.mark.parametrize(
    ("kind", "fields", "message"),
    [
        ("words", {"max_words": "7"}, "one, two or three"),
        ("scale", {"range": "1-100"}, "1 to 5 or 0 to 10"),
        ("scale", {"low_label": "x" * 41}, "40 characters"),
        ("ranking", {"items": "Only one"}, "2 to 8 different items"),
        ("ranking", {"items": "\n".join(f"Item {n}" for n in range(9))}, "2 to 8 different items"),
        ("ranking", {"items": ""}, "Type the items"),
        ("ranking", {"items": "x" * 81 + "\nb"}, "80 characters"),
    ],
)
def test_bad_settings_come_back_saying_why(
    signed_in: Actions, app: Flask, kind: str, fields: dict[str, str], message: str
) -> None:
    code = signed_in.workshop()
    response = _add(signed_in, code, kind, **fields)
    assert response.status_code == 422 and message in _text(response)


def test_once_people_answered_a_scales_range_and_a_rankings_items_stay(signed_in: Actions, app: Flask) -> None:
    code, scale_id = _running(signed_in, app, "scale")
    _send(signed_in.phone_for(code).client, code, scale_id, {"value": "9"})
    edit = f"/facilitate/w/{code}/activities/{scale_id}/edit"
    refused = signed_in.post_form(edit, {**FORMS["scale"], "range": "1-5"})
    assert refused.status_code == 422 and "range stays as it was" in _text(refused)
    assert signed_in.post_form(edit, {**FORMS["scale"], "high_label": "Completely"}).status_code == 303
    _add(signed_in, code, "ranking")
    ranking_id = _room_on(app, code, "ranking")
    _send(signed_in.phone_for(code).client, code, ranking_id, {"rank-0": "1", "rank-1": "2", "rank-2": "3"})
    edit = f"/facilitate/w/{code}/activities/{ranking_id}/edit"
    refused = signed_in.post_form(edit, {**FORMS["ranking"], "items": "Time\nMoney"})
    assert refused.status_code == 422 and "stay as they were" in _text(refused)


# --- word cloud --------------------------------------------------------------------------------


def test_phones_send_words_and_the_wall_shows_them_folded(signed_in: Actions, app: Flask) -> None:
    code, cloud_id = _running(signed_in, app, "words")
    page = _page(signed_in.phone_for(code).client, f"/j/{code}")
    assert 'for="word-1"' in page and page.count('name="word"') == 3
    first, second = signed_in.phone_for(code).client, signed_in.phone_for(code).client
    sent = _send(first, code, cloud_id, {"word": ["Librarians", "trust", ""]})
    assert sent.status_code == 302
    assert "your words are in the cloud" in _page(first, f"/j/{code}")
    again = _send(first, code, cloud_id, {"word": ["Librarians", "trust"]}, htmx=True)
    assert again.status_code == 200 and "counted once" in _text(again)
    _send(second, code, cloud_id, {"word": ["librarian", "<script>alert(1)</script>", "تعاون"]})
    wall = _page(signed_in.client, f"/wall/{code}")
    assert "Librarians" in wall and "<script>alert(1)</script>" not in wall and "&lt;script&gt;" in wall
    assert "تعاون" in wall and 'wall-word-5"><span dir="auto">Librarians</span> <span class="wall-word-count">2' in wall
    signed_in.post_form(
        f"/facilitate/w/{code}/activities/{cloud_id}/words",
        {"word": "librarian", "action": "hide"},
        page=f"/facilitate/w/{code}/activities/{cloud_id}/moderate",
    )
    assert "Librarians" not in _page(signed_in.client, f"/wall/{code}")


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ([""], "Type a word before"),
        (["\x00\x07"], "Type a word before"),
        (["x" * 31], "30 characters"),
        (["🙂🙂🙂"], "letters or numbers"),
        (["a1", "b1", "c1", "d1"], "up to 3 words"),
        (["jo.bloggs@nhs.net"], "It looks like this contains an email address"),
    ],
)
def test_bad_words_come_back_with_the_form_and_why(
    signed_in: Actions, app: Flask, words: list[str], message: str
) -> None:
    code, cloud_id = _running(signed_in, app, "words")
    response = _send(signed_in.phone_for(code).client, code, cloud_id, {"word": words})
    heading = "Check before you send" if "email" in message else "Your words were not saved"
    assert response.status_code == 422 and message in _text(response) and heading in _text(response)
    assert _payloads(app) == []


# --- scale -------------------------------------------------------------------------------------


def test_phones_answer_a_scale_and_the_wall_shows_the_distribution_mean_and_median(
    signed_in: Actions, app: Flask
) -> None:
    code, scale_id = _running(signed_in, app, "scale")
    page = _page(signed_in.phone_for(code).client, f"/j/{code}")
    assert page.count('name="value"') == 11 and "Not at all" in page
    for value in ("10", "0", "7", "7"):
        assert _send(signed_in.phone_for(code).client, code, scale_id, {"value": value}).status_code == 302
    wall = _said(signed_in.client.get(f"/wall/{code}"))
    assert "mean 6.0" in wall and "median 7" in wall and "Very" in wall


@pytest.mark.parametrize("value", ["", "11", "-1", "5.5", "<b>5</b>", "9" * 40, "\x00"])
def test_bad_points_on_a_scale_come_back_with_why(signed_in: Actions, app: Flask, value: str) -> None:
    code, scale_id = _running(signed_in, app, "scale")
    response = _send(signed_in.phone_for(code).client, code, scale_id, {"value": value})
    assert response.status_code == 422 and "Choose" in _text(response)
    assert _payloads(app) == []


# --- ranking -----------------------------------------------------------------------------------


def test_phones_rank_with_a_number_per_item_and_the_wall_shows_mean_ranks(signed_in: Actions, app: Flask) -> None:
    code, ranking_id = _running(signed_in, app, "ranking")
    page = _page(signed_in.phone_for(code).client, f"/j/{code}")
    assert page.count("<select") == 3 and '<label class="checkbox-label" for="rank-0" dir="auto">Time</label>' in page
    _send(signed_in.phone_for(code).client, code, ranking_id, {"rank-0": "2", "rank-1": "3", "rank-2": "1"})
    _send(signed_in.phone_for(code).client, code, ranking_id, {"rank-0": "1", "rank-1": "3", "rank-2": "2"})
    wall = _said(signed_in.client.get(f"/wall/{code}"))
    assert wall.index("Time") < wall.index("Resources") < wall.index("A team") and "mean rank 1.5" in wall


@pytest.mark.parametrize(
    ("ranks", "message"),
    [
        ({"rank-0": "1", "rank-1": "1", "rank-2": "2"}, "“Time” and “A team” are both ranked 1"),
        ({"rank-0": "1", "rank-2": "2"}, "Give “A team” a rank"),
        ({"rank-0": "1", "rank-1": "2", "rank-2": "4"}, "from 1 to 3"),
        ({"rank-0": "1", "rank-1": "2", "rank-2": "<script>"}, "from 1 to 3"),
    ],
)
def test_duplicate_or_missing_ranks_come_back_with_the_ranks_kept(
    signed_in: Actions, app: Flask, ranks: dict[str, str], message: str
) -> None:
    code, ranking_id = _running(signed_in, app, "ranking")
    response = _send(signed_in.phone_for(code).client, code, ranking_id, ranks)
    body = _text(response)
    assert response.status_code == 422 and message in body and "Your ranking was not saved" in body
    assert '<option value="1" selected>1</option>' in body  # what the phone chose is still chosen
    assert _payloads(app) == []


# --- questions ---------------------------------------------------------------------------------


def test_phones_ask_and_upvote_and_the_wall_lists_by_votes_answered_last(signed_in: Actions, app: Flask) -> None:
    code, qa_id = _running(signed_in, app, "questions")
    asker, voter = signed_in.phone_for(code).client, signed_in.phone_for(code).client
    page = _page(asker, f"/j/{code}")
    key = page.split('name="idempotency_key" value="')[1].split('"')[0]
    first = asker.post(
        f"/j/{code}/a/{qa_id}",
        data={"csrf_token": csrf_from(page), "text": "How do I count reach?", "idempotency_key": key},
    )
    assert first.status_code == 302
    again = asker.post(
        f"/j/{code}/a/{qa_id}",
        data={"csrf_token": csrf_from(page), "text": "How do I count reach?", "idempotency_key": key},
        headers=HTMX,
    )
    assert "asked once" in _text(again)
    _send(voter, code, qa_id, {"text": "What is a measure?", "idempotency_key": "k2"})
    with app.app_context():
        reach = db.session.query(Question).filter_by(text="How do I count reach?").one().id
    voting = _page(voter, f"/j/{code}")
    assert "Vote for this" in voting and "your question" in voting
    token = csrf_from(voting)
    voter.post(f"/j/{code}/a/{qa_id}/vote", data={"csrf_token": token, "question": reach, "action": "vote"})
    wall = _text(signed_in.client.get(f"/wall/{code}"))
    assert wall.index("How do I count reach?") < wall.index("What is a measure?")
    signed_in.post_form(
        f"/facilitate/w/{code}/activities/{qa_id}/questions",
        {"question": reach, "action": "answer"},
        page=f"/facilitate/w/{code}/activities/{qa_id}/moderate",
    )
    wall = _text(signed_in.client.get(f"/wall/{code}"))
    assert wall.index("What is a measure?") < wall.index("How do I count reach?") and "Answered" in wall


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Write something"),
        (" \x00\x01 ", "Write something"),
        ("why " * 100, "the limit is 280"),
        ("Can I e-mail jo.bloggs@nhs.net about this?", "Send it as it is"),
    ],
)
def test_bad_questions_come_back_with_the_text_and_why(signed_in: Actions, app: Flask, text: str, message: str) -> None:
    code, qa_id = _running(signed_in, app, "questions")
    response = _send(signed_in.phone_for(code).client, code, qa_id, {"text": text, "idempotency_key": "k"})
    assert response.status_code == 422 and message in _text(response)
    with app.app_context():
        assert db.session.query(Question).count() == 0


def test_a_word_with_personal_data_sent_as_it_is_waits_for_the_facilitator(signed_in: Actions, app: Flask) -> None:
    """The statements' rule: asked once with what was noticed, kept as typed; sent as it is, it is
    off the wall until a facilitator approves it (recorded like any moderation)."""
    code, cloud_id = _running(signed_in, app, "words")
    phone = signed_in.phone_for(code).client
    refused = _send(phone, code, cloud_id, {"word": ["jo.bloggs@nhs.net", "trust"]})
    said = _text(refused)
    assert refused.status_code == 422 and "We noticed: “jo.bloggs@nhs.net”" in said and "Send it as it is" in said
    assert "Check before you send" in said and "not saved" not in said  # as the statements say it
    assert 'name="personal_data_confirmed"' in said and 'value="jo.bloggs@nhs.net"' in refused.get_data(as_text=True)
    assert _payloads(app) == []
    sent = _send(phone, code, cloud_id, {"word": ["jo.bloggs@nhs.net", "trust"], "personal_data_confirmed": "y"})
    assert sent.status_code == 302 and "the facilitator will check them" in _page(phone, f"/j/{code}")
    assert "jo.bloggs" not in _text(signed_in.client.get(f"/wall/{code}"))
    moderate = f"/facilitate/w/{code}/activities/{cloud_id}/moderate"
    waiting = _page(signed_in.client, moderate)
    assert "Waiting for you" in waiting and "May contain an email address" in waiting
    approved = signed_in.post_form(
        f"/facilitate/w/{code}/activities/{cloud_id}/words",
        {"word": "jo.bloggs@nhs.net", "action": "approve"},
        page=moderate,
    )
    assert approved.status_code == 303
    assert "jo.bloggs@nhs.net" in _text(signed_in.client.get(f"/wall/{code}"))
    assert "Tracey approved the word “jo.bloggs@nhs.net”" in _page(signed_in.client, moderate)


def test_a_question_with_personal_data_sent_as_it_is_waits_for_the_facilitator(signed_in: Actions, app: Flask) -> None:
    code, qa_id = _running(signed_in, app, "questions")
    phone = signed_in.phone_for(code).client
    text = "Can I e-mail jo.bloggs@nhs.net about this?"
    refused = _send(phone, code, qa_id, {"text": text, "idempotency_key": "k"})
    assert 'name="personal_data_confirmed"' in _text(refused) and text in _text(refused)  # what they typed is kept
    assert "Check before you send" in _text(refused) and "not sent" not in _text(refused)
    sent = _send(phone, code, qa_id, {"text": text, "idempotency_key": "k", "personal_data_confirmed": "y"})
    assert sent.status_code == 302 and "before it is listed" in _page(phone, f"/j/{code}")
    assert text not in _text(signed_in.client.get(f"/wall/{code}"))
    assert "Waiting for you" in _page(signed_in.client, f"/facilitate/w/{code}/activities/{qa_id}/moderate")


# --- what every kind shares --------------------------------------------------------------------


ANSWERS = {
    "words": {"word": ["care"]},
    "scale": {"value": "3"},
    "ranking": {"rank-0": "1", "rank-1": "2", "rank-2": "3"},
    "questions": {"text": "Why?", "idempotency_key": "k"},
}


@pytest.mark.parametrize("kind", list(FORMS))
def test_hidden_results_stay_off_the_wall_until_revealed(signed_in: Actions, app: Flask, kind: str) -> None:
    code, activity_id = _running(signed_in, app, kind, hide_results="y")
    _send(signed_in.phone_for(code).client, code, activity_id, ANSWERS[kind])
    assert "hidden until the facilitator reveals them" in _text(signed_in.client.get(f"/wall/{code}"))
    signed_in.post_form(
        f"/facilitate/w/{code}/activities/{activity_id}/reveal", {"shown": "1"}, page=f"/facilitate/w/{code}"
    )
    assert "hidden until the facilitator reveals them" not in _text(signed_in.client.get(f"/wall/{code}"))


@pytest.mark.parametrize("kind", list(FORMS))
def test_a_closed_session_takes_no_answers_and_says_so(signed_in: Actions, app: Flask, kind: str) -> None:
    code, activity_id = _running(signed_in, app, kind)
    phone = signed_in.phone_for(code).client
    token = csrf_from(_page(phone, f"/j/{code}"))
    with app.app_context():
        db.session.query(Workshop).filter_by(code=code).one().state = WorkshopState.CLOSED
        db.session.commit()
    response = phone.post(f"/j/{code}/a/{activity_id}", data={"csrf_token": token, **ANSWERS[kind]})
    assert response.status_code == 422 and "closed" in _text(response)
    assert _payloads(app) == []
    page = _page(phone, f"/j/{code}")
    assert "Send my" not in page  # no button to press
    assert _page(signed_in.client, f"/wall/{code}")


def test_a_moderator_moderates_but_does_not_add_kinds(signed_in: Actions, app: Flask) -> None:
    code, qa_id = _running(signed_in, app, "questions")
    signed_in.facilitator("margaret@example.nhs.uk", "Margaret")
    with app.app_context():
        team.share(
            db.session.query(Workshop).filter_by(code=code).one(), "margaret@example.nhs.uk", WorkshopRole.MODERATOR
        )
        db.session.commit()
    moderator = app.test_client()
    signed_in.sign_in("margaret@example.nhs.uk", client=moderator)
    assert moderator.get(f"/facilitate/w/{code}/activities/{qa_id}/moderate").status_code == 200
    workshop_page = _page(moderator, f"/facilitate/w/{code}")
    assert f'href="/facilitate/w/{code}/activities/{qa_id}/moderate">Moderate questions' in workshop_page
    refused = _add(signed_in, code, "words", client=moderator)
    assert refused.status_code == 403
