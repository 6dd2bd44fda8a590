"""Sections move up and down with their questions, by plain form buttons (no JavaScript needed)."""

from __future__ import annotations

from sqlalchemy import select

from surveys.models import SurveySection
from tests.conftest import Actions
from tests.test_surveys_web import BASE, Designer
from workshop.extensions import db


def _sections(designer: Designer, code: str) -> list[tuple[int, str]]:
    survey = designer.survey(code)
    with designer.app.app_context():
        rows = db.session.scalars(
            select(SurveySection).where(SurveySection.survey_id == survey.id).order_by(SurveySection.position)
        ).all()
        return [(row.id, row.title) for row in rows]


def test_sections_move_up_and_down_and_the_buttons_fit_their_place(signed_in: Actions) -> None:
    designer = Designer(signed_in)
    code = designer.create()
    for title in ("About your work", "Last words"):
        designer.actions.post_form(f"{BASE}/{code}/sections/new", {"title": title}, page=f"{BASE}/{code}")
    assert designer.write(code, "Anything else?").status_code == 302  # into the last section
    (first, _), (middle, _), (last, _) = _sections(designer, code)
    page = designer.page(code)
    assert 'Move section up<span class="visually-hidden"> 1<' not in page
    assert 'Move section down<span class="visually-hidden"> 3<' not in page
    assert (
        'Move section up<span class="visually-hidden"> 2<' in page
        and 'Move section down<span class="visually-hidden"> 2<' in page
    )
    moved = designer.actions.post_form(
        f"{BASE}/{code}/sections/{last}/move", {"direction": "up"}, page=f"{BASE}/{code}"
    )
    assert moved.status_code == 302 and moved.headers["Location"].endswith(f"#section-{last}")
    assert [title for _, title in _sections(designer, code)] == ["", "Last words", "About your work"]
    key = designer.keys(code)[0]
    assert designer.question(code, key).section_id == last  # the question moved with its section
    edge = designer.actions.post_form(
        f"{BASE}/{code}/sections/{first}/move", {"direction": "up"}, page=f"{BASE}/{code}"
    )
    assert edge.status_code == 302 and "That section cannot move further that way." in designer.page(code)
    bad = designer.actions.post_form(
        f"{BASE}/{code}/sections/{middle}/move", {"direction": "sideways"}, page=f"{BASE}/{code}"
    )
    assert bad.status_code == 400
