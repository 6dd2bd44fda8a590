""" "Email me my plan": a real SMTP server (aiosmtpd, in a thread) receives the personal SMART plan
as a Word attachment; the address is used once and never stored.
"""

from __future__ import annotations

import email
import email.policy
import io
import socket
from collections.abc import Iterator
from typing import Any

import docx
import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from sqlalchemy import inspect, select, text

from tests.conftest import Actions
from workshop.extensions import db
from workshop.models import Participant

ADDRESS = "sam.participant@example.nhs.uk"
STATEMENT = "Write 3 case studies with my team by the end of March"


class Inbox:
    """The aiosmtpd handler: keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), parsed))  # type: ignore[arg-type]
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture()
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture()
def app_settings(smtp: tuple[Inbox, int]) -> dict[str, Any]:
    return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": smtp[1], "SMTP_FROM": "kit@example.nhs.uk"}


def _participant(signed_in: Actions, *texts: str) -> str:
    code = signed_in.workshop()
    phone = signed_in.phone_for(code)
    for statement in texts:
        phone.post(statement)
    with signed_in.app.app_context():
        return db.session.scalars(select(Participant.token)).one()


def test_email_me_my_plan_sends_the_word_plan_to_a_real_smtp_server(
    app: Flask, signed_in: Actions, smtp: tuple[Inbox, int]
) -> None:
    inbox, _ = smtp
    app.config["PUBLIC_BASE_URL"] = "https://impact-kit.example.nhs.uk"  # a link that outlives the session
    token = _participant(signed_in, STATEMENT)
    private = signed_in.client.get(f"/mine/{token}").get_data(as_text=True)
    assert f'href="/mine/{token}/email-plan"' in private
    assert "Email me my pack" in private

    response = signed_in.post_form(f"/mine/{token}/email-plan", {"email": ADDRESS})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/mine/{token}")
    assert "We have not kept your email address" in signed_in.client.get(f"/mine/{token}").get_data(as_text=True)

    [(recipients, message)] = inbox.messages
    assert recipients == [ADDRESS]
    assert message["To"] == ADDRESS
    assert message["From"] == "kit@example.nhs.uk"
    assert "SMART action plan" in message["Subject"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert STATEMENT not in body  # no participant text in the mail itself (issue 12, finding 8)
    assert f"/mine/{token}" in body
    attachment, impact_plan, reminder = list(message.iter_attachments())
    assert impact_plan.get_filename().endswith("-impact-plan.docx")
    assert reminder.get_filename().endswith(".ics") and "BEGIN:VEVENT" in reminder.get_content()
    assert attachment.get_filename().endswith("-smart-plan.docx")
    assert attachment.get_content_type() == ("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    document = docx.Document(io.BytesIO(attachment.get_content()))
    words = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "SMART" in words
    assert "case studies" in words


def test_the_address_is_never_stored(app: Flask, signed_in: Actions, smtp: tuple[Inbox, int]) -> None:
    token = _participant(signed_in, STATEMENT)
    signed_in.post_form(f"/mine/{token}/email-plan", {"email": ADDRESS})
    assert smtp[0].messages
    with app.app_context():
        for table in inspect(db.engine).get_table_names():
            rows = db.session.execute(text(f'SELECT * FROM "{table}"')).all()  # noqa: S608 (names from the schema)
            assert ADDRESS not in repr(rows), table


def test_a_bad_address_comes_back_with_a_message_and_nothing_is_sent(
    app: Flask, signed_in: Actions, smtp: tuple[Inbox, int]
) -> None:
    token = _participant(signed_in, STATEMENT)
    for bad in ("", "not-an-address", "a@b", "x" * 250 + "@nhs.net", "evil@example.org\r\nBcc: victim@example.org"):
        response = signed_in.post_form(f"/mine/{token}/email-plan", {"email": bad})
        assert response.status_code == 422, bad
        assert "There is a problem" in response.get_data(as_text=True)
    assert smtp[0].messages == []


def test_the_email_form_needs_csrf_and_a_valid_link(app: Flask, signed_in: Actions, smtp: tuple[Inbox, int]) -> None:
    token = _participant(signed_in, STATEMENT)
    assert signed_in.client.post(f"/mine/{token}/email-plan", data={"email": ADDRESS}).status_code == 400
    assert signed_in.client.get("/mine/nope/email-plan").status_code == 404
    assert smtp[0].messages == []


def test_sending_is_rate_limited_per_private_link(app: Flask, signed_in: Actions, smtp: tuple[Inbox, int]) -> None:
    token = _participant(signed_in, STATEMENT)
    statuses = [signed_in.post_form(f"/mine/{token}/email-plan", {"email": ADDRESS}).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert len(smtp[0].messages) == 3


def test_an_unreachable_smtp_server_is_a_polite_message_not_a_crash(app: Flask, signed_in: Actions) -> None:
    token = _participant(signed_in, STATEMENT)
    app.config["SMTP_PORT"] = _free_port()  # nothing listens there
    response = signed_in.post_form(f"/mine/{token}/email-plan", {"email": ADDRESS})
    assert response.status_code == 503
    assert "could not send the email" in response.get_data(as_text=True)


def test_no_statements_no_email_option(app: Flask, signed_in: Actions) -> None:
    code = signed_in.workshop()
    phone = signed_in.phone_for(code)
    phone.post(STATEMENT)
    with app.app_context():
        token = db.session.scalars(select(Participant.token)).one()
    page = phone.client.get(f"/j/{code}").get_data(as_text=True)
    assert "Email me" not in page  # the phone page links to the private page, which offers it
    assert "Email me my pack" in phone.client.get(f"/mine/{token}").get_data(as_text=True)
