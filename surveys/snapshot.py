"""From the database to the pure survey layer: a ``SurveyDesign`` and the stored answers.

The builder's checks, the Word exports, the results page and the CLI all read a survey through
these two functions, so each shows the same survey and the same figures.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from surveys import bank_store
from surveys.design import OTHER_SUFFIX, Condition, Question, Section, SurveyDesign, kept_meaning
from surveys.follow_up import invited_count
from surveys.models import Survey, SurveyResponse
from workshop.extensions import db


def _bank_note(bank_id: str | None) -> str:
    """The bank's advice for a question taken from it, which some checks read (e.g. "keep Not applicable")."""
    if not bank_id:
        return ""
    try:
        return bank_store.get(bank_id).note
    except KeyError:
        return ""


def condition_of(stored: str | None) -> Condition | None:
    """The skip-logic condition stored with a question, or None (also for anything unreadable)."""
    if not stored:
        return None
    try:
        raw = json.loads(stored)
        return Condition(str(raw["question"]), tuple(str(o) for o in raw["options"]), bool(raw.get("negate")))
    except (ValueError, KeyError, TypeError):
        return None


def stored_design(survey: Survey) -> dict[str, Any]:
    """The survey's texts, sections and questions as JSON-ready data: what a version freezes."""
    return {
        "title": survey.title,
        "purpose": survey.purpose,
        "target_group": survey.target_group,
        "audience_size": survey.audience_size,
        "introduction": survey.introduction,
        "consent_text": survey.consent_text,
        "closing_message": survey.closing_message,
        "sections": [
            {
                "title": section.title,
                "introduction": section.introduction,
                "condition": section.condition_json,
                "questions": [
                    {
                        "text": question.text,
                        "qtype": question.qtype,
                        "options": question.options,
                        "required": question.required,
                        "help_text": question.help_text,
                        "bank_id": question.bank_id,
                        "category": question.category,
                        "key": question.key,
                        "condition": question.condition_json,
                    }
                    for question in section.questions
                ],
            }
            for section in survey.sections
        ],
    }


def design_from(stored: dict[str, Any]) -> SurveyDesign:
    """A ``SurveyDesign`` from ``stored_design`` data (of the live survey or of a frozen version)."""
    return SurveyDesign(
        title=stored["title"],
        purpose=stored["purpose"],
        target_group=stored["target_group"],
        audience_size=stored["audience_size"],
        introduction=stored["introduction"],
        consent_text=stored["consent_text"],
        closing_message=stored["closing_message"],
        sections=tuple(
            Section(
                title=section["title"],
                introduction=section["introduction"],
                condition=condition_of(section.get("condition")),
                questions=tuple(
                    Question(
                        text=question["text"],
                        qtype=question["qtype"],
                        options=tuple(question["options"]),
                        required=question["required"],
                        help_text=question["help_text"],
                        bank_id=question["bank_id"],
                        category=question["category"],
                        key=question["key"],
                        condition=condition_of(question["condition"]),
                        note=_bank_note(question["bank_id"]),
                    )
                    for question in section["questions"]
                ),
            )
            for section in stored["sections"]
        ),
    )


def audience_size(survey: Survey) -> int | None:
    """How many were invited: for a workshop's follow-up, its participants who still have a statement, now.

    Counted when the results are read, not when the survey was made, so that statements deleted
    since (and people who wrote nothing) never inflate the denominator of the response rate.
    """
    if survey.workshop is not None:
        return invited_count(survey.workshop) or None
    return survey.audience_size


def design_of(survey: Survey, version: int | None = None) -> SurveyDesign:
    """The survey as plain data, each question keyed by its stable ``key``.

    ``version`` names an earlier version of the questions (frozen when the next one started); the
    survey's texts (title, introduction…) are always today's, since fixing them changes no answer.
    """
    live = stored_design(survey)
    live["audience_size"] = audience_size(survey)
    if version is None or version == survey.version:
        return design_from(live)
    frozen = next((v for v in survey.versions if v.number == version), None)
    if frozen is not None:
        live["sections"] = json.loads(frozen.design_json)["sections"]
    return design_from(live)


def answers_of(survey: Survey, version: int | None = None) -> list[dict[str, Any]]:
    """Every response's answers (question key → answer), oldest first, read as one column.

    With ``version``, only the responses to that version of the questions.
    """
    query = select(SurveyResponse.answers_json).where(SurveyResponse.survey_id == survey.id)
    if version is not None:
        query = query.where(SurveyResponse.version == version)
    rows = db.session.execute(query.order_by(SurveyResponse.created_at, SurveyResponse.id)).scalars()
    return [json.loads(row) for row in rows]


def response_rows(survey: Survey, version: int | None = None) -> list[tuple[int, str, dict[str, Any]]]:
    """(id, created_at ISO, answers) of every response (to ``version`` only, if given), for the downloads."""
    query = select(SurveyResponse.id, SurveyResponse.created_at, SurveyResponse.answers_json).where(
        SurveyResponse.survey_id == survey.id
    )
    if version is not None:
        query = query.where(SurveyResponse.version == version)
    rows = db.session.execute(query.order_by(SurveyResponse.created_at, SurveyResponse.id)).all()
    return [(row.id, row.created_at.isoformat(timespec="seconds"), json.loads(row.answers_json)) for row in rows]


def versions_of(survey: Survey) -> list[tuple[int, SurveyDesign, list[dict[str, Any]]]]:
    """Every version of the questions, oldest first, with its design and its responses' answers
    (for ``surveys.results.summarise_versions``)."""
    return [(number, design_of(survey, number), answers_of(survey, number)) for number in range(1, survey.version + 1)]


def combined_rows(survey: Survey) -> list[tuple[int, str, dict[str, Any]]]:
    """Every version's responses for the downloads, in the newest questions: an answer to a question
    that meant something else in its version (reworded since, or removed) is left out, as in the
    combined results; each version's own download has it."""
    newest = design_of(survey)
    rows: list[tuple[int, str, dict[str, Any]]] = []
    for number in range(1, survey.version + 1):
        kept = kept_meaning(design_of(survey, number), newest)
        for row_id, created, answers in response_rows(survey, number):
            rows.append((row_id, created, {k: v for k, v in answers.items() if k.removesuffix(OTHER_SUFFIX) in kept}))
    return sorted(rows, key=lambda row: (row[1], row[0]))
