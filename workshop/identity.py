"""Who is asking: the participant identity kept in the signed session cookie.

Participants have no account. The first time a phone joins a workshop, a Participant row is made
and its id is kept in Flask's session, which is signed with the app's secret: a participant
cookie cannot be forged, and clearing it makes a new, separate participant. Rate limits key on
the signed session too (``workshop.ratelimits``), because a venue's phones share one address.
"""

from __future__ import annotations

from flask import session
from sqlalchemy import select

from workshop.common.text import idempotency_key as clean_key
from workshop.extensions import db
from workshop.models import Participant, Statement, Workshop
from workshop.ratelimits import PARTICIPANTS_SESSION_KEY

_SESSION_KEY = PARTICIPANTS_SESSION_KEY


def participant_for(workshop: Workshop) -> Participant | None:
    """The participant this browser is in ``workshop``, if it has joined it before."""
    known = session.get(_SESSION_KEY, {})
    participant_id = known.get(str(workshop.id))
    if participant_id is None:
        return None
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.workshop_id != workshop.id:
        return None
    return participant


def join(workshop: Workshop) -> Participant:
    """Return this browser's participant in ``workshop``, creating it on first contact."""
    participant = participant_for(workshop)
    if participant is not None:
        return participant
    participant = Participant(workshop=workshop)
    db.session.add(participant)
    db.session.flush()
    remember(workshop, participant)
    return participant


def returning_sender(workshop: Workshop, idempotency_key: str | None) -> Participant | None:
    """The participant who already sent the statement with this key, when this browser lost track.

    A phone's first statement creates its participant, and the cookie that says so travels in
    the answer. When that answer never arrives (a worker killed, wifi dropping), the phone sends
    the same form again with no participant in its cookie. Its idempotency key, a random secret
    from its own page, names the stored statement, so the phone takes that participant back
    instead of becoming a second one and storing the statement twice.
    """
    key = clean_key(idempotency_key)
    if not key:
        return None
    statement = db.session.scalar(
        select(Statement).where(Statement.workshop_id == workshop.id, Statement.idempotency_key == key).limit(1)
    )
    if statement is None or statement.participant is None:
        return None
    remember(workshop, statement.participant)
    return statement.participant


def remember(workshop: Workshop, participant: Participant) -> None:
    """Keep ``participant`` as this browser's identity in ``workshop`` (in the signed session)."""
    known = dict(session.get(_SESSION_KEY, {}))
    known[str(workshop.id)] = participant.id
    # Keep the cookie small: a phone at a conference joins a handful of workshops at most.
    if len(known) > 20:
        known = dict(list(known.items())[-20:])
    session[_SESSION_KEY] = known
    session.permanent = True


def forget(workshop: Workshop) -> None:
    known = dict(session.get(_SESSION_KEY, {}))
    known.pop(str(workshop.id), None)
    session[_SESSION_KEY] = known
