""" "E-mail me a reminder" (issue 14): an address kept only with consent and only until the reminder
is sent, said so on the page; ``flask --app wsgi reminders send`` sends the due ones through a real
SMTP server (aiosmtpd) once each and deletes each address as it goes; cancelling and the retention
purge delete it too.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask
from sqlalchemy import inspect, select, text

from tests import test_reminders_email as mail
from tests.conftest import Actions, csrf_from
from tests.test_surveys_follow_up import PUBLIC, Kit
from workshop.common.dates import review_date
from workshop.extensions import db
from workshop.models import Participant, ReminderEmail, Statement, Workshop, WorkshopState, utcnow
from workshop.operations import purge_expired

ADDRESS = "sam.participant@example.nhs.uk"
STATEMENT = "Write 3 case studies with my team by the end of March"
# The real SMTP server (aiosmtpd) of the "email me my plan" tests, and the settings that point at it.
smtp, app_settings, Inbox = mail.smtp, mail.app_settings, mail.Inbox
NOTICE = "We keep your email address only until we send this one reminder, then delete it."


def _participant(actions: Actions, held_on: date) -> str:
    code = actions.workshop(date=held_on)
    assert actions.phone_for(code).post(STATEMENT).status_code == 302
    with actions.app.app_context():
        return db.session.scalars(select(Participant.token)).one()


def _ask(app: Flask, token: str, data: dict[str, str]):
    client = app.test_client()
    page = client.get(f"/mine/{token}").get_data(as_text=True)
    return client.post(f"/mine/{token}/remind-email", data={"csrf_token": csrf_from(page), **data})


def _kept(app: Flask) -> list[tuple[str, date]]:
    with app.app_context():
        return [(row.email, row.send_on) for row in db.session.scalars(select(ReminderEmail))]


def _anywhere(app: Flask, value: str) -> list[str]:
    """The tables in which ``value`` is stored."""
    with app.app_context():
        found = []
        for table in inspect(db.engine).get_table_names():
            rows = db.session.execute(text(f'SELECT * FROM "{table}"')).all()  # noqa: S608 (names from the schema)
            if value in repr(rows):
                found.append(table)
        return found


def test_the_page_asks_for_consent_and_says_how_long_the_address_is_kept(
    app: Flask, signed_in: Actions, smtp: tuple[Inbox, int]
) -> None:
    held_on = date(2026, 11, 20)
    token = _participant(signed_in, held_on)
    page = app.test_client().get(f"/mine/{token}").get_data(as_text=True)
    assert f'action="/mine/{token}/remind-email#email-reminder"' in page
    assert NOTICE in page and "Keep my email address until the reminder is sent, then delete it" in page

    refused = _ask(app, token, {"email": ADDRESS, "weeks": "8"})  # no consent
    assert refused.status_code == 422
    assert "Tick the box to say we may keep your address until then." in refused.get_data(as_text=True)
    for bad in ("", "not-an-address", "evil@example.org\r\nBcc: victim@example.org", "x" * 250 + "@nhs.net"):
        assert _ask(app, token, {"email": bad, "weeks": "8", "consent": "y"}).status_code == 422, bad
    assert _ask(app, token, {"email": ADDRESS, "weeks": "5", "consent": "y"}).status_code == 422
    assert _kept(app) == []

    response = _ask(app, token, {"email": ADDRESS, "weeks": "4", "consent": "y"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/mine/{token}#email-reminder")
    assert _kept(app) == [(ADDRESS, review_date(held_on, 4))]
    page = app.test_client().get(f"/mine/{token}").get_data(as_text=True)
    assert "We will email you a reminder on Friday 18 December 2026." in page and NOTICE in page
    # Asking again replaces the one reminder: never two addresses for one person.
    assert _ask(app, token, {"email": "other@nhs.net", "weeks": "12", "consent": "y"}).status_code == 302
    assert _kept(app) == [("other@nhs.net", review_date(held_on, 12))]


def test_reminders_send_mails_each_due_reminder_once_and_deletes_the_address(
    app: Flask, signed_in: Actions, smtp: tuple[Inbox, int], runner
) -> None:
    inbox, _ = smtp
    app.config["PUBLIC_BASE_URL"] = PUBLIC
    kit = Kit(signed_in, (STATEMENT,), date=utcnow().date() - timedelta(weeks=9))
    kit.publish()
    [token] = kit.tokens()
    assert _ask(app, token, {"email": ADDRESS, "weeks": "8", "consent": "y"}).status_code == 302
    later = _participant_in(signed_in, kit)  # asked for 12 weeks: not due yet
    assert _ask(app, later, {"email": "later@nhs.net", "weeks": "12", "consent": "y"}).status_code == 302

    dry = runner.invoke(args=["reminders", "send", "--dry-run"])
    assert dry.exit_code == 0 and "due 1 (dry run" in dry.output
    assert inbox.messages == [] and len(_kept(app)) == 2

    result = runner.invoke(args=["reminders", "send"])
    assert result.exit_code == 0, result.output
    assert "sent 1, failed 0" in result.output and ADDRESS not in result.output
    [(recipients, message)] = inbox.messages
    assert recipients == [ADDRESS]
    assert "Reminder: look back at your commitment from MAP on tour: Taunton" == message["Subject"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert STATEMENT not in body  # no participant text in a mailbox
    assert f"{PUBLIC}/mine/{token}" in body
    assert f"Follow up your actions: {PUBLIC}/mine/{token}/follow-up" in body
    assert _anywhere(app, ADDRESS) == []
    assert [email for email, _ in _kept(app)] == ["later@nhs.net"]

    again = runner.invoke(args=["reminders", "send"])
    assert "sent 0" in again.output and len(inbox.messages) == 1  # sent once
    # The private page says it went (the day only is kept) and offers another.
    page = app.test_client().get(f"/mine/{token}").get_data(as_text=True)
    sent_on = utcnow().date()
    assert (
        f"We emailed you a reminder on {sent_on:%A} {sent_on.day} {sent_on:%B %Y}, then deleted your address." in page
    )
    assert "E-mail me a reminder</button>" in page
    waiting = app.test_client().get(f"/mine/{later}").get_data(as_text=True)
    assert "We emailed you a reminder" not in waiting and "We will email you a reminder on" in waiting


def _participant_in(actions: Actions, kit: Kit) -> str:
    """A second participant of the kit's workshop (posted before closing is not possible: add directly)."""
    with actions.app.app_context():
        workshop = db.session.scalar(select(Workshop).where(Workshop.code == kit.code))
        assert workshop is not None
        person = Participant(workshop_id=workshop.id)
        db.session.add(person)
        db.session.flush()
        db.session.add(Statement(workshop_id=workshop.id, participant_id=person.id, text="Run a journal club"))
        db.session.commit()
        return person.token


def test_an_unreachable_smtp_server_keeps_the_address_for_the_next_run(
    app: Flask, signed_in: Actions, smtp: tuple[Inbox, int], runner
) -> None:
    token = _participant(signed_in, utcnow().date() - timedelta(weeks=5))
    assert _ask(app, token, {"email": ADDRESS, "weeks": "4", "consent": "y"}).status_code == 302
    app.config["SMTP_PORT"] = mail._free_port()  # nothing listens there
    result = runner.invoke(args=["reminders", "send"])
    assert result.exit_code == 1 and "sent 0, failed 1" in result.output
    assert [email for email, _ in _kept(app)] == [ADDRESS]


def test_cancelling_and_the_retention_purge_delete_the_address(
    app: Flask, signed_in: Actions, smtp: tuple[Inbox, int]
) -> None:
    token = _participant(signed_in, date(2026, 11, 20))
    assert _ask(app, token, {"email": ADDRESS, "weeks": "8", "consent": "y"}).status_code == 302
    client = app.test_client()
    page = client.get(f"/mine/{token}").get_data(as_text=True)
    cancelled = client.post(f"/mine/{token}/remind-email/cancel", data={"csrf_token": csrf_from(page)})
    assert cancelled.status_code == 302 and _kept(app) == []
    assert "Your reminder is cancelled and your email address deleted." in client.get(f"/mine/{token}").get_data(
        as_text=True
    )
    assert client.post(f"/mine/{token}/remind-email/cancel").status_code == 400  # no CSRF token

    assert _ask(app, token, {"email": ADDRESS, "weeks": "8", "consent": "y"}).status_code == 302
    with app.app_context():
        workshop = db.session.scalars(select(Workshop)).one()
        workshop.state, workshop.retention_days = WorkshopState.CLOSED, 30
        workshop.closed_at = utcnow() - timedelta(days=31)
        db.session.commit()
        assert purge_expired()
        db.session.commit()
    assert _anywhere(app, ADDRESS) == []


def test_without_smtp_the_page_does_not_offer_it(app: Flask, signed_in: Actions) -> None:
    app.config["SMTP_HOST"] = ""  # this module's settings set up a real SMTP server: not for this test
    token = _participant(signed_in, date(2026, 11, 20))
    assert NOTICE not in app.test_client().get(f"/mine/{token}").get_data(as_text=True)
    client = app.test_client()
    page = client.get(f"/mine/{token}").get_data(as_text=True)
    response = client.post(
        f"/mine/{token}/remind-email", data={"csrf_token": csrf_from(page), "email": ADDRESS, "consent": "y"}
    )
    assert response.status_code == 404 and _kept(app) == []
