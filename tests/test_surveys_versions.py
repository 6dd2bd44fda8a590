# ruff: noqa: F811  (the fixtures of tests/test_surveys_web.py are imported by name)
"""Versions: once people have answered, a change that would alter what their answers mean needs a new version.

Safe changes (a new question, a typo in the survey's texts, a hint) stay open; changing an answer's
text, removing a question or changing its type is refused with a "Start version N+1" button. The
new version keeps the link, and results are kept and reported per version.
"""

from __future__ import annotations

import io

from docx import Document
from flask import Flask
from sqlalchemy import select

from surveys.models import SurveyResponse, SurveyVersion
from tests.test_surveys_web import BASE, Designer, designer, phone, published  # noqa: F401  (fixtures)
from workshop.extensions import db

ORIGINAL = "Research"


def _edit(designer: Designer, code: str, key: str, **changes: str):
    question = designer.question(code, key)
    data = {
        "text": question.text,
        "qtype": question.qtype,
        "options": "\n".join(question.options),
        "help_text": question.help_text,
        "section_id": str(question.section_id),
        **({"required": "y"} if question.required else {}),
        **changes,
    }
    return designer.actions.post_form(f"{BASE}/{code}/q/{key}/edit", data)


def _start_version(designer: Designer, code: str):
    return designer.actions.post_form(f"{BASE}/{code}/versions/new", {}, page=f"{BASE}/{code}")


def test_the_builder_warns_what_is_safe_and_what_needs_a_new_version(designer: Designer, app: Flask, published) -> None:
    code, (scale, _, _) = published
    assert "Start version" not in designer.page(code)  # nobody has answered: no warning yet
    phone(app, code).send({scale: "Agree"})
    page = designer.page(code)
    assert "Safe now: adding a question or a section" in page
    assert "Needs a new version: changing a question's wording or an answer's text" in page
    assert f'action="{BASE}/{code}/versions/new"' in page


def test_safe_changes_stay_open_after_the_first_answer(designer: Designer, app: Flask, published) -> None:
    code, (scale, multiple, _) = published
    phone(app, code).send({scale: "Agree", multiple: [ORIGINAL]})
    assert designer.write(code, "What else would help?").status_code == 302
    added = designer.keys(code)[-1]
    assert _edit(designer, code, added, text="What else would help you?").status_code == 302  # nobody answered it
    assert _edit(designer, code, scale, help_text="Think of the last search.").status_code == 302
    settings = designer.actions.post_form(
        f"{BASE}/{code}/settings", {"title": "Impact of literature searchs, fixed", "consent_text": "Voluntary."}
    )
    assert settings.status_code == 302
    assert designer.question(code, added).text == "What else would help you?"
    assert designer.question(code, scale).help_text == "Think of the last search."
    assert designer.survey(code).version == 1
    assert designer.actions.post_form(f"{BASE}/{code}/q/{added}/delete", {}, page=f"{BASE}/{code}").status_code == 302
    assert added not in designer.keys(code)


def test_changes_of_meaning_are_refused_with_a_new_version_button(designer: Designer, app: Flask, published) -> None:
    code, (scale, multiple, story) = published
    phone(app, code).send({scale: "Agree", multiple: [ORIGINAL], story: "It helped."})
    before = designer.question(code, multiple).options
    renamed = "\n".join("Research or audit" if o == ORIGINAL else o for o in before)
    refused = _edit(designer, code, multiple, options=renamed)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "so you cannot change, add or remove the answers offered in it" in page
    assert "Research or audit" in page  # what was typed is still in the form, beside its "Save as version 2"
    assert '<button type="submit" name="new_version" value="1" class="button">Save as version 2</button>' in page
    assert _edit(designer, code, story, qtype="yes_no_na").status_code == 422  # a type change
    assert _edit(designer, code, story, text="What went wrong?").status_code == 422  # new wording
    assert designer.question(code, multiple).options == before
    condition = designer.actions.post_form(f"{BASE}/{code}/q/{story}/condition", {"op": ""})
    assert "so you cannot change who is asked it" in condition.get_data(as_text=True)


def test_a_new_version_keeps_the_link_and_reports_each_version_apart(designer: Designer, app: Flask, published) -> None:
    code, (scale, multiple, story) = published
    phone(app, code).send({scale: "Agree", multiple: [ORIGINAL]})
    phone(app, code).send({scale: "Disagree", multiple: [ORIGINAL]})
    assert _start_version(designer, code).status_code == 302
    assert "Version 2 started" in designer.page(code)
    assert designer.survey(code).version == 2
    renamed = "\n".join("Research or audit" if o == ORIGINAL else o for o in designer.question(code, multiple).options)
    assert _edit(designer, code, multiple, options=renamed).status_code == 302
    assert designer.actions.post_form(f"{BASE}/{code}/q/{story}/delete", {}, page=f"{BASE}/{code}").status_code == 302

    respondent = phone(app, code)
    assert "Research or audit" in respondent.open()  # the same link serves the newest version
    assert respondent.send({scale: "Agree", multiple: ["Research or audit"]}).status_code == 302
    with app.app_context():
        versions = [r.version for r in db.session.scalars(select(SurveyResponse))]
        frozen = db.session.scalars(select(SurveyVersion)).all()
        assert sorted(versions) == [1, 1, 2] and [v.number for v in frozen] == [1]

    # By default every version together: the unchanged scale counts all three people, the reworded
    # question only the one who saw its new answers; a manager does not read "1 reply".
    together = designer.client.get(f"{BASE}/{code}/results").get_data(as_text=True)
    assert "This page counts <strong>every version together</strong>" in together
    assert "<strong>3</strong> responses" in together
    assert together.count("Counted from version 2 only") == 1
    assert "3 answered · 0 skipped" in together and "1 answered · 0 skipped" in together
    newest = designer.client.get(f"{BASE}/{code}/results?version=2").get_data(as_text=True)
    assert "This page shows <strong>version 2</strong> alone" in newest
    assert "<strong>1</strong> response" in newest and "Research or audit" in newest
    first = designer.client.get(f"{BASE}/{code}/results?version=1").get_data(as_text=True)
    assert "<strong>2</strong> responses" in first and "Research or audit" not in first
    for bad in ("3", "0", "x"):
        assert designer.client.get(f"{BASE}/{code}/results?version={bad}").status_code == 404

    csv_v1 = designer.client.get(f"{BASE}/{code}/responses.csv?version=1").get_data(as_text=True)
    assert csv_v1.count("\n") == 3 and "Research or audit" not in csv_v1  # heading and two responses
    csv_all = designer.client.get(f"{BASE}/{code}/responses.csv").get_data(as_text=True)
    assert csv_all.count("\n") == 4  # heading and three responses, in the newest questions
    assert csv_all.count("Research or audit") == 1 and f",{ORIGINAL}," not in csv_all  # the old wording stays out
    report = Document(io.BytesIO(designer.client.get(f"{BASE}/{code}/results.docx").data))
    headings = [p.text for p in report.paragraphs if p.style.name.startswith("Heading")]
    assert "Answers by question" in headings and "Earlier wording: version 1" in headings
    text = "\n".join(p.text for p in report.paragraphs)
    assert "Responses: 3" in text and "Answered by 3 of 3 (skipped by 0)." in text
    assert "Answered by 1 of the 1 asked it (skipped by 0)." in text
    assert "Counted from version 2: asked another way, or not at all, in the others." in text
    headline = next(p.text for p in report.paragraphs if p.text.startswith("2. "))
    assert headline.endswith("(100 %, 1 of 1). Counted from version 2 only."), headline  # not read as all seven
    assert "counts only the answers to its current wording" in text


def test_a_version_needs_answers_to_the_one_before(designer: Designer, app: Flask, published) -> None:
    code, (scale, _, _) = published
    _start_version(designer, code)
    assert "Nobody has answered version 1 yet" in designer.page(code)
    phone(app, code).send({scale: "Agree"})
    _start_version(designer, code)
    _start_version(designer, code)
    assert designer.survey(code).version == 2
    assert "Nobody has answered version 2 yet" in designer.page(code)


def test_an_answered_question_says_so_before_editing_and_saves_as_a_new_version_in_one_step(
    designer: Designer, app: Flask, published
) -> None:
    code, (scale, multiple, story) = published
    assert "People have answered this question" not in designer.client.get(f"{BASE}/{code}/q/{story}/edit").get_data(
        as_text=True
    )
    phone(app, code).send({scale: "Agree", multiple: [ORIGINAL], story: "It helped."})
    before = designer.client.get(f"{BASE}/{code}/q/{story}/edit").get_data(as_text=True)
    assert "People have answered this question in version 1." in before and "Save as version 2" in before
    reworded = _edit(designer, code, story, text="What difference did it make to a patient?", new_version="1")
    assert reworded.status_code == 302
    assert designer.survey(code).version == 2
    assert designer.question(code, story).text == "What difference did it make to a patient?"
    assert "Question saved, in version 2." in designer.page(code)
    wording = _edit(designer, code, scale, text="The search changed what I did.")  # answered in version 1 only
    assert wording.status_code == 302  # nobody has answered version 2 yet
