"""The Flask extensions, created unbound here and initialised in ``workshop.app.create_app``.

The limiter lives in ``workshop.ratelimits`` with the functions that say who a request counts as.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask_compress import Compress
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy import select as sa_select
from sqlalchemy import update as sa_update
from sqlalchemy.orm import DeclarativeBase, Session, SessionTransaction
from werkzeug.exceptions import Gone


class Base(DeclarativeBase):
    # Named constraints, so that migrations can drop and alter them on every database.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


db = SQLAlchemy(model_class=Base)

if TYPE_CHECKING:
    # Flask-SQLAlchemy makes db.Model at run time, a subclass of Base that type checkers cannot see.
    Model = Base
else:
    Model = db.Model
migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
compress = Compress()


GONE_MESSAGE = (
    "This has just been deleted (its facilitator may have deleted the workshop or survey), "
    "so what you sent was not saved. Check the code with your facilitator."
)


def serialise_on(model: Any, row_id: int) -> None:
    """Make concurrent requests that change what hangs off one row take turns, until commit.

    Limits such as "3 statements each" are a count followed by an insert: two requests that both
    count before either inserts both pass. Writing to the row first takes PostgreSQL's row lock
    (a second writer waits for the first to commit, then counts what it stored) and SQLite's
    database write lock (waited for up to its busy timeout). The write changes nothing.

    When the write finds no row, another request deleted it meanwhile (a facilitator deleting the
    workshop while phones vote): the request stops with 410 Gone and a message, not a 500 later.

    A row already written to in this transaction is not written again (a phone's first post
    serialises on its workshop to join it, then to count its statements): the lock is held
    until the transaction ends, and every transaction's end forgets what it held.
    """
    db.session.flush()
    held: set[tuple[str, int]] = db.session.info.setdefault(_SERIALISED, set())
    if (model.__tablename__, row_id) in held:
        return
    result = db.session.execute(sa_update(model).where(model.id == row_id).values(id=model.id))
    if getattr(result, "rowcount", 1) == 0:
        raise Gone(description=GONE_MESSAGE)
    held.add((model.__tablename__, row_id))


def hold_row(model: Any, row_id: int) -> None:
    """Keep a parent row (a workshop) from being deleted until commit, without making others wait.

    Joining a workshop, posting, voting and answering all hang rows off the workshop and must not
    race its deletion: when it is gone they stop with 410 Gone, and while they run, deleting it
    waits for them. On PostgreSQL that is a shared lock (``FOR KEY SHARE``, what a foreign key
    takes), so a room's phones no longer queue on the workshop's row one behind another: measured
    with 2,000 phones answering a poll, most of the waiting seen in ``pg_stat_activity`` was for
    that row. On SQLite every write takes the one database lock anyway: the row is serialised on.
    Limits counted per phone serialise on the phone's participant row as well (``serialise_on``).
    """
    if db.session.get_bind().dialect.name != "postgresql":
        serialise_on(model, row_id)
        return
    db.session.flush()
    held: set[tuple[str, int]] = db.session.info.setdefault(_HELD, set())
    if (model.__tablename__, row_id) in held:
        return
    found = db.session.execute(
        sa_select(model.id).where(model.id == row_id).with_for_update(read=True, key_share=True)
    ).first()
    if found is None:
        raise Gone(description=GONE_MESSAGE)
    held.add((model.__tablename__, row_id))


_SERIALISED = "serialised_rows"
_HELD = "held_rows"


@event.listens_for(Session, "after_transaction_end")
def _forget_serialised(session: Session, transaction: SessionTransaction) -> None:
    """A savepoint's or the transaction's end: its locks may be gone, so the next write takes them again.

    Not the end of the inner transaction every flush opens and closes: the locks outlive it, and
    forgetting them there made a phone's first post lock its workshop twice (once to join, once to
    post, with the participant's insert flushed between).
    """
    if transaction.parent is not None and not transaction.nested:
        return
    session.info.pop(_SERIALISED, None)
    session.info.pop(_HELD, None)
