"""A workshop's follow-up as plain data for the exports: the answers (with consent applied) and the
surveys linked to it with their headline results.

Registered on the app as ``app.extensions["follow_up_evidence"]`` (``surveys.wiring``), so the
exports' follow-up summary, stories and evidence pack read it without importing surveys.
An answer given without consent to quote keeps its counts (done, in progress, not started) and
loses its quote and its "difference made" text here, before any builder sees it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from surveys.models import FollowUpResponse, Survey
from surveys.outcomes import PROGRESS_LABELS, QUOTE_CONSENT
from surveys.results import headline, summarise
from surveys.snapshot import answers_of, design_of
from workshop.common.followups import FollowedUpStatement, FollowUpAnswer, FollowUpEvidence, SurveyHeadline
from workshop.extensions import db
from workshop.models import Participant, Statement, Workshop


def _surveys(workshop: Workshop) -> list[Survey]:
    return list(db.session.scalars(select(Survey).where(Survey.workshop_id == workshop.id).order_by(Survey.id)))


def _headline(survey: Survey) -> SurveyHeadline:
    results = summarise(design_of(survey), answers_of(survey, survey.version))
    return SurveyHeadline(
        code=survey.code,
        title=survey.title,
        state=survey.state.value,
        responses=results.response_count,
        audience=results.audience_size,
        response_rate=results.response_rate,
        headlines=tuple(headline(q) for q in results.questions if q.qtype != "free_text"),
        free_text_answers=sum(q.answered for q in results.questions if q.qtype == "free_text"),
    )


def follow_up_evidence(workshop: Workshop) -> FollowUpEvidence:
    """Every follow-up answer to the workshop's surveys, oldest first, and each linked survey's headlines."""
    surveys = _surveys(workshop)
    titles = {survey.id: survey.title for survey in surveys}
    responses = db.session.scalars(
        select(FollowUpResponse)
        .where(FollowUpResponse.survey_id.in_(titles))
        .options(selectinload(FollowUpResponse.items))
        .order_by(FollowUpResponse.id)
    ).all()
    statement_ids = {item.statement_id for response in responses for item in response.items}
    texts = dict(
        db.session.execute(select(Statement.id, Statement.text).where(Statement.id.in_(statement_ids))).tuples().all()
    )
    roles = dict(
        db.session.execute(
            select(Participant.id, Participant.role).where(Participant.id.in_({r.participant_id for r in responses}))
        )
        .tuples()
        .all()
    )
    answers = []
    for response in responses:
        consented = bool(response.quote_consent and response.quote)
        answers.append(
            FollowUpAnswer(
                id=response.id,
                survey_title=titles[response.survey_id],
                items=tuple(
                    FollowedUpStatement(
                        statement_id=item.statement_id,
                        statement=texts.get(item.statement_id, ""),
                        progress=PROGRESS_LABELS[item.progress],
                        difference=item.difference if consented else "",
                    )
                    for item in response.items
                ),
                role=roles.get(response.participant_id) or "",
                answered_on=response.created_at.date() if response.created_at else None,
                quote=response.quote if consented else "",
                consented=consented,
                consent_wording=QUOTE_CONSENT if consented else "",
            )
        )
    return FollowUpEvidence(answers=tuple(answers), surveys=tuple(_headline(survey) for survey in surveys))
