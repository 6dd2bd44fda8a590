"""Shared steps of the themes-board tests: a workshop holding the seed's 17 statements, and reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import select

from tests.conftest import Actions, Phone, csrf_from
from workshop.extensions import db
from workshop.models import Participant, Statement, StatementStatus, Theme, Workshop
from workshop.operations import import_statements

SEED_FILE = Path(__file__).parent / "data" / "map-on-tour-statements.txt"
SEED = SEED_FILE.read_text(encoding="utf-8").splitlines()
LABELLED = Path(__file__).resolve().parent.parent / "bench" / "data" / "themes"
_VARIATIONS = ["", " this year", " with the team", " before the summer", " for our Trust", " next month"]


def many_statements(count: int) -> list[str]:
    """``count`` realistic, distinct statements: the labelled workshops' texts, cycled with small variations."""
    texts = [
        item["text"]
        for path in sorted(LABELLED.glob("*.json"))
        for item in json.loads(path.read_text(encoding="utf-8"))["statements"]
    ]
    return [texts[i % len(texts)] + _VARIATIONS[(i // len(texts)) % len(_VARIATIONS)] for i in range(count)]


def seeded_workshop(actions: Actions, lines: list[str] | None = None, **settings: Any) -> str:
    """An open workshop of Tracey's with the seed statements on its wall."""
    code = actions.workshop(**settings)
    with actions.app.app_context():
        workshop = db.session.scalar(select(Workshop).where(Workshop.code == code))
        import_statements(workshop, SEED if lines is None else lines)
        # As if each was posted from its own phone (an import makes no participants).
        for statement in db.session.scalars(select(Statement).where(Statement.workshop_id == workshop.id)):
            statement.participant = Participant(workshop=workshop)
        db.session.commit()
    return code


def board_url(code: str) -> str:
    return f"/facilitate/w/{code}/themes"


def board_post(actions: Actions, code: str, path: str, data: dict[str, Any] | None = None, *, htmx: bool = False):
    """POST one of the board's forms, with the CSRF token from the board page."""
    headers = {"HX-Request": "true"} if htmx else {}
    return actions.post_form(board_url(code) + path, data or {}, page=board_url(code), headers=headers)


def group(actions: Actions, code: str, size: str = "auto"):
    response = board_post(actions, code, "/group", {"size": size})
    assert response.status_code == 303, response.get_data(as_text=True)
    return response


def themes(actions: Actions, code: str) -> list[dict[str, Any]]:
    """The workshop's themes in board order, with the texts of their visible statements."""
    with actions.app.app_context():
        workshop = db.session.scalar(select(Workshop).where(Workshop.code == code))
        rows = db.session.scalars(
            select(Theme).where(Theme.workshop_id == workshop.id).order_by(Theme.position, Theme.id)
        ).all()
        return [
            {
                "id": t.id,
                "label": t.label,
                "label_by_person": t.label_by_person,
                "locked": t.locked,
                "keywords": t.keywords,
                "texts": sorted(s.text for s in t.statements if s.status == StatementStatus.VISIBLE),
            }
            for t in rows
        ]


def unsorted(actions: Actions, code: str) -> list[str]:
    with actions.app.app_context():
        workshop = db.session.scalar(select(Workshop).where(Workshop.code == code))
        return sorted(
            db.session.scalars(
                select(Statement.text).where(Statement.workshop_id == workshop.id, Statement.theme_id.is_(None))
            )
        )


def statement_id(actions: Actions, code: str, text: str) -> int:
    with actions.app.app_context():
        workshop = db.session.scalar(select(Workshop).where(Workshop.code == code))
        return db.session.scalar(
            select(Statement.id).where(Statement.workshop_id == workshop.id, Statement.text == text)
        )


def theme_with(actions: Actions, code: str, text: str) -> dict[str, Any]:
    return next(t for t in themes(actions, code) if text in t["texts"])


def placed_by_hand(actions: Actions, code: str, text: str) -> bool:
    with actions.app.app_context():
        return bool(db.session.get(Statement, statement_id(actions, code, text)).placed_by_hand)


def open_voting(app: Flask, code: str, labels: list[str]) -> list[int]:
    """Share the workshop's themes and open voting on new themes with these labels; their ids."""
    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        workshop.themes_shared = workshop.voting = True
        added = [Theme(workshop=workshop, label=label, position=n) for n, label in enumerate(labels)]
        db.session.add_all(added)
        db.session.commit()
        return [theme.id for theme in added]


def vote(phone: Phone, code: str, theme_id: int, action: str = "vote", *, htmx: bool = False):
    """A phone's vote for a theme (or, with action="unvote", its vote taken back), through its themes page's form."""
    page = phone.open()
    headers = {"HX-Request": "true"} if htmx else {}
    return phone.client.post(
        f"/j/{code}/themes/t/{theme_id}/vote", data={"csrf_token": csrf_from(page), "action": action}, headers=headers
    )
