"""Two app servers, one database: live updates, sessions and rate limits work across them.

Two gunicorn servers (2 worker processes each) on different ports share the test database (the
SQLite file, or PostgreSQL when ``TEST_DATABASE_URL`` names it) and the secret key, as two
machines behind a load balancer do. Rate limits live in Redis when ``TEST_REDIS_URL`` is set (the
PostgreSQL run of CI); the cross-server limit test exists only then, since in-memory limits are
per process by design.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Actions, csrf_from
from tests.scale_servers import AppServer, Browser, accepted

pytestmark = pytest.mark.multiserver


@pytest.fixture(scope="module")
def servers(database_url: str, _schema: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[AppServer]]:
    logs = tmp_path_factory.mktemp("servers")
    started = [AppServer(database_url, logs), AppServer(database_url, logs)]
    try:
        for server in started:
            server.start()
        yield started
    finally:
        for server in started:
            server.stop()


@pytest.fixture()
def browsers() -> Iterator[list[Browser]]:
    made = [Browser() for _ in range(3)]
    yield made
    for browser in made:
        browser.close()


def test_a_statement_posted_to_one_server_is_on_the_other_servers_wall(
    actions: Actions, servers: list[AppServer], browsers: list[Browser]
) -> None:
    a, b = (server.url for server in servers)
    actions.facilitator()
    code = actions.workshop()
    phone, laptop, _ = browsers
    laptop.sign_in(b)
    version = laptop.wall_version(b, code)
    assert laptop.wall_feed(b, code, version).status_code == 204  # nothing new yet

    assert accepted(phone.send(a, code, phone.statement_form(a, code, "Posted to server A")))

    # The wall polls every second (WALL_POLL_SECONDS); its very next poll on B carries the statement.
    update = laptop.wall_feed(b, code, version)
    assert update.status_code == 200
    assert "Posted to server A" in update.text and "1</span> statement" in update.text
    newer = laptop.wall_version(b, code)
    assert int(newer) > int(version)
    assert laptop.wall_feed(a, code, newer).status_code == 204  # both servers agree on the version


def test_sessions_work_on_every_server(actions: Actions, servers: list[AppServer], browsers: list[Browser]) -> None:
    """A phone posts through A, edits through B, withdraws through A; a facilitator signed in on A
    uses B. Nothing is kept in one server's memory."""
    a, b = (server.url for server in servers)
    actions.facilitator()
    code = actions.workshop()
    phone, laptop, stranger = browsers

    assert accepted(phone.send(a, code, phone.statement_form(a, code, "First draft")))
    mine = phone.get(f"{b}/j/{code}").text
    assert "First draft" in mine
    statement_id = mine.split(f"/j/{code}/s/", 1)[1].split("/", 1)[0]

    edit_page = phone.get(f"{b}/j/{code}/s/{statement_id}/edit")
    assert edit_page.status_code == 200
    edited = phone.post(
        f"{b}/j/{code}/s/{statement_id}/edit", data={"csrf_token": csrf_from(edit_page.text), "text": "Final words"}
    )
    assert edited.status_code == 302
    assert "Final words" in phone.get(f"{a}/j/{code}").text

    # Someone else's phone, on either server, cannot touch it.
    assert stranger.get(f"{a}/j/{code}/s/{statement_id}/edit").status_code == 404
    assert stranger.get(f"{b}/j/{code}/s/{statement_id}/edit").status_code == 404

    laptop.sign_in(a)
    assert code in laptop.get(f"{b}/facilitate/").text
    export = laptop.get(f"{b}/facilitate/w/{code}/statements.json").json()
    assert [row["text"] for row in export["statements"]] == ["Final words"]

    page = phone.get(f"{a}/j/{code}").text
    withdrawn = phone.post(f"{a}/j/{code}/s/{statement_id}/withdraw", data={"csrf_token": csrf_from(page)})
    assert withdrawn.status_code == 302
    assert laptop.get(f"{b}/facilitate/w/{code}/statements.json").json()["statements"] == []


def test_an_idempotency_key_holds_across_servers(
    actions: Actions, servers: list[AppServer], browsers: list[Browser]
) -> None:
    """A retry that a load balancer sends to the other server is still stored once."""
    a, b = (server.url for server in servers)
    actions.facilitator()
    code = actions.workshop()
    phone, laptop, _ = browsers
    form = phone.statement_form(a, code, "Sent twice, stored once")
    first, retry = phone.send(a, code, form), phone.send(b, code, form)
    assert accepted(first) and accepted(retry)
    assert "We already had that one" in retry.text
    laptop.sign_in(a)
    rows = laptop.get(f"{b}/facilitate/w/{code}/statements.json").json()["statements"]
    assert [row["text"] for row in rows] == ["Sent twice, stored once"]


if os.environ.get("TEST_REDIS_URL"):

    @pytest.fixture()
    def strict_servers(database_url: str, _schema: None, tmp_path: Path) -> Iterator[list[AppServer]]:
        settings = {"STATEMENT_RATE_LIMIT": "4 per minute", "JOIN_FAILURE_RATE_LIMIT": "3 per 5 minutes"}
        started = [AppServer(database_url, tmp_path, settings), AppServer(database_url, tmp_path, settings)]
        try:
            for server in started:
                server.start()
            yield started
        finally:
            for server in started:
                server.stop()

    def test_a_rate_limit_reached_on_one_server_applies_on_the_other(
        actions: Actions, strict_servers: list[AppServer], browsers: list[Browser]
    ) -> None:
        a, b = (server.url for server in strict_servers)
        actions.facilitator()
        code = actions.workshop(max_statements=20)
        flooder, neighbour, _ = browsers
        answers = []
        for n, server in enumerate([a, b, a, b, a, b]):
            answers.append(flooder.send(server, code, flooder.statement_form(server, code, f"Flood {n}")).status_code)
        assert answers == [200, 200, 200, 200, 429, 429]
        refused = flooder.send(b, code, flooder.statement_form(b, code, "Still flooding"))
        assert refused.status_code == 429 and "Wait a minute" in refused.text
        assert accepted(neighbour.send(b, code, neighbour.statement_form(b, code, "I am not flooding")))

        guesses = [neighbour.get(f"{server}/j/ZZZZ2{n}").status_code for n, server in enumerate([a, b, a, b])]
        assert guesses == [404, 404, 404, 429]
