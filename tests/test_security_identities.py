"""Clearing cookies must not multiply a person (finding 6 of issue 12).

Fresh cookie jars from one address each became a new participant, without limit. New identities
are now capped per address per minute (generous: a venue's phones share one address), the
facilitator sees how fast phones join and can lock joining, and votes count only while open.
"""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from surveys.models import SurveyResponse
from tests.board_helpers import open_voting
from tests.conftest import Actions, csrf_from
from workshop.config import DEFAULTS, from_environment
from workshop.extensions import db
from workshop.models import Participant, Vote, Workshop, WorkshopState
from workshop.ratelimits import limiter

TOO_MANY = "Too many new phones from this network just now"
LOCKED = "Joining is locked"


def _participants(app: Flask) -> int:
    with app.app_context():
        return db.session.query(Participant).count()


def test_the_default_cap_is_generous_and_the_environment_sets_it() -> None:
    assert DEFAULTS["NEW_PHONE_ADDRESS_LIMIT"] == "60 per minute"
    assert (
        from_environment({"NEW_PHONE_ADDRESS_LIMIT": "200 per minute"})["NEW_PHONE_ADDRESS_LIMIT"] == "200 per minute"
    )


@pytest.mark.parametrize("app_settings", [{"NEW_PHONE_ADDRESS_LIMIT": "3 per minute"}])
def test_fresh_cookie_jars_from_one_address_make_only_so_many_people(
    actions: Actions, app: Flask, app_settings: Any
) -> None:
    actions.facilitator()
    code = actions.workshop()
    first = actions.phone_for(code)
    assert first.post("First phone's statement").status_code == 302
    for n in range(2):
        assert actions.phone_for(code).post(f"Phone {n}").status_code == 302
    refused = actions.phone_for(code).post("My typed plan to run a journal club")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429
    assert TOO_MANY in page and "wait a minute and try again" in page
    assert "My typed plan to run a journal club" in page  # the text is not lost
    refused_htmx = actions.phone_for(code).post("Typed again", htmx=True)
    assert refused_htmx.status_code == 429
    assert TOO_MANY in refused_htmx.get_data(as_text=True)
    assert "Typed again" in refused_htmx.get_data(as_text=True)
    assert _participants(app) == 3
    # A phone that already has its identity is not counted again.
    assert first.post("First phone's second statement").status_code == 302
    assert _participants(app) == 3


def _voting_workshop(actions: Actions, app: Flask, **settings: Any) -> tuple[str, int]:
    actions.facilitator()
    code = actions.workshop(**settings)
    (theme_id,) = open_voting(app, code, ["Journal clubs"])
    return code, theme_id


def _vote(phone: Any, code: str, theme_id: int, *, htmx: bool = True):
    token = csrf_from(phone.open())
    headers = {"HX-Request": "true"} if htmx else {}
    return phone.client.post(
        f"/j/{code}/themes/t/{theme_id}/vote", data={"csrf_token": token, "action": "vote"}, headers=headers
    )


@pytest.mark.parametrize("app_settings", [{"NEW_PHONE_ADDRESS_LIMIT": "2 per minute"}])
def test_fresh_cookie_jars_cannot_cast_votes_past_the_cap(actions: Actions, app: Flask, app_settings: Any) -> None:
    code, theme_id = _voting_workshop(actions, app)
    statuses = [_vote(actions.phone_for(code), code, theme_id).status_code for _ in range(4)]
    assert statuses == [200, 200, 429, 429]
    with app.app_context():
        assert db.session.query(Vote).count() == 2
    refused = _vote(actions.phone_for(code), code, theme_id)
    assert TOO_MANY in refused.get_data(as_text=True)


def _lock(actions: Actions, code: str, locked: bool) -> None:
    response = actions.post_form(
        f"/facilitate/w/{code}/joining", {"locked": "1" if locked else "0"}, page=f"/facilitate/w/{code}"
    )
    assert response.status_code == 302, response.status_code


def test_locked_joining_refuses_new_phones_and_keeps_the_ones_that_joined(actions: Actions, app: Flask) -> None:
    code, theme_id = _voting_workshop(actions, app)
    assert actions.sign_in().status_code == 302
    joined = actions.phone_for(code)
    assert joined.post("Before the lock").status_code == 302
    page = actions.client.get(f"/facilitate/w/{code}").get_data(as_text=True)
    assert "Lock joining" in page
    assert "1 new phone in the last minute" in page
    _lock(actions, code, True)
    assert actions.workshop_row(code).joining_locked
    page = actions.client.get(f"/facilitate/w/{code}").get_data(as_text=True)
    assert "Unlock joining" in page

    newcomer = actions.phone_for(code)
    assert LOCKED in newcomer.open()
    refused = newcomer.post("Locked out text")
    assert refused.status_code == 403
    assert LOCKED in refused.get_data(as_text=True)
    assert "Locked out text" in refused.get_data(as_text=True)
    refused_vote = _vote(actions.phone_for(code), code, theme_id)
    assert refused_vote.status_code == 403
    assert LOCKED in refused_vote.get_data(as_text=True)
    assert _participants(app) == 1

    # The phone that had joined carries on: it posts and votes.
    assert LOCKED not in joined.open()
    assert joined.post("After the lock").status_code == 302
    assert _vote(joined, code, theme_id).status_code == 200
    with app.app_context():
        assert db.session.query(Vote).count() == 1

    _lock(actions, code, False)
    assert newcomer.post("Now I can join").status_code == 302
    assert _participants(app) == 2


def test_the_facilitator_sees_how_many_phones_joined_lately(actions: Actions, app: Flask) -> None:
    actions.facilitator()
    code = actions.workshop()
    assert actions.sign_in().status_code == 302
    for n in range(3):
        assert actions.phone_for(code).post(f"Statement {n}").status_code == 302
    page = actions.client.get(f"/facilitate/w/{code}").get_data(as_text=True)
    assert "3 new phones in the last minute" in page
    assert "3 in the last 10 minutes" in page


def test_host_commands_lock_and_unlock_joining(actions: Actions, app: Flask) -> None:
    actions.facilitator()
    code = actions.workshop()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["workshop", "lock", code])
    assert result.exit_code == 0, result.output
    assert "locked" in result.output
    assert actions.workshop_row(code).joining_locked
    result = runner.invoke(args=["workshop", "unlock", code])
    assert result.exit_code == 0, result.output
    assert not actions.workshop_row(code).joining_locked
    assert runner.invoke(args=["workshop", "lock", "NOPE99"]).exit_code != 0


def test_a_vote_is_refused_when_the_workshop_is_not_open(actions: Actions, app: Flask) -> None:
    code, theme_id = _voting_workshop(actions, app)
    phone = actions.phone_for(code)
    assert phone.post("Joined while open").status_code == 302
    token = csrf_from(phone.open())
    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        workshop.state = WorkshopState.CLOSED
        db.session.commit()
    response = phone.client.post(
        f"/j/{code}/themes/t/{theme_id}/vote",
        data={"csrf_token": token, "action": "vote"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code < 500
    assert "Voting is not open just now." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Vote).count() == 0


# --- survey respondents: the same cap, the same counter ------------------------------------------

SURVEY_TOO_MANY = "Too many new people answering from this network just now"


def _free_text_survey(actions: Actions, *, allow_multiple: bool = False) -> str:
    """A published one-question survey (one response per device unless ``allow_multiple``)."""
    from tests.test_surveys_web import BASE, Designer

    designer = Designer(actions)
    code = designer.create(**({"allow_multiple": "y"} if allow_multiple else {}))
    assert designer.write(code, "What changed because of the search?").status_code == 302
    assert designer.publish(code).status_code == 302
    assert actions.client.get(f"{BASE}/{code}").status_code == 200
    return code


def _form_of(page: str, text: str | None = None) -> dict[str, str]:
    """What Send posts from a one-question survey page: its tokens and the answer in its box."""
    box = re.search(r'name="(answer-[^"]+)"[^>]*>([^<]*)</textarea>', page)
    idempotency = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', page)
    assert box and idempotency, page
    answer = text if text is not None else html.unescape(box.group(2))
    return {"csrf_token": csrf_from(page), "idempotency_key": idempotency.group(1), box.group(1): answer}


def _answer(client: Any, code: str, text: str):
    """One respondent's real round trip: open the survey, then Send with the page's CSRF token."""
    page = client.get(f"/s/{code}").get_data(as_text=True)
    return client.post(f"/s/{code}", data=_form_of(page, text))


def _responses(app: Flask) -> int:
    with app.app_context():
        return db.session.query(SurveyResponse).count()


@pytest.mark.parametrize("app_settings", [{"NEW_PHONE_ADDRESS_LIMIT": "24 per minute"}])
def test_fresh_cookie_jars_cannot_multiply_a_survey_respondent(
    signed_in: Actions, app: Flask, app_settings: Any
) -> None:
    """25 fresh cookie jars from one address: 24 answers are stored, the 25th gets a clear 429."""
    code = _free_text_survey(signed_in)
    statuses = [_answer(app.test_client(), code, f"Answer {n}").status_code for n in range(24)]
    assert statuses == [302] * 24
    later = app.test_client()
    refused = _answer(later, code, "We changed the falls leaflet")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429
    assert SURVEY_TOO_MANY in page and "wait a minute" in page
    assert "We changed the falls leaflet" in page  # what the person typed is kept, ready to Send again
    assert "Send my answers" in page
    assert _responses(app) == 24
    # A minute later (the limiter's window emptied), Send on that very page stores what was typed.
    with app.app_context():
        limiter.reset()
    resent = later.post(f"/s/{code}", data=_form_of(page))
    assert resent.status_code == 302
    with app.app_context():
        stored = db.session.scalars(select(SurveyResponse.answers_json)).all()
    assert len(stored) == 25 and any("We changed the falls leaflet" in text for text in stored)


@pytest.mark.parametrize("app_settings", [{"NEW_PHONE_ADDRESS_LIMIT": "3 per minute"}])
def test_new_phones_and_new_respondents_share_one_cap(signed_in: Actions, app: Flask, app_settings: Any) -> None:
    """One rule, one counter: two phones joining a workshop leave room for one new respondent."""
    survey_code = _free_text_survey(signed_in)
    workshop_code = signed_in.workshop()
    for n in range(2):
        assert signed_in.phone_for(workshop_code).post(f"Phone {n}").status_code == 302
    assert _answer(app.test_client(), survey_code, "First respondent").status_code == 302
    assert _answer(app.test_client(), survey_code, "Second respondent").status_code == 429
    assert signed_in.phone_for(workshop_code).post("A third phone").status_code == 429
    assert _responses(app) == 1


@pytest.mark.parametrize("app_settings", [{"NEW_PHONE_ADDRESS_LIMIT": "2 per minute"}])
def test_a_respondent_who_answered_is_not_counted_again(signed_in: Actions, app: Flask, app_settings: Any) -> None:
    """On a survey that takes several answers per device, one device's later answers are not new people."""
    code = _free_text_survey(signed_in, allow_multiple=True)
    same = app.test_client()
    assert [_answer(same, code, f"Visit {n}").status_code for n in range(4)] == [302] * 4
    assert _answer(app.test_client(), code, "Someone else").status_code == 302
    assert _answer(app.test_client(), code, "A third person").status_code == 429
    assert _answer(same, code, "Visit 5").status_code == 302
    assert _responses(app) == 6


def test_with_the_default_cap_one_address_gives_sixty_new_answers_a_minute(signed_in: Actions, app: Flask) -> None:
    """The default (60 per minute) is what docs/security.md promises: the 61st new respondent waits."""
    code = _free_text_survey(signed_in)
    assert [_answer(app.test_client(), code, f"Answer {n}").status_code for n in range(60)] == [302] * 60
    assert _answer(app.test_client(), code, "The 61st").status_code == 429
    assert _responses(app) == 60
