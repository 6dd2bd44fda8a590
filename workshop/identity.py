"""Who is asking: the participant identity kept in the signed session cookie.

Participants have no account. The first time a phone joins a workshop, a Participant row is made
and its id is kept in Flask's session, which is signed with the app's secret: a participant
cookie cannot be forged, and clearing it makes a new, separate participant. Rate limits key on
the signed session too (``workshop.ratelimits``), because a venue's phones share one address.
"""

from __future__ import annotations

from flask import session

from workshop.extensions import db
from workshop.models import Participant, Workshop
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
