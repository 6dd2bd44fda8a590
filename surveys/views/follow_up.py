"""The participant's follow-up, from their private page: their own statements, answered once.

Linked from ``/mine/<token>`` (and from their calendar reminder and reminder e-mail) once the
workshop's follow-up survey is published. A plain form POST: it works without JavaScript on a
small phone. A second answer is refused with a clear message (the database keeps the rule).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm

from surveys import follow_up, outcomes
from surveys.models import Survey
from surveys.views.common import respond_bp
from workshop import links
from workshop.access import participant_by_token
from workshop.extensions import db
from workshop.models import Participant
from workshop.operations import RuleBroken
from workshop.ratelimits import guessing_limited
from workshop.urls import lasting_url


class FollowUpForm(FlaskForm):
    """Only the CSRF token: the blocks are one per statement, read by name (progress-<id>, difference-<id>)."""


def _survey_for(participant: Participant) -> Survey:
    survey = follow_up.open_follow_up(participant.workshop)
    if survey is None:
        abort(404, description="There is no follow-up for this workshop at the moment.")
    return survey


def _given() -> list[follow_up.StatementAnswer]:
    answers = []
    for name, value in request.form.items():
        number = name.removeprefix("progress-")
        if name.startswith("progress-") and number.isdigit() and len(number) <= 12:
            difference = request.form.get(f"difference-{number}", "")
            answers.append(follow_up.StatementAnswer(int(number), value, difference))
    return answers


def _page(participant: Participant, survey: Survey, status: int = 200, **context: object) -> ResponseReturnValue:
    return (
        render_template(
            "surveys/follow_up_form.html",
            participant=participant,
            workshop=participant.workshop,
            survey=survey,
            form=FollowUpForm(),
            answered=follow_up.answer_of(survey, participant),
            statement_texts={statement.id: statement.text for statement in participant.statements},
            progress=outcomes.PROGRESS_LABELS,
            wording=outcomes,
            **({"errors": {}, "given": {}, "quote": ""} | context),
        ),
        status,
    )


@respond_bp.route("/mine/<token>/follow-up", methods=["GET", "POST"])
@guessing_limited
def follow_up_page(token: str) -> ResponseReturnValue:
    """The follow-up form, pre-filled with the participant's own statements, one block each."""
    participant = participant_by_token(token)
    survey = _survey_for(participant)
    if request.method == "GET":
        return _page(participant, survey)
    form = FollowUpForm()
    if not form.validate_on_submit():
        abort(400, description="This page had been open a long time. Please open the follow-up again.")
    given = _given()
    if follow_up.answer_of(survey, participant) is not None:
        return _page(participant, survey, 409, problem=follow_up.ALREADY_ANSWERED)
    errors = follow_up.check_answers(participant, given)
    context = {"given": {a.statement_id: a for a in given}, "quote": request.form.get("quote", "")}
    if errors:
        return _page(participant, survey, 422, **{**context, "errors": errors})
    try:
        follow_up.answer_follow_up(
            survey,
            participant,
            given,
            quote=request.form.get("quote", ""),
            quote_consent=request.form.get("quote_consent") == "y",
        )
    except RuleBroken as problem:
        db.session.rollback()
        return _page(participant, survey, 409, problem=str(problem), **context)
    db.session.commit()
    flash("Thank you: your follow-up is saved.", "success")
    return redirect(url_for("participate.private_copy", token=participant.token))


def participant_links(participant: Participant) -> list[links.Link]:
    """On the private page: "Follow up your actions" while the workshop's follow-up is open."""
    if not participant.statements or follow_up.open_follow_up(participant.workshop) is None:
        return []
    return [links.Link("Follow up your actions", url_for("respond.follow_up_page", token=participant.token))]


def reminder_links(participant: Participant) -> list[links.Link]:
    """For the calendar reminder and the reminder e-mail: the follow-up, at a link that outlives the session."""
    if not participant.statements or follow_up.open_follow_up(participant.workshop) is None:
        return []
    url = lasting_url("respond.follow_up_page", token=participant.token)
    return [links.Link("Follow up your actions", url)] if url else []
