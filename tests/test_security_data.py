"""Where personal data can linger: after a retention purge, in the instance folder, in the logs.

Findings 13-15 of issue 12.
"""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from flask import Flask
from sqlalchemy import select, text

from tests.conftest import Actions
from tests.scale_servers import AppServer
from workshop import config, operations
from workshop.board import operations as board
from workshop.extensions import db
from workshop.models import Participant, Workshop, WorkshopState, utcnow

# Each statement names a person or place found nowhere else, so any copy of it is easy to find.
STATEMENTS = [
    "Ask Priyanka Oyelaran-Whitcombe to present our Kettering evidence search service",
    "Share Oyelaran-Whitcombe's case study on social media with the Quarrington ward team",
    "Run a Quarrington survey of Zebedee Farnsworth's physiotherapy team by March",
    "Present Zebedee Farnsworth's journal club results at the Kettering board",
]
DISTINCTIVE = ["Priyanka", "Oyelaran", "Whitcombe", "Kettering", "Quarrington", "Zebedee", "Farnsworth"]


def _every_text_in_the_database() -> list[tuple[str, str, str]]:
    """(table, column, value) for every text and binary value of every table the app knows."""
    found: list[tuple[str, str, str]] = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)).mappings():
            for column, value in row.items():
                if isinstance(value, bytes):
                    value = value.decode("utf-8", "replace")
                if isinstance(value, str):
                    found.append((table.name, column, value))
    return found


def test_a_retention_purge_leaves_no_text_of_a_statement_anywhere(actions: Actions, app: Flask, runner) -> None:
    actions.facilitator()
    code = actions.workshop(retention_days=30)
    for sentence in STATEMENTS:
        phone = actions.phone_for(code)
        posted = phone.post(sentence, name="Sam Gardner", role="Outreach librarian", confirm_personal_data="y")
        assert posted.status_code == 302
    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        workshop.voting = workshop.themes_shared = True
        board.group_workshop(workshop, 2)
        theme = workshop.themes[0]
        participant = db.session.scalars(select(Participant).where(Participant.workshop_id == workshop.id)).first()
        assert participant is not None
        board.vote(theme, participant)
        operations.change_state(workshop, WorkshopState.CLOSED)
        workshop.closed_at = utcnow() - timedelta(days=31)
        db.session.commit()
        before = [v for _, _, v in _every_text_in_the_database() if any(w in v for w in DISTINCTIVE)]
        assert before, "the statements were not stored"
        assert any(w in " ".join(t.keywords_json + t.label for t in workshop.themes) for w in DISTINCTIVE)

    result = runner.invoke(args=["retention", "purge"])
    assert result.exit_code == 0, result.output

    with app.app_context():
        left = [
            (table, column)
            for table, column, value in _every_text_in_the_database()
            if any(word.lower() in value.lower() for word in [*DISTINCTIVE, "Sam Gardner", "Outreach librarian"])
        ]
        assert left == []
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        assert workshop.title  # the workshop itself, the facilitator's, is kept


# --------------------------------------------------------------------------- 14. files on disk


def test_the_instance_folder_and_secret_are_private_from_the_start(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    old = os.umask(0o022)
    try:
        secret = config.instance_secret(str(instance))
    finally:
        os.umask(old)
    assert len(secret) >= 32
    assert stat.S_IMODE(instance.stat().st_mode) == 0o700
    assert stat.S_IMODE((instance / "secret_key").stat().st_mode) == 0o600


def test_the_sqlite_database_and_its_folder_are_created_private(tmp_path: Path) -> None:
    """``make run`` on a laptop: the database file holds password hashes and private-link tokens."""
    from workshop.app import create_app

    folder = tmp_path / "instance"
    old = os.umask(0o022)
    try:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "k" * 10 + "-private-0123456789abcdefghij",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/workshop.sqlite3",
            }
        )
        with app.app_context():
            db.create_all()
            db.session.execute(text("CREATE TABLE written (x)"))
            db.session.commit()
            db.engine.dispose()
    finally:
        os.umask(old)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = list(folder.iterdir())
    assert any(path.name == "workshop.sqlite3" for path in files)
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, (path.name, oct(path.stat().st_mode))


@pytest.mark.parametrize("key", ["a" * 64, "x" * 40, "0" * 32, "ab" * 20, "abcab" * 8])
def test_a_key_of_one_repeated_character_or_a_few_is_weak(key: str) -> None:
    with pytest.raises(config.InsecureConfiguration):
        config.check_production_settings({"SECRET_KEY": key})


def test_debug_does_not_excuse_a_weak_key() -> None:
    with pytest.raises(config.InsecureConfiguration):
        config.check_production_settings({"SECRET_KEY": "dev", "DEBUG": True})
    config.check_production_settings({"SECRET_KEY": "dev", "TESTING": True})


def test_flask_debug_with_the_dev_secret_does_not_start_a_server(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    env.update(FLASK_DEBUG="1", SECRET_KEY="dev", DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3")
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "run", "--host", "0.0.0.0", "--port", "0"],  # noqa: S104 - refused before binding
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.returncode != 0
    assert "SECRET_KEY" in done.stderr


# --------------------------------------------------------------------------- 15. logs


@pytest.mark.slow  # starts gunicorn
def test_gunicorn_logs_routes_not_tokens_and_escapes_control_characters(
    actions: Actions, app: Flask, database_url: str, tmp_path: Path
) -> None:
    actions.facilitator()
    code = actions.workshop()
    actions.phone_for(code).post("Start a journal club")
    with app.app_context():
        token = db.session.query(Participant).one().token
    server = AppServer(database_url, tmp_path).start()
    try:
        assert requests.get(f"{server.url}/mine/{token}", timeout=10).status_code == 200
        assert requests.get(f"{server.url}/mine/{token}/remind.ics", timeout=10).status_code == 200
        requests.get(f'{server.url}/nowhere%0A127.0.0.1 "GET /facilitate/ HTTP/1.1" 200 forged%1B[2J', timeout=10)
        requests.get(f"{server.url}/", headers={"User-Agent": "phone\x1b[31m"}, timeout=10)
    finally:
        server.stop()
    access = (tmp_path / f"access-{server.port}.log").read_text()
    assert token not in access and token not in server.log()
    assert "/mine/<token> " in access and "/mine/<token>/remind.ics" in access
    assert not any(line.startswith('127.0.0.1 "GET /facilitate/') for line in access.splitlines())
    assert "\x1b" not in access and '\n127.0.0.1 "GET /facilitate/' not in access
    assert "<no route>" in access and "phone\\x1b[31m" in access


def test_error_logs_name_the_route_not_the_token(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    """An error on a private link's page is logged with ``/mine/<token>/...``, like the access log."""
    from sqlalchemy.exc import OperationalError

    def broken(token: str) -> str:
        raise RuntimeError("a bug in a page behind a private link")

    def database_down(token: str) -> str:
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    # Two pages that fail, added to this test's app only: the error handlers are what is tested.
    app.add_url_rule("/mine/<token>/broken", "broken_for_test", broken)
    app.add_url_rule("/mine/<token>/database-down", "database_down_for_test", database_down)
    secret = "Zq9-private-link-token-of-a-participant"
    client = app.test_client()
    with caplog.at_level(logging.WARNING):
        assert client.get(f"/mine/{secret}/broken").status_code == 500
        assert client.get(f"/mine/{secret}/database-down").status_code == 503
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "GET /mine/<token>/broken" in logged and "GET /mine/<token>/database-down" in logged
    assert secret not in logged


def test_control_characters_in_logged_values_are_escaped(app: Flask) -> None:
    record = logging.getLogger("workshop.anything").makeRecord(
        "workshop.anything",
        logging.WARNING,
        __file__,
        1,
        "unhandled error on %s %s",
        ("GET", "/a\nforged\r\x1b[2J"),
        None,
    )
    assert record.getMessage() == "unhandled error on GET /a\\nforged\\r\\x1b[2J"


def test_database_errors_are_logged_without_sql_or_parameters() -> None:
    from sqlalchemy.exc import OperationalError

    from workshop.errors import describe_database_error

    error = OperationalError(
        "SELECT * FROM participant WHERE token = %(token)s", {"token": "SECRET-TOKEN"}, Exception("boom")
    )
    described = describe_database_error(error)
    assert "SECRET-TOKEN" not in described and "SELECT" not in described
    assert "OperationalError" in described and "boom" in described
