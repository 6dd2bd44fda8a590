"""The people of a workshop (issue 16) or of a series (issue 17): the owner shares it with other
facilitators, each with a role, and removes them. (What each of them changed on a workshop is
recorded by ``workshop.operations`` and read back by ``workshop.live.changes_of``.)

Like ``workshop.operations``, these functions take explicit arguments, flush and never commit,
and raise ``RuleBroken`` with words for the person. Who may call them is decided by
``workshop.access.owned_workshop`` (managing people needs the owner); the host command
``workshop share`` is trusted and calls :func:`share` directly.
"""

from __future__ import annotations

import logging
from typing import TypeVar

from workshop.access import find_facilitator
from workshop.extensions import db
from workshop.models import Facilitator, Series, SeriesMember, Workshop, WorkshopMember, WorkshopRole
from workshop.operations import RuleBroken

log = logging.getLogger(__name__)

Member = TypeVar("Member", WorkshopMember, SeriesMember)
SHARED_ROLES = (WorkshopRole.CO_FACILITATOR, WorkshopRole.MODERATOR)
ROLE_DESCRIPTIONS = {
    WorkshopRole.CO_FACILITATOR: "everything except deleting the workshop and managing people",
    WorkshopRole.MODERATOR: "hides, edits, deletes and pins statements, and shows the wall",
}
SERIES_ROLE_DESCRIPTIONS = {
    WorkshopRole.CO_FACILITATOR: (
        "edits the themes, featured statements, key messages and name, and adds and removes workshops"
    ),
    WorkshopRole.MODERATOR: "sees the series and downloads its documents, changes nothing",
}


def shared_role(value: str) -> WorkshopRole:
    """The role named by ``value`` (``co-facilitator`` or ``moderator``), or RuleBroken saying which exist."""
    for role in SHARED_ROLES:
        if value.strip().lower() == role.value:
            return role
    raise RuleBroken(f"{value!r} is not a role: choose co-facilitator or moderator.")


def shared_message(who: str, role: WorkshopRole, before: WorkshopRole | None, what: str) -> str:
    """What the owner is told after sharing a workshop or series (``what``) with ``who``."""
    if before is None:
        return f"Shared with {who} as {role.value}: the {what} is in their list now."
    if before == role:
        return f"{who} is already a {role.value} of this {what}."
    return f"{who} is now a {role.value} (was {before.value})."


def _sharee(email: str, role: WorkshopRole, owner_id: int, what: str) -> Facilitator:
    """The account to share a workshop or series with, or RuleBroken saying what to do instead."""
    if role not in SHARED_ROLES:
        raise RuleBroken(f"{role.value!r} cannot be shared: choose co-facilitator or moderator.")
    if not email.strip():
        raise RuleBroken("Type the e-mail address of the facilitator account to share with.")
    person = find_facilitator(email)
    if person is None:
        raise RuleBroken(
            f"There is no facilitator account for {email.strip()}. They need an account on this kit first: "
            "ask whoever runs it to create one, then share again."
        )
    if person.id == owner_id:
        raise RuleBroken(f"{person.email} owns this {what} already: share it with someone else.")
    return person


def _give(role: WorkshopRole, member: WorkshopMember | SeriesMember | None) -> WorkshopRole | None:
    """Change ``member``'s role to ``role``; the role they had before (None when there is no member to change)."""
    if member is None:
        return None
    before = member.role
    member.role = role
    return before


def _present(member: Member | None, what: str) -> Member:
    """The membership about to be removed, or RuleBroken when it is gone already (a page out of date)."""
    if member is None:
        raise RuleBroken(f"That person is not on this {what} any more: the page was out of date.")
    return member


def share(workshop: Workshop, email: str, role: WorkshopRole) -> WorkshopRole | None:
    """Give the facilitator account with ``email`` ``role`` on the workshop; the role they had before, or None.

    Sharing again with someone already on the workshop changes their role.
    """
    person = _sharee(email, role, workshop.facilitator_id, "workshop")
    member = db.session.get(WorkshopMember, (workshop.id, person.id))
    before = _give(role, member)
    if member is None:
        workshop.members.append(WorkshopMember(facilitator=person, role=role))
    db.session.flush()
    log.info("workshop %s shared with facilitator %s as %s", workshop.code, person.id, role.value)
    return before


def remove(workshop: Workshop, facilitator_id: int) -> Facilitator:
    """Take a person off the workshop: from their next request it is as if it did not exist for them."""
    member = _present(db.session.get(WorkshopMember, (workshop.id, facilitator_id)), "workshop")
    person = member.facilitator
    workshop.members.remove(member)
    db.session.flush()
    log.info("facilitator %s removed from workshop %s", facilitator_id, workshop.code)
    return person


def share_series(series: Series, email: str, role: WorkshopRole) -> WorkshopRole | None:
    """Give the facilitator account with ``email`` ``role`` on the series; the role they had before, or None.

    The series' workshops are not shared by this: the person sees them through the series (its
    page and documents) and opens a workshop itself only if it is shared with them too.
    """
    person = _sharee(email, role, series.facilitator_id, "series")
    member = db.session.get(SeriesMember, (series.id, person.id))
    before = _give(role, member)
    if member is None:
        series.people.append(SeriesMember(facilitator=person, role=role))
    db.session.flush()
    log.info("series %s shared with facilitator %s as %s", series.id, person.id, role.value)
    return before


def remove_from_series(series: Series, facilitator_id: int) -> Facilitator:
    """Take a person off the series: from their next request it is as if it did not exist for them."""
    member = _present(db.session.get(SeriesMember, (series.id, facilitator_id)), "series")
    person = member.facilitator
    series.people.remove(member)
    db.session.flush()
    log.info("facilitator %s removed from series %s", facilitator_id, series.id)
    return person
