"""Finding a workshop by its code, a participant by their private-link token, a facilitator by e-mail.

Who may do what on a workshop is decided here and nowhere else: :func:`owned_workshop` takes the
role a view needs (``WorkshopRole``: owner, co-facilitator, moderator) and refuses everyone below
it, so a view states its need in one argument and never checks a role itself.

Every view that takes a code or a token from a request goes through :func:`workshop_by_code`,
:func:`owned_workshop` or :func:`participant_by_token`, so the 404 a person sees is worded once
and a guess is handled in one place. The views that take a code or token from the URL also wear
``workshop.ratelimits.guessing_limited``, whose counters count their 404 answers; to count failed
lookups wherever they happen instead, add the counting to :func:`_not_found`, the one place every
failed code or token lookup of a request passes through.

:func:`workshop_with_code` and :func:`participant_with_token` are the plain queries, for trusted callers (host commands, recovery
handlers) that decide themselves what a missing workshop means.
"""

from __future__ import annotations

from typing import NoReturn

from flask import abort, g
from flask_login import current_user
from sqlalchemy import func, select

from workshop.codes import normalise_code
from workshop.extensions import db
from workshop.models import (
    Facilitator,
    Participant,
    Series,
    SeriesMember,
    Workshop,
    WorkshopMember,
    WorkshopRole,
    WorkshopState,
)
from workshop.timer import settle_due

WORKSHOP_NOT_FOUND = "There is no open workshop with that code. Check the code on the screen and try again."
PRIVATE_LINK_NOT_FOUND = "That private link is not valid any more. The workshop may have been deleted."
SERIES_NOT_FOUND = "There is no series of yours with that number. Your series are listed on the Series page."


def find_facilitator(email: str) -> Facilitator | None:
    """The facilitator account with this e-mail address, whatever its case."""
    return db.session.scalar(select(Facilitator).where(func.lower(Facilitator.email) == email.strip().lower()))


def workshop_with_code(code: str) -> Workshop | None:
    """The workshop with this code (typed in any case, with or without spaces), in any state."""
    normalised = normalise_code(code)
    if not normalised:
        return None
    return db.session.scalar(select(Workshop).where(Workshop.code == normalised))


def workshop_by_code(code: str) -> Workshop:
    """The workshop a participant named by its code (typed, scanned or in the URL), or 404.

    Archived workshops are gone for participants.
    """
    workshop = workshop_with_code(code)
    if workshop is None or workshop.state == WorkshopState.ARCHIVED:
        _not_found(WORKSHOP_NOT_FOUND)
    settle_due(workshop)  # a timer that was to close submissions closes them on the first request after it
    return workshop


def role_of(workshop: Workshop, facilitator_id: int) -> WorkshopRole | None:
    """The facilitator's role on the workshop: owner, the role it was shared with, or None."""
    if workshop.facilitator_id == facilitator_id:
        return WorkshopRole.OWNER
    return db.session.scalar(
        select(WorkshopMember.role).where(
            WorkshopMember.workshop_id == workshop.id, WorkshopMember.facilitator_id == facilitator_id
        )
    )


def my_role(workshop: Workshop) -> WorkshopRole | None:
    """The signed-in facilitator's role on the workshop, looked up once a request (pages ask often)."""
    roles: dict[int, WorkshopRole | None] = g.setdefault("workshop_roles", {})
    if workshop.id not in roles:
        roles[workshop.id] = role_of(workshop, current_user.id) if current_user.is_authenticated else None
    return roles[workshop.id]


def owned_workshop(code: str, needs: WorkshopRole = WorkshopRole.CO_FACILITATOR) -> Workshop:
    """The workshop with this code if the signed-in facilitator's role on it allows ``needs``.

    A facilitator with no role on it gets 404, as if it did not exist; one whose role is too weak
    (a moderator on the settings, a co-facilitator on "Delete") gets 403 saying who can. The
    default is what a co-facilitator may do: everything except deleting the workshop and managing
    people, which ask for ``WorkshopRole.OWNER``; moderation and the wall ask only for a moderator.
    """
    workshop = workshop_with_code(code)
    role = my_role(workshop) if workshop is not None else None
    if workshop is None or role is None:
        abort(404)
    if not role.allows(needs):
        abort(403, description=_refusal(workshop, role, needs))
    settle_due(workshop)
    return workshop


def _refusal(workshop: Workshop | Series, role: WorkshopRole, needs: WorkshopRole) -> str:
    who = "its owner" if needs == WorkshopRole.OWNER else "its owner or a co-facilitator"
    name = workshop.title if isinstance(workshop, Workshop) else f"the series {workshop.name}"
    return f"You are a {role.value} of “{name}”: only {who} ({workshop.facilitator.display_name} owns it) can do that."


def series_with_id(series_id: str | int) -> Series | None:
    """The series with this id (a number, as typed in a host command), for trusted callers."""
    text = str(series_id).strip()
    if not text.isdigit() or len(text) > 12:
        return None
    return db.session.get(Series, int(text))


def series_role_of(series: Series, facilitator_id: int) -> WorkshopRole | None:
    """The facilitator's role on the series: owner, the role it was shared with, or None."""
    if series.facilitator_id == facilitator_id:
        return WorkshopRole.OWNER
    return db.session.scalar(
        select(SeriesMember.role).where(
            SeriesMember.series_id == series.id, SeriesMember.facilitator_id == facilitator_id
        )
    )


def my_series_role(series: Series) -> WorkshopRole | None:
    """The signed-in facilitator's role on the series, looked up once a request."""
    roles: dict[int, WorkshopRole | None] = g.setdefault("series_roles", {})
    if series.id not in roles:
        roles[series.id] = series_role_of(series, current_user.id) if current_user.is_authenticated else None
    return roles[series.id]


def owned_series(series_id: int, needs: WorkshopRole = WorkshopRole.CO_FACILITATOR) -> Series:
    """The series with this id if the signed-in facilitator's role on it allows ``needs``, as for a workshop.

    No role: 404, as if it did not exist. Too weak a role: 403 saying who can. A moderator
    (``needs=MODERATOR``) sees the series and its documents; a co-facilitator (the default) edits
    it; deleting it and managing its people need the owner.
    """
    series = series_with_id(series_id)
    role = my_series_role(series) if series is not None else None
    if series is None or role is None:
        abort(404, description=SERIES_NOT_FOUND)
    if not role.allows(needs):
        abort(403, description=_refusal(series, role, needs))
    return series


def participant_with_token(token: str) -> Participant | None:
    """The participant whose private link carries ``token``, for trusted callers (host commands)."""
    return db.session.scalar(select(Participant).where(Participant.token == token)) if token else None


def participant_by_token(token: str) -> Participant:
    """The participant whose private link carries ``token``, or 404."""
    participant = participant_with_token(token)
    if participant is None:
        _not_found(PRIVATE_LINK_NOT_FOUND)
    return participant


def _not_found(description: str) -> NoReturn:
    """Where every failed code or token lookup of a request ends: a 404 with the person's wording."""
    abort(404, description=description)
