"""A workshop's follow-up that reaches its participants: on their private page, about their own statements.

"Did you do what you said you'd do, and what difference did it make?" is asked once per
participant, one block per statement (done / in progress / not started, and what difference it
made), with an optional quote they may let the kit use, attributed by role. The answers are linked
to the statements they follow up, so the results show each statement with its outcome.

Operations flush and never commit; a rule a person broke raises ``RuleBroken``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from surveys.models import FollowUpItem, FollowUpProgress, FollowUpResponse, Survey, SurveyState
from surveys.outcomes import PROGRESS_LABELS, FollowUpResults, StatementOutcome
from workshop.common.text import clean_text
from workshop.extensions import db
from workshop.models import Participant, Statement, Workshop
from workshop.operations import RuleBroken

TEXT_LIMIT = 2000
ALREADY_ANSWERED = (
    "You have already followed up your actions for this workshop: your answers are saved, and each "
    "person answers once. Thank you."
)


def invited_count(workshop: Workshop) -> int:
    """The people a workshop's follow-up invites: participants who still have a statement.

    Someone who opened the join page and wrote nothing, or whose statements were all withdrawn or
    deleted, has nothing to be followed up on and is not counted.
    """
    count = db.session.scalar(
        select(func.count(func.distinct(Statement.participant_id))).where(
            Statement.workshop_id == workshop.id, Statement.participant_id.is_not(None)
        )
    )
    return int(count or 0)


def open_follow_up(workshop: Workshop) -> Survey | None:
    """The workshop's newest published follow-up survey, or None."""
    return db.session.scalar(
        select(Survey)
        .where(Survey.workshop_id == workshop.id, Survey.state == SurveyState.OPEN)
        .order_by(Survey.id.desc())
        .limit(1)
    )


def answer_of(survey: Survey, participant: Participant) -> FollowUpResponse | None:
    return db.session.scalar(
        select(FollowUpResponse).where(
            FollowUpResponse.survey_id == survey.id, FollowUpResponse.participant_id == participant.id
        )
    )


@dataclass(frozen=True)
class StatementAnswer:
    statement_id: int
    progress: str  # a FollowUpProgress value, or "" when not given
    difference: str = ""


def check_answers(participant: Participant, given: Sequence[StatementAnswer]) -> dict[int, str]:
    """Problems with the answers, by statement id (empty when they can be saved).

    Every one of the participant's statements needs "Have you done it?"; answers about someone
    else's statement are ignored by the caller, never stored.
    """
    by_id = {answer.statement_id: answer for answer in given}
    problems: dict[int, str] = {}
    for statement in participant.statements:
        answer = by_id.get(statement.id)
        if answer is None or answer.progress not in {p.value for p in FollowUpProgress}:
            problems[statement.id] = "Choose done, in progress or not started."
        elif len(answer.difference) > TEXT_LIMIT:
            problems[statement.id] = f"Write at most {TEXT_LIMIT} characters."
    return problems


def answer_follow_up(
    survey: Survey,
    participant: Participant,
    given: Sequence[StatementAnswer],
    *,
    quote: str = "",
    quote_consent: bool = False,
) -> FollowUpResponse:
    """Store a participant's follow-up, once: a second one raises ``RuleBroken`` (the database agrees)."""
    if not survey.is_open or survey.workshop_id != participant.workshop_id:
        raise RuleBroken("This follow-up is not open any more. Thank you for looking.")
    if answer_of(survey, participant) is not None:
        raise RuleBroken(ALREADY_ANSWERED)
    if check_answers(participant, given):
        raise RuleBroken("Answer “Have you done it?” for each of your statements.")
    mine = {statement.id for statement in participant.statements}
    cleaned_quote = clean_text(quote)[:TEXT_LIMIT]
    response = FollowUpResponse(
        survey_id=survey.id,
        participant_id=participant.id,
        quote=cleaned_quote,
        quote_consent=bool(quote_consent and cleaned_quote),
    )
    for answer in given:
        if answer.statement_id in mine:
            response.items.append(
                FollowUpItem(
                    statement_id=answer.statement_id,
                    progress=FollowUpProgress(answer.progress),
                    difference=clean_text(answer.difference)[:TEXT_LIMIT],
                )
            )
    db.session.add(response)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as clash:  # the same participant's other tap got there first
        raise RuleBroken(ALREADY_ANSWERED) from clash
    return response


# --- results -----------------------------------------------------------------------------------


def follow_up_results(survey: Survey) -> FollowUpResults | None:
    """Per statement: done / in progress / not started and what difference it made; None if not a follow-up."""
    if survey.workshop is None:
        return None
    responses = db.session.scalars(
        select(FollowUpResponse).where(FollowUpResponse.survey_id == survey.id).order_by(FollowUpResponse.id)
    ).all()
    outcomes: list[StatementOutcome] = []
    quotes: list[tuple[str, str]] = []
    counts = dict.fromkeys(PROGRESS_LABELS.values(), 0)
    for response in responses:
        for item in response.items:
            label = PROGRESS_LABELS[item.progress]
            counts[label] += 1
            text = db.session.scalar(select(Statement.text).where(Statement.id == item.statement_id)) or ""
            outcomes.append(StatementOutcome(statement=text, progress=label, difference=item.difference))
        if response.quote and response.quote_consent:
            role = db.session.scalar(select(Participant.role).where(Participant.id == response.participant_id))
            quotes.append((response.quote, role or ""))
    return FollowUpResults(
        invited=invited_count(survey.workshop),
        answered=len(responses),
        counts=counts,
        outcomes=tuple(outcomes),
        quotes=tuple(quotes),
    )
