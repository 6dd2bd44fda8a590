"""Who is asking: the participant identity kept in the signed session cookie.

Participants have no account. The first time a phone joins a workshop, a Participant row is made
and its id is kept in Flask's session, which is signed with the app's secret: a participant
cookie cannot be forged, and clearing it makes a new, separate participant. Rate limits key on
the signed session too (``workshop.ratelimits``), because a venue's phones share one address.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid

from flask import current_app, session
from flask_wtf.csrf import generate_csrf

from workshop.common.text import idempotency_key as clean_key
from workshop.extensions import db
from workshop.models import Participant, Workshop
from workshop.operations import new_participant
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
    participant = new_participant(workshop)  # may refuse: joining locked, or too many new phones
    remember(workshop, participant)
    return participant


def new_browser_key() -> str:
    """A fresh idempotency key for a form of this browser's page, bound to this browser.

    The key is a random nonce and a MAC of it with the browser's CSRF secret (kept in its signed
    session from its first page on, and still there when the answer that carried its participant
    was lost). Another browser that learns the key cannot use it: its own secret gives another MAC.
    """
    nonce = uuid.uuid4().hex
    return f"{nonce}-{_browser_mac(nonce)}"


def own_key(raw: str | None) -> str | None:
    """``raw`` when this browser's page made it, else ``None`` (then it neither dedups nor adopts)."""
    key = clean_key(raw)
    if key is None or "-" not in key:
        return None
    nonce, mac = key.rsplit("-", 1)
    return key if hmac.compare_digest(mac, _browser_mac(nonce)) else None


def _browser_mac(nonce: str) -> str:
    generate_csrf()  # makes the browser's secret if this is its first page
    secret = str(session.get("csrf_token", ""))
    material = f"{secret}:{nonce}".encode()
    return hmac.new(str(current_app.secret_key).encode(), material, hashlib.sha256).hexdigest()[:16]


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
