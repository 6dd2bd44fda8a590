"""The people of a workshop (issue 16): the owner shares it with other facilitators, each with a
role, and removes them. (What each of them changed is recorded by ``workshop.operations`` and
read back by ``workshop.live.changes_of``.)

Like ``workshop.operations``, these functions take explicit arguments, flush and never commit,
and raise ``RuleBroken`` with words for the person. Who may call them is decided by
``workshop.access.owned_workshop`` (managing people needs the owner); the host command
``workshop share`` is trusted and calls :func:`share` directly.
"""

from __future__ import annotations

import logging

from workshop.access import find_facilitator
from workshop.extensions import db
from workshop.models import Facilitator, Workshop, WorkshopMember, WorkshopRole
from workshop.operations import RuleBroken

log = logging.getLogger(__name__)

SHARED_ROLES = (WorkshopRole.CO_FACILITATOR, WorkshopRole.MODERATOR)
ROLE_DESCRIPTIONS = {
    WorkshopRole.CO_FACILITATOR: "everything except deleting the workshop and managing people",
    WorkshopRole.MODERATOR: "hides, edits, deletes and pins statements, and shows the wall",
}


def shared_role(value: str) -> WorkshopRole:
    """The role named by ``value`` (``co-facilitator`` or ``moderator``), or RuleBroken saying which exist."""
    for role in SHARED_ROLES:
        if value.strip().lower() == role.value:
            return role
    raise RuleBroken(f"{value!r} is not a role: choose co-facilitator or moderator.")


def share(workshop: Workshop, email: str, role: WorkshopRole) -> WorkshopRole | None:
    """Give the facilitator account with ``email`` ``role`` on the workshop; the role they had before, or None.

    Sharing again with someone already on the workshop changes their role.
    """
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
    if person.id == workshop.facilitator_id:
        raise RuleBroken(f"{person.email} owns this workshop already: share it with someone else.")
    member = db.session.get(WorkshopMember, (workshop.id, person.id))
    before = member.role if member is not None else None
    if member is None:
        workshop.members.append(WorkshopMember(facilitator=person, role=role))
    else:
        member.role = role
    db.session.flush()
    log.info("workshop %s shared with facilitator %s as %s", workshop.code, person.id, role.value)
    return before


def remove(workshop: Workshop, facilitator_id: int) -> Facilitator:
    """Take a person off the workshop: from their next request it is as if it did not exist for them."""
    member = db.session.get(WorkshopMember, (workshop.id, facilitator_id))
    if member is None or member.workshop_id != workshop.id:
        raise RuleBroken("That person is not on this workshop any more: the page was out of date.")
    person = member.facilitator
    workshop.members.remove(member)
    db.session.flush()
    log.info("facilitator %s removed from workshop %s", facilitator_id, workshop.code)
    return person
