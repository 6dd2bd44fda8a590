"""Facilitator accounts: sign in and out, the host command, optional self-registration."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, csrf_from
from workshop.extensions import db
from workshop.models import Facilitator


def test_sign_in_with_the_right_password_opens_the_dashboard(signed_in):
    page = signed_in.client.get("/facilitate/")
    assert page.status_code == 200
    assert "My workshops" in page.get_data(as_text=True)


def test_wrong_password_gets_one_message_for_both_mistakes(actions):
    actions.facilitator()
    page = actions.client.get("/auth/sign-in").get_data(as_text=True)
    wrong_password = actions.client.post(
        "/auth/sign-in", data={"csrf_token": csrf_from(page), "email": "tracey@example.nhs.uk", "password": "nope"}
    )
    wrong_email = actions.client.post(
        "/auth/sign-in", data={"csrf_token": csrf_from(page), "email": "nobody@example.nhs.uk", "password": PASSWORD}
    )
    assert wrong_password.status_code == wrong_email.status_code == 422
    message = "That email and password do not match an account."
    assert message in wrong_password.get_data(as_text=True)
    assert message in wrong_email.get_data(as_text=True)


def test_passwords_are_stored_hashed(actions, app):
    actions.facilitator()
    with app.app_context():
        stored = db.session.query(Facilitator).one().password_hash
    assert PASSWORD not in stored
    assert stored.startswith(("scrypt:", "pbkdf2:"))


def test_sign_out_ends_the_session(signed_in):
    response = signed_in.post_form("/auth/sign-out", page="/facilitate/")
    assert response.status_code == 302
    assert signed_in.client.get("/facilitate/").status_code == 302


def test_facilitator_pages_need_sign_in(client):
    response = client.get("/facilitate/")
    assert response.status_code == 302
    assert "/auth/sign-in" in response.headers["Location"]


def test_sign_in_does_not_redirect_to_another_site(actions):
    actions.facilitator()
    page = actions.client.get("/auth/sign-in").get_data(as_text=True)
    response = actions.client.post(
        "/auth/sign-in?next=https://evil.example/",
        data={"csrf_token": csrf_from(page), "email": "tracey@example.nhs.uk", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/facilitate/"


def test_host_command_creates_an_account_from_stdin(runner, app, client):
    result = runner.invoke(
        args=["facilitator", "create", "victoria@example.nhs.uk", "--password-stdin"], input=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output
    assert "created facilitator victoria@example.nhs.uk" in result.output
    page = client.get("/auth/sign-in").get_data(as_text=True)
    signed = client.post(
        "/auth/sign-in", data={"csrf_token": csrf_from(page), "email": "Victoria@Example.nhs.uk", "password": PASSWORD}
    )
    assert signed.status_code == 302


def test_host_command_refuses_a_short_password_and_a_second_account(runner):
    short = runner.invoke(args=["facilitator", "create", "a@example.nhs.uk", "--password-stdin"], input="short\n")
    assert short.exit_code != 0 and "at least 12 characters" in short.output
    runner.invoke(args=["facilitator", "create", "a@example.nhs.uk", "--password-stdin"], input=PASSWORD + "\n")
    again = runner.invoke(args=["facilitator", "create", "a@example.nhs.uk", "--password-stdin"], input=PASSWORD + "\n")
    assert again.exit_code != 0 and "already an account" in again.output


def test_registration_is_off_by_default(client):
    assert client.get("/auth/register").status_code == 404


@pytest.mark.parametrize("app_settings", [{"ALLOW_REGISTRATION": True}])
def test_registration_when_the_host_allows_it(client, app_settings):
    page = client.get("/auth/register")
    assert page.status_code == 200
    response = client.post(
        "/auth/register",
        data={
            "csrf_token": csrf_from(page.get_data(as_text=True)),
            "name": "Sam",
            "email": "sam@example.nhs.uk",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    # The answer is the same whether or not the e-mail had an account: sign in to use it.
    assert response.status_code == 302 and response.headers["Location"] == "/auth/sign-in"
    page = client.get("/auth/sign-in").get_data(as_text=True)
    assert "Your account is ready" in page
    signed = client.post(
        "/auth/sign-in", data={"csrf_token": csrf_from(page), "email": "sam@example.nhs.uk", "password": PASSWORD}
    )
    assert signed.status_code == 302
    assert client.get("/facilitate/").status_code == 200
