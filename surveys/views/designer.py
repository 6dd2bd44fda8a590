"""The survey designer: a facilitator's surveys, the builder with its checks and the bank, sections, publishing."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import func, select

from surveys import bank, bank_store, logic, operations
from surveys.design import QUESTION_TYPE_LABELS, QUESTION_TYPES, Condition, SurveyDesign
from surveys.forms import (
    BankAddForm,
    ConditionForm,
    QuestionForm,
    ReorderForm,
    ResponseForm,
    SectionForm,
    StateForm,
    SurveyForm,
)
from surveys.lint import estimated_seconds, lint
from surveys.models import Survey, SurveyQuestion, SurveyResponse, SurveySection, SurveyState
from surveys.operations import RuleBroken
from surveys.snapshot import design_of
from surveys.starters import BY_SLUG
from surveys.views.common import bp, download, owned_survey, page, respond_context
from surveys.word import respondent_url as survey_url
from workshop.access import owned_workshop
from workshop.extensions import db
from workshop.forms import ActionForm, ConfirmByCodeForm, UpDownForm
from workshop.guards import DB_INT_MAX
from workshop.qr import qr_png, qr_svg
from workshop.rendering import is_htmx


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


def _bank_context(survey: Survey) -> dict[str, Any]:
    query = (request.args.get("q") or "")[:200]
    category = request.args.get("category") or None
    qtype = request.args.get("type") or None
    source = (request.args.get("source") or "")[:120] or None
    return {
        "bank_results": bank_store.search(query, category, qtype if qtype in QUESTION_TYPES else None, source),
        "bank_query": query,
        "bank_category": category or "",
        "bank_type": qtype or "",
        "bank_source": source or "",
        "bank_sources": bank_store.sources(),
        "categories": bank.categories(),
        "type_labels": QUESTION_TYPE_LABELS,
        "in_survey": {q.bank_id for q in survey.questions if q.bank_id},  # marked "In your survey"
    }


def _builder_context(survey: Survey, **extra: Any) -> dict[str, Any]:
    design = design_of(survey)
    overall, by_key = _findings(design)
    count = operations.response_count(survey)
    answered = operations.version_response_count(survey)
    return {
        "survey": survey,
        "design": design,
        "overall_findings": overall,
        "findings": by_key,
        "minutes": max(1, round(estimated_seconds(design) / 60)),
        "conditions": logic.describe(design),
        "section_conditions": logic.describe_sections(design),
        "locked": answered > 0,  # people answered this version: changes of meaning need a new version
        "version_answers": answered,
        "response_count": count,
        "action_form": ActionForm(),
        "section_form": SectionForm(formdata=None),
        "survey_url": survey_url(survey),
        "reworded": bank_store.reworded_questions(survey),
        **_bank_context(survey),
        **extra,
    }


def _back_to_builder(survey: Survey, anchor: str = "") -> ResponseReturnValue:
    if is_htmx():
        return page("surveys/_questions.html", **_builder_context(survey, fragment=True))
    return redirect(url_for("surveys.builder", code=survey.code) + anchor)


@bp.get("/")
def index() -> ResponseReturnValue:
    """The facilitator's surveys, open ones first, with their response counts."""
    counts: dict[int, int] = dict(
        db.session.execute(
            select(SurveyResponse.survey_id, func.count(SurveyResponse.id))
            .join(Survey, Survey.id == SurveyResponse.survey_id)
            .where(Survey.facilitator_id == current_user.id)
            .group_by(SurveyResponse.survey_id)
        )
        .tuples()
        .all()
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


@bp.post("/from-starter/<slug>")
def from_starter(slug: str) -> ResponseReturnValue:
    """ "Use this survey" on the templates page: a draft copy of a starter survey, opened in the designer."""
    starter = BY_SLUG.get(slug)
    if starter is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400, description="The form had expired. Go back to the templates page and press the button again.")
    survey = operations.create_from_starter(current_user, starter)
    db.session.commit()
    flash("Starter survey copied: adapt the questions, enter how many people you will invite, then publish.", "success")
    return redirect(url_for("surveys.builder", code=survey.code))


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
    return page("surveys/builder.html", **_builder_context(survey))


@bp.get("/<code>/bank")
def bank_search(code: str) -> ResponseReturnValue:
    """Search the bank: the results list for htmx (as you type), the whole builder otherwise."""
    survey = owned_survey(code)
    if is_htmx():
        return page("surveys/_bank.html", survey=survey, action_form=ActionForm(), **_bank_context(survey))
    return page("surveys/builder.html", **_builder_context(survey))


@bp.post("/<code>/bank/add")
def add_from_bank(code: str) -> ResponseReturnValue:
    survey = owned_survey(code)
    form = BankAddForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        raw_section = form.section_id.data or ""
        section_id = int(raw_section) if raw_section.isdigit() and int(raw_section) <= DB_INT_MAX else None
        question = operations.add_bank_question(survey, form.bank_id.data or "", section_id)
    except RuleBroken as problem:
        db.session.rollback()
        flash(str(problem), "error")
        return redirect(url_for("surveys.builder", code=survey.code))
    db.session.commit()
    flash(f"Added: “{question.text}”", "success")
    query: dict[str, Any] = {k: v for k, v in request.args.items() if k in ("q", "category", "type", "source") and v}
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
    answered = question.key in operations.answered_keys(survey)
    new_version = False
    if form.validate_on_submit():
        # "Save as version N+1" (shown when people have answered it): the change and the new version in one step,
        # so what was typed is never lost to a separate "start a version" button.
        as_new_version = answered and request.form.get("new_version") == "1"
        try:
            if as_new_version:
                operations.start_new_version(survey)
            operations.update_question(question, form.question())
        except RuleBroken as problem:
            db.session.rollback()
            new_version = isinstance(problem, operations.NeedsNewVersion)
            changed = getattr(form, problem.field) if isinstance(problem, operations.NeedsNewVersion) else form.options
            changed.errors = [*changed.errors, str(problem)]  # beside what was changed
        else:
            db.session.commit()
            flash(f"Question saved, in version {survey.version}." if as_new_version else "Question saved.", "success")
            return redirect(url_for("surveys.builder", code=survey.code) + f"#{question.key}")
    findings = _findings(design_of(survey))[1].get(question.key, [])
    return render_template(
        "surveys/question.html",
        survey=survey,
        form=form,
        question=question,
        findings=findings,
        new_version=new_version,
        answered=answered,
    ), (422 if form.errors else 200)


def _condition_page(
    survey: Survey,
    before: str,
    condition: Condition | None,
    save: Any,
    heading: str,
    subject: str,
    anchor: str,
    lead: str = "",
) -> ResponseReturnValue:
    """The skip-logic form of a question or a section that starts with the question keyed ``before``."""
    design = design_of(survey)
    earlier = []
    for numbered in design.numbered():
        if numbered.key == before:
            break
        if numbered.question.options and numbered.question.qtype != "ranking":  # everyone ranks every item
            earlier.append(numbered)
    form = ConditionForm()
    form.op.label.text = f"When is this {subject} shown?"
    separator = operations.CONDITION_SEPARATOR
    form.answers.choices = [(f"{n.key}{separator}{o}", o) for n in earlier for o in n.question.options]
    if request.method == "GET" and condition is not None:
        form.op.data = "is_not" if condition.negate else "is"
        form.answers.data = [f"{condition.question}{separator}{o}" for o in condition.options]
    if form.validate_on_submit():
        try:
            save(form.op.data or "", form.answers.data or [])
        except RuleBroken as problem:
            db.session.rollback()
            form.answers.errors = [*form.answers.errors, str(problem)]
        else:
            db.session.commit()
            flash("Skip logic saved." if form.op.data else f"The {subject} is now always shown.", "success")
            return redirect(url_for("surveys.builder", code=survey.code) + anchor)
    return render_template(
        "surveys/condition.html",
        survey=survey,
        heading=heading,
        subject=subject,
        anchor=anchor,
        lead=lead,
        form=form,
        earlier=earlier,
        separator=separator,
    ), (422 if form.errors else 200)


@bp.route("/<code>/q/<key>/condition", methods=["GET", "POST"])
def edit_condition(code: str, key: str) -> ResponseReturnValue:
    """Skip logic: show this question only when an earlier answer is, or is not, one of some options."""
    survey = owned_survey(code)
    question = _question_of(survey, key)
    numbered = next(n for n in design_of(survey).numbered() if n.key == question.key)
    return _condition_page(
        survey,
        question.key,
        numbered.question.condition,
        lambda op, picks: operations.set_condition(question, op, picks),
        f"Skip logic of question {numbered.number}",
        "question",
        f"#{question.key}",
        question.text,
    )


@bp.route("/<code>/sections/<int:section_id>/condition", methods=["GET", "POST"])
def edit_section_condition(code: str, section_id: int) -> ResponseReturnValue:
    """Skip logic of a whole section: all its questions shown only when an earlier answer is (not) one of some."""
    survey = owned_survey(code)
    section = _section_of(survey, section_id)
    if not section.questions:
        abort(409, description="Add questions to the section first: skip logic decides when they are shown.")
    index = survey.sections.index(section)
    return _condition_page(
        survey,
        section.questions[0].key,
        design_of(survey).sections[index].condition,
        lambda op, picks: operations.set_section_condition(section, op, picks),
        f"Skip logic of section {index + 1}" + (f": {section.title}" if section.title else ""),
        "section",
        f"#section-{section.id}",
        "Every question of this section is shown only when the condition holds (each question's own skip logic too).",
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
    form = UpDownForm()
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


@bp.post("/<code>/versions/new")
def start_version(code: str) -> ResponseReturnValue:
    """ "Start version N+1": keep the answered questions as they were and go on with a copy to change."""
    survey = owned_survey(code)
    if not ActionForm().validate_on_submit():
        abort(400, description="The form had expired. Go back to the survey and press the button again.")
    try:
        frozen = operations.start_new_version(survey)
    except RuleBroken as problem:
        db.session.rollback()
        flash(str(problem), "error")
    else:
        db.session.commit()
        flash(
            f"Version {survey.version} started: change its questions now. The {frozen.number} earlier "
            f"{'version keeps its' if frozen.number == 1 else 'versions keep their'} answers and results; "
            "the survey's link and QR code stay the same and show this version.",
            "success",
        )
    return redirect(url_for("surveys.builder", code=survey.code) + "#questions")


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


@bp.post("/<code>/sections/<int:section_id>/move")
def move_section(code: str, section_id: int) -> ResponseReturnValue:
    """A section one place up or down with its questions: buttons that work without JavaScript."""
    survey = owned_survey(code)
    section = _section_of(survey, section_id)
    form = UpDownForm()
    if not form.validate_on_submit():
        abort(400)
    anchor = f"#section-{section.id}"
    return _structural(survey, lambda: operations.move_section(section, form.direction.data or ""), anchor)


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
        "surveys/preview.html", **respond_context(survey, ResponseForm(formdata=None), answers={}, preview=True)
    )


@bp.post("/<code>/state")
def change_state(code: str) -> ResponseReturnValue:
    """Publish, close or reopen."""
    survey = owned_survey(code)
    form = StateForm()
    if form.validate_on_submit():
        try:
            operations.change_state(survey, SurveyState(form.state.data or ""))
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
    return download(qr_png(survey_url(survey)), "image/png", f"survey-{survey.code}-qr.png")


@bp.route("/<code>/delete", methods=["GET", "POST"])
def delete(code: str) -> ResponseReturnValue:
    """Delete a survey and all its responses, after typing its code to confirm."""
    survey = owned_survey(code)
    form = ConfirmByCodeForm(survey.code, "survey")
    if form.confirmed():
        title = survey.title
        operations.delete_survey(survey)
        db.session.commit()
        flash(f"“{title}” and all its responses have been deleted.", "success")
        return redirect(url_for("surveys.index"))
    return render_template("surveys/delete.html", survey=survey, form=form), form.status


@bp.route("/follow-up/<code>", methods=["GET", "POST"])
def follow_up(code: str) -> ResponseReturnValue:
    """From a closed workshop: a follow-up survey for its participants, prefilled, as a draft."""
    workshop = owned_workshop(code)
    form = ActionForm()
    if not workshop.is_over:
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
