"""What the wall and the moderation view show, and the version number they poll.

Live updates work by polling: a wall asks "anything newer than version N?" every second; the
answer is 204 (nothing to swap) while ``Workshop.version`` is still N, or the fresh fragment.
The version lives in the database, so this works with any number of app processes or servers
sharing it, with no extra service.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import distinct, func, select

from workshop.extensions import db
from workshop.models import Statement, StatementStatus, Workshop


@dataclass(frozen=True)
class Counts:
    participants: int
    statements: int
    pending: int
    hidden: int


def counts(workshop: Workshop) -> Counts:
    rows = db.session.execute(
        select(Statement.status, func.count(Statement.id))
        .where(Statement.workshop_id == workshop.id)
        .group_by(Statement.status)
    ).all()
    by_status = {status: number for status, number in rows}
    participants = db.session.scalar(
        select(func.count(distinct(Statement.participant_id))).where(Statement.workshop_id == workshop.id)
    )
    return Counts(
        participants=participants or 0,
        statements=by_status.get(StatementStatus.VISIBLE, 0),
        pending=by_status.get(StatementStatus.PENDING, 0),
        hidden=by_status.get(StatementStatus.HIDDEN, 0),
    )


def wall_statements(workshop: Workshop) -> list[Statement]:
    """Visible statements, pinned first, newest first (new ones appear at the top of the wall)."""
    return list(
        db.session.scalars(
            select(Statement)
            .where(Statement.workshop_id == workshop.id, Statement.status == StatementStatus.VISIBLE)
            .order_by(Statement.pinned.desc(), Statement.id.desc())
        )
    )


def all_statements(workshop: Workshop) -> list[Statement]:
    """Every statement for moderation: waiting for approval first, then newest first."""
    return list(
        db.session.scalars(
            select(Statement)
            .where(Statement.workshop_id == workshop.id)
            .order_by((Statement.status == StatementStatus.PENDING).desc(), Statement.id.desc())
        )
    )


def current_version(workshop_id: int) -> int:
    """Read the version straight from the database, bypassing anything the session cached."""
    return db.session.scalar(select(Workshop.version).where(Workshop.id == workshop_id)) or 0


def unchanged(workshop: Workshop, since: str | None) -> bool:
    return since is not None and since.isdigit() and int(since) == workshop.version
