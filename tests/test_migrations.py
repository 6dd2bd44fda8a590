"""The migrations build exactly the schema the models describe, on SQLite and on PostgreSQL,
and go down and up again cleanly: hosts upgrade with ``flask db upgrade``, never ``create_all``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from workshop.app import create_app
from workshop.extensions import db

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")


@pytest.fixture()
def empty_database(tmp_path: Path) -> Iterator[str]:
    """A brand-new empty database of the kind the suite runs against."""
    configured = os.environ.get("TEST_DATABASE_URL", "")
    if not configured.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    name = f"iwk_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(configured, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(configured).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_migrations_build_the_models_schema_and_go_down_and_up(empty_database: str) -> None:
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database, "SECRET_KEY": "m" * 40})
    with app.app_context():
        upgrade(directory=MIGRATIONS)
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert differences == [], f"models and migrations differ: {differences}"
        tables = set(inspect(db.engine).get_table_names())
        assert {"workshop", "statement", "theme", "vote", "survey", "survey_response"} <= tables

        downgrade(directory=MIGRATIONS, revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade(directory=MIGRATIONS)
        assert "statement" in inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_there_is_one_head() -> None:
    """Two engineers adding migrations at once must chain them, or `flask db upgrade` stops."""
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_every_revision_id_fits_alembic_version_on_postgresql() -> None:
    """alembic_version.version_num is VARCHAR(32): a longer id works on SQLite and stops a PostgreSQL upgrade."""
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    too_long = [s.revision for s in ScriptDirectory.from_config(config).walk_revisions() if len(s.revision) > 32]
    assert too_long == []
