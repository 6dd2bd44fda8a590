"""The survey designer (facilitators, under /facilitate/surveys) and the respondent's page (/s/<code>).

Designer pages need a signed-in facilitator and the survey's owner: another facilitator gets 404,
as if the survey did not exist. Respondents need no account: the page works without JavaScript,
one response per device is kept with a random token in the signed session cookie, and a
double-tapped Send stores one response (idempotency key).
"""

from __future__ import annotations

import secrets
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from sqlalchemy import func, select

from surveys import bank, downloads, operations
from surveys.design import QUESTION_TYPE_LABELS, QUESTION_TYPES, SurveyDesign
from surveys.documents import build_survey_form, build_survey_results
from surveys.forms import (
    ActionForm,
    BankAddForm,
    DeleteSurveyForm,
    MoveForm,
    QuestionForm,
    ReorderForm,
    ResponseForm,
    SectionForm,
    StateForm,
    SurveyForm,
    new_idempotency_key,
)
from surveys.grouping import cached_themes, themes_of, wants_themes
from surveys.lint import estimated_seconds, lint
from surveys.models import Survey, SurveyQuestion, SurveyResponse, SurveySection, SurveyState
from surveys.operations import RuleBroken
from surveys.results import summarise
from surveys.snapshot import answers_of, design_of, response_rows
from workshop import links
from workshop.codes import normalise_code
from workshop.common.mime import MIME_DOCX, MIME_XLSX
from workshop.common.naming import download_name
from workshop.extensions import db, limiter
from workshop.facilitate.views import owned_workshop
from workshop.identity import address_key
from workshop.models import Workshop, WorkshopState
from workshop.qr import qr_png, qr_svg
from workshop.rendering import page_or_fragment
from workshop.urls import public_url

bp = Blueprint("surveys", __name__, url_prefix="/facilitate/surveys", template_folder="templates")
# The respondents' blueprint also serves the survey pages' CSS and the builder's script: public files.
respond_bp = Blueprint(
    "respond", __name__, template_folder="templates", static_folder="static", static_url_path="/surveys-static"
)


# --- wiring --------------------------------------------------------------------------------------


def _workshop_links(workshop: Workshop) -> list[links.Link]:
    """On a closed workshop's page: create a follow-up survey, and its follow-ups made so far."""
    if workshop.state not in (WorkshopState.CLOSED, WorkshopState.ARCHIVED):
        return []
    found = [
        links.Link(
            f"Follow-up survey: {survey.title} ({survey.state.value})", url_for("surveys.builder", code=survey.code)
        )
        for survey in db.session.scalars(select(Survey).where(Survey.workshop_id == workshop.id).order_by(Survey.id))
    ]
    return [
        links.Link("Create a follow-up survey for its participants", url_for("surveys.follow_up", code=workshop.code)),
        *found,
    ]


@bp.record_once
def _wire(state: BlueprintSetupState) -> None:
    """Hook into the core without editing it: workshop links, CSRF recovery, nav, host commands."""
    app: Flask = state.app
    from surveys.cli import surveys_cli
    from workshop import errors

    app.config.setdefault("SURVEY_RESPONSE_RATE_LIMIT", "20 per minute")
    links.register(app, _workshop_links)
    errors.register_csrf_recovery(app, recover_from_csrf_error)
    app.config.setdefault("EXTRA_NAV", []).append(("My surveys", "surveys.index"))
    app.cli.add_command(surveys_cli)


def blueprints() -> tuple[Blueprint, Blueprint]:
    return bp, respond_bp


# --- helpers -------------------------------------------------------------------------------------


def owned_survey(code: str) -> Survey:
    """The signed-in facilitator's survey with this code, or 404 (also for someone else's)."""
    survey = db.session.scalar(select(Survey).where(Survey.code == normalise_code(code)))
    if survey is None or survey.facilitator_id != current_user.id:
        abort(404)
    return survey


def _question_of(survey: Survey, key: str) -> SurveyQuestion:
    question = db.session.scalar(
        select(SurveyQuestion).where(SurveyQuestion.survey_id == survey.id, SurveyQuestion.key == key)
    )
    if question is None:
        abort(404, description="That question is not in this survey any more: it may have been deleted.")
    return question


def _section_of(survey: Survey, section_id: int) -> SurveySection:
    section = db.session.get(SurveySection, section_id)
    if section is None or section.survey_id != survey.id:
        abort(404, description="That section is not in this survey any more.")
    return section


def _page(template: str, status: int = 200, **context: Any) -> Response:
    return page_or_fragment(template, None, status, **context)


def survey_url(survey: Survey) -> str:
    return public_url("respond.survey_page", code=survey.code)


def _findings(design: SurveyDesign) -> tuple[list[Any], dict[str, list[Any]]]:
    """Survey-level findings, and each question's findings by its key."""
    keys = {numbered.ref: numbered.key for numbered in design.numbered()}
    overall: list[Any] = []
    by_key: dict[str, list[Any]] = {}
    for finding in lint(design):
        if finding.question_ref is None or finding.question_ref not in keys:
            overall.append(finding)
        else:
            by_key.setdefault(keys[finding.question_ref], []).append(finding)
    return overall, by_key


def _bank_context() -> dict[str, Any]:
    query = (request.args.get("q") or "")[:200]
    category = request.args.get("category") or None
    qtype = request.args.get("type") or None
    return {
        "bank_results": bank.search(query, category, qtype if qtype in QUESTION_TYPES else None),
        "bank_query": query,
        "bank_category": category or "",
        "bank_type": qtype or "",
        "categories": bank.categories(),
        "type_labels": QUESTION_TYPE_LABELS,
    }


def _builder_context(survey: Survey, **extra: Any) -> dict[str, Any]:
    design = design_of(survey)
    overall, by_key = _findings(design)
    count = operations.response_count(survey)
    return {
        "survey": survey,
        "design": design,
        "overall_findings": overall,
        "findings": by_key,
        "minutes": max(1, round(estimated_seconds(design) / 60)),
        "locked": count > 0,
        "response_count": count,
        "action_form": ActionForm(),
        "section_form": SectionForm(formdata=None),
        "survey_url": survey_url(survey),
        **_bank_context(),
        **extra,
    }


def _back_to_builder(survey: Survey, anchor: str = "") -> ResponseReturnValue:
    if request.htmx:
        return _page("surveys/_questions.html", **_builder_context(survey, fragment=True))
    return redirect(url_for("surveys.builder", code=survey.code) + anchor)


def _download(data: bytes | str, mimetype: str, filename: str) -> Response:
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _file_name(survey: Survey, kind: str, extension: str) -> str:
    day = survey.opened_at.date() if survey.opened_at else None
    return download_name(survey.title, day, kind, extension)


# --- designer: surveys ---------------------------------------------------------------------------


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every designer page needs a signed-in facilitator."""


@bp.get("/")
def index() -> ResponseReturnValue:
    """The facilitator's surveys, open ones first, with their response counts."""
    counts = dict(
        db.session.execute(
            select(SurveyResponse.survey_id, func.count(SurveyResponse.id))
            .join(Survey, Survey.id == SurveyResponse.survey_id)
            .where(Survey.facilitator_id == current_user.id)
            .group_by(SurveyResponse.survey_id)
        ).all()
    )
    mine = db.session.scalars(
        select(Survey)
        .where(Survey.facilitator_id == current_user.id)
        .order_by(Survey.created_at.desc(), Survey.id.desc())
    ).all()
    order = [SurveyState.OPEN, SurveyState.DRAFT, SurveyState.CLOSED]
    grouped = {state: [s for s in mine if s.state == state] for state in order}
    return render_template("surveys/index.html", grouped=grouped, counts=counts)


@bp.route("/new", methods=["GET", "POST"])
def create() -> ResponseReturnValue:
    form = SurveyForm()
    if form.validate_on_submit():
        survey = operations.create_survey(current_user, form.settings())
        db.session.commit()
        flash("Survey created. Add questions from the bank or write your own.", "success")
        return redirect(url_for("surveys.builder", code=survey.code))
    return render_template("surveys/edit.html", form=form, survey=None), 422 if form.errors else 200


@bp.route("/<code>/settings", methods=["GET", "POST"])
def settings(code: str) -> ResponseReturnValue:
    survey = owned_survey(code)
    form = SurveyForm(obj=survey if request.method == "GET" else None)
    if form.validate_on_submit():
        operations.apply_settings(survey, form.settings())
        db.session.commit()
        flash("Survey details saved.", "success")
        return redirect(url_for("surveys.builder", code=survey.code))
    return render_template("surveys/edit.html", form=form, survey=survey), 422 if form.errors else 200


@bp.get("/<code>")
def builder(code: str) -> ResponseReturnValue:
    """The builder: the survey's questions with good-practice checks beside each, and the bank."""
    survey = owned_survey(code)
    return _page("surveys/builder.html", **_builder_context(survey))


@bp.get("/<code>/bank")
def bank_search(code: str) -> ResponseReturnValue:
    """Search the bank: the results list for htmx (as you type), the whole builder otherwise."""
    survey = owned_survey(code)
    if request.htmx:
        return _page("surveys/_bank.html", survey=survey, action_form=ActionForm(), **_bank_context())
    return _page("surveys/builder.html", **_builder_context(survey))


@bp.post("/<code>/bank/add")
def add_from_bank(code: str) -> ResponseReturnValue:
    survey = owned_survey(code)
    form = BankAddForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        section_id = int(form.section_id.data) if (form.section_id.data or "").isdigit() else None
        question = operations.add_bank_question(survey, form.bank_id.data or "", section_id)
    except RuleBroken as problem:
        db.session.rollback()
        flash(str(problem), "error")
        return redirect(url_for("surveys.builder", code=survey.code))
    db.session.commit()
    flash(f"Added: “{question.text}”", "success")
    query = {k: v for k, v in request.args.items() if k in ("q", "category", "type") and v}
    return redirect(url_for("surveys.builder", code=survey.code, **query) + "#bank")


def _section_choices(survey: Survey) -> list[tuple[int, str]]:
    return [(s.id, s.title or f"Section {i + 1}") for i, s in enumerate(survey.sections)]


@bp.route("/<code>/questions/new", methods=["GET", "POST"])
def new_question(code: str) -> ResponseReturnValue:
    """Write a question of one's own; its checks show on the builder once it is added."""
    survey = owned_survey(code)
    form = QuestionForm()
    form.section_id.choices = _section_choices(survey)
    if request.method == "GET":
        form.section_id.data = survey.sections[-1].id
    if form.validate_on_submit():
        try:
            question = operations.add_question(survey, form.question())
        except RuleBroken as problem:
            db.session.rollback()
            form.options.errors = [*form.options.errors, str(problem)]
        else:
            db.session.commit()
            flash("Question added. Check the notes beside it.", "success")
            return redirect(url_for("surveys.builder", code=survey.code) + f"#{question.key}")
    return render_template("surveys/question.html", survey=survey, form=form, question=None), (
        422 if form.errors else 200
    )


@bp.route("/<code>/q/<key>/edit", methods=["GET", "POST"])
def edit_question(code: str, key: str) -> ResponseReturnValue:
    survey = owned_survey(code)
    question = _question_of(survey, key)
    current = {
        "text": question.text,
        "qtype": question.qtype,
        "options": "\n".join(question.options),
        "help_text": question.help_text,
        "required": question.required,
        "section_id": question.section_id,
    }
    form = QuestionForm(data=current) if request.method == "GET" else QuestionForm()
    form.section_id.choices = _section_choices(survey)
    if form.validate_on_submit():
        try:
            operations.update_question(question, form.question())
        except RuleBroken as problem:
            db.session.rollback()
            form.options.errors = [*form.options.errors, str(problem)]
        else:
            db.session.commit()
            flash("Question saved.", "success")
            return redirect(url_for("surveys.builder", code=survey.code) + f"#{question.key}")
    findings = _findings(design_of(survey))[1].get(question.key, [])
    return render_template("surveys/question.html", survey=survey, form=form, question=question, findings=findings), (
        422 if form.errors else 200
    )


def _structural(survey: Survey, change: Any, anchor: str = "") -> ResponseReturnValue:
    """Run one change of the question list, then show the builder (or its question list, for htmx)."""
    try:
        change()
    except RuleBroken as problem:
        db.session.rollback()
        flash(str(problem), "error")
    else:
        db.session.commit()
    return _back_to_builder(survey, anchor)


@bp.post("/<code>/q/<key>/move")
def move_question(code: str, key: str) -> ResponseReturnValue:
    """Up or down one place: buttons that work without JavaScript."""
    survey = owned_survey(code)
    question = _question_of(survey, key)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    return _structural(survey, lambda: operations.move_question(question, form.direction.data or ""), f"#{key}")


@bp.post("/<code>/q/<key>/delete")
def delete_question(code: str, key: str) -> ResponseReturnValue:
    survey = owned_survey(code)
    question = _question_of(survey, key)
    if not ActionForm().validate_on_submit():
        abort(400)
    return _structural(survey, lambda: operations.delete_question(question), "#questions")


@bp.post("/<code>/reorder")
def reorder(code: str) -> ResponseReturnValue:
    """A section's new order from drag and drop (the buttons do the same one step at a time)."""
    survey = owned_survey(code)
    form = ReorderForm()
    if not form.validate_on_submit():
        abort(400)
    section = _section_of(survey, form.section_id.data or 0)
    keys = [key.strip() for key in (form.order.data or "").split(",") if key.strip()]
    return _structural(survey, lambda: operations.reorder_section(section, keys), "#questions")


@bp.post("/<code>/sections/new")
def add_section(code: str) -> ResponseReturnValue:
    survey = owned_survey(code)
    form = SectionForm()
    if not form.validate_on_submit():
        flash(" ".join(error for errors in form.errors.values() for error in errors), "error")
        return redirect(url_for("surveys.builder", code=survey.code) + "#add-section")
    return _structural(
        survey,
        lambda: operations.add_section(survey, form.title.data or "", form.introduction.data or ""),
        "#questions",
    )


@bp.route("/<code>/sections/<int:section_id>/edit", methods=["GET", "POST"])
def edit_section(code: str, section_id: int) -> ResponseReturnValue:
    survey = owned_survey(code)
    section = _section_of(survey, section_id)
    form = SectionForm(obj=section if request.method == "GET" else None)
    if form.validate_on_submit():
        operations.update_section(section, form.title.data or "", form.introduction.data or "")
        db.session.commit()
        flash("Section saved.", "success")
        return redirect(url_for("surveys.builder", code=survey.code) + f"#section-{section.id}")
    return render_template("surveys/section.html", survey=survey, section=section, form=form), (
        422 if form.errors else 200
    )


@bp.post("/<code>/sections/<int:section_id>/delete")
def delete_section(code: str, section_id: int) -> ResponseReturnValue:
    survey = owned_survey(code)
    section = _section_of(survey, section_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    return _structural(survey, lambda: operations.delete_section(section), "#questions")


@bp.get("/<code>/preview")
def preview(code: str) -> ResponseReturnValue:
    """The survey as a respondent sees it on a phone, with a Send button that does nothing."""
    survey = owned_survey(code)
    return render_template(
        "surveys/preview.html", **_respond_context(survey, ResponseForm(formdata=None), answers={}, preview=True)
    )


@bp.post("/<code>/state")
def change_state(code: str) -> ResponseReturnValue:
    """Publish, close or reopen."""
    survey = owned_survey(code)
    form = StateForm()
    if form.validate_on_submit():
        try:
            operations.change_state(survey, SurveyState(form.state.data))
        except (ValueError, RuleBroken) as problem:
            db.session.rollback()
            flash(str(problem), "error")
        else:
            db.session.commit()
            messages = {
                SurveyState.OPEN: "The survey is published: share its link or QR code.",
                SurveyState.CLOSED: "The survey is closed: it takes no more answers.",
            }
            flash(messages.get(survey.state, f"The survey is now {survey.state.value}."), "success")
    return redirect(url_for("surveys.builder", code=survey.code))


@bp.get("/<code>/share")
def share(code: str) -> ResponseReturnValue:
    """A printable sheet with the survey's QR code and short link."""
    survey = owned_survey(code)
    url = survey_url(survey)
    return render_template(
        "surveys/share.html", survey=survey, survey_url=url, qr=qr_svg(url, title=f"QR code of the survey: {url}")
    )


@bp.get("/<code>/qr.png")
def qr_image(code: str) -> ResponseReturnValue:
    survey = owned_survey(code)
    return _download(qr_png(survey_url(survey)), "image/png", f"survey-{survey.code}-qr.png")


@bp.route("/<code>/delete", methods=["GET", "POST"])
def delete(code: str) -> ResponseReturnValue:
    """Delete a survey and all its responses, after typing its code to confirm."""
    survey = owned_survey(code)
    form = DeleteSurveyForm()
    if form.validate_on_submit():
        if normalise_code(form.confirm_code.data) == survey.code:
            title = survey.title
            operations.delete_survey(survey)
            db.session.commit()
            flash(f"“{title}” and all its responses have been deleted.", "success")
            return redirect(url_for("surveys.index"))
        form.confirm_code.errors = [f"Type {survey.code} to confirm, or go back to keep the survey."]
    return render_template("surveys/delete.html", survey=survey, form=form), 422 if form.errors else 200


@bp.route("/follow-up/<code>", methods=["GET", "POST"])
def follow_up(code: str) -> ResponseReturnValue:
    """From a closed workshop: a follow-up survey for its participants, prefilled, as a draft."""
    workshop = owned_workshop(code)
    form = ActionForm()
    if workshop.state not in (WorkshopState.CLOSED, WorkshopState.ARCHIVED):
        flash("Close the workshop first: a follow-up survey asks participants what happened after it.", "error")
        return redirect(url_for("facilitate.workshop", code=workshop.code))
    if form.validate_on_submit():
        survey = operations.create_follow_up(workshop, current_user)
        db.session.commit()
        flash("Follow-up survey created as a draft. Check it, then publish it and send the link.", "success")
        return redirect(url_for("surveys.builder", code=survey.code))
    return render_template(
        "surveys/follow_up.html", workshop=workshop, form=form, settings=operations.follow_up_settings(workshop)
    )


# --- designer: results and downloads -------------------------------------------------------------


def _results_of(survey: Survey) -> tuple[SurveyDesign, Any]:
    design = design_of(survey)
    return design, summarise(design, answers_of(survey))


@bp.get("/<code>/results")
def results(code: str) -> ResponseReturnValue:
    """Counts and percentages per option, the response rate, and free text (in themes when many)."""
    survey = owned_survey(code)
    design, summary = _results_of(survey)
    themes = {
        result.key: cached_themes(result.free_text) for result in summary.questions if wants_themes(result.free_text)
    }
    return render_template("surveys/results.html", survey=survey, design=design, results=summary, themes=themes)


@bp.get("/<code>/results/<key>/themes")
def answer_themes(code: str, key: str) -> ResponseReturnValue:
    """One question's written answers in themes: fetched by the results page after it has shown.

    Grouping many answers takes a moment, so the results page shows the counts and the answers at
    once and asks for themes it has not grouped before here (htmx); without JavaScript the
    same URL is a page of its own, linked from the question.
    """
    survey = owned_survey(code)
    _, summary = _results_of(survey)
    result = next((r for r in summary.questions if r.key == key), None)
    if result is None:
        abort(404, description="That question is not in this survey any more.")
    themes = themes_of(result.free_text)
    template = "surveys/_themes.html" if request.htmx else "surveys/themes.html"
    return _page(template, survey=survey, result=result, grouped=themes)


@bp.get("/<code>/form.docx")
def form_docx(code: str) -> ResponseReturnValue:
    """The printable questionnaire; once published it carries the QR code of the online version."""
    survey = owned_survey(code)
    published = survey.state != SurveyState.DRAFT
    url = survey_url(survey) if published else None
    data = build_survey_form(design_of(survey), online_url=url, qr_png=qr_png(url) if url else None)
    return _download(data, MIME_DOCX, _file_name(survey, "survey-form", "docx"))


@bp.get("/<code>/results.docx")
def results_docx(code: str) -> ResponseReturnValue:
    survey = owned_survey(code)
    design, summary = _results_of(survey)
    return _download(build_survey_results(design, summary), MIME_DOCX, _file_name(survey, "survey-results", "docx"))


@bp.get("/<code>/responses.csv")
def responses_csv(code: str) -> ResponseReturnValue:
    survey = owned_survey(code)
    data = downloads.responses_csv(design_of(survey), response_rows(survey))
    return _download(data, "text/csv", _file_name(survey, "survey-responses", "csv"))


@bp.get("/<code>/results.xlsx")
def results_xlsx(code: str) -> ResponseReturnValue:
    survey = owned_survey(code)
    design, summary = _results_of(survey)
    data = downloads.results_xlsx(design, summary, response_rows(survey))
    return _download(data, MIME_XLSX, _file_name(survey, "survey-results", "xlsx"))


# --- respondents ---------------------------------------------------------------------------------

_RESPONDENT = "survey_respondent"


def _respondent(create: bool = False) -> str | None:
    """This browser's random respondent token, kept in the signed session cookie."""
    token = session.get(_RESPONDENT)
    if token is None and create:
        token = secrets.token_urlsafe(18)
        session[_RESPONDENT] = token
        session.permanent = True
    return token


def _respondent_key() -> str:
    """Rate limits per respondent: a venue's phones share one public address."""
    token = session.get(_RESPONDENT) if session else None
    return f"r:{token}" if token else address_key()


def _published_survey(code: str) -> Survey:
    survey = db.session.scalar(select(Survey).where(Survey.code == normalise_code(code)))
    if survey is None:
        abort(404, description="There is no survey at that address. Check the link or QR code you were given.")
    return survey


def _respond_context(
    survey: Survey,
    form: ResponseForm,
    *,
    answers: dict[str, Any],
    errors: dict[str, str] | None = None,
    preview: bool = False,
    problem: str = "",
) -> dict[str, Any]:
    if form.idempotency_key.data is None or not form.idempotency_key.data:
        form.idempotency_key.data = new_idempotency_key()
    design = design_of(survey)
    return {
        "survey": survey,
        "design": design,
        "form": form,
        "answers": answers,
        "errors": errors or {},
        "numbers": {numbered.key: numbered.number for numbered in design.numbered()},
        "preview": preview,
        "problem": problem,
    }


def _closed_page(survey: Survey, message: str, status: int = 200) -> ResponseReturnValue:
    return render_template("surveys/closed.html", survey=survey, message=message), status


@respond_bp.route("/s/<code>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SURVEY_RESPONSE_RATE_LIMIT"], key_func=_respondent_key, methods=["POST"])
def survey_page(code: str) -> ResponseReturnValue:
    """The page the survey's QR code opens: the questions, then Send."""
    survey = _published_survey(code)
    if not survey.is_open:
        return _closed_page(survey, operations.closed_message(survey), 200 if request.method == "GET" else 409)
    if request.method == "GET":
        if not survey.allow_multiple and operations.has_responded(survey, _respondent()):
            return _closed_page(survey, "You have already answered this survey on this device. Thank you!")
        return render_template(
            "surveys/respond.html", **_respond_context(survey, ResponseForm(formdata=None), answers={})
        )

    form = ResponseForm()
    answers, errors = operations.parse_answers(design_of(survey), request.form.to_dict(flat=False))
    if not form.validate_on_submit() or errors:
        context = _respond_context(survey, form, answers=answers, errors=errors)
        return render_template("surveys/respond.html", **context), 422
    try:
        _, created = operations.submit_response(
            survey, _respondent(create=True) or "", answers, idempotency_key=form.idempotency_key.data
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
        "surveys/respond.html", **_respond_context(survey, form, answers=answers, problem=problem)
    ), 400
