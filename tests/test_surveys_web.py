"""The survey designer and the respondents' pages, as Tracey and her respondents use them.

Tracey builds a survey from the bank, fixes what the checks flag, publishes it; people answer on
their phones without an account; she reads the results and downloads them.
"""

from __future__ import annotations

import csv as csv_module
import io
import re

import pytest
from docx import Document
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select

from surveys.models import Survey, SurveyQuestion, SurveyResponse, SurveyState
from tests.conftest import Actions, attachment_name, csrf_from
from workshop.extensions import db
from workshop.models import Participant, WorkshopState

BASE = "/facilitate/surveys"


class Designer:
    """What a facilitator does in the survey builder, as short calls."""

    def __init__(self, actions: Actions) -> None:
        self.actions = actions
        self.client = actions.client
        self.app = actions.app

    def create(self, title: str = "Impact of literature searches", **fields: str) -> str:
        data = {
            "title": title,
            "purpose": "To find out whether our literature searches change patient care on the stroke unit.",
            "target_group": "Nurses on the stroke unit who asked for a literature search this year",
            "audience_size": "40",
            "consent_text": "Taking part is voluntary. Answers are anonymous and stored securely.",
            **fields,
        }
        response = self.actions.post_form(f"{BASE}/new", data)
        assert response.status_code == 302, response.get_data(as_text=True)
        return response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]

    def page(self, code: str) -> str:
        response = self.client.get(f"{BASE}/{code}")
        assert response.status_code == 200
        return response.get_data(as_text=True)

    def add_from_bank(self, code: str, bank_id: str):
        return self.actions.post_form(f"{BASE}/{code}/bank/add", {"bank_id": bank_id}, page=f"{BASE}/{code}")

    def write(self, code: str, text: str, qtype: str = "free_text", options: str = "", **extra: str):
        data = {"text": text, "qtype": qtype, "options": options, "help_text": "", **extra}
        return self.actions.post_form(f"{BASE}/{code}/questions/new", data)

    def keys(self, code: str) -> list[str]:
        with self.app.app_context():
            survey = db.session.scalar(select(Survey).where(Survey.code == code))
            assert survey is not None
            return [q.key for q in survey.questions]

    def question(self, code: str, key: str) -> SurveyQuestion:
        with self.app.app_context():
            question = db.session.scalar(select(SurveyQuestion).where(SurveyQuestion.key == key))
            assert question is not None
            db.session.expunge(question)
            return question

    def publish(self, code: str, state: str = "open"):
        return self.actions.post_form(f"{BASE}/{code}/state", {"state": state}, page=f"{BASE}/{code}")

    def survey(self, code: str) -> Survey:
        with self.app.app_context():
            survey = db.session.scalar(select(Survey).where(Survey.code == code))
            assert survey is not None
            db.session.expunge(survey)
            return survey

    def response_count(self, code: str) -> int:
        with self.app.app_context():
            survey = db.session.scalar(select(Survey).where(Survey.code == code))
            return len(db.session.scalars(select(SurveyResponse).where(SurveyResponse.survey_id == survey.id)).all())


class Respondent:
    """A phone answering a survey: its own cookie jar, through the real form with CSRF."""

    def __init__(self, client: FlaskClient, code: str) -> None:
        self.client = client
        self.code = code

    def open(self) -> str:
        response = self.client.get(f"/s/{self.code}")
        assert response.status_code == 200
        return response.get_data(as_text=True)

    def send(self, answers: dict[str, str | list[str]], *, key: str | None = None, page: str | None = None):
        page = page or self.open()
        data: dict[str, object] = {"csrf_token": csrf_from(page)}
        match = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', page)
        data["idempotency_key"] = key if key is not None else (match.group(1) if match else "")
        for question_key, value in answers.items():
            data[f"answer-{question_key}"] = value
        return self.client.post(f"/s/{self.code}", data=data)


@pytest.fixture()
def designer(signed_in: Actions) -> Designer:
    return Designer(signed_in)


@pytest.fixture()
def published(designer: Designer) -> tuple[str, list[str]]:
    """A published survey: an agreement scale (required), tick-all-that-apply, free text."""
    code = designer.create()
    for bank_id in ("care-confidence", "use-purpose-all", "care-story"):
        assert designer.add_from_bank(code, bank_id).status_code == 302
    keys = designer.keys(code)
    first = designer.question(code, keys[0])
    designer.actions.post_form(
        f"{BASE}/{code}/q/{keys[0]}/edit",
        {"text": first.text, "qtype": first.qtype, "options": "", "required": "y", "section_id": str(first.section_id)},
    )
    assert designer.publish(code).status_code == 302
    return code, keys


def phone(app: Flask, code: str) -> Respondent:
    return Respondent(app.test_client(), code)


# --- the designer ----------------------------------------------------------------------------------


def test_survey_pages_need_the_owner(designer: Designer, app: Flask) -> None:
    code = designer.create()
    stranger = app.test_client()
    assert stranger.get(f"{BASE}/{code}").status_code == 302  # to sign in
    designer.actions.facilitator("someone@example.nhs.uk", "Someone")
    other = app.test_client()
    designer.actions.sign_in("someone@example.nhs.uk", client=other)
    for path in ("", "/results", "/form.docx", "/responses.csv", "/settings", "/preview"):
        assert other.get(f"{BASE}/{code}{path}").status_code == 404, path
    assert "Impact of literature searches" not in other.get(f"{BASE}/").get_data(as_text=True)


def test_creating_a_survey_keeps_what_was_typed_when_it_needs_fixing(designer: Designer) -> None:
    response = designer.actions.post_form(
        f"{BASE}/new", {"title": "", "purpose": "Why\x00 we ask", "target_group": "All staff", "audience_size": "-3"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Give the survey a title." in page
    assert "Give a whole number of people, 1 or more." in page
    assert "Why we ask" in page  # the control character is gone, the words are kept
    assert 'value="All staff"' in page


def test_the_builder_explains_the_checks_next_to_each_question(designer: Designer) -> None:
    code = designer.create(target_group="All staff", consent_text="")
    page = designer.page(code)
    assert "is very broad" in page  # broad-target-group
    assert "consent and data-protection statement" in page
    assert designer.write(code, "Don't you agree that the library is excellent?", "yes_no_na").status_code == 302
    page = designer.page(code)
    assert "asks the question so that agreeing is the expected answer" in page
    assert "has-warning" in page


def test_a_flagged_leading_question_is_fixed_in_place(designer: Designer) -> None:
    code = designer.create()
    designer.write(code, "How much did the search help your patient care?", "free_text")
    key = designer.keys(code)[0]
    edit = designer.client.get(f"{BASE}/{code}/q/{key}/edit").get_data(as_text=True)
    assert "assumes there was a benefit" in edit
    section_id = designer.question(code, key).section_id
    response = designer.actions.post_form(
        f"{BASE}/{code}/q/{key}/edit",
        {
            "text": "What difference, if any, did the search make to patient care?",
            "qtype": "free_text",
            "section_id": str(section_id),
        },
    )
    assert response.status_code == 302
    page = designer.page(code)
    assert "assumes there was a benefit" not in page
    assert designer.keys(code) == [key]  # same question, same key: answers would still match


def test_bank_search_filters_by_words_category_and_type(designer: Designer) -> None:
    code = designer.create()
    page = designer.client.get(f"{BASE}/{code}/bank?q=time+saved&category=time-saved").get_data(as_text=True)
    assert "Did using the library service save you time?" in page
    assert "Which staff group do you belong to?" not in page
    fragment = designer.client.get(f"{BASE}/{code}/bank?type=rating10", headers={"HX-Request": "true"})
    assert "HX-Request" in fragment.headers["Vary"]
    html = fragment.get_data(as_text=True)
    assert "<html" not in html and 'id="bank-results"' in html
    assert "How likely are you to recommend the library service to a colleague?" in html
    assert "1 question found" in html
    nothing = designer.client.get(f"{BASE}/{code}/bank?q=zzzz", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "No bank question matches" in nothing
    assert designer.client.get(f"{BASE}/{code}/bank?type=<script>&category=nope").status_code == 200


def test_questions_are_reordered_with_buttons_and_by_drag(designer: Designer) -> None:
    code = designer.create()
    for bank_id in ("use-purpose-all", "time-saved", "sat-recommend"):
        designer.add_from_bank(code, bank_id)
    a, b, c = designer.keys(code)
    builder = f"{BASE}/{code}"
    designer.actions.post_form(f"{BASE}/{code}/q/{c}/move", {"direction": "up"}, page=builder)
    assert designer.keys(code) == [a, c, b]
    response = designer.actions.post_form(
        f"{BASE}/{code}/q/{a}/move", {"direction": "down"}, page=builder, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and 'id="questions"' in response.get_data(as_text=True)
    assert designer.keys(code) == [c, a, b]
    designer.actions.post_form(f"{BASE}/{code}/q/{c}/move", {"direction": "up"}, page=builder)  # already first
    assert designer.keys(code) == [c, a, b]
    section_id = designer.question(code, a).section_id
    designer.actions.post_form(
        f"{BASE}/{code}/reorder", {"section_id": str(section_id), "order": f"{b},{c},unknown"}, page=builder
    )
    assert designer.keys(code) == [b, c, a]  # a was missing from the stale order: kept, at the end


def test_sections_group_questions_and_removing_one_keeps_its_questions(designer: Designer) -> None:
    code = designer.create()
    designer.add_from_bank(code, "use-purpose-all")
    builder = f"{BASE}/{code}"
    designer.actions.post_form(f"{BASE}/{code}/sections/new", {"title": "About you"}, page=builder)
    designer.add_from_bank(code, "about-staff-group")  # goes to the last section
    first, second = designer.keys(code)
    with designer.app.app_context():
        survey = db.session.scalar(select(Survey).where(Survey.code == code))
        assert [len(s.questions) for s in survey.sections] == [1, 1]
        assert survey.sections[1].title == "About you"
        section_ids = [s.id for s in survey.sections]
    # Moving the second section's first question up takes it into the first section.
    designer.actions.post_form(f"{BASE}/{code}/q/{second}/move", {"direction": "up"}, page=builder)
    assert designer.question(code, second).section_id == section_ids[0]
    designer.actions.post_form(f"{BASE}/{code}/q/{second}/move", {"direction": "down"}, page=builder)
    assert designer.question(code, second).section_id == section_ids[1]
    designer.actions.post_form(f"{BASE}/{code}/sections/{section_ids[1]}/delete", {}, page=builder)
    assert designer.keys(code) == [first, second]
    with designer.app.app_context():
        survey = db.session.scalar(select(Survey).where(Survey.code == code))
        assert len(survey.sections) == 1
    response = designer.actions.post_form(f"{BASE}/{code}/sections/{section_ids[0]}/delete", {}, page=builder)
    assert response.status_code == 302
    assert "needs at least one section" in designer.page(code)


def test_custom_question_mistakes_come_back_with_the_text_kept(designer: Designer) -> None:
    code = designer.create()
    response = designer.write(code, "Which ward do you work on?", "single", options="Stroke unit\n\n")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Give at least two answers to choose from" in page
    assert "Which ward do you work on?" in page and "Stroke unit" in page
    response = designer.write(code, "", "nonsense")
    assert response.status_code == 422
    assert "Write the question." in response.get_data(as_text=True)
    hostile = '=HYPERLINK("http://x")\u202e <script>alert(1)</script>'
    assert designer.write(code, hostile, "single", options="Yes\nNo\nYes\n=1+1").status_code == 302
    page = designer.page(code)
    assert "<script>alert(1)</script>" not in page
    question = designer.question(code, designer.keys(code)[0])
    assert question.options == ["Yes", "No", "=1+1"]  # the repeated "Yes" is dropped


def test_publishing_needs_a_question(designer: Designer) -> None:
    code = designer.create()
    designer.publish(code)
    assert "Add at least one question before you publish" in designer.page(code)
    assert designer.survey(code).state == SurveyState.DRAFT


def test_preview_shows_the_phone_form_without_sending(designer: Designer) -> None:
    code = designer.create()
    designer.add_from_bank(code, "sat-recommend")
    page = designer.client.get(f"{BASE}/{code}/preview").get_data(as_text=True)
    assert "phone-frame" in page
    assert "How likely are you to recommend the library service to a colleague?" in page
    assert "Send my answers</button>" in page and "disabled" in page


# --- respondents -----------------------------------------------------------------------------------


def test_a_respondent_answers_on_a_phone_once(designer: Designer, app: Flask, published) -> None:
    code, (scale, multiple, story) = published
    respondent = phone(app, code)
    page = respondent.open()
    assert "The information made me more confident in a clinical decision." in page
    assert "(required)" in page and "Your answers and your privacy" in page
    response = respondent.send({scale: "Agree", multiple: ["Research", "Direct patient care"], story: "It helped."})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/s/{code}/thanks")
    assert "Thank you" in respondent.client.get(response.headers["Location"]).get_data(as_text=True)
    again = respondent.client.get(f"/s/{code}").get_data(as_text=True)
    assert "You have already answered this survey on this device" in again
    with app.app_context():
        stored = db.session.scalar(select(SurveyResponse)).answers
    assert stored == {scale: "Agree", multiple: ["Direct patient care", "Research"], story: "It helped."}


def test_required_questions_and_bad_answers_keep_everything_typed(designer: Designer, app: Flask, published) -> None:
    code, (scale, multiple, story) = published
    respondent = phone(app, code)
    response = respondent.send({multiple: ["Research", "Hacked option"], story: "Line one\x07\r\nline two 📚"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is a problem" in page
    assert "Question 1: Choose an answer." in page
    assert "Question 2: Tick the answers from the list." in page
    assert "Line one\nline two 📚" in page
    assert re.search(r'value="Research"\s+checked', page)
    assert designer.response_count(code) == 0
    too_long = respondent.send({scale: "Agree", story: "x" * 6000})
    assert too_long.status_code == 422
    assert "the limit is 5000. Shorten it by " in too_long.get_data(as_text=True)
    tampered = respondent.send({scale: "Totally agree!!"})
    assert tampered.status_code == 422 and "Choose one of the answers listed." in tampered.get_data(as_text=True)


def test_a_double_tap_stores_one_response(designer: Designer, app: Flask, published) -> None:
    code, (scale, _, _) = published
    respondent = phone(app, code)
    page = respondent.open()
    first = respondent.send({scale: "Agree"}, key="same-key", page=page)
    second = respondent.send({scale: "Agree"}, key="same-key", page=page)
    assert first.status_code == second.status_code == 302
    assert designer.response_count(code) == 1


def test_several_responses_per_device_when_the_designer_allows_it(designer: Designer, app: Flask, published) -> None:
    code, (scale, _, _) = published
    survey = designer.survey(code)
    designer.actions.post_form(
        f"{BASE}/{code}/settings",
        {"title": survey.title, "purpose": survey.purpose, "target_group": survey.target_group, "allow_multiple": "y"},
    )
    shared_computer = phone(app, code)
    assert shared_computer.send({scale: "Agree"}).status_code == 302
    assert shared_computer.send({scale: "Disagree"}).status_code == 302
    assert designer.response_count(code) == 2


def test_closed_and_unknown_surveys_say_so(designer: Designer, app: Flask, published) -> None:
    code, (scale, _, _) = published
    respondent = phone(app, code)
    page = respondent.open()
    designer.publish(code, "closed")
    closed = respondent.send({scale: "Agree"}, page=page)
    assert closed.status_code == 409
    assert "This survey is closed" in closed.get_data(as_text=True)
    assert "This survey is closed" in respondent.client.get(f"/s/{code}").get_data(as_text=True)
    missing = respondent.client.get("/s/ZZZZZZ")
    assert missing.status_code == 404 and "There is no survey at that address" in missing.get_data(as_text=True)
    assert respondent.client.get("/s/%00%3Cx%3E").status_code == 404


def test_a_stale_csrf_token_keeps_the_answers(designer: Designer, app: Flask, published) -> None:
    code, (scale, multiple, story) = published
    respondent = phone(app, code)
    respondent.open()
    response = respondent.client.post(
        f"/s/{code}",
        data={
            "csrf_token": "stale",
            f"answer-{scale}": "Agree",
            f"answer-{multiple}": "Research",
            f"answer-{story}": "Kept",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Your answers are kept below: press Send again." in page
    assert "Kept</textarea>" in page and re.search(r'value="Agree"\s+checked', page)
    assert respondent.send({scale: "Agree"}, page=page).status_code == 302


def test_answered_questions_keep_their_meaning_once_people_have_answered(
    designer: Designer, app: Flask, published
) -> None:
    code, (scale, _, _) = published
    phone(app, code).send({scale: "Agree"})
    page = designer.page(code)
    assert "1 person has answered version 1 of these questions." in page and "Start version 2" in page
    response = designer.actions.post_form(f"{BASE}/{code}/q/{scale}/delete", {}, page=f"{BASE}/{code}")
    assert response.status_code == 302
    assert "People have answered this question in version 1, so you cannot remove it" in designer.page(code)
    assert designer.keys(code)[0] == scale


# --- results and downloads -------------------------------------------------------------------------


def test_results_show_counts_percentages_and_the_response_rate(designer: Designer, app: Flask, published) -> None:
    code, (scale, multiple, story) = published
    phone(app, code).send({scale: "Agree", multiple: ["Research"], story: "Saved me a day"})
    phone(app, code).send({scale: "Agree", multiple: ["Research", "Teaching or training others"]})
    phone(app, code).send({scale: "Disagree"})
    page = designer.client.get(f"{BASE}/{code}/results").get_data(as_text=True)
    assert "<strong>3</strong> responses from <strong>40</strong> people invited" in page
    assert "<strong>7.5%</strong>" in page
    assert re.search(r"<th scope=\"row\">Agree</th><td class=\"num\">2</td><td class=\"num\">66.7%</td>", page)
    assert re.search(r"<th scope=\"row\">Research</th><td class=\"num\">2</td><td class=\"num\">100%</td>", page)
    assert "Saved me a day" in page
    assert '<progress class="bar" max="100" value="66.7" aria-hidden="true">' in page


def test_many_written_answers_are_grouped_into_themes(designer: Designer, app: Flask, published) -> None:
    code, (scale, _, story) = published
    texts = [
        "I shared the evidence on Twitter",
        "Posted about it on Instagram",
        "Started a LinkedIn page for the library",
        "Wrote a case study for the board",
        "A case study for our newsletter",
        "Drafted a case study with a nurse",
    ] * 3
    with app.app_context():
        survey = db.session.scalar(select(Survey).where(Survey.code == code))
        for i, text in enumerate(texts):
            response = SurveyResponse(survey_id=survey.id, respondent=f"r{i}")
            response.answers = {scale: "Agree", story: text}
            db.session.add(response)
        db.session.commit()
    page = designer.client.get(f"{BASE}/{code}/results").get_data(as_text=True)
    assert "Written answers (18)" in page
    themes_url = f"{BASE}/{code}/results/{story}/themes"
    assert f'hx-get="{themes_url}"' in page  # grouped after the page has shown
    assert f'href="{themes_url}"' in page  # and without JavaScript, a page of its own
    assert page.count("Drafted a case study with a nurse") == 3  # every answer listed meanwhile
    fragment = designer.client.get(themes_url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment and "Grouped into themes automatically" in fragment
    assert fragment.count('<details class="details theme"') >= 2
    assert fragment.count("<li") == 18
    whole = designer.client.get(themes_url).get_data(as_text=True)
    assert "<html" in whole and "Grouped into themes automatically" in whole
    again = designer.client.get(f"{BASE}/{code}/results").get_data(as_text=True)
    assert "Grouped into themes automatically" in again and "hx-get" not in again.split("Written answers")[1]
    assert designer.client.get(f"{BASE}/{code}/results/nope/themes").status_code == 404


def test_downloads_have_meaningful_names_types_and_safe_cells(designer: Designer, app: Flask, published) -> None:
    code, (scale, multiple, story) = published
    phone(app, code).send({scale: "Agree", multiple: ["Research", "Direct patient care"], story: "=cmd|' /C calc'!A0"})
    csv = designer.client.get(f"{BASE}/{code}/responses.csv")
    assert csv.mimetype == "text/csv"
    assert re.fullmatch(r"impact-of-literature-searches-\d{4}-\d\d-\d\d-survey-responses.csv", attachment_name(csv))
    text = csv.get_data(as_text=True)
    assert "Q1. The information made me more confident in a clinical decision." in text
    assert "'=cmd" in text and "Direct patient care; Research" in text

    xlsx = designer.client.get(f"{BASE}/{code}/results.xlsx")
    assert xlsx.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(xlsx.data))
    assert workbook.sheetnames == ["Summary", "Responses"]
    cells = [cell for row in workbook["Responses"].iter_rows(values_only=True) for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells
    assert not any(isinstance(c, str) and c.startswith("=") for c in cells)
    summary = [row for row in workbook["Summary"].iter_rows(values_only=True)]
    assert any(row[1] == "Agree" and row[2] == 1 and row[3] == 100 for row in summary)

    form = designer.client.get(f"{BASE}/{code}/form.docx")
    assert form.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "survey-form.docx" in form.headers["Content-Disposition"]
    document = Document(io.BytesIO(form.data))
    assert len(document.inline_shapes) == 1  # the QR code of the online version
    words = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "The information made me more confident in a clinical decision." in words
    assert (
        f"/s/{code}"
        in document.part.rels[next(r for r in document.part.rels if document.part.rels[r].is_external)].target_ref
    )

    report = designer.client.get(f"{BASE}/{code}/results.docx")
    assert "survey-results.docx" in report.headers["Content-Disposition"]
    report_text = "\n".join(p.text for p in Document(io.BytesIO(report.data)).paragraphs)
    assert "Impact of literature searches" in report_text


def test_the_draft_questionnaire_has_no_qr_code(designer: Designer) -> None:
    code = designer.create()
    designer.add_from_bank(code, "time-saved")
    document = Document(io.BytesIO(designer.client.get(f"{BASE}/{code}/form.docx").data))
    assert len(document.inline_shapes) == 0


def test_the_bank_marks_the_questions_already_in_the_survey(designer: Designer) -> None:
    code = designer.create()
    assert "In your survey already." not in designer.page(code)
    assert designer.add_from_bank(code, "care-confidence").status_code == 302
    page = designer.page(code)
    assert page.count("In your survey already.") == 1
    card = page.split("In your survey already.")[0].rsplit('<li class="card bank-card">', 1)[1]
    assert 'name="bank_id"' not in card  # the mark is inside the card it belongs to, above its Add button
    assert 'value="care-confidence"' in page.split("In your survey already.")[1].split("</li>")[0]


def test_share_sheet_and_qr_png(designer: Designer, published) -> None:
    code, _ = published
    page = designer.client.get(f"{BASE}/{code}/share").get_data(as_text=True)
    assert f"/s/{code}" in page and "<svg" in page
    png = designer.client.get(f"{BASE}/{code}/qr.png")
    assert png.mimetype == "image/png" and png.data.startswith(b"\x89PNG")


def test_a_survey_link_only_this_computer_or_network_reaches_is_flagged_before_it_is_sent(
    designer: Designer, app: Flask, published
) -> None:
    code, _ = published
    app.config["PUBLIC_BASE_URL"] = "http://127.0.0.1:5000"
    builder = designer.client.get(f"{BASE}/{code}").get_data(as_text=True)
    assert "Nobody else can reach this link" in builder and "PUBLIC_BASE_URL" in builder
    assert "works only on this computer or this network" in designer.client.get(f"{BASE}/{code}/share").get_data(
        as_text=True
    )
    app.config["PUBLIC_BASE_URL"] = "http://192.168.1.20:5000"
    assert "Only people on this network can reach this link" in designer.client.get(f"{BASE}/{code}").get_data(
        as_text=True
    )
    app.config["PUBLIC_BASE_URL"] = "https://impact-kit.example.nhs.uk"
    for page in (f"{BASE}/{code}", f"{BASE}/{code}/share"):
        assert "address-warning" not in designer.client.get(page).get_data(as_text=True)


def test_deleting_a_survey_needs_its_code(designer: Designer, app: Flask, published) -> None:
    code, (scale, _, _) = published
    phone(app, code).send({scale: "Agree"})
    wrong = designer.actions.post_form(f"{BASE}/{code}/delete", {"confirm_code": "nope"})
    assert wrong.status_code == 422
    right = designer.actions.post_form(f"{BASE}/{code}/delete", {"confirm_code": code.lower()})
    assert right.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Survey)) is None
        assert db.session.scalar(select(SurveyResponse)) is None


# --- follow-up of a workshop, CLI ------------------------------------------------------------------


def test_a_closed_workshop_offers_a_prefilled_follow_up_survey(designer: Designer, app: Flask) -> None:
    workshop = designer.actions.workshop(title="MAP on tour: Taunton")
    for text in ("Write a case study", "Tweet about the library"):
        assert designer.actions.phone_for(workshop).post(text).status_code == 302
    # Someone who joined but wrote nothing has nothing to follow up, so is not counted as invited.
    with app.app_context():
        db.session.add(Participant(workshop_id=designer.actions.workshop_row(workshop).id))
        db.session.commit()
    open_page = designer.client.get(f"/facilitate/w/{workshop}").get_data(as_text=True)
    assert "Create a follow-up survey" not in open_page
    designer.actions.post_form(f"/facilitate/w/{workshop}/state", {"state": "closed"}, page=f"/facilitate/w/{workshop}")
    assert designer.actions.workshop_row(workshop).state == WorkshopState.CLOSED
    page = designer.client.get(f"/facilitate/w/{workshop}").get_data(as_text=True)
    assert f'href="{BASE}/follow-up/{workshop}"' in page
    confirm = designer.client.get(f"{BASE}/follow-up/{workshop}").get_data(as_text=True)
    assert "Follow-up: MAP on tour: Taunton" in confirm
    response = designer.actions.post_form(f"{BASE}/follow-up/{workshop}", {})
    assert response.status_code == 302
    code = response.headers["Location"].rsplit("/", 1)[-1]
    survey = designer.survey(code)
    assert survey.audience_size == 2
    assert "MAP on tour: Taunton" in survey.target_group
    with app.app_context():
        questions = db.session.scalar(select(Survey).where(Survey.code == code)).questions
        assert len(questions) == 5
        assert {q.bank_id for q in questions} >= {"learn-shared", "learn-cpd"}
    builder = designer.page(code)
    assert "Follows up" in builder
    assert "Follow-up survey: Follow-up: MAP on tour: Taunton (draft)" in designer.client.get(
        f"/facilitate/w/{workshop}"
    ).get_data(as_text=True)


def test_follow_up_of_an_open_workshop_is_refused(designer: Designer) -> None:
    workshop = designer.actions.workshop()
    response = designer.client.get(f"{BASE}/follow-up/{workshop}")
    assert response.status_code == 302
    assert "Close the workshop first" in designer.client.get(response.headers["Location"]).get_data(as_text=True)


def test_host_command_exports_the_questionnaire_and_results(
    designer: Designer, app: Flask, published, tmp_path
) -> None:
    code, (scale, _, _) = published
    phone(app, code).send({scale: "Agree"})
    runner = app.test_cli_runner()
    target = tmp_path / "form.docx"
    result = runner.invoke(args=["surveys", "export", code, "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert len(Document(str(target)).inline_shapes) == 1
    results = tmp_path / "results.docx"
    assert runner.invoke(args=["surveys", "export", code, "--results", "-o", str(results)]).exit_code == 0
    assert results.stat().st_size > 0
    missing = runner.invoke(args=["surveys", "export", "NOPE22", "-o", str(target)])
    assert missing.exit_code != 0 and "no survey" in missing.output


def test_my_surveys_lists_them_by_state(designer: Designer, published) -> None:
    code, _ = published
    designer.create(title="A draft one")
    page = designer.client.get(f"{BASE}/").get_data(as_text=True)
    assert "Taking answers" in page and "Drafts" in page and "A draft one" in page
    assert 'href="/facilitate/surveys/"' in designer.page(code)  # "My surveys" in the header


def test_a_net_promoter_question_is_one_row_of_eleven_and_reported_as_a_score(designer: Designer, app: Flask) -> None:
    code = designer.create()
    assert designer.add_from_bank(code, "sat-nps-training").status_code == 302
    assert designer.publish(code).status_code == 302
    (key,) = designer.keys(code)
    page = phone(app, code).open()
    assert 'class="choices choices-rating"' in page and "Not applicable" not in page
    for score in ("10", "9", "3"):
        assert phone(app, code).send({key: score}).status_code == 302
    results = designer.client.get(f"{BASE}/{code}/results").get_data(as_text=True)
    assert "Net Promoter Score: +33 (2 promoters" in results
    report = Document(io.BytesIO(designer.client.get(f"{BASE}/{code}/results.docx").data))
    assert any(p.text.startswith("Net Promoter Score: +33") for p in report.paragraphs)


def test_other_please_specify_has_its_own_text_box_and_the_text_reaches_the_results(
    designer: Designer, app: Flask
) -> None:
    code = designer.create()
    options = "Search\nTraining\nOther — please specify"
    assert designer.write(code, "Which service did you use?", "single", options).status_code == 302
    assert designer.publish(code).status_code == 302
    (key,) = designer.keys(code)
    page = phone(app, code).open()
    assert f'name="answer-{key}-other"' in page and page.count('type="text"') == 1
    assert phone(app, code).send({key: "Other — please specify", f"{key}-other": "Journal club"}).status_code == 302
    # Typing in the box without ticking the option still counts as that option.
    assert phone(app, code).send({f"{key}-other": "Ward round"}).status_code == 302
    assert phone(app, code).send({key: "Search"}).status_code == 302
    results = designer.client.get(f"{BASE}/{code}/results").get_data(as_text=True)
    assert "Journal club" in results and "Ward round" in results
    with app.app_context():
        survey = db.session.scalar(select(Survey).where(Survey.code == code))
        stored = [r.answers for r in survey.responses]
    assert {"Other — please specify"} == {a[key] for a in stored if f"{key}-other" in a}
    # The downloads keep what each person wrote beside their answer, in a column of its own.
    rows = list(
        csv_module.reader(io.StringIO(designer.client.get(f"{BASE}/{code}/responses.csv").get_data(as_text=True)))
    )
    assert rows[0][2:] == ["Q1. Which service did you use?", "Q1. Other — please specify: what they wrote"]
    assert sorted(row[2:] for row in rows[1:]) == [
        ["Other — please specify", "Journal club"],
        ["Other — please specify", "Ward round"],
        ["Search", ""],
    ]
    workbook = load_workbook(io.BytesIO(designer.client.get(f"{BASE}/{code}/results.xlsx").data))
    assert "Journal club" in [cell for row in workbook["Responses"].iter_rows(values_only=True) for cell in row]


def test_a_bank_question_reworded_here_says_so_on_its_card(designer: Designer) -> None:
    code = designer.create()
    for bank_id in ("care-confidence", "care-story"):
        assert designer.add_from_bank(code, bank_id).status_code == 302
    first, second = designer.keys(code)
    question = designer.question(code, first)
    designer.actions.post_form(
        f"{BASE}/{code}/q/{first}/edit",
        {
            "text": "Don't you agree the library's searches were excellent?",
            "qtype": question.qtype,
            "options": "",
            "section_id": str(question.section_id),
        },
    )
    page = designer.page(code)
    cards = {key: page.split(f'id="{key}"')[1].split("</li>")[0] for key in (first, second)}
    assert "From the bank, reworded" in cards[first]
    assert "From the bank" in cards[second] and "reworded" not in cards[second]
