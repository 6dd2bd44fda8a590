"""The workshop's version counts every change, even two made at once (walls and phones poll with it).

A wall that has seen version N asks "anything newer than N?". Two requests that each read the
workshop at version N and then both wrote N + 1 would leave the second change unseen until the
next one: under PostgreSQL's READ COMMITTED a request reads the row before it waits for the other
writer's lock, and SQLite's driver reads outside the write transaction. So the flush writes
``version = version + 1`` in the database, whatever the request read.
"""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select
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
