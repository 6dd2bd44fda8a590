"""Ranking questions: up to 8 items numbered 1..n with a select per item (no JavaScript needed),
ranks checked to be distinct, results as each item's mean rank, and "number the boxes" on paper."""

from __future__ import annotations

import io

import pytest
from docx import Document
from flask import Flask
from sqlalchemy import select

from surveys.design import Condition, Question, Section, SurveyDesign
from surveys.documents import build_survey_form, build_survey_results
from surveys.lint import lint
from surveys.models import SurveyQuestion
from surveys.operations import RuleBroken, parse_answers, set_condition
from surveys.results import summarise
from tests.conftest import Actions, csrf_from
from tests.test_surveys_web import BASE, Designer, phone
from workshop.extensions import db

ITEMS = ("Speed", "Accuracy", "Cost")
RANK = Question("Put these in order of importance to you.", "ranking", ITEMS, key="r")
DESIGN = SurveyDesign(title="What matters", sections=(Section("", (RANK,)),))


def ranks(*given: str) -> dict[str, list[str]]:
    return {f"answer-r-{i}": [value] for i, value in enumerate(given)}


def test_distinct_ranks_give_the_items_in_order() -> None:
    assert parse_answers(DESIGN, ranks("2", "1", "3")) == ({"r": ["Accuracy", "Speed", "Cost"]}, {})
    assert parse_answers(DESIGN, ranks("", "", "")) == ({}, {})  # not answered
    # Carried from an earlier page of a survey with skip logic: the items in order.
    carried = {"answer-r": ["Cost", "Speed", "Accuracy"]}
    assert parse_answers(DESIGN, carried)[0] == {"r": ["Cost", "Speed", "Accuracy"]}


def test_repeated_missing_or_impossible_ranks_are_refused_clearly() -> None:
    for given in (("1", "1", "2"), ("1", "2", ""), ("1", "2", "9"), ("1", "2", "x")):
        answers, errors = parse_answers(DESIGN, ranks(*given))
        assert "r" not in answers and "from 1 to 3" in errors["r"], given
    assert "from 1 to 3" in parse_answers(DESIGN, {"answer-r": ["Cost", "Cost", "Speed"]})[1]["r"]


def test_results_are_the_mean_rank_of_each_item_best_first() -> None:
    responses = [{"r": ["Speed", "Accuracy", "Cost"]}, {"r": ["Accuracy", "Speed", "Cost"]}, {"r": ["Cost"]}, {}]
    result = summarise(DESIGN, responses).questions[0]
    assert result.answered == 2 and result.skipped == 2  # a malformed ranking is not counted
    assert result.mean_ranks == (("Speed", 1.5), ("Accuracy", 1.5), ("Cost", 3.0))
    report = Document(io.BytesIO(build_survey_results(DESIGN, summarise(DESIGN, responses))))
    rows = [[cell.text for cell in row.cells] for row in report.tables[-1].rows]
    assert rows == [["Item", "Mean rank"], ["Speed", "1.5"], ["Accuracy", "1.5"], ["Cost", "3"]]


def test_the_printed_form_asks_to_number_the_boxes() -> None:
    document = Document(io.BytesIO(build_survey_form(DESIGN)))
    assert "Number the boxes 1–3: 1 for the first, each number once." in [p.text for p in document.paragraphs]
    rows = [[cell.text for cell in row.cells] for row in document.tables[-1].rows]
    assert rows[0] == ["Number", "Item"] and [row[1] for row in rows[1:]] == list(ITEMS)


def test_a_ranking_from_the_builder_to_a_phone_to_the_results(signed_in: Actions, app: Flask) -> None:
    designer = Designer(signed_in)
    code = designer.create()
    nine = "\n".join(f"Item {n}" for n in range(1, 10))
    refused = designer.write(code, "Put these in order.", "ranking", options=nine)
    assert refused.status_code == 422 and "at most 8 items" in refused.get_data(as_text=True)
    assert designer.write(code, "Put these in order.", "ranking", options="\n".join(ITEMS)).status_code == 302
    (key,) = designer.keys(code)
    assert designer.publish(code).status_code == 302
    respondent = phone(app, code)
    page = respondent.open()
    assert f'<select class="input select rank-select" id="a-{key}-0" name="answer-{key}-0">' in page
    assert "Give each item a different number from 1 (first) to 3." in page
    repeated = respondent.client.post(
        f"/s/{code}",
        data={"csrf_token": csrf_from(page), f"answer-{key}-0": "1", f"answer-{key}-1": "1", f"answer-{key}-2": "2"},
    )
    assert repeated.status_code == 422 and "each number once" in repeated.get_data(as_text=True)
    sent = respondent.client.post(
        f"/s/{code}",
        data={
            "csrf_token": csrf_from(repeated.get_data(as_text=True)),
            f"answer-{key}-0": "3",
            f"answer-{key}-1": "1",
            f"answer-{key}-2": "2",
        },
    )
    assert sent.status_code == 302
    results = designer.client.get(f"{BASE}/{code}/results").get_data(as_text=True)
    assert "Mean rank" in results and results.index("Accuracy") < results.index("Cost") < results.index("Speed")


def test_skip_logic_never_depends_on_a_ranking() -> None:
    """Issue 14's skip logic shows a question when an answer "is, or is not, one of given options":
    a ranking's answer holds every item, so it is always "one of" them and cannot tell people apart."""
    after = Question("Why speed?", "free_text", key="why", condition=Condition("r", ("Speed",)))
    section = Section("Speed", (Question("More?", "free_text", key="more"),), condition=Condition("r", ("Speed",)))
    flagged = SurveyDesign(title="What matters", sections=(Section("", (RANK, after)), section))
    found = [(f.code, f.question_ref, f.message) for f in lint(flagged) if f.code == "condition-on-ranking"]
    assert [(code, ref) for code, ref, _ in found] == [
        ("condition-on-ranking", (1, 0)),
        ("condition-on-ranking", (0, 1)),
    ]
    assert "Question 2 depends on question 1, a ranking: everyone ranks every item" in found[1][2]
    assert "Section 2 depends on question 1, a ranking" in found[0][2]
    assert not [f for f in lint(DESIGN) if f.code == "condition-on-ranking"]


def test_the_builder_offers_no_ranking_for_skip_logic_and_refuses_one(signed_in: Actions, app: Flask) -> None:
    designer = Designer(signed_in)
    code = designer.create()
    assert designer.write(code, "Put these in order.", "ranking", options="\n".join(ITEMS)).status_code == 302
    assert designer.add_from_bank(code, "use-used-yet").status_code == 302
    assert designer.write(code, "Why?").status_code == 302
    ranked, used, why = designer.keys(code)
    page = designer.client.get(f"{BASE}/{code}/q/{why}/condition").get_data(as_text=True)
    assert f"{used}\x1fYes" in page and "Speed" not in page  # only the yes/no question's answers
    refused = designer.actions.post_form(
        f"{BASE}/{code}/q/{why}/condition", {"op": "is", "answers": f"{ranked}\x1fSpeed"}
    )
    assert refused.status_code == 422
    with app.app_context():
        question = db.session.scalar(select(SurveyQuestion).where(SurveyQuestion.key == why))
        assert question is not None
        with pytest.raises(RuleBroken, match="cannot depend on a ranking"):
            set_condition(question, "is", [f"{ranked}\x1fSpeed"])
        db.session.rollback()
        assert db.session.scalar(select(SurveyQuestion.condition_json).where(SurveyQuestion.key == why)) == ""
