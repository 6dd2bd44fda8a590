"""The respondent's page (/s/<code>): works without JavaScript, one response per device, double taps stored once."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from surveys import operations
from surveys.forms import ResponseForm
from surveys.models import Survey
from surveys.operations import RuleBroken
from surveys.respondents import respondent_key, respondent_token
from surveys.snapshot import design_of
from surveys.views.common import respond_bp, respond_context
from workshop.codes import normalise_code
from workshop.extensions import db
from workshop.ratelimits import limiter


def _published_survey(code: str) -> Survey:
    survey = db.session.scalar(select(Survey).where(Survey.code == normalise_code(code)))
    if survey is None:
        abort(404, description="There is no survey at that address. Check the link or QR code you were given.")
    return survey


def _closed_page(survey: Survey, message: str, status: int = 200) -> ResponseReturnValue:
    return render_template("surveys/closed.html", survey=survey, message=message), status


@respond_bp.route("/s/<code>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SURVEY_RESPONSE_RATE_LIMIT"], key_func=respondent_key, methods=["POST"])
def survey_page(code: str) -> ResponseReturnValue:
    """The page the survey's QR code opens: the questions, then Send."""
    survey = _published_survey(code)
    if not survey.is_open:
        return _closed_page(survey, operations.closed_message(survey), 200 if request.method == "GET" else 409)
    if request.method == "GET":
        if not survey.allow_multiple and operations.has_responded(survey, respondent_token()):
            return _closed_page(survey, "You have already answered this survey on this device. Thank you!")
        return render_template(
            "surveys/respond.html", **respond_context(survey, ResponseForm(formdata=None), answers={})
        )

    form = ResponseForm()
    answers, errors = operations.parse_answers(design_of(survey), request.form.to_dict(flat=False))
    if not form.validate_on_submit() or errors:
        context = respond_context(survey, form, answers=answers, errors=errors)
        return render_template("surveys/respond.html", **context), 422
    try:
        _, created = operations.submit_response(
            survey, respondent_token(create=True) or "", answers, idempotency_key=form.idempotency_key.data
        )
    except RuleBroken as problem:
        db.session.rollback()
        return _closed_page(survey, str(problem), 409)
    db.session.commit()
    if not created:
        flash("We already had your answers: they are saved once.", "info")
    return redirect(url_for("respond.thanks", code=survey.code))


@respond_bp.get("/s/<code>/thanks")
def thanks(code: str) -> ResponseReturnValue:
    survey = _published_survey(code)
    return render_template("surveys/thanks.html", survey=survey)


def recover_from_csrf_error() -> ResponseReturnValue | None:
    """A stale CSRF token on a survey: show it again with every answer kept, ready to Send again."""
    if request.endpoint != "respond.survey_page" or request.method != "POST":
        return None
    code = (request.view_args or {}).get("code", "")
    survey = db.session.scalar(select(Survey).where(Survey.code == normalise_code(str(code))))
    if survey is None or not survey.is_open:
        return None
    answers, _ = operations.parse_answers(design_of(survey), request.form.to_dict(flat=False))
    form = ResponseForm(meta={"csrf": False})
    problem = (
        "This page had been open a long time, so we refreshed it for your security. "
        "Your answers are kept below: press Send again."
    )
    return render_template(
        "surveys/respond.html", **respond_context(survey, form, answers=answers, problem=problem)
    ), 400
