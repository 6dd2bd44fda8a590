"""The quick poll kind: single or multiple choice, its results live on the wall (or hidden until revealed).

The rules of options, choices and counting are the pure ``workshop.polls``; this module stores a
phone's answer (one row per participant, changed by answering again) and hands the partials
their context.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, RadioField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length

from workshop.activities.forms import ActivityForm
from workshop.activities.spec import Context, Kind
from workshop.extensions import db
from workshop.live import stored_answers
from workshop.models import Activity, ActivityKind, Participant, PollAnswer, choices_from_json
from workshop.operations import RuleBroken
from workshop.polls import MAX_OPTIONS, MIN_OPTIONS, OPTION_LENGTH, BadOptions, check_choices, clean_options, tally

OPTIONS_TEXT_LENGTH = 2000
NOT_AN_OPTION = "That option is not in this poll: choose one of those on the page."
ANSWERED_OPTIONS = (
    "People have answered this poll, so its options stay as they were: you can add options at the end, "
    "or add a new poll."
)


class PollForm(ActivityForm):
    options = TextAreaField(
        "Options, one a line",
        description=f"{MIN_OPTIONS} to {MAX_OPTIONS} options of up to {OPTION_LENGTH} characters each.",
        validators=[
            DataRequired("Type the options people choose from, one a line."),
            Length(max=OPTIONS_TEXT_LENGTH, message=f"Keep the options to {OPTIONS_TEXT_LENGTH} characters in all."),
        ],
    )
    multiple = RadioField(
        "People choose",
        choices=[("single", "One option"), ("multiple", "As many options as they like")],
        default="single",
        validate_choice=False,  # the AnyOf below says it in words
        validators=[AnyOf(["single", "multiple"], message="Choose whether people pick one option or several.")],
    )
    hide_results = BooleanField("Hide results until I reveal them")

    def fill(self, activity: Activity) -> None:
        super().fill(activity)
        self.options.data = "\n".join(activity.options)
        self.multiple.data = "multiple" if activity.multiple else "single"
        self.hide_results.data = activity.hide_results

    def settings(self, activity: Activity | None) -> dict[str, object] | None:
        try:
            options = clean_options((self.options.data or "").splitlines())
        except BadOptions as problem:
            self.options.errors = [str(problem)]
            return None
        if activity is not None and activity.poll_answers and options[: len(activity.options)] != activity.options:
            self.options.errors = [ANSWERED_OPTIONS]
            return None
        return {
            "options": options,
            "multiple": self.multiple.data == "multiple",
            "hide_results": bool(self.hide_results.data),
        }


def answers_of(activity: Activity) -> list[list[int]]:
    """Every participant's chosen option numbers (a wall asks on every change); each different choice parsed once."""
    answers: list[list[int]] = []
    for raw, count in stored_answers(PollAnswer.choices_json, PollAnswer.activity_id == activity.id):
        answers.extend([choices_from_json(raw)] * count)
    return answers


def people_answered(activity: Activity) -> int:
    return db.session.scalar(select(func.count()).where(PollAnswer.activity_id == activity.id)) or 0


def answer_of(activity: Activity, participant: Participant | None) -> PollAnswer | None:
    if participant is None or participant.id is None:
        return None
    return db.session.scalar(
        select(PollAnswer).where(PollAnswer.activity_id == activity.id, PollAnswer.participant_id == participant.id)
    )


def chosen_numbers(raw: list[str], activity: Activity) -> list[int]:
    """The option numbers a phone posted, checked against the poll; RuleBroken in words when they will not do."""
    if any(not value.strip().isdigit() or len(value.strip()) > 3 for value in raw):
        raise RuleBroken(NOT_AN_OPTION)
    try:
        return check_choices([int(v) for v in raw], len(activity.options), multiple=activity.multiple)
    except BadOptions as problem:
        message = str(problem)
        raise RuleBroken(NOT_AN_OPTION if "not in this poll" in message else message) from None


def answer(activity: Activity, form: MultiDict[str, str], join: Callable[[], Participant]) -> str:
    """Store (or change) a participant's choice; a second tap of the same answer stores nothing new."""
    chosen = chosen_numbers(form.getlist("choice"), activity)
    participant = join()
    db.session.flush()
    existing = answer_of(activity, participant)
    if existing is None:
        try:
            with db.session.begin_nested():  # a double tap racing this one may insert first
                db.session.add(PollAnswer(activity_id=activity.id, participant_id=participant.id, choices=chosen))
        except IntegrityError:
            existing = answer_of(activity, participant)
            if existing is None:
                raise
        else:
            activity.workshop.touch()
            return "Thank you: your answer is in. You can change it while the room is on this poll."
    if existing.choices == chosen:
        return "We have that answer already: it is counted once."
    existing.choices = chosen
    activity.workshop.touch()
    return "Your answer is changed."


def _phone(activity: Activity, participant: Participant | None) -> Context:
    mine = answer_of(activity, participant)
    return {"chosen": set(mine.choices) if mine else set(), "answered": mine is not None}


def _wall(activity: Activity) -> Context:
    counts, people = tally(activity.options, answers_of(activity))
    return {"poll_counts": counts, "people": people}


def _summary(activity: Activity) -> str:
    said = f"{people_answered(activity)} answered"
    if activity.hide_results:
        said += " · results on the wall" if activity.revealed else " · results hidden"
    return said


KIND = Kind(
    kind=ActivityKind.POLL,
    blurb="A question with 2 to 8 options: one choice or several; the wall shows the counts.",
    form=PollForm,
    phone=_phone,
    wall=_wall,
    summary=_summary,
    answer=answer,
    results=True,
)
