"""A throwaway kit for the benchmarks: the real app on an empty SQLite file, with one facilitator.

The scripts beside this one time real operations and views; each needs the same disposable
database and owner, so they are made here once (``from scratch import scratch_kit``).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask

from workshop.app import create_app
from workshop.extensions import db
from workshop.models import Facilitator


@contextmanager
def scratch_kit() -> Iterator[tuple[Flask, Facilitator]]:
    """Yield the app (inside its app context) and a facilitator, on a database deleted afterwards."""
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "TESTING": True,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3",
                "SECRET_KEY": "bench-secret-key-that-is-long-enough-0123456789",
                "RATELIMIT_ENABLED": False,
            }
        )
        with app.app_context():
            db.create_all()
            owner = Facilitator(email="bench@example.nhs.uk", name="Bench")
            owner.set_password("bench-password-123")
            db.session.add(owner)
            db.session.flush()
            try:
                yield app, owner
            finally:
                db.session.remove()
                db.engine.dispose()
