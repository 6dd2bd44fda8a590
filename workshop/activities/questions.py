"""The questions-to-the-facilitator kind (Q&A): participants ask and upvote; the facilitator marks answered or hides.

A question has the statements' rules (the workshop's length limit, the personal-data check, held
while the workshop approves first); the order is the pure ``workshop.kinds.questions``; asking,
voting and moderating are ``workshop.kinds.operations`` (votes and moderation have their own
routes in ``workshop.kinds.views``).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import request
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField

from workshop.activities.forms import ActivityForm
from workshop.activities.spec import Context, Kind
from workshop.coaching.personal_data import personal_data_warning
from workshop.kinds import operations as kinds
from workshop.kinds.results import questions_of
from workshop.models import Activity, ActivityKind, Participant
from workshop.operations import PersonalDataToConfirm, RuleBroken
from workshop.participate.forms import new_idempotency_key

CONFIRM_FIELD = "personal_data_confirmed"


class QuestionsForm(ActivityForm):
    hide_results = BooleanField("Hide the questions from the wall until I reveal them")

    def fill(self, activity: Activity) -> None:
        super().fill(activity)
        self.hide_results.data = activity.hide_results

    def settings(self, activity: Activity | None) -> dict[str, object] | None:
        return {"hide_results": bool(self.hide_results.data)}


def answer(activity: Activity, form: MultiDict[str, str], join: Callable[[], Participant]) -> str:
    entry = kinds.QuestionEntry(
        text=form.get("text", ""),
        idempotency_key=form.get("idempotency_key"),
        personal_data_confirmed=form.get(CONFIRM_FIELD) == "y",
    )
    try:
        kinds.check_question(activity.workshop, entry)
        asked = kinds.ask_question(activity, join(), entry)
    except PersonalDataToConfirm as found:
        raise RuleBroken(found.asking("question")) from None
    if asked.seconded:
        return "Someone has asked that already: your vote is added to their question."
    if not asked.created:
        return "We have that question already: it is asked once."
    if asked.question.status.value == "pending":
        return "Thank you: your question is sent. The facilitator will look at it before it is listed."
    return "Thank you: your question is on the list. Others can vote for it."


def _phone(activity: Activity, participant: Participant | None) -> Context:
    # After a refused question the page comes back with what was typed (the one POST that renders).
    typed = request.form.get("text", "") if request.method == "POST" else ""
    waiting = [
        q
        for q in activity.questions
        if participant is not None and q.participant_id == participant.id and q.status.value != "visible"
    ]
    return {
        "room_questions": questions_of(activity, participant),
        "typed_question": typed,
        "ask_confirm": bool(typed and personal_data_warning(typed)),
        "idempotency_key": new_idempotency_key(),
        "mine_waiting": waiting,
    }


def _wall(activity: Activity) -> Context:
    return {"room_questions": questions_of(activity)}


def _summary(activity: Activity) -> str:
    listed = questions_of(activity).listed
    said = f"{len(listed.shown)} question{'' if len(listed.shown) == 1 else 's'} · {len(listed.answered)} answered"
    if listed.waiting:
        said += f" · {listed.waiting} waiting or hidden"
    return said


KIND = Kind(
    kind=ActivityKind.QUESTIONS,
    blurb="Participants ask you questions and vote for others'; you mark them answered or hide them. Most votes first.",
    form=QuestionsForm,
    phone=_phone,
    wall=_wall,
    summary=_summary,
    answer=answer,
)
