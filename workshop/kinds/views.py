"""The routes the word cloud and the questions need besides a phone's answer (``participate.answer_activity``):
a phone's vote for a question, and the facilitator's moderation page (hide a word; mark a question
answered, hide, show or delete it), each recorded with who did it.

Every button is a plain form post answered with a 303 redirect, so none needs JavaScript; what is
refused comes back as a message on the page, never a 5xx. The facilitator's views ask for a
moderator (moderation is theirs), through ``owned_workshop``.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from workshop import live
from workshop.access import owned_workshop, workshop_by_code
from workshop.extensions import db
from workshop.identity import join
from workshop.kinds import operations as kinds
from workshop.kinds.forms import QUESTION_GONE, QuestionModerationForm, QuestionVoteForm, WordForm, question_id
from workshop.kinds.results import pending_questions_of, questions_of, word_cloud_of
from workshop.kinds.words import fold
from workshop.models import Activity, ActivityKind, Question, Workshop, WorkshopRole
from workshop.operations import RuleBroken
from workshop.ratelimits import limiter

phone_bp = Blueprint("kinds_phone", __name__)
bp = Blueprint("kinds", __name__, url_prefix="/facilitate/w/<code>")

NOT_HERE = "That activity is not on this workshop's agenda any more: reload the page."
MODERATED = (ActivityKind.WORDS, ActivityKind.QUESTIONS)


def _activity(workshop: Workshop, activity_id: int, kinds_allowed: tuple[ActivityKind, ...]) -> Activity:
    activity = db.session.get(Activity, activity_id)
    if activity is None or activity.workshop_id != workshop.id or activity.kind not in kinds_allowed:
        abort(404, description=NOT_HERE)
    return activity


def _question(activity: Activity, raw: str | None) -> Question | None:
    number = question_id(raw)
    question = db.session.get(Question, number) if number else None
    return question if question is not None and question.activity_id == activity.id else None


def _first_error(form: FlaskForm) -> str:
    return next(iter(form.errors.values()))[0]


@phone_bp.post("/j/<code>/a/<int:activity_id>/vote")
@limiter.limit(lambda: current_app.config["STATEMENT_RATE_LIMIT"])
def vote(code: str, activity_id: int) -> ResponseReturnValue:
    """Vote for another participant's question, or take the vote back (one each)."""
    workshop = workshop_by_code(code)
    activity = _activity(workshop, activity_id, (ActivityKind.QUESTIONS,))
    form = QuestionVoteForm()
    valid = form.validate_on_submit()
    question = _question(activity, form.question.data) if valid else None
    page = url_for("participate.workshop_page", code=workshop.code)
    back = redirect(page + (f"#q{question.id}" if question else "#activity"), code=303)
    if not valid or question is None:
        flash(_first_error(form) if not valid else QUESTION_GONE, "error")
        return back
    try:
        participant = join(workshop)  # a phone may vote before it asks (may refuse: joining locked)
        if form.action.data == "vote":
            kinds.upvote(question, participant)
            notice = "Your vote is counted."
        else:
            kinds.withdraw_vote(question, participant)
            notice = "You took back your vote."
    except RuleBroken as problem:
        db.session.rollback()
        flash(str(problem), "error")
        return back
    db.session.commit()
    flash(notice, "success")
    return back


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every moderation page needs a signed-in facilitator (and each view a role on the workshop)."""


@bp.get("/activities/<int:activity_id>/moderate")
def moderation(code: str, activity_id: int) -> ResponseReturnValue:
    """A word cloud's words (waiting for approval, on the wall, hidden), or the questions, with who changed what."""
    workshop = owned_workshop(code, needs=WorkshopRole.MODERATOR)
    activity = _activity(workshop, activity_id, MODERATED)
    context: dict[str, object] = {
        "workshop": workshop,
        "activity": activity,
        "changes": live.changes_of(workshop, activity_id=activity.id),
    }
    if activity.kind == ActivityKind.WORDS:
        cloud = word_cloud_of(activity)
        hidden = kinds.hidden_words_of(activity)
        held = {key: found for key, found in kinds.held_words_of(activity).items() if key not in hidden}
        context.update(cloud=cloud, hidden_words=hidden, held_words=held)
    else:
        context.update(room_questions=questions_of(activity), held=pending_questions_of(activity))
    return render_template("kinds/moderation.html", **context)


def _back(workshop: Workshop, activity: Activity, anchor: str = "") -> ResponseReturnValue:
    url = url_for("kinds.moderation", code=workshop.code, activity_id=activity.id)
    return redirect(url + (f"#{anchor}" if anchor else ""), code=303)


@bp.post("/activities/<int:activity_id>/words")
def moderate_word(code: str, activity_id: int) -> ResponseReturnValue:
    """Hide a word from the cloud (every spelling of it), or show it again."""
    workshop = owned_workshop(code, needs=WorkshopRole.MODERATOR)
    activity = _activity(workshop, activity_id, (ActivityKind.WORDS,))
    form = WordForm()
    if not form.validate_on_submit():
        flash(_first_error(form), "error")
        return _back(workshop, activity)
    word = form.word.data or ""
    try:
        if form.action.data == "hide":
            kinds.hide_word(activity, word, current_user)
            said = f"“{word}” is hidden from the wall."
        elif form.action.data == "show":
            kinds.show_word(activity, word, current_user)
            said = f"“{word}” is back on the wall."
        elif form.action.data == "approve":
            kinds.approve_word(activity, word, current_user)
            said = f"“{word}” is approved: it is on the wall."
        else:
            held = kinds.delete_word(activity, word, current_user)
            said = f"The word is deleted from {held} answer{'' if held == 1 else 's'} for good."
    except RuleBroken as problem:
        db.session.rollback()
        flash(str(problem), "error")
        return _back(workshop, activity)
    db.session.commit()
    flash(said, "success")
    return _back(workshop, activity, "" if form.action.data == "delete" else f"w-{fold(word)}")


@bp.post("/activities/<int:activity_id>/questions")
def moderate_question(code: str, activity_id: int) -> ResponseReturnValue:
    """Mark a question answered (or not), hide it, or show it (one that waited for the facilitator)."""
    workshop = owned_workshop(code, needs=WorkshopRole.MODERATOR)
    activity = _activity(workshop, activity_id, (ActivityKind.QUESTIONS,))
    form = QuestionModerationForm()
    valid = form.validate_on_submit()
    question = _question(activity, form.question.data) if valid else None
    if not valid or question is None:
        flash(_first_error(form) if not valid else QUESTION_GONE, "error")
        return _back(workshop, activity)
    kinds.moderate_question(question, form.action.data or "", current_user)
    db.session.commit()
    said = {
        "answer": "marked answered",
        "unanswer": "back among the open questions",
        "hide": "hidden",
        "show": "on the list",
        "delete": "deleted for good",
    }[form.action.data or ""]
    flash(f"The question is {said}.", "success")
    return _back(workshop, activity, f"q{question.id}")
