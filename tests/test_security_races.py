"""Limits hold under real concurrent requests against gunicorn (finding 12 of issue 12).

Two gunicorn workers with threads each, on the test database (SQLite or, in CI's second run,
PostgreSQL): one participant's parallel posts and votes, and one device's parallel survey answers,
are counted one at a time in the database, so no burst stores more than the workshop or survey
allows; votes racing a workshop's deletion get a clear answer; none gets a 5xx.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from flask import Flask

from surveys.models import SurveyResponse, SurveyState
from surveys.operations import QuestionInput, SurveySettings, add_question, change_state, create_survey
from tests.board_helpers import open_voting
from tests.conftest import PASSWORD, Actions, csrf_from, sql_sent
from tests.scale_servers import IDEMPOTENCY, AppServer
from workshop.extensions import db
from workshop.models import Facilitator, Participant, Statement, Vote, Workshop


@pytest.fixture()
def server(actions: Actions, database_url: str, _schema: None, tmp_path: Path) -> Iterator[AppServer]:
    settings = {"STATEMENT_RATE_LIMIT": "1000 per minute", "WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "8"}
    started = AppServer(database_url, tmp_path, settings).start()
    try:
        yield started
    finally:
        started.stop()


def _page(http: requests.Session, url: str) -> tuple[str, str]:
    page = http.get(url, timeout=30).text
    match = IDEMPOTENCY.search(page)
    return csrf_from(page), match.group(1) if match else ""


def _all_at_once(requests_to_send: list[tuple[requests.Session, str, dict[str, str]]]) -> list[int]:
    barrier = threading.Barrier(len(requests_to_send))
    statuses: list[int] = [0] * len(requests_to_send)

    def send(index: int, http: requests.Session, url: str, data: dict[str, str]) -> None:
        barrier.wait(timeout=30)
        statuses[index] = http.post(url, data=data, timeout=60, allow_redirects=False).status_code

    threads = [threading.Thread(target=send, args=(index, *request)) for index, request in enumerate(requests_to_send)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    return statuses


def _twin(phone: requests.Session) -> requests.Session:
    """Another connection of the same phone: the same cookies, its own socket."""
    twin = requests.Session()
    twin.cookies.update(phone.cookies)
    return twin


def test_parallel_posts_never_pass_the_statement_limit(actions: Actions, app: Flask, server: AppServer) -> None:
    actions.facilitator()
    code = actions.workshop(max_statements=3)
    phone = requests.Session()
    url = f"{server.url}/j/{code}"
    token, key = _page(phone, url)
    assert phone.post(url, data={"csrf_token": token, "text": "First", "idempotency_key": key}, timeout=30).ok
    burst = []
    for n in range(10):
        token, key = _page(phone, url)
        burst.append((_twin(phone), url, {"csrf_token": token, "text": f"Parallel {n}", "idempotency_key": key}))
    statuses = _all_at_once(burst)
    assert all(status in {302, 422} for status in statuses), statuses
    with app.app_context():
        assert db.session.query(Participant).count() == 1
        assert db.session.query(Statement).count() == 3
    assert statuses.count(302) == 2


def test_parallel_votes_never_pass_the_vote_limit(actions: Actions, app: Flask, server: AppServer) -> None:
    actions.facilitator()
    code = actions.workshop()
    phone = requests.Session()
    url = f"{server.url}/j/{code}"
    token, key = _page(phone, url)
    assert phone.post(url, data={"csrf_token": token, "text": "First", "idempotency_key": key}, timeout=30).ok
    theme_ids = open_voting(app, code, [f"Theme {n}" for n in range(7)])
    token, _ = _page(phone, url)
    burst = [
        (_twin(phone), f"{url}/themes/t/{theme_id}/vote", {"csrf_token": token, "action": "vote"})
        for theme_id in theme_ids
    ]
    statuses = _all_at_once(burst)
    assert all(status < 500 for status in statuses), statuses
    with app.app_context():
        assert db.session.query(Vote).count() == 3


def test_parallel_answers_from_one_device_store_one_response(actions: Actions, app: Flask, server: AppServer) -> None:
    """A one-response-per-device survey: ten answers sent at once from one phone store exactly one."""
    actions.facilitator()
    with app.app_context():
        owner = db.session.query(Facilitator).one()
        survey = create_survey(owner, SurveySettings(title="Impact of literature searches"))
        add_question(survey, QuestionInput(text="What changed because of the search?", qtype="free_text"))
        change_state(survey, SurveyState.OPEN)
        db.session.commit()
        code, key = survey.code, survey.questions[0].key
    phone = requests.Session()
    url = f"{server.url}/s/{code}"
    burst = []
    for n in range(10):  # ten tabs of the same phone, each with its own page (and idempotency key)
        token, idempotency = _page(phone, url)
        burst.append(
            (_twin(phone), url, {"csrf_token": token, "idempotency_key": idempotency, f"answer-{key}": f"{n}"})
        )
    statuses = _all_at_once(burst)
    assert all(status in {302, 409} for status in statuses), statuses
    assert statuses.count(302) == 1
    with app.app_context():
        assert db.session.query(SurveyResponse).count() == 1


def test_votes_while_the_workshop_is_deleted_get_a_clear_answer(
    actions: Actions, app: Flask, server: AppServer
) -> None:
    """Votes racing the workshop's deletion: each is counted before it or refused after it, no 5xx."""
    actions.facilitator()
    code = actions.workshop()
    phones = []
    for n in range(8):
        phone = requests.Session()
        token, key = _page(phone, f"{server.url}/j/{code}")
        data = {"csrf_token": token, "text": f"Statement {n}", "idempotency_key": key}
        assert phone.post(f"{server.url}/j/{code}", data=data, timeout=30).ok
        phones.append(phone)
    (theme_id,) = open_voting(app, code, ["Journal clubs"])
    facilitator = requests.Session()
    page = facilitator.get(f"{server.url}/auth/sign-in", timeout=30).text
    signed = facilitator.post(
        f"{server.url}/auth/sign-in",
        data={"csrf_token": csrf_from(page), "email": "tracey@example.nhs.uk", "password": PASSWORD},
        allow_redirects=False,
        timeout=30,
    )
    assert signed.status_code == 302
    delete_url = f"{server.url}/facilitate/w/{code}/delete"
    delete_token = csrf_from(facilitator.get(delete_url, timeout=30).text)
    burst = [(facilitator, delete_url, {"csrf_token": delete_token, "confirm_code": code})]
    for phone in phones:
        token, _ = _page(phone, f"{server.url}/j/{code}")
        burst.append(
            (phone, f"{server.url}/j/{code}/themes/t/{theme_id}/vote", {"csrf_token": token, "action": "vote"})
        )
    statuses = _all_at_once(burst)
    assert statuses[0] == 302, statuses
    assert set(statuses[1:]) <= {303, 404, 409, 410}, statuses
    with app.app_context():
        assert db.session.query(Workshop).count() == 0
        assert db.session.query(Vote).count() == 0


def test_a_row_is_locked_once_per_transaction_and_again_after_it(actions: Actions, app: Flask) -> None:
    """``serialise_on`` and ``hold_row`` write (or lock) a row once per transaction: a flush in
    between keeps the lock (a phone's first post had locked its workshop twice); a commit, or the
    rollback of a savepoint that took it, lets it go, so the next call takes it again."""
    from workshop.extensions import hold_row, serialise_on

    actions.facilitator()
    code = actions.workshop()

    def lock(sql: str) -> bool:
        said = sql.upper()
        return " SET ID=" in said or "FOR KEY SHARE" in said

    with app.app_context(), sql_sent(app, lock) as locks:
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        participant = Participant(workshop=workshop)
        db.session.add(participant)
        db.session.commit()
        locks.clear()
        hold_row(Workshop, workshop.id)
        db.session.add(Participant(workshop=workshop))
        db.session.flush()
        hold_row(Workshop, workshop.id)
        serialise_on(Participant, participant.id)
        db.session.flush()
        serialise_on(Participant, participant.id)
        assert len(locks) == 2, locks  # the workshop once, the participant once
        db.session.commit()
        hold_row(Workshop, workshop.id)
        assert len(locks) == 3, locks  # a new transaction takes it again
        with db.session.begin_nested() as savepoint:
            serialise_on(Participant, participant.id)
            savepoint.rollback()
        serialise_on(Participant, participant.id)
        assert len(locks) == 5, locks  # the savepoint's rollback let the participant's go
        db.session.rollback()
