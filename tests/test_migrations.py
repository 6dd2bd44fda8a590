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


def test_the_people_migration_goes_up_down_and_up_keeping_the_workshops(empty_database: str) -> None:
    """0017 (issue 16) adds who a workshop is shared with and the record of who changed what; down drops only those."""
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    before = ScriptDirectory.from_config(config).get_revision("0017_workshop_people").down_revision
    assert isinstance(before, str)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database, "SECRET_KEY": "m" * 40})
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision=before)
        with db.engine.begin() as connection:
            for person, email in ((1, "tracey@example.nhs.uk"), (2, "victoria@example.nhs.uk")):
                connection.execute(
                    text(
                        "INSERT INTO facilitator (id, email, name, password_hash, created_at, session_nonce, disabled)"
                        " VALUES (:id, :email, '', 'x', CURRENT_TIMESTAMP, 'n', :no)"
                    ),
                    {"id": person, "email": email, "no": False},
                )
            connection.execute(
                text(
                    "INSERT INTO workshop (id, code, facilitator_id, title, venue, prompt, max_statements, char_limit,"
                    " ask_names, approve_first, state, version, themes_shared, voting, joining_locked,"
                    " grouping_engine, review_weeks, created_at, key_messages, logo_type)"
                    " VALUES (1, 'ABC234', 1, 'Kept', '', 'p', 5, 280, :no, :no, 'open', 1, :no, :no, :no, '', 8,"
                    " CURRENT_TIMESTAMP, '', '')"
                ),
                {"no": False},
            )

        upgrade(directory=MIGRATIONS, revision="0017_workshop_people")
        assert {"workshop_member", "statement_change"} <= set(inspect(db.engine).get_table_names())
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO workshop_member (workshop_id, facilitator_id, role, added_at)"
                    " VALUES (1, 2, 'moderator', CURRENT_TIMESTAMP)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO statement_change (workshop_id, statement_id, facilitator_id, who, action, at)"
                    " VALUES (1, 7, 2, 'Victoria', 'hide', CURRENT_TIMESTAMP)"
                )
            )

        downgrade(directory=MIGRATIONS, revision=before)
        tables = set(inspect(db.engine).get_table_names())
        assert "workshop_member" not in tables and "statement_change" not in tables
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT title FROM workshop")).scalars().all() == ["Kept"]

        upgrade(directory=MIGRATIONS, revision="0017_workshop_people")
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM workshop_member")).scalar() == 0
            assert connection.execute(text("SELECT title FROM workshop")).scalars().all() == ["Kept"]
        db.engine.dispose()


def _one_workshop_with_a_statement_theme_and_vote() -> None:
    """Two workshops, a participant, a theme, a statement and a vote, written as of 0014-0018."""
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO facilitator (id, email, name, password_hash, created_at, session_nonce, disabled)"
                " VALUES (1, 'tracey@example.nhs.uk', '', 'x', CURRENT_TIMESTAMP, 'n', :no)"
            ),
            {"no": False},
        )
        for number, code, prompt in ((1, "ABC234", "When I get back to work, I'm going to…"), (2, "DEF567", "Q2")):
            connection.execute(
                text(
                    "INSERT INTO workshop (id, code, facilitator_id, title, venue, prompt, max_statements,"
                    " char_limit, ask_names, approve_first, state, version, themes_shared, voting,"
                    " joining_locked, grouping_engine, review_weeks, created_at, key_messages, logo_type)"
                    " VALUES (:id, :code, 1, 'Kept', '', :prompt, 5, 280, :no, :no, 'open', 1, :no, :no, :no,"
                    " '', 8, CURRENT_TIMESTAMP, '', '')"
                ),
                {"id": number, "code": code, "prompt": prompt, "no": False},
            )
        connection.execute(
            text(
                "INSERT INTO participant (id, workshop_id, token, name, role, created_at)"
                " VALUES (1, 1, 'tok', '', '', CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO theme (id, workshop_id, label, label_by_person, locked, keywords_json, position)"
                " VALUES (1, 1, 'Data', :no, :no, '[]', 0)"
            ),
            {"no": False},
        )
        connection.execute(
            text(
                "INSERT INTO statement (id, workshop_id, participant_id, text, status, pinned,"
                " edited_by_facilitator, personal_data, share_consent, has_time, has_measure, theme_id,"
                " placed_by_hand, embedding_model, created_at, updated_at)"
                " VALUES (1, 1, 1, 'Share the audit', 'visible', :no, :no, '', :no, :no, :no, 1, :no, '',"
                " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            ),
            {"no": False},
        )
        connection.execute(text("INSERT INTO vote (id, theme_id, participant_id) VALUES (1, 1, 1)"))


def test_the_activities_migration_turns_each_workshop_into_one_statements_activity(empty_database: str) -> None:
    """0019 (issue 16): each workshop gets one statements activity holding its prompt, the room on it;
    every statement, theme and vote is kept; down drops only the agenda, and up again rebuilds it."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database, "SECRET_KEY": "m" * 40})
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0018_series_featured")
        _one_workshop_with_a_statement_theme_and_vote()

        def agenda() -> list[tuple[object, ...]]:
            with db.engine.connect() as connection:
                return [
                    tuple(row)
                    for row in connection.execute(
                        text(
                            "SELECT w.code, a.kind, a.prompt, a.position, w.current_activity_id = a.id"
                            " FROM workshop w JOIN activity a ON a.workshop_id = w.id ORDER BY w.id"
                        )
                    )
                ]

        def kept() -> tuple[object, ...]:
            with db.engine.connect() as connection:
                return tuple(
                    connection.execute(
                        text(
                            "SELECT (SELECT count(*) FROM statement), (SELECT count(*) FROM theme),"
                            " (SELECT count(*) FROM vote), (SELECT text FROM statement WHERE theme_id = 1)"
                        )
                    ).one()
                )

        expected = [
            ("ABC234", "statements", "When I get back to work, I'm going to…", 0, True),
            ("DEF567", "statements", "Q2", 0, True),
        ]
        upgrade(directory=MIGRATIONS, revision="0019_workshop_activities")
        assert agenda() == expected
        assert kept() == (1, 1, 1, "Share the audit")

        downgrade(directory=MIGRATIONS, revision="0018_series_featured")
        tables = set(inspect(db.engine).get_table_names())
        assert "activity" not in tables and "poll_answer" not in tables
        assert "current_activity_id" not in {c["name"] for c in inspect(db.engine).get_columns("workshop")}
        assert kept() == (1, 1, 1, "Share the audit")

        upgrade(directory=MIGRATIONS, revision="0019_workshop_activities")
        assert agenda() == expected
        assert kept() == (1, 1, 1, "Share the audit")
        db.engine.dispose()


def test_going_down_past_batch_migrations_keeps_every_statement(empty_database: str) -> None:
    """On SQLite a batch migration copies a table, drops it and renames the copy: with foreign keys on,
    dropping ``workshop`` would cascade-delete every statement, theme and vote. The migrations run with
    foreign keys off (and checked afterwards), so going down past 0014's batch drop keeps them."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database, "SECRET_KEY": "m" * 40})
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0018_series_featured")
        _one_workshop_with_a_statement_theme_and_vote()
        upgrade(directory=MIGRATIONS)
        downgrade(directory=MIGRATIONS, revision="0013_survey_section_skip_logic")

        def kept() -> tuple[object, ...]:
            with db.engine.connect() as connection:
                return tuple(
                    connection.execute(
                        text(
                            "SELECT (SELECT count(*) FROM workshop), (SELECT count(*) FROM statement),"
                            " (SELECT count(*) FROM theme), (SELECT count(*) FROM vote)"
                        )
                    ).one()
                )

        assert kept() == (2, 1, 1, 1)
        upgrade(directory=MIGRATIONS)
        assert kept() == (2, 1, 1, 1)
        db.engine.dispose()
