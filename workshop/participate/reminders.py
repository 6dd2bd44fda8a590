"""A participant's calendar reminder to look back at their commitment: one builder for the
"remind me" link, the pack they download and the e-mail, so all three carry the same event.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from workshop.coaching.calendar import review_reminder_ics
from workshop.common.dates import review_date
from workshop.links import reminder_extra_links
from workshop.models import Participant, utcnow
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
    commitments = "\n".join(f"- {s.text}" for s in participant.statements) or "- (no statements yet)"
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
