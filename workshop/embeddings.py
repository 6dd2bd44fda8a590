"""Sentence embeddings stored on statements: made just after a text is written, read when grouping.

Why stored: the model embeds one statement in a few milliseconds, but a whole workshop in seconds;
embedding each statement as it is written makes pressing "Group" instant. Why not in the request
that writes it: one statement costs the model 12-18 ms of CPU, more than the whole rest of a
post (bench/profile_requests.py), so at a full plenary the model would decide how many posts a
second the server takes. :func:`embed_later` marks the statement; once the request commits, the
process's embedding thread makes the vectors, a batch at a time (sorted into runs of like
lengths, a third cheaper per statement than one by one), and stores them with a guarded UPDATE
(only if the text is still the one embedded).
A statement whose vector is not made yet (the thread is behind, or the process was stopped) is
embedded by "Group" itself (:func:`vectors_of`). Nothing here may cost a statement: when the
model is missing, refused or fails, the statement is stored without a vector (the grouping then
falls back, or embeds it later) and a warning is logged.
"""

from __future__ import annotations

import atexit
import logging
import os
import queue
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np
from sqlalchemy import bindparam, event, inspect, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from workshop.models import Statement
from workshop.themes.embedding import (
    MODEL_ID,
    Embedder,
    ModelUnavailable,
    default_embedder,
    from_bytes,
    to_bytes,
)

log = logging.getLogger(__name__)


GATHER = 128
"""The thread takes up to this many waiting statements at a time: the more it holds, the better
the model's runs of like lengths fill (workshop.themes.embedding.SLACK)."""

_PENDING = "embed_later"  # Session.info key: statements whose vector is to be made after the commit


def embed_later(statement: Statement) -> None:
    """Drop the statement's vector now; the embedding thread makes the new one after the commit."""
    statement.embedding = None
    statement.embedding_model = ""
    session = inspect(statement).session
    if session is not None:
        session.info.setdefault(_PENDING, []).append(statement)
    else:  # not in a session yet: the caller adds it to the current one
        from workshop.extensions import db

        db.session.info.setdefault(_PENDING, []).append(statement)


class _Embedding:
    """The process's embedding thread and its queue of (engine, statement id)."""

    def __init__(self) -> None:
        self._queue: queue.Queue[tuple[Engine, int]] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._pid = 0
        self._lock = threading.Lock()

    def put(self, engine: Engine, statement_id: int) -> None:
        self._start()
        self._queue.put((engine, statement_id))

    def wait(self) -> None:
        """Until every statement handed over so far has its vector (or failed to get one)."""
        if self._thread is not None and self._pid == os.getpid():
            self._queue.join()

    def reset_after_fork(self) -> None:
        self._queue = queue.Queue()
        self._thread = None
        self._lock = threading.Lock()

    def _start(self) -> None:
        if self._thread is not None and self._pid == os.getpid():
            return
        with self._lock:
            if self._thread is None or self._pid != os.getpid():
                self._pid = os.getpid()
                self._thread = threading.Thread(target=self._run, name="embed-statements", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        # Not niced below the requests: a thread descheduled while it holds the GIL would stall them all.
        while True:
            batch = [self._queue.get()]
            while len(batch) < GATHER:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            try:
                by_engine: dict[Engine, list[int]] = {}
                for engine, statement_id in batch:
                    by_engine.setdefault(engine, []).append(statement_id)
                for engine, ids in by_engine.items():
                    try:
                        _store_vectors(engine, ids)
                    except Exception:  # noqa: BLE001 - a vector is an optimisation: "Group" makes it later
                        log.warning("could not embed %d statements now; grouping will", len(ids), exc_info=True)
            finally:
                for _ in batch:
                    self._queue.task_done()


_embedding = _Embedding()
os.register_at_fork(after_in_child=_embedding.reset_after_fork)
atexit.register(_embedding.wait)  # a host command's statements get their vectors before it exits

_UPDATE = (
    update(Statement)
    .where(Statement.id == bindparam("row_id"), Statement.text == bindparam("row_text"))
    .values(embedding=bindparam("vector"), embedding_model=MODEL_ID, updated_at=Statement.updated_at)
)


def _store_vectors(engine: Engine, ids: list[int], embedder: Embedder | None = None) -> None:
    with engine.connect() as connection:
        rows = connection.execute(select(Statement.id, Statement.text).where(Statement.id.in_(ids))).all()
    if not rows:
        return
    try:
        made = (embedder or default_embedder()).embed([row.text for row in rows])
    except ModelUnavailable:
        return  # logged once, when the load failed
    values = [
        {"row_id": row.id, "row_text": row.text, "vector": to_bytes(vector)}
        for row, vector in zip(rows, made, strict=True)
    ]
    with engine.begin() as connection:  # only where the text is still the one embedded
        connection.execute(_UPDATE, values)


def wait_for_embeddings() -> None:
    """Block until the embedding thread has handled every statement committed so far."""
    _embedding.wait()


def _hand_over(session: Session) -> None:
    if session.in_nested_transaction():
        # SQLAlchemy says after_commit for a savepoint's release too: nothing is visible to the
        # embedding thread's connection until the outer transaction commits (the thread found no
        # row and the statement kept no vector, one run in three of tests/test_themes_meaning.py).
        return
    pending: list[Statement] = session.info.pop(_PENDING, [])
    if not pending:
        return
    engine = session.get_bind(mapper=inspect(Statement))
    assert isinstance(engine, Engine)
    for statement in pending:
        identity: Any = inspect(statement).identity  # the key, read without a query
        if identity:
            _embedding.put(engine, int(identity[0]))


def _drop_pending(session: Session, previous: object = None) -> None:
    if not getattr(previous, "nested", False):  # a savepoint's rollback drops only what it added
        session.info.pop(_PENDING, None)


if not event.contains(Session, "after_commit", _hand_over):
    event.listen(Session, "after_commit", _hand_over)
    event.listen(Session, "after_soft_rollback", _drop_pending)


def vectors_of(statements: Sequence[Statement], embedder: Embedder | None = None) -> list[np.ndarray | None]:
    """Each statement's stored vector; missing or stale ones are made now, in one batch, and
    stored (statements from before embeddings, or written while the model was unavailable).
    None where the model cannot be used."""
    vectors: list[np.ndarray | None] = [
        from_bytes(s.embedding) if s.embedding_model == MODEL_ID else None for s in statements
    ]
    missing = [i for i, v in enumerate(vectors) if v is None]
    if not missing:
        return vectors
    try:
        made = (embedder or default_embedder()).embed([statements[i].text for i in missing])
    except ModelUnavailable:
        return vectors
    for i, vector in zip(missing, made, strict=True):
        statements[i].embedding = to_bytes(vector)
        statements[i].embedding_model = MODEL_ID
        vectors[i] = from_bytes(statements[i].embedding)
    log.info("embedded %d statements that had no stored vector", len(missing))
    return vectors
