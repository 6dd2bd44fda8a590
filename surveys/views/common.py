"""What the survey pages of every audience share: the two blueprints, the owner check, downloads.

Designer and results pages (blueprint ``surveys``, under /facilitate/surveys) need a signed-in
facilitator and the survey's owner: another facilitator gets 404, as if the survey did not exist.
Respondents' pages (blueprint ``respond``, /s/<code>) need no account.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort
from flask_login import current_user, login_required
from sqlalchemy import select

from surveys.forms import ResponseForm, new_idempotency_key
from surveys.logic import Step, describe, describe_sections
from surveys.models import Survey
from surveys.snapshot import design_of
from workshop.codes import normalise_code
from workshop.common.naming import download_name
from workshop.downloads import send_download
from workshop.extensions import db
from workshop.rendering import page_or_fragment

_PACKAGE = Path(__file__).resolve().parent.parent  # surveys/, where templates/ and static/ live
bp = Blueprint("surveys", __name__, url_prefix="/facilitate/surveys", template_folder=_PACKAGE / "templates")
# The respondents' blueprint also serves the survey pages' CSS and the builder's script: public files.
respond_bp = Blueprint(
    "respond",
    __name__,
    template_folder=_PACKAGE / "templates",
    static_folder=_PACKAGE / "static",
    static_url_path="/surveys-static",
)


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every designer page needs a signed-in facilitator."""


def owned_survey(code: str) -> Survey:
    """The signed-in facilitator's survey with this code, or 404 (also for someone else's)."""
    survey = db.session.scalar(select(Survey).where(Survey.code == normalise_code(code)))
    if survey is None or survey.facilitator_id != current_user.id:
        abort(404)
    return survey


def page(template: str, status: int = 200, **context: Any) -> Response:
    return page_or_fragment(template, None, status, **context)


def download(data: bytes | str, mimetype: str, filename: str) -> Response:
    return send_download(data, mimetype, filename)


def file_name(survey: Survey, kind: str, extension: str) -> str:
    day = survey.opened_at.date() if survey.opened_at else None
    return download_name(survey.title, day, kind, extension)


def respond_context(
    survey: Survey,
    form: ResponseForm,
    *,
    answers: dict[str, Any],
    errors: dict[str, str] | None = None,
    preview: bool = False,
    problem: str = "",
    step: Step | None = None,
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
        "step": step,  # None: every question on one page (the designer's preview)
        # The preview shows every question at once, so it says which ones the skip logic may hide.
        "preview_conditions": describe(design) if preview else {},
        "preview_section_conditions": describe_sections(design) if preview else {},
    }
