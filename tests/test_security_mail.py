""" "Email me my plan" is no relay (finding 8 of issue 12): a real SMTP server counts what is sent."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from tests.conftest import Actions
from tests.test_reminders_email import ADDRESS, Inbox, smtp  # noqa: F401 - the SMTP server fixture
from workshop import operations
from workshop.extensions import db
from workshop.models import Participant, Workshop, WorkshopState, utcnow

ATTACKER_TEXT = "URGENT: your NHS password expires, confirm it at http://evil.example/login"


@pytest.fixture()
def app_settings(smtp: tuple[Inbox, int]) -> dict[str, Any]:  # noqa: F811
    return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": smtp[1], "SMTP_FROM": "kit@example.nhs.uk"}


def _tokens(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Participant.token).order_by(Participant.id)))


def _send(actions: Actions, token: str, address: str = ADDRESS) -> Any:
    return actions.post_form(f"/mine/{token}/email-plan", {"email": address}, client=actions.app.test_client())


def test_the_mail_carries_no_text_the_participant_wrote(signed_in: Actions, app: Flask, smtp) -> None:  # noqa: F811
    code = signed_in.workshop()
    signed_in.phone_for(code).post(ATTACKER_TEXT, name="Click here", role="http://evil.example")
    [token] = _tokens(app)
    assert _send(signed_in, token).status_code == 302
    [(_, message)] = smtp[0].messages
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "evil.example" not in body and "URGENT" not in body and "evil" not in message["Subject"]
    assert len(list(message.iter_attachments())) == 3  # the documents are attached


def test_one_address_per_participant_per_day(signed_in: Actions, app: Flask, smtp) -> None:  # noqa: F811
    code = signed_in.workshop()
    signed_in.phone_for(code).post("Run a survey of ward managers by March")
    [token] = _tokens(app)
    assert _send(signed_in, token).status_code == 302
    assert _send(signed_in, token).status_code == 302  # the same address again: a resend is fine
    other = _send(signed_in, token, "stranger@example.com")
    assert other.status_code == 429
    assert "one email address a day" in other.get_data(as_text=True)
    assert [recipients for recipients, _ in smtp[0].messages] == [[ADDRESS], [ADDRESS]]


def test_no_statement_no_mail(signed_in: Actions, app: Flask, smtp) -> None:  # noqa: F811
    code = signed_in.workshop()
    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        participant = Participant(workshop=workshop)
        db.session.add(participant)
        db.session.commit()
        token = participant.token
    refused = _send(signed_in, token)
    assert refused.status_code == 409
    assert "Write a statement first" in refused.get_data(as_text=True)
    assert smtp[0].messages == []


def test_only_while_open_or_recently_closed(signed_in: Actions, app: Flask, smtp) -> None:  # noqa: F811
    code = signed_in.workshop()
    signed_in.phone_for(code).post("Run a survey of ward managers by March")
    [token] = _tokens(app)
    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        operations.change_state(workshop, WorkshopState.CLOSED)
        db.session.commit()
    assert _send(signed_in, token).status_code == 302  # closed today: still fine
    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        workshop.closed_at = utcnow() - timedelta(days=8)
        db.session.commit()
    refused = _send(signed_in, token)
    assert refused.status_code == 409
    assert "download" in refused.get_data(as_text=True).lower()
    assert len(smtp[0].messages) == 1


@pytest.mark.parametrize("limit", ["EMAIL_PLAN_WORKSHOP_RATE_LIMIT", "EMAIL_PLAN_GLOBAL_RATE_LIMIT"])
def test_per_workshop_and_global_caps(signed_in: Actions, app: Flask, smtp, limit: str) -> None:  # noqa: F811
    app.config[limit] = "2 per hour"
    code = signed_in.workshop()
    for n in range(3):
        signed_in.phone_for(code).post(f"Statement number {n} about case studies")
    statuses = [
        _send(signed_in, token, f"person{n}@example.nhs.uk").status_code for n, token in enumerate(_tokens(app))
    ]
    assert statuses == [302, 302, 429]
    assert len(smtp[0].messages) == 2
