"""A participant's calendar reminder to look back at their commitment: one builder for the
"remind me" link, the pack they download and the e-mail, so all three carry the same event.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from workshop.coaching.calendar import review_reminder_ics
from workshop.common.dates import review_date
from workshop.common.text import without_prompt
from workshop.extensions import db
from workshop.links import reminder_extra_links
from workshop.mail import send_mail
from workshop.models import Participant, ReminderEmail, utcnow
from workshop.operations import RuleBroken
from workshop.urls import lasting_url

REMINDER_WEEKS = (4, 8, 12)


def reminder_filename(weeks: int) -> str:
    return f"review-reminder-{weeks}-weeks.ics"


def follow_up_lines(participant: Participant) -> str:
    """The follow-up links other packages offer (the surveys' "Follow up your actions"), as text lines.

    Only links that will still open by the review date: ``reminder_extra_links`` drops the rest.
    """
    return "".join(f"\n{link.label}: {link.url}" for link in reminder_extra_links(participant))


def participant_reminder(participant: Participant, weeks: int) -> bytes:
    """An iCalendar event ``weeks`` after the workshop with the participant's statements.

    Weeks later, "did you do it, and what difference did it make?" is the start of an impact
    story. Its UID is stable per participant and interval, so importing it again updates the
    event instead of adding a second one. Needs an app context (for the lasting link).
    """
    workshop = participant.workshop
    held_on = workshop.date or participant.created_at.date()
    private_url = lasting_url("participate.private_copy", token=participant.token)
    commitments = (
        "\n".join(f"- {without_prompt(s.text, workshop.prompt)}" for s in participant.statements)
        or "- (no statements yet)"
    )
    # A laptop's or venue network's address would be dead by the review date: say where the copy is.
    copy = (
        f"Your private copy: {private_url}"
        if private_url
        else "Your copy: the SMART action plan and five-step plan you downloaded at the workshop."
    )
    description = (
        f"At {workshop.title} you wrote: {workshop.prompt}\n{commitments}\n\n"
        "What have you done since, and what difference did it make? Write it down: it is the start "
        f"of your impact story.\n\n{copy}{follow_up_lines(participant)}"
    )
    token_digest = hashlib.sha256(participant.token.encode()).hexdigest()[:24]
    return review_reminder_ics(
        uid=f"review-{token_digest}-{weeks}w@impact-workshop-kit",
        summary=f"Look back at your commitment from {workshop.title}",
        description=description,
        url=private_url or None,
        start=review_date(held_on, weeks),
        created=utcnow(),
        alarm_offset=timedelta(hours=9),
    )


# --- "E-mail me a reminder": an address kept only until the reminder is sent ------------------------

EMAIL_NOTICE = (
    "We keep your email address only until we send this one reminder, then delete it. "
    "It is also deleted if you cancel, or when the workshop's data is deleted."
)


def email_reminder_of(participant: Participant) -> ReminderEmail | None:
    return db.session.scalar(select(ReminderEmail).where(ReminderEmail.participant_id == participant.id))


def reminder_day(participant: Participant, weeks: int) -> date:
    return review_date(participant.workshop.date or participant.created_at.date(), weeks)


def ask_for_email_reminder(participant: Participant, email: str, weeks: int) -> ReminderEmail:
    """Keep ``email`` (given with consent) for one reminder ``weeks`` after the workshop; asking again replaces it."""
    if weeks not in REMINDER_WEEKS:
        raise RuleBroken("Reminders can be set for 4, 8 or 12 weeks after the workshop.")
    row = email_reminder_of(participant) or ReminderEmail(participant_id=participant.id)
    row.email = email[:254]
    row.send_on = reminder_day(participant, weeks)
    db.session.add(row)
    db.session.flush()
    return row


def cancel_email_reminder(participant: Participant) -> bool:
    """Delete the participant's kept address; whether there was one."""
    row = email_reminder_of(participant)
    if row is None:
        return False
    db.session.delete(row)
    db.session.flush()
    return True


def due_email_reminders(today: date) -> list[ReminderEmail]:
    """The reminders to send on ``today``: every kept address whose day has come (late ones too)."""
    query = (
        select(ReminderEmail).where(ReminderEmail.send_on <= today).order_by(ReminderEmail.send_on, ReminderEmail.id)
    )
    return list(db.session.scalars(query))


def reminder_email_body(participant: Participant) -> str:
    """The reminder's text: no statement in it (a mailbox is not private), the links that outlive the session."""
    workshop = participant.workshop
    private_url = lasting_url("participate.private_copy", token=participant.token)
    where = (
        f"Your statements and plans are on your private page: {private_url}"
        if private_url
        else "Your statements are in the SMART action plan and five-step plan you downloaded at the workshop."
    )
    return (
        f"At {workshop.title} you wrote what you would do when you got back to work.\n\n"
        "What have you done since, and what difference did it make? Write it down: it is the start "
        f"of your impact story.\n\n{where}{follow_up_lines(participant)}\n\n"
        "You asked for this reminder. Your email address has now been deleted: this is the only one we send.\n"
    )


def send_email_reminder(config: dict[str, Any], row: ReminderEmail) -> None:
    """Send one reminder, then delete the address (raises ``MailNotSent`` and keeps it if sending failed)."""
    participant = row.participant
    send_mail(
        config,
        to=row.email,
        subject=f"Reminder: look back at your commitment from {participant.workshop.title}"[:200],
        body=reminder_email_body(participant),
    )
    participant.reminder_sent_on = utcnow().date()  # the day only: the private page says it went
    db.session.delete(row)
    db.session.flush()
