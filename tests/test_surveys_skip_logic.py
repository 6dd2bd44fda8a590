"""Skip logic: which questions people see, pages without JavaScript, the checks, and the printed form."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from flask import Flask

from surveys.design import Condition, Question, Section, SurveyDesign, scale_options
from surveys.documents import build_survey_form
from surveys.lint import lint
from surveys.logic import describe, pages, paper_instructions, step, visible_keys
from tests.conftest import Actions, csrf_from
from tests.test_surveys_web import BASE, Designer

YES_NO = scale_options("yes_no_na")


def design(*questions: Question) -> SurveyDesign:
    return SurveyDesign(title="Follow-up", sections=(Section("", questions),))


USED = Question("Have you used the information yet?", "yes_no_na", YES_NO, key="used")
HOW = Question("How did you use it?", "free_text", key="how", condition=Condition("used", ("Yes",)))
WHY = Question("What stopped you?", "free_text", key="why", condition=Condition("used", ("Yes",), negate=True))
MORE = Question("Anything else?", "free_text", key="more")
BRANCHING = design(USED, HOW, WHY, MORE)


def test_a_condition_shows_a_question_only_for_the_answers_it_names() -> None:
    assert visible_keys(BRANCHING, {"used": "Yes"}) == {"used", "how", "more"}
    assert visible_keys(BRANCHING, {"used": "No"}) == {"used", "why", "more"}
    assert visible_keys(BRANCHING, {}) == {"used", "why", "more"}  # not answered is "not Yes"


def test_a_skipped_question_answer_does_not_count_down_the_chain() -> None:
    detail = Question("Did it save time?", "yes_no_na", YES_NO, key="time", condition=Condition("used", ("Yes",)))
    hours = Question("How many hours?", "free_text", key="hours", condition=Condition("time", ("Yes",)))
    chain = design(USED, detail, hours)
    assert visible_keys(chain, {"used": "No", "time": "Yes"}) == {"used"}
    assert visible_keys(chain, {"used": "Yes", "time": "Yes"}) == {"used", "time", "hours"}
    ticked = Question("Which?", "multiple", ("A", "B", "C"), key="which")
    after_b = Question("About B?", "free_text", key="b", condition=Condition("which", ("B",)))
    assert visible_keys(design(ticked, after_b), {"which": ["A", "B"]}) == {"which", "b"}


def test_pages_break_before_a_question_that_depends_on_the_same_page() -> None:
    assert [[n.key for n in page] for page in pages(BRANCHING)] == [["used"], ["how", "why", "more"]]
    assert [[n.key for n in page] for page in pages(design(USED, MORE))] == [["used", "more"]]


def test_steps_go_forward_along_each_branch_and_back() -> None:
    first = step(BRANCHING, {}, {}, 0, "start")
    assert first.page == 0 and first.shown == {"used"} and not first.last
    yes = step(BRANCHING, {"used": "Yes"}, {}, 0, "next")
    assert yes.page == 1 and yes.shown == {"how", "more"} and yes.last
    no = step(BRANCHING, {"used": "No", "how": "typed before changing my mind"}, {}, 0, "next")
    assert no.shown == {"why", "more"} and "how" not in no.answers
    done = step(BRANCHING, {"used": "No", "why": "No time"}, {}, 1, "send")
    assert done.page is None and done.answers == {"used": "No", "why": "No time"}
    back = step(BRANCHING, {"used": "No"}, {}, 1, "back")
    assert back.page == 0 and back.answers == {"used": "No"}
    stuck = step(BRANCHING, {}, {"used": "Choose an answer."}, 0, "next")
    assert stuck.page == 0 and stuck.errors == {"used": "Choose an answer."}
    hidden_error = step(BRANCHING, {"used": "No"}, {"how": "Write an answer."}, 1, "send")
    assert hidden_error.page is None  # a required question that was skipped is not asked for


def test_the_builder_and_paper_say_the_rule_in_words() -> None:
    assert describe(BRANCHING)["how"] == "Shown only if the answer to question 1 is “Yes”."
    assert describe(BRANCHING)["why"] == "Shown only if the answer to question 1 is not “Yes”."
    before, after = paper_instructions(design(USED, HOW, MORE))
    assert before["how"] == "Answer this question only if you answered “Yes” to question 1."
    assert after["used"] == "If you answered “No” or “Not applicable”, go to question 3."


def test_the_printed_form_carries_the_go_to_instruction() -> None:
    data = build_survey_form(design(USED, HOW, MORE))
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "If you answered “No” or “Not applicable”, go to question 3." in text
    assert "Answer this question only if you answered “Yes” to question 1." in text


def codes_at(survey: SurveyDesign) -> dict[str, list[tuple[int, int] | None]]:
    found: dict[str, list[tuple[int, int] | None]] = {}
    for finding in lint(survey):
        found.setdefault(finding.code, []).append(finding.question_ref)
    return found


def test_lint_flags_a_condition_on_a_later_question() -> None:
    early = Question("How did you use it?", "free_text", key="how", condition=Condition("used", ("Yes",)))
    assert codes_at(design(early, USED))["condition-order"] == [(0, 0)]
    assert "condition-order" not in codes_at(BRANCHING)
    gone = Question("Why?", "free_text", key="why", condition=Condition("deleted", ("Yes",)))
    assert "condition-order" in codes_at(design(USED, gone))


def test_lint_flags_a_loop() -> None:
    a = Question("A?", "yes_no_na", YES_NO, key="a", condition=Condition("b", ("Yes",)))
    b = Question("B?", "yes_no_na", YES_NO, key="b", condition=Condition("a", ("Yes",)))
    assert codes_at(design(a, b))["condition-loop"] == [(0, 0)]
    assert "condition-loop" not in codes_at(BRANCHING)


@pytest.mark.parametrize(
    "condition",
    [
        Condition("used", ("Maybe",)),  # an option the question does not offer
        Condition("more", ("Yes",)),  # a free-text answer never equals an option
        Condition("used", tuple(YES_NO), negate=True),  # none of all the answers
    ],
)
def test_lint_flags_a_condition_that_can_never_be_true(condition: Condition) -> None:
    never = Question("Then?", "free_text", key="then", condition=condition)
    assert "condition-never-true" in codes_at(design(USED, MORE, never))


def test_a_good_condition_raises_nothing() -> None:
    found = codes_at(BRANCHING)
    assert not {"condition-order", "condition-loop", "condition-never-true"} & set(found)


# --- on the web, without JavaScript --------------------------------------------------------------------


@pytest.fixture()
def branching_survey(signed_in: Actions) -> tuple[Designer, str, list[str]]:
    """A published survey: "used yet?" (yes/no), "how" only for Yes, "what stopped you" otherwise."""
    designer = Designer(signed_in)
    code = designer.create(title="Did you use it?")
    assert designer.add_from_bank(code, "use-used-yet").status_code == 302
    assert designer.write(code, "How did you use it?").status_code == 302
    assert designer.write(code, "What stopped you from using it?").status_code == 302
    used, how, why = designer.keys(code)
    page = designer.client.get(f"{BASE}/{code}/q/{how}/condition")
    assert page.status_code == 200 and "Skip logic of question 2" in page.get_data(as_text=True)
    for key, op in ((how, "is"), (why, "is_not")):
        response = designer.actions.post_form(
            f"{BASE}/{code}/q/{key}/condition", {"op": op, "answers": f"{used}\x1fYes"}
        )
        assert response.status_code == 302, response.get_data(as_text=True)
    builder = designer.page(code)
    assert "Shown only if the answer to question 1 is “Yes”." in builder
    assert "Shown only if the answer to question 1 is not “Yes”." in builder
    assert 'Move up<span class="visually-hidden"> question 1<' not in builder
    assert 'Move down<span class="visually-hidden"> question 3<' not in builder
    assert 'Move down<span class="visually-hidden"> question 1<' in builder
    assert designer.publish(code).status_code == 302
    return designer, code, [used, how, why]


def _fields(page: str) -> dict[str, list[str]]:
    """What the browser would send back: the hidden fields of the page (CSRF, key, page, earlier answers)."""
    fields: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page):
        fields.setdefault(name, []).append(value)
    match = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', page)
    if match:
        fields["idempotency_key"] = [match.group(1)]
    fields["csrf_token"] = [csrf_from(page)]
    return fields


def answer(client, code: str, page: str, answers: dict[str, str], nav: str):
    data = {**_fields(page), **{f"answer-{k}": [v] for k, v in answers.items()}, "nav": [nav]}
    return client.post(f"/s/{code}", data=data)


def test_a_phone_without_javascript_answers_along_both_branches(
    app: Flask, branching_survey: tuple[Designer, str, list[str]]
) -> None:
    designer, code, (used, how, why) = branching_survey
    for choice, shown, hidden, text in (("Yes", how, why, "For a ward teaching session"), ("No", why, how, "No time")):
        client = app.test_client()
        first = client.get(f"/s/{code}").get_data(as_text=True)
        assert f'name="answer-{used}"' in first and f'name="answer-{how}"' not in first and ">Next<" in first
        second = answer(client, code, first, {used: choice}, "next")
        assert second.status_code == 200
        page = second.get_data(as_text=True)
        assert f'name="answer-{shown}"' in page and f'name="answer-{hidden}"' not in page
        assert f'<input type="hidden" name="answer-{used}" value="{choice}">' in page
        assert "Send my answers" in page and ">Back<" in page
        back = answer(client, code, page, {shown: text}, "back").get_data(as_text=True)
        assert f'value="{choice}" checked' in back  # Back keeps the answer given
        again = answer(client, code, back, {used: choice}, "next").get_data(as_text=True)
        assert text in again  # and the one typed on the next page
        sent = answer(client, code, again, {shown: text}, "send")
        assert sent.status_code == 302 and sent.headers["Location"].endswith(f"/s/{code}/thanks")
    assert designer.response_count(code) == 2
    results = designer.client.get(f"{BASE}/{code}/results").get_data(as_text=True)
    assert "For a ward teaching session" in results and "No time" in results
    report = Document(io.BytesIO(designer.client.get(f"{BASE}/{code}/results.docx").data))
    text = "\n".join(
        [p.text for p in report.paragraphs] + [c.text for t in report.tables for r in t.rows for c in r.cells]
    )
    assert "For a ward teaching session" in text and "No time" in text
    form = Document(io.BytesIO(designer.client.get(f"{BASE}/{code}/form.docx").data))
    assert any("Answer this question only if you answered “Yes” to question 1." in p.text for p in form.paragraphs)


def test_a_required_question_is_asked_for_on_its_own_page(
    app: Flask, branching_survey: tuple[Designer, str, list[str]]
) -> None:
    _, code, (used, _, _) = branching_survey
    client = app.test_client()
    first = client.get(f"/s/{code}").get_data(as_text=True)
    # Not required: Next without an answer goes on, to the "not Yes" branch.
    page = answer(client, code, first, {}, "next").get_data(as_text=True)
    assert "What stopped you from using it?" in page and "How did you use it?" not in page


def test_skip_logic_is_refused_on_a_later_question(branching_survey: tuple[Designer, str, list[str]]) -> None:
    designer, code, (used, how, why) = branching_survey
    designer.publish(code, "closed")
    draft = designer.create(title="Another")
    designer.add_from_bank(draft, "use-used-yet")
    designer.write(draft, "Later?")
    first, second = designer.keys(draft)
    refused = designer.actions.post_form(
        f"{BASE}/{draft}/q/{first}/condition", {"op": "is", "answers": f"{second}\x1fYes"}
    )
    assert refused.status_code == 422


@pytest.mark.parametrize("app_settings", [{"NEW_PHONE_ADDRESS_LIMIT": "1 per minute"}])
def test_too_many_new_respondents_keeps_the_answers_of_every_page(
    app: Flask, branching_survey: tuple[Designer, str, list[str]], app_settings: object
) -> None:
    """A 429 on the last page of a survey with skip logic keeps that page's text and the earlier pages' answers."""
    from workshop.ratelimits import limiter

    designer, code, (used, how, _) = branching_survey
    first_person = app.test_client()
    page = first_person.get(f"/s/{code}").get_data(as_text=True)
    page = answer(first_person, code, page, {used: "Yes"}, "next").get_data(as_text=True)
    assert answer(first_person, code, page, {how: "Teaching"}, "send").status_code == 302

    second = app.test_client()
    page = second.get(f"/s/{code}").get_data(as_text=True)
    page = answer(second, code, page, {used: "Yes"}, "next").get_data(as_text=True)
    refused = answer(second, code, page, {how: "For a journal club on falls"}, "send")
    kept = refused.get_data(as_text=True)
    assert refused.status_code == 429
    assert "Too many new people answering from this network just now" in kept
    assert "For a journal club on falls" in kept  # this page's text
    assert f'<input type="hidden" name="answer-{used}" value="Yes">' in kept  # and the first page's answer
    with app.app_context():
        limiter.reset()  # a minute later
    assert answer(second, code, kept, {how: "For a journal club on falls"}, "send").status_code == 302
    assert designer.response_count(code) == 2
    results = designer.client.get(f"{BASE}/{code}/results").get_data(as_text=True)
    assert "For a journal club on falls" in results


def test_a_move_that_puts_a_question_before_the_answer_that_shows_it_is_refused(branching_survey) -> None:
    designer, code, (used, how, why) = branching_survey
    refused = designer.actions.post_form(f"{BASE}/{code}/q/{used}/move", {"direction": "down"}, page=f"{BASE}/{code}")
    assert refused.status_code == 302
    builder = designer.page(code)
    assert "Not moved: a question or section would then come before the answer that decides" in builder
    assert designer.keys(code) == [used, how, why]  # nothing moved
    moved = designer.actions.post_form(f"{BASE}/{code}/q/{why}/move", {"direction": "up"}, page=f"{BASE}/{code}")
    assert moved.status_code == 302 and designer.keys(code) == [used, why, how]  # both still after "used"
    dragged = designer.actions.post_form(
        f"{BASE}/{code}/reorder",
        {"section_id": str(designer.question(code, used).section_id), "order": f"{how},{used},{why}"},
        page=f"{BASE}/{code}",
    )
    assert dragged.status_code in (200, 302) and designer.keys(code) == [used, why, how]


def test_the_preview_says_which_questions_the_skip_logic_may_hide(branching_survey) -> None:
    designer, code, (used, how, why) = branching_survey
    preview = designer.client.get(f"{BASE}/{code}/preview").get_data(as_text=True)
    notes = re.findall(r'<p class="preview-note">([^<]+)</p>', preview)
    assert notes == [
        "Shown only if the answer to question 1 is “Yes”.",
        "Shown only if the answer to question 1 is not “Yes”.",
    ]
    respondent = designer.client.get(f"/s/{code}").get_data(as_text=True)
    assert "preview-note" not in respondent  # respondents only see what applies to them
