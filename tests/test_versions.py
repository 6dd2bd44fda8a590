"""The workshop's version counts every change, even two made at once (walls and phones poll with it).

A wall that has seen version N asks "anything newer than N?". Two requests that each read the
workshop at version N and then both wrote N + 1 would leave the second change unseen until the
next one: under PostgreSQL's READ COMMITTED a request reads the row before it waits for the other
writer's lock, and SQLite's driver reads outside the write transaction. So the flush writes
``version = version + 1`` in the database, whatever the request read.
"""

from __future__ import annotations

import threading

from flask import Flask
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from tests.conftest import Actions
from workshop.extensions import db
from workshop.models import Workshop


def _version(app: Flask, code: str) -> int:
    with app.app_context():
        return int(db.session.scalar(select(Workshop.version).where(Workshop.code == code)) or 0)


def test_two_changes_made_at_once_make_two_versions(signed_in: Actions, app: Flask) -> None:
    code = signed_in.workshop()
    before = _version(app, code)
    with app.app_context():
        engine = db.engine
    with Session(engine) as first, Session(engine) as second:
        one = first.scalars(select(Workshop).where(Workshop.code == code)).one()
        other = second.scalars(select(Workshop).where(Workshop.code == code)).one()
        assert one.version == other.version == before  # both read the same version
        one.touch()
        assert one.version == before + 1  # counted in Python until the flush
        first.commit()
        other.touch()
        second.commit()
        assert other.version == before + 2  # read back after the flush: the database's count
        assert other.board_version == one.board_version  # both counted it too: read back, the same
    assert _version(app, code) == before + 2
    with app.app_context():
        boards = db.session.scalar(select(Workshop.board_version).where(Workshop.code == code))
        workshop = db.session.scalars(select(Workshop).where(Workshop.code == code)).one()
        workshop.touch(votes_only=True)  # a vote: the themes themselves did not change
        db.session.commit()
        assert (workshop.version, workshop.board_version) == (before + 3, boards)
    assert boards >= 3  # created at 1, counted by each of the two changes made at once


def test_touching_twice_in_one_request_is_one_change(signed_in: Actions, app: Flask) -> None:
    code = signed_in.workshop()
    before = _version(app, code)
    with app.app_context():
        workshop = db.session.scalars(select(Workshop).where(Workshop.code == code)).one()
        workshop.touch()
        workshop.touch()
        db.session.commit()
    assert _version(app, code) == before + 1  # one transaction, one new version


def test_the_version_is_counted_in_the_transaction_on_sqlite_and_after_the_commit_on_postgresql(
    signed_in: Actions, app: Flask
) -> None:
    """2,000 phones answering a poll on two servers had queued for the row their versions were written to.

    PostgreSQL counts the version just after the commit, in a statement of its own: while a
    change is still in its transaction the row is not written, and another writer of it does not
    wait. SQLite has one write lock for the whole database anyway: the flush counts it there.
    """
    with app.app_context():
        engine = db.engine
    postgres = engine.dialect.name == "postgresql"
    code = signed_in.workshop()
    before = _version(app, code)
    with Session(engine) as change:
        workshop = change.scalars(select(Workshop).where(Workshop.code == code)).one()
        workshop.touch()
        change.flush()
        written = change.scalar(select(Workshop.version).where(Workshop.code == code))
        assert written == (before if postgres else before + 1)
        if postgres:
            with engine.connect() as other:
                other.execute(text("SET lock_timeout = '2s'"))
                other.execute(update(Workshop).where(Workshop.code == code).values(version=Workshop.version + 1))
                other.commit()  # would have waited and failed on the lock before
        change.commit()
        assert workshop.version == before + (2 if postgres else 1)  # read back after the commit
    assert _version(app, code) == before + (2 if postgres else 1)


def test_a_change_rolled_back_counts_no_version(signed_in: Actions, app: Flask) -> None:
    code = signed_in.workshop()
    before = _version(app, code)
    with app.app_context():
        workshop = db.session.scalars(select(Workshop).where(Workshop.code == code)).one()
        workshop.touch()
        db.session.flush()
        db.session.rollback()
        db.session.commit()
    assert _version(app, code) == before


def test_a_savepoint_inside_a_change_leaves_the_count_to_the_commit(signed_in: Actions, app: Flask) -> None:
    """A savepoint's release is not the commit: counting there would wait for the row the change holds."""
    code = signed_in.workshop()
    before = _version(app, code)
    with app.app_context():
        engine = db.engine
    problems: list[BaseException] = []

    def change() -> None:
        try:
            with Session(engine) as session:
                workshop = session.scalars(select(Workshop).where(Workshop.code == code)).one()
                workshop.title = "Renamed while answering"  # the transaction now holds the row
                workshop.touch()
                session.flush()
                with session.begin_nested():  # as a poll answer's insert is
                    workshop.touch()
                session.commit()
        except BaseException as problem:  # noqa: BLE001 - reported by the assertion below
            problems.append(problem)

    worker = threading.Thread(target=change, daemon=True)
    worker.start()
    worker.join(30)
    assert not worker.is_alive(), "the change waited for its own lock"
    assert not problems
    assert _version(app, code) > before  # counted (on SQLite once a flush: twice here)
