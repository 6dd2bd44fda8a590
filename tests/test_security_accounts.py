"""Facilitator accounts under attack: stolen cookies, weak passwords, guessing, probing for e-mails.

Findings 1-4 of issue 12. Every test drives the real sign-in forms and host commands; the remember
cookie is replayed alone in a fresh browser, as a thief who copied it would.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import pytest
import werkzeug.security
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import PASSWORD, Actions, csrf_from
from workshop.auth import passwords
from workshop.extensions import db
from workshop.models import Facilitator, Workshop

EMAIL = "tracey@example.nhs.uk"
NEW_PASSWORD = "a river of quiet lanterns"


def _remember_cookie(client: FlaskClient, app: Flask) -> str:
    cookie = client.get_cookie(app.config.get("REMEMBER_COOKIE_NAME", "remember_token"))
    assert cookie is not None, "signing in set no remember cookie"
    return cookie.value


def _thief(app: Flask, remember: str) -> FlaskClient:
    """A fresh browser holding only a copy of the remember cookie."""
    thief = app.test_client()
    thief.set_cookie(app.config.get("REMEMBER_COOKIE_NAME", "remember_token"), remember)
    return thief


def _sign_in(client: FlaskClient, email: str = EMAIL, password: str = PASSWORD, address: str = "10.0.0.1") -> Any:
    page = client.get("/auth/sign-in").get_data(as_text=True)
    return client.post(
        "/auth/sign-in",
        data={"csrf_token": csrf_from(page), "email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def _change_password(actions: Actions, current: str, new: str, confirm: str | None = None) -> Any:
    return actions.post_form(
        "/auth/password", {"current": current, "password": new, "confirm": new if confirm is None else confirm}
    )


# --------------------------------------------------------------------------- 1. revocable sign-in


def test_the_remember_cookie_alone_signs_in_until_sign_out(signed_in: Actions, app: Flask) -> None:
    remember = _remember_cookie(signed_in.client, app)
    assert _thief(app, remember).get("/facilitate/").status_code == 200
    assert signed_in.post_form("/auth/sign-out", page="/facilitate/").status_code == 302
    assert _thief(app, remember).get("/facilitate/").status_code == 302


def test_signing_in_again_after_sign_out_gives_a_new_remember_cookie(signed_in: Actions, app: Flask) -> None:
    """It was the same value at every sign-in, so a copy taken once worked for ever."""
    before = _remember_cookie(signed_in.client, app)
    assert signed_in.post_form("/auth/sign-out", page="/facilitate/").status_code == 302
    laptop = app.test_client()
    assert _sign_in(laptop).status_code == 302
    after = _remember_cookie(laptop, app)
    assert after != before
    assert _thief(app, after).get("/facilitate/").status_code == 200
    assert _thief(app, before).get("/facilitate/").status_code == 302


def test_sign_out_ends_every_session_of_the_account(signed_in: Actions, app: Flask) -> None:
    laptop = app.test_client()
    assert _sign_in(laptop).status_code == 302
    assert signed_in.post_form("/auth/sign-out", page="/facilitate/").status_code == 302
    assert laptop.get("/facilitate/").status_code == 302


def test_a_password_change_revokes_other_sessions_and_keeps_this_one(signed_in: Actions, app: Flask) -> None:
    other = app.test_client()
    assert _sign_in(other).status_code == 302
    remember = _remember_cookie(other, app)
    changed = _change_password(signed_in, PASSWORD, NEW_PASSWORD)
    assert changed.status_code == 302, changed.get_data(as_text=True)
    assert signed_in.client.get("/facilitate/").status_code == 200
    assert other.get("/facilitate/").status_code == 302
    assert _thief(app, remember).get("/facilitate/").status_code == 302
    assert _sign_in(app.test_client(), password=PASSWORD).status_code == 422
    assert _sign_in(app.test_client(), password=NEW_PASSWORD).status_code == 302


def test_disabling_an_account_revokes_its_sessions_and_refuses_sign_in(
    signed_in: Actions, app: Flask, runner: Any
) -> None:
    remember = _remember_cookie(signed_in.client, app)
    result = runner.invoke(args=["facilitator", "disable", EMAIL])
    assert result.exit_code == 0, result.output
    assert signed_in.client.get("/facilitate/").status_code == 302
    assert _thief(app, remember).get("/facilitate/").status_code == 302
    refused = _sign_in(app.test_client())
    assert refused.status_code == 422
    assert "do not match an account" in refused.get_data(as_text=True)


@pytest.mark.parametrize("app_settings", [{"SESSION_COOKIE_SECURE": True}])
def test_the_remember_cookie_is_secure_when_sessions_are_and_lasts_fourteen_days(signed_in: Actions) -> None:
    response = _sign_in(signed_in.client.application.test_client())
    cookies = [v for v in response.headers.getlist("Set-Cookie") if v.startswith("remember_token=")]
    assert cookies, response.headers
    assert "Secure" in cookies[0] and "HttpOnly" in cookies[0] and "SameSite=Lax" in cookies[0]
    expires = parsedate_to_datetime(cookies[0].split("Expires=")[1].split(";")[0])
    assert timedelta(days=13) < expires - datetime.now(UTC) <= timedelta(days=14, minutes=1)


def test_sign_in_starts_a_fresh_session_with_a_new_csrf_secret(actions: Actions, app: Flask) -> None:
    actions.facilitator()
    client = app.test_client()
    client.get("/auth/sign-in")
    with client.session_transaction() as session:
        planted = session["csrf_token"]
        session["planted-by-someone-else"] = "x"
    assert _sign_in(client).status_code == 302
    with client.session_transaction() as session:
        assert session.get("csrf_token") != planted
        assert "planted-by-someone-else" not in session


# --------------------------------------------------------------------------- 2. host commands, change page


def test_host_can_set_a_password_from_stdin(actions: Actions, app: Flask, runner: Any) -> None:
    actions.facilitator()
    result = runner.invoke(args=["facilitator", "password", EMAIL, "--password-stdin"], input=NEW_PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert f"password changed for {EMAIL}" in result.output
    assert _sign_in(app.test_client(), password=NEW_PASSWORD).status_code == 302


def test_host_lists_accounts_with_their_workshops_and_state(actions: Actions, runner: Any) -> None:
    actions.facilitator()
    actions.facilitator("sam@example.nhs.uk", "Sam")
    actions.workshop()
    runner.invoke(args=["facilitator", "disable", "sam@example.nhs.uk"])
    result = runner.invoke(args=["facilitator", "list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    tracey = next(line for line in lines if EMAIL in line)
    sam = next(line for line in lines if "sam@example.nhs.uk" in line)
    assert "1 workshop" in tracey and "active" in tracey
    assert "0 workshops" in sam and "disabled" in sam


def test_deleting_an_account_says_what_happens_to_its_workshops(actions: Actions, app: Flask, runner: Any) -> None:
    actions.facilitator()
    actions.workshop()
    actions.workshop()
    refused = runner.invoke(args=["facilitator", "delete", EMAIL], input="n\n")
    assert "2 workshops" in refused.output and "deleted with it" in refused.output
    with app.app_context():
        assert db.session.query(Facilitator).count() == 1
    done = runner.invoke(args=["facilitator", "delete", EMAIL, "--yes"])
    assert done.exit_code == 0, done.output
    assert f"deleted {EMAIL} and 2 workshops" in done.output
    with app.app_context():
        assert db.session.query(Facilitator).count() == 0
        assert db.session.query(Workshop).count() == 0
    missing = runner.invoke(args=["facilitator", "delete", EMAIL, "--yes"])
    assert missing.exit_code != 0 and "no facilitator account" in missing.output


def test_the_change_password_page_needs_the_current_password(signed_in: Actions, app: Flask) -> None:
    page = signed_in.client.get("/auth/password")
    assert page.status_code == 200
    assert passwords.RULE in page.get_data(as_text=True)
    wrong = _change_password(signed_in, "not my password", NEW_PASSWORD)
    assert wrong.status_code == 422
    assert "is not your current password" in wrong.get_data(as_text=True)
    differ = _change_password(signed_in, PASSWORD, NEW_PASSWORD, confirm=NEW_PASSWORD + "x")
    assert differ.status_code == 422
    assert _sign_in(app.test_client()).status_code == 302
    assert "Change password" in signed_in.client.get("/facilitate/").get_data(as_text=True)


# --------------------------------------------------------------------------- 3. passwords


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("eleven char", "at least 12 characters"),
        ("password1234", "one of the most common passwords"),
        ("Qwertyuiop123", "one of the most common passwords"),
        ("tracey-forever-2026", "must not contain your name"),
    ],
)
def test_weak_passwords_are_refused_everywhere(
    signed_in: Actions, app: Flask, runner: Any, password: str, why: str
) -> None:
    assert why in (passwords.problem(password, EMAIL) or "")
    changed = _change_password(signed_in, PASSWORD, password)
    assert changed.status_code == 422 and why in changed.get_data(as_text=True)
    result = runner.invoke(args=["facilitator", "password", EMAIL, "--password-stdin"], input=password + "\n")
    assert result.exit_code != 0 and why in result.output
    assert passwords.problem(PASSWORD, EMAIL) is None


def test_the_rule_is_said_before_the_password_is_typed(runner: Any, client: FlaskClient) -> None:
    result = runner.invoke(
        args=["facilitator", "create", "sam@example.nhs.uk"], input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert result.output.index(passwords.RULE) < result.output.index("Password")


@pytest.mark.parametrize("app_settings", [{"ALLOW_REGISTRATION": True}])
def test_registration_shows_the_rule(client: FlaskClient, app_settings: Any) -> None:
    assert passwords.RULE in client.get("/auth/register").get_data(as_text=True)


# --------------------------------------------------------------------------- 4. sign-in throttling


def test_successful_sign_ins_from_one_address_never_lock_the_venue_out(actions: Actions, app: Flask) -> None:
    actions.facilitator()
    statuses = [_sign_in(app.test_client(), address="192.0.2.7").status_code for _ in range(25)]
    assert statuses == [302] * 25


def test_guessing_one_account_from_many_addresses_is_slowed(actions: Actions, app: Flask) -> None:
    actions.facilitator()
    statuses = [
        _sign_in(app.test_client(), password=f"guess {n}", address=f"198.51.100.{n}").status_code for n in range(6)
    ]
    assert statuses == [422] * 5 + [429]
    # Even the right password waits now (the back-off), but other accounts are untouched.
    stopped = _sign_in(app.test_client(), address="203.0.113.9")
    assert stopped.status_code == 429
    assert "too many wrong passwords" in stopped.get_data(as_text=True).lower()
    actions.facilitator("sam@example.nhs.uk", "Sam")
    assert _sign_in(app.test_client(), "sam@example.nhs.uk", address="203.0.113.9").status_code == 302


def test_one_address_guessing_many_accounts_is_slowed(actions: Actions, app: Flask) -> None:
    actions.facilitator()
    statuses = [
        _sign_in(app.test_client(), email=f"person{n}@example.nhs.uk", address="192.0.2.66").status_code
        for n in range(31)
    ]
    assert statuses == [422] * 30 + [429]
    assert _sign_in(app.test_client(), address="192.0.2.67").status_code == 302


def test_an_unknown_email_costs_one_password_hash_check_like_a_wrong_password(
    actions: Actions, app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same work for both mistakes, so timing cannot tell which e-mails have accounts."""
    actions.facilitator()
    checked: list[str] = []
    original = werkzeug.security.check_password_hash

    def counting(pwhash: str, password: str) -> bool:
        checked.append(pwhash.split("$")[0])
        return original(pwhash, password)

    monkeypatch.setattr(werkzeug.security, "check_password_hash", counting)
    monkeypatch.setattr("workshop.auth.passwords.check_password_hash", counting, raising=False)
    monkeypatch.setattr("workshop.models.check_password_hash", counting, raising=False)
    _sign_in(app.test_client(), password="wrong password here")
    _sign_in(app.test_client(), email="nobody@example.nhs.uk", password="wrong password here")
    assert len(checked) == 2 and checked[0] == checked[1]


@pytest.mark.parametrize("app_settings", [{"ALLOW_REGISTRATION": True}])
def test_registration_does_not_reveal_which_emails_have_accounts(
    actions: Actions, app: Flask, app_settings: Any
) -> None:
    actions.facilitator()

    def register(email: str) -> Any:
        client = app.test_client()
        page = client.get("/auth/register").get_data(as_text=True)
        data = {"csrf_token": csrf_from(page), "name": "", "email": email, "password": NEW_PASSWORD}
        return client.post("/auth/register", data={**data, "confirm": NEW_PASSWORD})

    taken, fresh = register(EMAIL), register("new@example.nhs.uk")
    assert taken.status_code == fresh.status_code == 302
    assert taken.headers["Location"] == fresh.headers["Location"]
    with app.app_context():
        assert db.session.query(Facilitator).count() == 2
        assert db.session.query(Facilitator).filter_by(email=EMAIL).one().check_password(PASSWORD)
    assert _sign_in(app.test_client(), "new@example.nhs.uk", NEW_PASSWORD).status_code == 302
