"""First run in the browser: the one-time set-up link that creates the first facilitator account."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.conftest import PASSWORD, csrf_from
from workshop.auth import first_run
from workshop.extensions import db
from workshop.models import Facilitator, SetupToken


def _link(app: Flask) -> str:
    with app.app_context():
        link = first_run.announce("http://127.0.0.1:5000")
    assert link is not None
    return link.removeprefix("http://127.0.0.1:5000")


def _create(client: FlaskClient, path: str, **fields: str):
    page = client.get(path)
    data = {"csrf_token": csrf_from(page.text), "name": "Tracey", "email": "tracey@nhs.net"}
    data.update(password=PASSWORD, confirm=PASSWORD)
    data.update(fields)
    return client.post(path, data=data)


def test_home_page_points_at_the_set_up_link_until_an_account_exists(app: Flask, client: FlaskClient):
    assert "set-up link" in client.get("/").text
    path = _link(app)
    assert _create(client, path).status_code == 302
    assert "set-up link" not in client.get("/").text


def test_the_link_shows_the_password_rule_before_typing_and_creates_a_signed_in_account(app, client):
    path = _link(app)
    page = client.get(path)
    assert page.status_code == 200
    assert "at least 12 characters" in page.text
    created = _create(client, path)
    assert created.status_code == 302 and created.headers["Location"].endswith("/facilitate/")
    assert client.get("/facilitate/").status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Facilitator)) == 1
        assert db.session.scalar(select(func.count()).select_from(SetupToken)) == 0


def test_the_link_works_once(app: Flask, client: FlaskClient):
    path = _link(app)
    assert _create(client, path).status_code == 302
    other = app.test_client()
    assert other.get(path).status_code == 404
    assert "has been used" in other.get(path).text


def test_a_weak_password_is_refused_and_the_link_stays_valid(app: Flask, client: FlaskClient):
    path = _link(app)
    refused = _create(client, path, password="password1234", confirm="password1234")
    assert refused.status_code == 422
    assert "common password" in refused.text
    assert _create(client, path).status_code == 302


def test_a_new_start_replaces_the_earlier_link(app: Flask, client: FlaskClient):
    first = _link(app)
    second = _link(app)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200


def test_no_link_once_an_account_exists(app: Flask, runner):
    result = runner.invoke(args=["facilitator", "create", "lead@nhs.net", "--password-stdin"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert first_run.announce("http://127.0.0.1:5000") is None
    printed = runner.invoke(args=["facilitator", "setup-link"])
    assert "accounts already" in printed.output


def test_host_command_prints_a_working_link(app: Flask, runner, client: FlaskClient):
    printed = runner.invoke(args=["facilitator", "setup-link", "--base-url", "http://kit.example"])
    assert printed.exit_code == 0
    link = printed.output.split()[-1]
    assert link.startswith("http://kit.example/setup/")
    assert client.get(link.removeprefix("http://kit.example")).status_code == 200


def test_wrong_tokens_are_404_and_never_5xx(client: FlaskClient):
    for token in ["x", "A" * 500, "%00", "..%2f"]:
        assert client.get(f"/setup/{token}").status_code == 404
