"""What the wall and the moderation view show, and the version number they poll.

Live updates work by polling: a wall asks "anything newer than version N?" every second; the
answer is 204 (nothing to swap) while ``Workshop.version`` is still N, or the fresh fragment.
The version lives in the database, so this works with any number of app processes or servers
sharing it, with no extra service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar, cast

from flask import current_app
from sqlalchemy import ColumnElement, distinct, func, select
from sqlalchemy.orm import InstrumentedAttribute, joinedload

from workshop.extensions import db
from workshop.models import Participant, Statement, StatementChange, StatementStatus, Workshop, utcnow

T = TypeVar("T")


@dataclass(frozen=True)
class Counts:
    participants: int
    statements: int
    pending: int
    hidden: int
    with_time: int = 0  # visible statements that say when (SMART's T)
    with_measure: int = 0  # visible statements that say how much (SMART's M)


@dataclass(frozen=True)
class NewPhones:
    """How many participant identities were made lately: a surge means cleared cookies, or a crowd."""

    last_minute: int
    last_ten_minutes: int


def new_phones(workshop: Workshop) -> NewPhones:
    now = utcnow()
    since_minute, since_ten = now - timedelta(minutes=1), now - timedelta(minutes=10)
    minute, ten = db.session.execute(
        select(
            func.count(Participant.id).filter(Participant.created_at >= since_minute),
            func.count(Participant.id),
        ).where(Participant.workshop_id == workshop.id, Participant.created_at >= since_ten)
    ).one()
    return NewPhones(last_minute=minute or 0, last_ten_minutes=ten or 0)


def counts(workshop: Workshop) -> Counts:
    """The wall's numbers in one query (a wall asks for them each time something changed)."""
    participants = (
        # People, as Statement.author_key counts them: each phone once, each post-it typed up (no phone) once.
        select(
            func.count(distinct(Statement.participant_id))
            + func.count(Statement.id).filter(Statement.participant_id.is_(None))
        )
        .where(Statement.workshop_id == workshop.id)
        .correlate(None)  # counted over the whole workshop, not within the outer query's group
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(
            Statement.status,
            func.count(Statement.id),
            func.count(Statement.id).filter(Statement.has_time),
            func.count(Statement.id).filter(Statement.has_measure),
            participants,
        )
        .where(Statement.workshop_id == workshop.id)
        .group_by(Statement.status)
    ).all()
    by_status = {status: number for status, number, _, _, _ in rows}
    smart = {status: (timed, measured) for status, _, timed, measured, _ in rows}
    return Counts(
        participants=rows[0][4] if rows else 0,
        statements=by_status.get(StatementStatus.VISIBLE, 0),
        pending=by_status.get(StatementStatus.PENDING, 0),
        hidden=by_status.get(StatementStatus.HIDDEN, 0),
        with_time=smart.get(StatementStatus.VISIBLE, (0, 0))[0],
        with_measure=smart.get(StatementStatus.VISIBLE, (0, 0))[1],
    )


WALL_LIMIT = 200
"""A projector shows a few dozen statements; rendering thousands on every change of a big
workshop cost 250 ms a poll under load (bench/load.py) and slowed every phone sharing the worker."""


def wall_statements(workshop: Workshop, limit: int | None = WALL_LIMIT) -> list[Statement]:
    """Visible statements, pinned first, newest first (new ones appear at the top of the wall).

    At most ``limit`` (the counts still tell the whole number); authors come in the same query
    (a join), not one query per statement.
    """
    query = (
        select(Statement)
        .where(Statement.workshop_id == workshop.id, Statement.status == StatementStatus.VISIBLE)
        .order_by(Statement.pinned.desc(), Statement.id.desc())
        .options(joinedload(Statement.participant))
    )
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query))


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


DRAWN_KEPT = 256
"""How many (workshop, part) drawings a process keeps: one version each, the latest."""


def once_per_version(workshop: Workshop, part: str, read: Callable[[], T], *, version: int | None = None) -> T:
    """``read()`` once per version of ``workshop`` in this process, for everyone who asks.

    Every change a wall or phone could see calls ``Workshop.touch``, so the version names what
    the room sees: 2,000 phones redrawing a poll's results, or their shared themes, read the
    answers once per change instead of once each (a phone's own part is read apart). Read after
    the request's commit, as every page is; kept per app, for the latest version only. ``read``
    returns plain values, never ORM rows: those belong to one request's session. ``version``: a
    narrower count to key on (``Workshop.board_version``, which votes do not change).
    """
    kept: dict[tuple[int, str], tuple[tuple[str, int], Any]] = current_app.extensions.setdefault("drawn", {})
    stamp = (workshop.code, int((workshop.version if version is None else version) or 0))
    entry = kept.get((workshop.id, part))
    if entry is not None and entry[0] == stamp:
        return cast(T, entry[1])
    value = read()
    if len(kept) >= DRAWN_KEPT and (workshop.id, part) not in kept:
        kept.pop(next(iter(kept)), None)
    kept[(workshop.id, part)] = (stamp, value)
    return value


def stored_answers(
    column: InstrumentedAttribute[str | None], *where: ColumnElement[bool]
) -> list[tuple[str | None, int]]:
    """Each different stored answer in ``column`` (JSON text) with how many rows hold it, first sent first.

    A room's answers repeat (2,000 phones choose among a few options), and every answer is a new
    version whose results are read again (``once_per_version``): reading each row and parsing its
    JSON made the n-th answer cost n row reads, 2,000 answers about two million. Counting in the
    database reads each different answer once; the order of first sending is kept, so a tally
    that breaks ties by it (the word cloud's spellings) gives what it gave row by row.
    """
    first = func.min(column.class_.id)
    rows = db.session.execute(select(column, func.count()).where(*where).group_by(column).order_by(first))
    return [(raw, int(count)) for raw, count in rows]


# What a change record says a person did to a statement: (past tense, participle).
CHANGE_VERBS = {
    "hide": ("hid", "hidden"),
    "unhide": ("unhid", "unhidden"),
    "approve": ("approved", "approved"),
    "pin": ("pinned", "pinned"),
    "unpin": ("unpinned", "unpinned"),
    "delete": ("deleted", "deleted"),
    "edit": ("edited", "edited"),
    "show": ("showed", "shown"),
    "answer": ("marked answered", "marked answered"),
    "unanswer": ("marked not answered", "marked not answered"),
}


@dataclass(frozen=True)
class Change:
    """One change: ``"{who} {did} {what}"``, or on the statement ``"{done} by {who}"``."""

    statement_id: int  # the statement's or the question's number, or the word cloud's activity
    who: str
    did: str
    done: str
    at: datetime
    subject: str = "statement"
    detail: str = ""

    @property
    def what(self) -> str:
        """What was changed, in words: "statement 7", "question 3", "the word “trust”", "a word"."""
        if self.subject == "word":
            return f"the word “{self.detail}”" if self.detail else "a word (it is gone)"
        gone = " (its text is gone)" if self.did == "deleted" else ""
        return f"{self.subject} {self.statement_id}{gone}"


@dataclass(frozen=True)
class Changes:
    """The moderation view's record: the latest change of each statement, and the most recent of all."""

    latest: dict[int, Change]
    recent: list[Change]
    total: int


def changes_of(workshop: Workshop, recent: int = 20, activity_id: int | None = None) -> Changes:
    """Who changed which statement, question or word, and when (``workshop.operations.record_change``),
    newest first, in one query; only the questions' or words' of one activity with ``activity_id``."""
    query = select(
        StatementChange.statement_id,
        StatementChange.who,
        StatementChange.action,
        StatementChange.at,
        StatementChange.subject,
        StatementChange.detail,
    ).where(StatementChange.workshop_id == workshop.id)
    if activity_id is not None:
        query = query.where(StatementChange.activity_id == activity_id)
    rows = db.session.execute(query.order_by(StatementChange.at.desc(), StatementChange.id.desc())).all()
    changes = []
    for statement_id, who, action, at, subject, detail in rows:
        did, done = CHANGE_VERBS.get(action, (action, action))
        changes.append(Change(statement_id, who, did, done, at, subject or "statement", detail or ""))
    latest: dict[int, Change] = {}
    for change in changes:
        if change.subject == "statement":
            latest.setdefault(change.statement_id, change)
    return Changes(latest=latest, recent=changes[:recent], total=len(changes))
