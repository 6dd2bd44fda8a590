"""Fixtures that make tests read like the users' story: a facilitator, a workshop, phones.

The database is SQLite in a temporary folder unless ``TEST_DATABASE_URL`` names another (CI
runs the whole suite a second time against PostgreSQL). Each test starts from empty tables.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, request, request_started
from flask.testing import FlaskClient
from sqlalchemy import event, text
from werkzeug.http import parse_options_header
from werkzeug.routing import Rule
from werkzeug.serving import make_server

from workshop.app import create_app
from workshop.embeddings import wait_for_embeddings
from workshop.extensions import db
from workshop.models import Facilitator, Workshop, WorkshopState
from workshop.operations import WorkshopSettings, create_workshop

PASSWORD = "correct horse battery staple"


class _SharedBuilderRule(Rule):
    """A URL rule whose URL-building function is compiled once per process, not once per app.

    Werkzeug compiles two small functions for every rule when an app registers it; the suite
    builds an app per test, and that compiling was most of what building an app cost. The function
    takes the rule as its first argument, so rules with the same pattern and defaults share it.
    Tests only: a running kit builds its app once.
    """

    _builders: dict[tuple[Any, ...], Any] = {}

    def _compile_builder(self, append_unknown: bool = True) -> Any:
        defaults = tuple(sorted((key, repr(value)) for key, value in (self.defaults or {}).items()))
        key = (self.rule, tuple(self._trace), defaults, append_unknown)
        builder = self._builders.get(key)
        if builder is None:
            builder = self._builders[key] = super()._compile_builder(append_unknown)
        return builder


Flask.url_rule_class = _SharedBuilderRule
CSRF_INPUT = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"|"X-CSRFToken": "([^"]+)"')


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    configured = os.environ.get("TEST_DATABASE_URL")
    if configured:
        return configured
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def _schema(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x" * 40})
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def _empty_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


def make_app(database_url: str, instance_path: Path, **overrides: Any) -> Flask:
    settings: dict[str, Any] = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "RATELIMIT_STORAGE_URI": os.environ.get("TEST_REDIS_URL", "memory://"),
        "SERVER_NAME": None,
        # A cheap hash (the suite creates hundreds of accounts); production keeps scrypt.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    }
    settings.update(overrides)
    return create_app(settings)


@pytest.fixture()
def app_settings() -> dict[str, Any]:
    """Override to change the app's configuration for one test module or test."""
    return {}


@pytest.fixture()
def app(database_url: str, _schema: None, tmp_path: Path, app_settings: dict[str, Any]) -> Iterator[Flask]:
    app = make_app(database_url, tmp_path, **app_settings)
    with app.app_context():
        _empty_tables()
    if app.config["RATELIMIT_STORAGE_URI"].startswith("redis"):
        from workshop.ratelimits import limiter

        limiter.reset()
    yield app
    # The embedding thread may still hold a connection of this app's engine: let it finish first,
    # so dispose() closes that connection too (psycopg warned of one left open, failing tests on PostgreSQL).
    wait_for_embeddings()
    with app.app_context():
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture()
def runner(app: Flask):
    return app.test_cli_runner()


def attachment_name(response: Any, disposition: str = "attachment") -> str:
    """The file name a download offers (filename*= decoded), checking its disposition."""
    kind, options = parse_options_header(response.headers["Content-Disposition"])
    assert kind == disposition, response.headers["Content-Disposition"]
    return str(options["filename"])


def csrf_from(html: str) -> str:
    match = CSRF_INPUT.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1) or match.group(2)


@dataclass
class Phone:
    """A participant's phone: its own cookie jar, posting through the real forms (with CSRF)."""

    client: FlaskClient
    code: str

    def open(self) -> str:
        response = self.client.get(f"/j/{self.code}")
        assert response.status_code == 200, response.status_code
        return readable(response.get_data(as_text=True))

    def post(self, text: str, *, key: str | None = None, htmx: bool = False, **extra: str):
        page = self.open()
        data = {"csrf_token": csrf_from(page), "text": text, **extra}
        if key is not None:
            data["idempotency_key"] = key
        else:
            match = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', page)
            data["idempotency_key"] = match.group(1) if match else ""
        headers = {"HX-Request": "true"} if htmx else {}
        return self.client.post(f"/j/{self.code}", data=data, headers=headers)


class Actions:
    """What facilitators and participants do, as short calls (flaskr's ``auth`` helper, grown up)."""

    def __init__(self, app: Flask, client: FlaskClient) -> None:
        self.app = app
        self.client = client

    def facilitator(self, email: str = "tracey@example.nhs.uk", name: str = "Tracey") -> int:
        with self.app.app_context():
            person = Facilitator(email=email, name=name)
            person.set_password(PASSWORD)
            db.session.add(person)
            db.session.commit()
            return person.id

    def sign_in(self, email: str = "tracey@example.nhs.uk", client: FlaskClient | None = None):
        client = client or self.client
        page = client.get("/auth/sign-in").get_data(as_text=True)
        return client.post("/auth/sign-in", data={"csrf_token": csrf_from(page), "email": email, "password": PASSWORD})

    def workshop(
        self, email: str = "tracey@example.nhs.uk", *, state: WorkshopState = WorkshopState.OPEN, **settings: Any
    ) -> str:
        with self.app.app_context():
            owner = db.session.query(Facilitator).filter_by(email=email).one()
            settings.setdefault("title", "Demonstrating impact in 5 easy steps")
            workshop = create_workshop(owner, WorkshopSettings(**settings), state=state)
            db.session.commit()
            return workshop.code

    def phone_for(self, code: str) -> Phone:
        return Phone(self.app.test_client(), code)

    def post_form(
        self,
        url: str,
        data: dict[str, Any] | None = None,
        *,
        page: str | None = None,
        client: FlaskClient | None = None,
        **kwargs: Any,
    ):
        """POST to ``url`` with a CSRF token taken from ``page`` (default: the page at ``url``)."""
        client = client or self.client
        html = client.get(page or url).get_data(as_text=True)
        return client.post(url, data={"csrf_token": csrf_from(html), **(data or {})}, **kwargs)

    def workshop_row(self, code: str) -> Workshop:
        with self.app.app_context():
            workshop = db.session.query(Workshop).filter_by(code=code).one()
            db.session.expunge(workshop)
            return workshop


@pytest.fixture()
def actions(app: Flask, client: FlaskClient) -> Actions:
    return Actions(app, client)


@pytest.fixture()
def signed_in(actions: Actions) -> Actions:
    """A facilitator, Tracey, signed in on ``client``."""
    actions.facilitator()
    response = actions.sign_in()
    assert response.status_code == 302
    return actions


class LiveServer:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture()
def live_server(app: Flask) -> Iterator[LiveServer]:
    with LiveServer(app) as server:
        yield server


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (Playwright cannot download its own browser here)."""
    from playwright.sync_api import sync_playwright

    chromium = "/usr/bin/chromium"
    assert Path(chromium).exists(), "Chromium is missing: run `make test`, which installs it"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture()
def flask_requests(app: Flask) -> Iterator[list[str]]:
    """The paths that reached Flask (``workshop.edge`` answers the others without it)."""
    seen: list[str] = []

    def _count(sender: object, **_: object) -> None:
        seen.append(request.path)

    request_started.connect(_count, app)
    yield seen
    request_started.disconnect(_count, app)


@contextmanager
def sql_sent(app: Flask, wanted: Callable[[str], bool]) -> Iterator[list[str]]:
    """The SQL statements ``app``'s engine sends meanwhile (spaces folded) for which ``wanted`` holds."""
    sent: list[str] = []

    def _note(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        folded = " ".join(statement.split())
        if wanted(folded):
            sent.append(folded)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", _note)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", _note)


def room_on_newest(app: Flask, code: str) -> int:
    """Move the room of workshop ``code`` onto the last activity of its agenda; that activity's id."""
    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        activity = workshop.activities[-1]
        workshop.current_activity_id = activity.id
        workshop.touch()
        db.session.commit()
        return activity.id


def readable(html: str) -> str:
    """A page as a reader sees its words: without the soft hyphens that only say where a long word
    may break (``workshop.common.hyphenation``)."""
    return html.replace("\u00ad", "")
