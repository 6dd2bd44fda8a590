"""Section skip logic: a whole section shown only when an earlier answer is (not) one of some options.

The same rule as a question's, for every question of the section: phones without JavaScript get a
new page before the section, the checks catch a condition on a later question, a loop and one that
can never be true, and the printed form says where to go ("If you answered “No”, go to section 3").
"""

from __future__ import annotations

import io

import pytest
from docx import Document
from flask import Flask
from sqlalchemy import select

from surveys.design import Condition, Question, Section, SurveyDesign, scale_options
from surveys.documents import build_survey_form
from surveys.lint import lint
from surveys.logic import describe_sections, pages, paper_instructions, section_instructions, visible_keys
from surveys.models import SurveySection
from tests.conftest import Actions
from tests.test_surveys_skip_logic import answer
from tests.test_surveys_web import BASE, Designer
from workshop.extensions import db

YES_NO = scale_options("yes_no_na")
USED = Question("Have you used the information yet?", "yes_no_na", YES_NO, key="used")
HOW = Question("How did you use it?", "free_text", key="how")
SAVED = Question("Did it save you time?", "yes_no_na", YES_NO, key="saved")
MORE = Question("Anything else?", "free_text", key="more")
ONLY_YES = Condition("used", ("Yes",))


def sectioned(condition: Condition | None = ONLY_YES, *, title: str = "Using it") -> SurveyDesign:
    return SurveyDesign(
        title="Follow-up",
        sections=(
            Section("About you", (USED,)),
            Section(title, (HOW, SAVED), condition=condition),
            Section("Last words", (MORE,)),
        ),
    )


def codes(design: SurveyDesign) -> list[str]:
    return [finding.code for finding in lint(design)]


def test_a_section_condition_shows_or_hides_all_its_questions() -> None:
    design = sectioned()
    assert visible_keys(design, {"used": "Yes"}) == {"used", "how", "saved", "more"}
    assert visible_keys(design, {"used": "No", "saved": "Yes"}) == {"used", "more"}
    negated = sectioned(Condition("used", ("Yes",), negate=True))
    assert visible_keys(negated, {"used": "Yes"}) == {"used", "more"}
    own = Question("How many hours?", "free_text", key="hours", condition=Condition("saved", ("Yes",)))
    nested = SurveyDesign(
        title="Nested",
        sections=(Section("", (USED,)), Section("", (SAVED, own), condition=ONLY_YES)),
    )
    assert visible_keys(nested, {"used": "No", "saved": "Yes"}) == {"used"}  # the section wins
    assert visible_keys(nested, {"used": "Yes", "saved": "Yes"}) == {"used", "saved", "hours"}


def test_phones_get_a_new_page_before_a_section_that_depends_on_the_page() -> None:
    split = [[n.key for n in page] for page in pages(sectioned())]
    assert split == [["used"], ["how", "saved", "more"]]
    assert [[n.key for n in page] for page in pages(sectioned(None))] == [["used", "how", "saved", "more"]]


def test_the_builder_and_paper_say_the_section_rule_in_words() -> None:
    design = sectioned()
    assert describe_sections(design) == {1: "Shown only if the answer to question 1 is “Yes”."}
    assert section_instructions(design) == {
        1: "Answer the questions of this section only if you answered “Yes” to question 1."
    }
    _, after = paper_instructions(design)
    assert after["used"] == "If you answered “No” or “Not applicable”, go to section 3 (“Last words”), question 4."
    plain = SurveyDesign(
        title="Untitled parts",
        sections=(Section("", (USED,)), Section("", (HOW,), condition=ONLY_YES), Section("", (MORE,))),
    )
    _, untitled = paper_instructions(plain)
    assert untitled["used"] == "If you answered “No” or “Not applicable”, go to part 3, question 3."


def test_the_printed_form_carries_the_section_instructions() -> None:
    document = Document(io.BytesIO(build_survey_form(sectioned())))
    texts = [p.text for p in document.paragraphs]
    assert "Answer the questions of this section only if you answered “Yes” to question 1." in texts
    assert any("go to section 3 (“Last words”), question 4." in t for t in texts)


def test_a_section_condition_on_a_question_of_the_section_or_later_is_flagged() -> None:
    assert "section-condition-order" not in codes(sectioned())
    on_itself = sectioned(Condition("saved", ("Yes",)))
    assert "section-condition-order" in codes(on_itself)
    later = sectioned(Condition("more", ("Yes",)))
    assert "section-condition-order" in codes(later)
    gone = sectioned(Condition("removed", ("Yes",)))
    message = next(f.message for f in lint(gone) if f.code == "section-condition-order")
    assert "no longer in the survey" in message


def test_a_section_condition_that_can_never_be_true_is_flagged() -> None:
    assert "section-condition-never-true" not in codes(sectioned())
    for never in (
        Condition("used", ("Maybe",)),
        Condition("used", YES_NO, negate=True),
        Condition("how", ("Yes",)),  # free text: no option to choose (and later, too)
    ):
        found = [f for f in lint(sectioned(never)) if f.code == "section-condition-never-true"]
        assert found and found[0].message.startswith("Section 2 can never be shown"), never


def test_a_loop_through_a_section_condition_is_flagged() -> None:
    looped = SurveyDesign(
        title="Loop",
        sections=(
            Section("", (Question("A?", "yes_no_na", YES_NO, key="a", condition=Condition("b", ("Yes",))),)),
            Section("", (Question("B?", "yes_no_na", YES_NO, key="b"),), condition=Condition("a", ("Yes",))),
        ),
    )
    assert "condition-loop" in codes(looped)


# --- on the web --------------------------------------------------------------------------------------


@pytest.fixture()
def section_survey(signed_in: Actions) -> tuple[Designer, str, list[str], int]:
    """A published survey: "used yet?" in section 1; section 2 ("Using it") only for Yes; a last question."""
    designer = Designer(signed_in)
    code = designer.create(title="Did you use it?")
    assert designer.add_from_bank(code, "use-used-yet").status_code == 302
    added = designer.actions.post_form(f"{BASE}/{code}/sections/new", {"title": "Using it"}, page=f"{BASE}/{code}")
    assert added.status_code == 302
    survey = designer.survey(code)
    with designer.app.app_context():
        section_id = db.session.scalars(
            select(SurveySection.id).where(SurveySection.survey_id == survey.id).order_by(SurveySection.position)
        ).all()[1]
    assert designer.write(code, "How did you use it?", section_id=str(section_id)).status_code == 302
    assert designer.actions.post_form(f"{BASE}/{code}/sections/new", {"title": "Last words"}, page=f"{BASE}/{code}")
    assert designer.write(code, "Anything else?").status_code == 302
    used, how, more = designer.keys(code)
    page = designer.client.get(f"{BASE}/{code}/sections/{section_id}/condition").get_data(as_text=True)
    assert "Skip logic of section 2: Using it" in page and "When is this section shown?" in page
    saved = designer.actions.post_form(
        f"{BASE}/{code}/sections/{section_id}/condition", {"op": "is", "answers": f"{used}\x1fYes"}
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)
    builder = designer.page(code)
    assert "Shown only if the answer to question 1 is “Yes”." in builder
    assert f"{BASE}/{code}/sections/{section_id}/condition" in builder
    assert designer.publish(code).status_code == 302
    return designer, code, [used, how, more], section_id


def test_a_phone_without_javascript_skips_the_section_on_one_branch(
    app: Flask, section_survey: tuple[Designer, str, list[str], int]
) -> None:
    designer, code, (used, how, more), _ = section_survey
    for choice, sees_section in (("Yes", True), ("No", False)):
        client = app.test_client()
        first = client.get(f"/s/{code}").get_data(as_text=True)
        assert f'name="answer-{used}"' in first and f'name="answer-{how}"' not in first
        page = answer(client, code, first, {used: choice}, "next").get_data(as_text=True)
        assert (f'name="answer-{how}"' in page) is sees_section and ("Using it" in page) is sees_section
        assert f'name="answer-{more}"' in page
        typed = {how: "On the ward"} if sees_section else {}
        sent = answer(client, code, page, {**typed, more: f"Said {choice}"}, "send")
        assert sent.status_code == 302
    assert designer.response_count(code) == 2
    form = Document(io.BytesIO(designer.client.get(f"{BASE}/{code}/form.docx").data))
    texts = [p.text for p in form.paragraphs]
    assert "Answer the questions of this section only if you answered “Yes” to question 1." in texts
    assert any("go to section 3 (“Last words”), question 3." in t for t in texts)


def test_section_skip_logic_is_refused_on_an_answered_section_and_on_a_later_question(
    app: Flask, section_survey: tuple[Designer, str, list[str], int]
) -> None:
    designer, code, (used, how, more), section_id = section_survey
    later = designer.actions.post_form(
        f"{BASE}/{code}/sections/{section_id}/condition", {"op": "is", "answers": f"{more}\x1fYes"}
    )
    assert later.status_code == 422  # a later question's answers are not even offered
    assert "Shown only if the answer to question 1 is “Yes”." in designer.page(code)
    client = app.test_client()
    first = client.get(f"/s/{code}").get_data(as_text=True)
    page = answer(client, code, first, {used: "Yes"}, "next").get_data(as_text=True)
    assert answer(client, code, page, {how: "On the ward"}, "send").status_code == 302
    refused = designer.actions.post_form(f"{BASE}/{code}/sections/{section_id}/condition", {"op": ""})
    assert refused.status_code == 422 and "so you cannot change who is asked it" in refused.get_data(as_text=True)
