"""Data protection: retention per workshop, the purge host command, and deleting on request.

A facilitator sets how many days statements are kept after closing; the host runs
``flask --app wsgi retention purge`` (daily, from cron or a systemd timer), which deletes what is
due and logs what it removed. Participants delete their own statements; facilitators export and
delete everything of a workshop.
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest
from flask import Flask

from tests.conftest import Actions, csrf_from
from workshop import operations
from workshop.extensions import db
from workshop.models import Participant, Statement, Theme, Workshop, WorkshopState, utcnow


def _workshop_closed(actions: Actions, app: Flask, *, days_ago: int, retention: int | None, texts: list[str]) -> str:
    code = actions.workshop(retention_days=retention)
    for text in texts:
        actions.phone_for(code).post(text)
    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        operations.change_state(workshop, WorkshopState.CLOSED)
        workshop.closed_at = utcnow() - timedelta(days=days_ago)
        db.session.commit()
    return code


def _statements_of(app: Flask, code: str) -> int:
    with app.app_context():
        return db.session.query(Statement).join(Workshop).filter(Workshop.code == code).count()


def _participants_of(app: Flask, code: str) -> int:
    with app.app_context():
        return db.session.query(Participant).join(Workshop).filter(Workshop.code == code).count()


def test_purge_removes_only_what_is_due_and_logs_it(actions: Actions, app: Flask, runner, caplog) -> None:
    actions.facilitator()
    due = _workshop_closed(actions, app, days_ago=31, retention=30, texts=["One", "Two", "Three"])
    not_yet = _workshop_closed(actions, app, days_ago=29, retention=30, texts=["Kept a while"])
    forever = _workshop_closed(actions, app, days_ago=400, retention=None, texts=["Kept: no retention set"])
    still_open = actions.workshop(retention_days=0)
    actions.phone_for(still_open).post("Open workshops are never purged")

    with caplog.at_level(logging.INFO, logger="workshop.operations"):
        result = runner.invoke(args=["retention", "purge"])

    assert result.exit_code == 0, result.output
    assert f"{due}: removed 3 statements" in result.output
    assert "purged 1 workshops" in result.output
    assert [r.getMessage() for r in caplog.records if "retention" in r.getMessage()] == [
        f"retention: removed 3 statements of workshop {due}"
    ]
    assert (_statements_of(app, due), _participants_of(app, due)) == (0, 0)
    assert _statements_of(app, not_yet) == 1
    assert _statements_of(app, forever) == 1
    assert _statements_of(app, still_open) == 1
    # The workshop itself stays (title, date: the facilitator's record that it happened).
    assert actions.workshop_row(due).state == WorkshopState.CLOSED

    again = runner.invoke(args=["retention", "purge"])
    assert "purged 0 workshops" in again.output


def test_a_purged_participants_private_link_is_gone(actions: Actions, app: Flask, runner) -> None:
    actions.facilitator()
    code = _workshop_closed(actions, app, days_ago=8, retention=7, texts=["Mine"])
    with app.app_context():
        token = db.session.query(Participant.token).scalar()
    assert app.test_client().get(f"/mine/{token}").status_code == 200
    runner.invoke(args=["retention", "purge"])
    assert app.test_client().get(f"/mine/{token}").status_code == 404
    assert _statements_of(app, code) == 0


def test_purge_has_help(runner) -> None:
    result = runner.invoke(args=["retention", "purge", "--help"])
    assert result.exit_code == 0 and "retention" in result.output


@pytest.mark.parametrize("days", ["30", ""])
def test_the_facilitator_sets_retention_in_the_settings(signed_in: Actions, app: Flask, days: str) -> None:
    code = signed_in.workshop()
    page = f"/facilitate/w/{code}/settings"
    html = signed_in.client.get(page).get_data(as_text=True)
    assert 'name="retention_days"' in html
    fields = {
        "title": "Retention test",
        "prompt": "When I get back to work, I'm going to…",
        "max_statements": "5",
        "char_limit": "280",
        "review_weeks": "8",
        "retention_days": days,
    }
    assert signed_in.post_form(page, fields).status_code == 302
    assert signed_in.workshop_row(code).retention_days == (int(days) if days else None)


def test_a_participant_deletes_their_own_statements(actions: Actions, app: Flask) -> None:
    actions.facilitator()
    code = actions.workshop()
    phone = actions.phone_for(code)
    phone.post("First")
    phone.post("Second")
    with app.app_context():
        ids = [s.id for s in db.session.query(Statement).order_by(Statement.id)]
    for statement_id in ids:
        page = phone.open()
        response = phone.client.post(f"/j/{code}/s/{statement_id}/withdraw", data={"csrf_token": csrf_from(page)})
        assert response.status_code == 302
    assert _statements_of(app, code) == 0


def test_the_facilitator_exports_then_deletes_everything(signed_in: Actions, app: Flask) -> None:
    code = signed_in.workshop(ask_names=True)
    signed_in.phone_for(code).post("Share a case study", name="Sam", role="Librarian")
    signed_in.phone_for(code).post("Run a survey")
    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        db.session.add(Theme(workshop=workshop, label="Sharing"))
        db.session.commit()

    exported = json.loads(signed_in.client.get(f"/facilitate/w/{code}/statements.json").get_data(as_text=True))
    assert sorted(row["text"] for row in exported["statements"]) == ["Run a survey", "Share a case study"]
    assert "Sam" in signed_in.client.get(f"/facilitate/w/{code}/statements.csv").get_data(as_text=True)

    response = signed_in.post_form(f"/facilitate/w/{code}/delete", {"confirm_code": code})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.query(Workshop).count() == 0
        assert db.session.query(Participant).count() == 0
        assert db.session.query(Statement).count() == 0
        assert db.session.query(Theme).count() == 0
