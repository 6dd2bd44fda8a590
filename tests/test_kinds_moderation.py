"""Moderating a word cloud's words and the questions to the facilitator (issue 16), through the app:
hiding, showing, answering and deleting by the owner, a co-facilitator and a moderator is recorded
(who, what, when) as statements' moderation is, and shown on the activity's moderation page and in
the workshop's moderation view. A deleted word or question is gone for good, from the record too.
"""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.conftest import Actions, csrf_from, room_on_newest
from workshop.common.dates import clock
from workshop.extensions import db
from workshop.models import Activity, ActivityAnswer, Question, StatementChange

VICTORIA = "victoria@example.nhs.uk"
MO = "mo@example.nhs.uk"
FORMS = {
    "words": {"prompt": "What drives impact where you work?", "max_words": "3"},
    "questions": {"prompt": "What would you like to ask?"},
}


def _said(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _team(actions: Actions, code: str) -> tuple[FlaskClient, FlaskClient]:
    """Victoria (co-facilitator) and Mo (moderator), each signed in on their own browser."""
    clients = []
    for email, name, role in ((VICTORIA, "Victoria", "co-facilitator"), (MO, "Mo", "moderator")):
        actions.facilitator(email, name)
        client = actions.app.test_client()
        assert actions.sign_in(email, client=client).status_code == 302
        shared = actions.post_form(
            f"/facilitate/w/{code}/people", {"email": email, "role": role}, page=f"/facilitate/w/{code}"
        )
        assert shared.status_code in (302, 303)
        clients.append(client)
    return clients[0], clients[1]


def _running(actions: Actions, app: Flask, kind: str) -> tuple[str, int]:
    code = actions.workshop()
    assert actions.post_form(f"/facilitate/w/{code}/activities/new?kind={kind}", FORMS[kind]).status_code == 303
    return code, room_on_newest(app, code)


def _answer(actions: Actions, code: str, activity_id: int, data: dict[str, object]) -> None:
    phone = actions.phone_for(code).client
    page = phone.get(f"/j/{code}").get_data(as_text=True)
    sent = phone.post(f"/j/{code}/a/{activity_id}", data={"csrf_token": csrf_from(page), **data})
    assert sent.status_code == 302, sent.get_data(as_text=True)[:400]


def _records(app: Flask) -> list[tuple[str, int, str, str, str, int | None]]:
    with app.app_context():
        rows = db.session.scalars(select(StatementChange).order_by(StatementChange.id)).all()
        return [(r.subject, r.statement_id, r.who, r.action, r.detail, r.activity_id) for r in rows]


def test_who_hid_showed_and_deleted_each_word_is_recorded_and_shown(signed_in: Actions, app: Flask) -> None:
    code, cloud_id = _running(signed_in, app, "words")
    victoria, mo = _team(signed_in, code)
    _answer(signed_in, code, cloud_id, {"word": ["Librarians", "trust"]})
    _answer(signed_in, code, cloud_id, {"word": ["librarian", "Trust", "time"]})
    moderate = f"/facilitate/w/{code}/activities/{cloud_id}/moderate"
    words = f"/facilitate/w/{code}/activities/{cloud_id}/words"
    assert signed_in.post_form(words, {"word": "trust", "action": "hide"}, page=moderate, client=mo).status_code == 303
    assert (
        signed_in.post_form(words, {"word": "trust", "action": "show"}, page=moderate, client=victoria).status_code
        == 303
    )
    assert signed_in.post_form(words, {"word": "librarian", "action": "hide"}, page=moderate).status_code == 303
    deleted = signed_in.post_form(words, {"word": "librarian", "action": "delete"}, page=moderate)
    assert deleted.status_code == 303
    assert "deleted from 2 answers for good" in _said(signed_in.client.get(moderate).get_data(as_text=True))

    assert _records(app) == [
        ("word", cloud_id, "Mo", "hide", "trust", cloud_id),
        ("word", cloud_id, "Victoria", "show", "trust", cloud_id),
        ("word", cloud_id, "Tracey", "hide", "", cloud_id),  # the deleted word is gone from the record too
        ("word", cloud_id, "Tracey", "delete", "", cloud_id),
    ]
    with app.app_context():
        kept = [a.payload["words"] for a in db.session.scalars(select(ActivityAnswer).order_by(ActivityAnswer.id))]
        assert kept == [["trust"], ["Trust", "time"]]
        at = db.session.scalars(select(StatementChange.at).order_by(StatementChange.id)).first()
    page = mo.get(moderate).get_data(as_text=True)  # a moderator sees the record
    shown = _said(page)
    assert f"{clock(at)} Mo hid the word “trust”" in shown and "Victoria showed the word “trust”" in shown
    record = shown[shown.index("Who changed what") :]
    assert "Tracey deleted a word (it is gone)" in record and "ibrarian" not in record
    assert "Librarians" not in _said(signed_in.client.get(f"/wall/{code}").get_data(as_text=True))
    # The workshop's moderation view lists them with the statements' changes.
    assert "Mo hid the word “trust”" in _said(victoria.get(f"/facilitate/w/{code}").get_data(as_text=True))


def test_who_hid_answered_and_deleted_each_question_is_recorded_and_shown(signed_in: Actions, app: Flask) -> None:
    code, asking_id = _running(signed_in, app, "questions")
    victoria, mo = _team(signed_in, code)
    for text in ("How do I measure reach?", "Is a story evidence?", "Posted by mistake, please remove"):
        _answer(signed_in, code, asking_id, {"text": text})
    with app.app_context():
        first, second, third = db.session.scalars(select(Question.id).order_by(Question.id)).all()
    moderate = f"/facilitate/w/{code}/activities/{asking_id}/moderate"
    act = f"/facilitate/w/{code}/activities/{asking_id}/questions"
    assert signed_in.post_form(act, {"question": first, "action": "hide"}, page=moderate, client=mo).status_code == 303
    assert (
        signed_in.post_form(act, {"question": second, "action": "answer"}, page=moderate, client=victoria).status_code
        == 303
    )
    gone = signed_in.post_form(act, {"question": third, "action": "delete"}, page=moderate)
    assert gone.status_code == 303
    assert "deleted for good" in _said(signed_in.client.get(moderate).get_data(as_text=True))
    assert _records(app) == [
        ("question", first, "Mo", "hide", "", asking_id),
        ("question", second, "Victoria", "answer", "", asking_id),
        ("question", third, "Tracey", "delete", "", asking_id),
    ]
    with app.app_context():
        assert db.session.get(Question, third) is None
        activity = db.session.get(Activity, asking_id)
        assert activity is not None and len(activity.questions) == 2
    shown = _said(mo.get(moderate).get_data(as_text=True))
    assert f"Mo hid question {first}" in shown and f"Victoria marked answered question {second}" in shown
    assert f"Tracey deleted question {third} (its text is gone)" in shown and "Posted by mistake" not in shown
    assert "Posted by mistake" not in _said(signed_in.client.get(f"/wall/{code}").get_data(as_text=True))


def test_moderating_a_word_or_question_gets_words_for_bad_input(signed_in: Actions, app: Flask) -> None:
    code, cloud_id = _running(signed_in, app, "words")
    moderate = f"/facilitate/w/{code}/activities/{cloud_id}/moderate"
    words = f"/facilitate/w/{code}/activities/{cloud_id}/words"
    for data, message in (
        ({"word": "", "action": "delete"}, "Choose a word."),
        ({"word": "trust", "action": "erase"}, "did not come from this page"),
        ({"word": "!!!", "action": "delete"}, "Choose a word to hide."),
    ):
        refused = signed_in.post_form(words, data, page=moderate)
        assert refused.status_code == 303
        assert message in _said(signed_in.client.get(moderate).get_data(as_text=True))
    assert _records(app) == []
