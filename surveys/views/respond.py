"""The respondent's page (/s/<code>): works without JavaScript, one response per device, double taps stored once."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from surveys import logic, operations
from surveys.forms import ResponseForm
from surveys.models import Survey
from surveys.operations import JoiningRefused, RuleBroken
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


def _page_number() -> int:
    """The page of a survey with skip logic that was just sent (0 for a survey on one page)."""
    value = request.form.get("page", "0")
    return int(value) if value.isdigit() and len(value) < 4 else 0


def _action() -> str:
    """Which button was pressed: Back, Next, or Send (the default, also for Enter in a text box)."""
    value = request.form.get("nav", "send")
    return value if value in ("back", "next", "send") else "send"


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
        # One response per device: the device is named from its first page, so answers sent at
        # once from several of its tabs share one respondent and are counted one at a time.
        if not survey.allow_multiple and operations.has_responded(survey, respondent_token(create=True)):
            return _closed_page(survey, "You have already answered this survey on this device. Thank you!")
        first = logic.step(design_of(survey), {}, {}, 0, "start")
        return render_template(
            "surveys/respond.html", **respond_context(survey, ResponseForm(formdata=None), answers={}, step=first)
        )

    form = ResponseForm()
    design = design_of(survey)
    answers, errors = operations.parse_answers(design, request.form.to_dict(flat=False))
    following = logic.step(design, answers, errors, _page_number(), _action())
    if not form.validate_on_submit():
        here = logic.step(design, answers, errors, _page_number(), "stay")
        context = respond_context(survey, form, answers=here.answers, errors=here.errors, step=here)
        return render_template("surveys/respond.html", **context), 422
    if following.page is not None:
        context = respond_context(survey, form, answers=following.answers, errors=following.errors, step=following)
        return render_template("surveys/respond.html", **context), 422 if following.errors else 200
    try:
        _, created = operations.submit_response(
            survey, respondent_token(create=True) or "", following.answers, idempotency_key=form.idempotency_key.data
        )
    except JoiningRefused as refused:  # too many new respondents from this address: answers kept
        db.session.rollback()
        here = logic.step(design, following.answers, {}, _page_number(), "stay")
        context = respond_context(survey, form, answers=here.answers, problem=str(refused), step=here)
        return render_template("surveys/respond.html", **context), refused.status
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
    design = design_of(survey)
    answers, _ = operations.parse_answers(design, request.form.to_dict(flat=False))
    here = logic.step(design, answers, {}, _page_number(), "stay")
    form = ResponseForm(meta={"csrf": False})
    problem = (
        "This page had been open a long time, so we refreshed it for your security. "
        "Your answers are kept below: press Send again."
    )
    return render_template(
        "surveys/respond.html", **respond_context(survey, form, answers=here.answers, problem=problem, step=here)
    ), 400
