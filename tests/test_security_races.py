"""Limits hold under real concurrent requests against gunicorn (finding 12 of issue 12).

Two gunicorn workers with threads each, on the test database (SQLite or, in CI's second run,
PostgreSQL): one participant's parallel posts and votes are counted one at a time in the database,
so no burst stores more than the workshop allows, and none gets a 5xx.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from flask import Flask

from tests.conftest import Actions, csrf_from
from tests.scale_servers import IDEMPOTENCY, AppServer
from workshop.extensions import db
from workshop.models import Participant, Statement, Theme, Vote, Workshop


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
    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        workshop.themes_shared = workshop.voting = True
        themes = [Theme(workshop=workshop, label=f"Theme {n}", position=n) for n in range(7)]
        db.session.add_all(themes)
        db.session.commit()
        theme_ids = [theme.id for theme in themes]
    token, _ = _page(phone, url)
    burst = [
        (_twin(phone), f"{url}/themes/t/{theme_id}/vote", {"csrf_token": token, "action": "vote"})
        for theme_id in theme_ids
    ]
    statuses = _all_at_once(burst)
    assert all(status < 500 for status in statuses), statuses
    with app.app_context():
        assert db.session.query(Vote).count() == 3
