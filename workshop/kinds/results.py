"""What the wall, the phones and the report read of the word cloud, scale, ranking and questions (issue 16).

Each function loads the answers of one activity and hands them to its pure core's tally.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select

from workshop.extensions import db
from workshop.kinds.operations import off_the_wall, scale_of
from workshop.kinds.questions import AskedQuestion, QuestionList, sort_questions
from workshop.kinds.rankings import RankingResult, tally_ranking
from workshop.kinds.scales import ScaleResult, tally_scale
from workshop.kinds.words import WordCloud, tally_words
from workshop.live import stored_answers
from workshop.models import Activity, ActivityAnswer, Participant, Question, QuestionVote, StatementStatus


def _payloads(activity: Activity) -> list[dict[str, object]]:
    """Every participant's answer, in the order first sent; each different answer parsed once."""
    payloads: list[dict[str, object]] = []
    for raw, count in stored_answers(ActivityAnswer.payload_json, ActivityAnswer.activity_id == activity.id):
        answer = json.loads(raw or "{}")
        if isinstance(answer, dict):
            payloads.extend([answer] * count)
    return payloads


def word_cloud_of(activity: Activity) -> WordCloud:
    answers = [p.get("words") for p in _payloads(activity)]
    return tally_words(
        ([str(w) for w in words] for words in answers if isinstance(words, list)), off_the_wall(activity)
    )


def scale_result_of(activity: Activity) -> ScaleResult:
    values = [p.get("value") for p in _payloads(activity)]
    return tally_scale(scale_of(activity), [v for v in values if isinstance(v, int) and not isinstance(v, bool)])


def ranking_result_of(activity: Activity) -> RankingResult:
    orders = [p.get("order") for p in _payloads(activity)]
    return tally_ranking(
        activity.options, [[int(i) for i in o if isinstance(i, int)] for o in orders if isinstance(o, list)]
    )


@dataclass(frozen=True)
class RoomQuestions:
    """The questions in the room's order, and which of them this participant asked and voted for."""

    listed: QuestionList
    mine: frozenset[int]
    voted: frozenset[int]


def questions_of(activity: Activity, participant: Participant | None = None) -> RoomQuestions:
    votes: dict[int, int] = {
        question_id: count
        for question_id, count in db.session.execute(
            select(QuestionVote.question_id, func.count())
            .join(Question)
            .where(Question.activity_id == activity.id)
            .group_by(QuestionVote.question_id)
        )
    }
    rows = db.session.scalars(select(Question).where(Question.activity_id == activity.id))
    questions = [
        AskedQuestion(q.id, q.text, votes.get(q.id, 0), q.answered, q.created_at, q.status == StatementStatus.VISIBLE)
        for q in rows
    ]
    mine: frozenset[int] = frozenset()
    voted: frozenset[int] = frozenset()
    if participant is not None:
        mine = frozenset(q.id for q in activity.questions if q.participant_id == participant.id)
        voted = frozenset(
            db.session.scalars(
                select(QuestionVote.question_id)
                .join(Question)
                .where(Question.activity_id == activity.id, QuestionVote.participant_id == participant.id)
            )
        )
    return RoomQuestions(sort_questions(questions), mine, voted)


def pending_questions_of(activity: Activity) -> list[Question]:
    """The questions the facilitator has not shown yet (waiting or hidden), oldest first, for the moderation view."""
    return [q for q in activity.questions if q.status != StatementStatus.VISIBLE]
