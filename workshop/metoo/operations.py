""" "Me too" on statements (issue 16): participants add their support to others' statements.

Optional (``Workshop.me_too``, off by default): one each, withdrawable, never on one's own
statement, only on a statement that is on the wall, only while the session is open. A double tap
counts once. Who supported what is never shown to anyone: pages and exports read only the count
per statement (:func:`counts`) and, for a phone, which statements it supported itself
(:func:`supported_by`).

Like ``operations``, these flush but never commit, and raise ``RuleBroken`` with words for the person.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.elements import ColumnElement

from workshop.extensions import db, hold_row, serialise_on
from workshop.models import MeToo, Participant, Statement, StatementStatus, Workshop
from workshop.operations import RuleBroken, closed_message

log = logging.getLogger(__name__)

OFF_MESSAGE = "“Me too” is not switched on in this workshop."
OWN_MESSAGE = "That is your own statement: “Me too” is for other people’s statements."
NOT_ON_WALL_MESSAGE = "That statement is not on the wall just now, so it cannot take a “Me too”."
OTHER_WORKSHOP_MESSAGE = "You can only add “Me too” in the workshop you joined."

#: How many of the others' statements a phone shows at once; "Show more" brings the next ones.
PAGE_SIZE = 20


def _check(statement: Statement, participant: Participant) -> Workshop:
    """The rules every change obeys: switched on, open, the same workshop."""
    workshop = statement.workshop
    if participant.workshop_id != workshop.id:
        raise RuleBroken(OTHER_WORKSHOP_MESSAGE)
    if not workshop.me_too:
        raise RuleBroken(OFF_MESSAGE)
    if not workshop.is_open:
        raise RuleBroken(closed_message(workshop))
    return workshop


def add(statement: Statement, participant: Participant) -> bool:
    """``participant`` says "Me too" to ``statement``; True when this call added it (False: it was already there)."""
    workshop = _check(statement, participant)
    if statement.participant_id == participant.id:
        raise RuleBroken(OWN_MESSAGE)
    if statement.status != StatementStatus.VISIBLE:
        raise RuleBroken(NOT_ON_WALL_MESSAGE)
    # The workshop's row first, in the order deleting it takes (as votes and posts do; issue 12),
    # then this phone's own row: its parallel taps take turns.
    hold_row(Workshop, workshop.id)
    serialise_on(Participant, participant.id)
    if _row(statement, participant) is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(MeToo(statement_id=statement.id, participant_id=participant.id))
    except IntegrityError:
        return False  # the same tap sent twice at once: it counts once
    workshop.touch()
    return True


def withdraw(statement: Statement, participant: Participant) -> bool:
    """Take one's "Me too" back; True when there was one to take back."""
    workshop = _check(statement, participant)
    result = db.session.execute(
        delete(MeToo).where(MeToo.statement_id == statement.id, MeToo.participant_id == participant.id)
    )
    removed = getattr(result, "rowcount", 0)
    if removed:
        workshop.touch()
    return bool(removed)


def _row(statement: Statement, participant: Participant) -> MeToo | None:
    return db.session.scalar(
        select(MeToo).where(MeToo.statement_id == statement.id, MeToo.participant_id == participant.id)
    )


def _tally(*conditions: ColumnElement[bool]) -> dict[int, int]:
    rows = db.session.execute(
        select(MeToo.statement_id, func.count(MeToo.id))
        .join(Statement, Statement.id == MeToo.statement_id)
        .where(*conditions)
        .group_by(MeToo.statement_id)
    ).tuples()
    return {statement_id: int(number) for statement_id, number in rows}


def counts(workshop: Workshop) -> dict[int, int]:
    """Statement id -> how many said "Me too" (statements with none are absent), in one query.

    Empty while the workshop does not use "Me too", so the wall and the board cost nothing more then.
    """
    return all_counts(workshop) if workshop.me_too else {}


def all_counts(workshop: Workshop) -> dict[int, int]:
    """As :func:`counts`, whether or not the switch is on now: what the exports keep of a session."""
    return _tally(Statement.workshop_id == workshop.id)


def counts_of(statement_ids: Iterable[int]) -> dict[int, int]:
    """The counts of these statements only (a phone's page of the list, or one button's answer)."""
    ids = list(statement_ids)
    return _tally(MeToo.statement_id.in_(ids)) if ids else {}


def supported_by(participant: Participant | None, statement_ids: Iterable[int]) -> set[int]:
    """Which of ``statement_ids`` this phone's participant said "Me too" to (only ever shown to them)."""
    ids = list(statement_ids)
    if participant is None or not ids:
        return set()
    return set(
        db.session.scalars(
            select(MeToo.statement_id).where(MeToo.participant_id == participant.id, MeToo.statement_id.in_(ids))
        )
    )


@dataclass(frozen=True)
class OthersPage:
    """A phone's page of the others' statements, newest first, with their counts and its own choices."""

    statements: list[Statement]
    counts: dict[int, int]
    mine: set[int]
    more_before: int | None  # the id to ask for the next page with, None when this is the last page
    before: int | None  # the cursor this page was asked for (None: the newest)


def others_page(
    workshop: Workshop, participant: Participant | None, before: int | None = None, size: int = PAGE_SIZE
) -> OthersPage:
    """Visible statements by others than ``participant``, newest first, ``size`` at a time (older than ``before``)."""
    query = select(Statement).where(Statement.workshop_id == workshop.id, Statement.status == StatementStatus.VISIBLE)
    if participant is not None:
        query = query.where((Statement.participant_id != participant.id) | Statement.participant_id.is_(None))
    if before is not None:
        query = query.where(Statement.id < before)
    rows = list(db.session.scalars(query.order_by(Statement.id.desc()).limit(size + 1)))
    shown = rows[:size]
    ids = [s.id for s in shown]
    return OthersPage(
        statements=shown,
        counts=counts_of(ids),
        mine=supported_by(participant, ids),
        more_before=shown[-1].id if len(rows) > size else None,
        before=before,
    )
