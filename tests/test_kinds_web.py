"""The word cloud's and the questions' own routes through the app (issue 16): a phone's vote for a
question, the facilitator's moderation page, hiding a word, marking a question answered.

Bad input (a missing or foreign question, a made-up action, a huge number, HTML, a closed
workshop, another facilitator, a moderator) gets a clear message or the role's refusal, never a 5xx.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import Actions, csrf_from
from workshop import team
from workshop.extensions import db
from workshop.kinds import operations as kinds
from workshop.models import (
    Activity,
    ActivityKind,
    Participant,
    Question,
    QuestionVote,
    Workshop,
    WorkshopRole,
    WorkshopState,
)


def _activity(app: Flask, code: str, kind: ActivityKind, **settings: Any) -> int:
    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        activity = Activity(kind=kind, prompt="Ask us anything", position=len(workshop.activities))
        activity.settings = settings
        workshop.activities.append(activity)
        db.session.flush()
        workshop.current_activity_id = activity.id
        db.session.commit()
        return activity.id


def _question(app: Flask, activity_id: int, text: str = "How do we measure reach?") -> int:
    with app.app_context():
        activity = db.session.get(Activity, activity_id)
        assert activity is not None
        asker = Participant(workshop=activity.workshop)
        db.session.add(asker)
        db.session.flush()
        question = kinds.ask_question(activity, asker, kinds.QuestionEntry(text)).question
        db.session.commit()
        return question.id


def _votes(app: Flask) -> int:
    with app.app_context():
        return db.session.query(QuestionVote).count()


def _post(client: FlaskClient, url: str, page: str, follow: bool = True, **data: Any):
    token = csrf_from(client.get(page).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data}, follow_redirects=follow)


@pytest.fixture()
def qa(signed_in: Actions, app: Flask) -> tuple[str, int, int]:
    code = signed_in.workshop()
    activity_id = _activity(app, code, ActivityKind.QUESTIONS)
    return code, activity_id, _question(app, activity_id)


def test_a_phone_votes_once_and_takes_the_vote_back(signed_in: Actions, app: Flask, qa: tuple[str, int, int]) -> None:
    code, activity_id, question_id = qa
    phone = signed_in.phone_for(code).client
    url, page = f"/j/{code}/a/{activity_id}/vote", f"/j/{code}"
    response = _post(phone, url, page, follow=False, question=question_id, action="vote")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/j/{code}#q{question_id}")
    assert "Your vote is counted" in phone.get(page).get_data(as_text=True)
    _post(phone, url, page, question=question_id, action="vote")  # a double tap
    assert _votes(app) == 1
    assert "You took back your vote" in _post(phone, url, page, question=question_id, action="unvote").get_data(
        as_text=True
    )
    assert _votes(app) == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "vote"}, "not on the list any more"),
        ({"action": "vote", "question": "abc"}, "not on the list any more"),
        ({"action": "vote", "question": str(2**63)}, "not on the list any more"),
        ({"action": "vote", "question": "999999"}, "not on the list any more"),
        ({"action": "<script>alert(1)</script>", "question": "1"}, "did not come from this page"),
        ({"action": "vote", "question": "1\x00"}, "not on the list any more"),
    ],
)
def test_bad_votes_get_a_message_not_an_error(
    signed_in: Actions, app: Flask, qa: tuple[str, int, int], data: dict[str, str], message: str
) -> None:
    code, activity_id, _ = qa
    phone = signed_in.phone_for(code).client
    response = _post(phone, f"/j/{code}/a/{activity_id}/vote", f"/j/{code}", **data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _votes(app) == 0


def test_votes_are_refused_once_the_workshop_is_closed_or_the_room_moved_on(
    signed_in: Actions, app: Flask, qa: tuple[str, int, int]
) -> None:
    code, activity_id, question_id = qa
    phone = signed_in.phone_for(code).client
    page = phone.get(f"/j/{code}").get_data(as_text=True)
    token = csrf_from(page)
    _activity(app, code, ActivityKind.SCALE)  # the room moves on
    response = phone.post(
        f"/j/{code}/a/{activity_id}/vote", data={"csrf_token": token, "question": question_id, "action": "vote"}
    )
    assert response.status_code == 303
    assert "moved on" in phone.get(f"/j/{code}").get_data(as_text=True)
    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        workshop.current_activity_id = activity_id
        workshop.state = WorkshopState.CLOSED
        db.session.commit()
    response = phone.post(
        f"/j/{code}/a/{activity_id}/vote",
        data={"csrf_token": token, "question": question_id, "action": "vote"},
        follow_redirects=True,
    )
    assert response.status_code == 200 and "closed" in response.get_data(as_text=True)
    assert _votes(app) == 0


def test_a_vote_for_an_activity_that_is_not_questions_is_404_in_words(signed_in: Actions, app: Flask) -> None:
    code = signed_in.workshop()
    scale_id = _activity(app, code, ActivityKind.SCALE)
    phone = signed_in.phone_for(code).client
    response = _post(phone, f"/j/{code}/a/{scale_id}/vote", f"/j/{code}", follow=False, question=1, action="vote")
    assert response.status_code == 404
    assert "That activity is not on this workshop" in response.get_data(as_text=True)


def test_the_facilitator_marks_answered_hides_and_shows_questions(
    signed_in: Actions, app: Flask, qa: tuple[str, int, int]
) -> None:
    code, activity_id, question_id = qa
    page = f"/facilitate/w/{code}/activities/{activity_id}/moderate"
    listing = signed_in.client.get(page)
    assert listing.status_code == 200 and "How do we measure reach?" in listing.get_data(as_text=True)
    url = f"/facilitate/w/{code}/activities/{activity_id}/questions"
    answered = _post(signed_in.client, url, page, question=question_id, action="answer")
    assert "The question is marked answered" in answered.get_data(as_text=True)
    hidden = _post(signed_in.client, url, page, question=question_id, action="hide")
    assert "The question is hidden" in hidden.get_data(as_text=True) and "Waiting or hidden" in hidden.get_data(
        as_text=True
    )
    with app.app_context():
        question = db.session.get(Question, question_id)
        assert question is not None and question.answered and question.status.value == "hidden"
    for bad, message in (({"question": question_id, "action": "erase"}, "did not come from this page"),
                         ({"question": "", "action": "hide"}, "not on the list any more"),
                         ({"question": "77777", "action": "hide"}, "not on the list any more")):  # fmt: skip
        response = _post(signed_in.client, url, page, **bad)
        assert response.status_code == 200 and message in response.get_data(as_text=True)


def test_the_facilitator_hides_a_word_and_shows_it_again(signed_in: Actions, app: Flask) -> None:
    code = signed_in.workshop()
    cloud_id = _activity(app, code, ActivityKind.WORDS)
    with app.app_context():
        cloud = db.session.get(Activity, cloud_id)
        assert cloud is not None
        for words in (["Librarians", "<b>care</b>"], ["librarian"]):
            person = Participant(workshop=cloud.workshop)
            db.session.add(person)
            db.session.flush()
            kinds.answer_words(cloud, person, words)
        db.session.commit()
    page = f"/facilitate/w/{code}/activities/{cloud_id}/moderate"
    html = signed_in.client.get(page).get_data(as_text=True)
    assert "Librarians" in html and "&lt;b&gt;care&lt;/b&gt;" in html and "<b>care</b>" not in html
    url = f"/facilitate/w/{code}/activities/{cloud_id}/words"
    hidden = _post(signed_in.client, url, page, word="librarian", action="hide").get_data(as_text=True)
    assert "“librarian” is hidden from the wall" in hidden and "Hidden words" in hidden
    with app.app_context():
        assert kinds.hidden_words_of(db.session.get(Activity, cloud_id)) == ["librarian"]  # type: ignore[arg-type]
    shown = _post(signed_in.client, url, page, word="librarian", action="show").get_data(as_text=True)
    assert "back on the wall" in shown and "Hidden words" not in shown
    for bad, message in (({"word": "", "action": "hide"}, "Choose a word"),
                         ({"word": "x" * 300, "action": "hide"}, "not a word of this cloud"),
                         ({"word": "care", "action": "burn"}, "did not come from this page")):  # fmt: skip
        response = _post(signed_in.client, url, page, **bad)
        assert response.status_code == 200 and message in response.get_data(as_text=True)


def test_moderation_pages_check_the_facilitator(signed_in: Actions, app: Flask, qa: tuple[str, int, int]) -> None:
    code, activity_id, question_id = qa
    signed_in.facilitator("margaret@example.nhs.uk", "Margaret")
    signed_in.facilitator("victoria@example.nhs.uk", "Victoria")
    with app.app_context():
        team.share(
            db.session.query(Workshop).filter_by(code=code).one(), "margaret@example.nhs.uk", WorkshopRole.MODERATOR
        )
        db.session.commit()
    page = f"/facilitate/w/{code}/activities/{activity_id}/moderate"
    moderator, stranger = app.test_client(), app.test_client()
    signed_in.sign_in("margaret@example.nhs.uk", client=moderator)
    signed_in.sign_in("victoria@example.nhs.uk", client=stranger)
    assert moderator.get(page).status_code == 200  # moderation is a moderator's
    assert stranger.get(page).status_code == 404
    token = csrf_from(stranger.get("/facilitate/").get_data(as_text=True))
    response = stranger.post(
        f"/facilitate/w/{code}/activities/{activity_id}/questions",
        data={"csrf_token": token, "question": question_id, "action": "hide"},
    )
    assert response.status_code == 404
    assert app.test_client().get(page).status_code == 302  # not signed in: to the sign-in page
    scale_id = _activity(app, code, ActivityKind.SCALE)
    assert signed_in.client.get(f"/facilitate/w/{code}/activities/{scale_id}/moderate").status_code == 404
