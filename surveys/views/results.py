"""A survey's results for its designer: the summary page, themes of written answers, and the downloads."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, request
from flask.typing import ResponseReturnValue

from surveys import downloads, word
from surveys.design import SurveyDesign
from surveys.follow_up import follow_up_results
from surveys.grouping import cached_themes, themes_of, wants_themes
from surveys.models import Survey
from surveys.results import nps_sentence, summarise, summarise_versions
from surveys.snapshot import answers_of, combined_rows, design_of, response_rows, versions_of
from surveys.views.common import bp, download, file_name, owned_survey, page
from workshop.common.mime import MIME_DOCX, MIME_XLSX
from workshop.rendering import is_htmx


def _version(survey: Survey) -> int | None:
    """The version of the questions asked for (``?version=N``); None for every version together
    (the default once there are several), the only version otherwise."""
    raw = request.args.get("version", "")
    if not raw:
        return None if survey.version > 1 else survey.version
    if not raw.isdigit() or not 1 <= int(raw) <= survey.version:
        abort(404, description=f"This survey has versions 1 to {survey.version} of its questions.")
    return int(raw)


def _results_of(survey: Survey) -> tuple[SurveyDesign, Any]:
    """The results of one version of the questions, or of all together: answers are counted against
    the wording they answered."""
    version = _version(survey)
    if version is None:
        return design_of(survey), summarise_versions(versions_of(survey))
    design = design_of(survey, version)
    return design, summarise(design, answers_of(survey, version))


def _rows_of(survey: Survey) -> list[tuple[int, str, dict[str, Any]]]:
    version = _version(survey)
    return combined_rows(survey) if version is None else response_rows(survey, version)


@bp.get("/<code>/results")
def results(code: str) -> ResponseReturnValue:
    """Counts and percentages per option, the response rate, and free text (in themes when many)."""
    survey = owned_survey(code)
    design, summary = _results_of(survey)
    themes = {
        result.key: cached_themes(result.free_text) for result in summary.questions if wants_themes(result.free_text)
    }
    return render_template(
        "surveys/results.html",
        survey=survey,
        design=design,
        results=summary,
        themes=themes,
        nps_sentence=nps_sentence,
        version=_version(survey),
        follow_up=follow_up_results(survey),
    )


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
    template = "surveys/_themes.html" if is_htmx() else "surveys/themes.html"
    return page(template, survey=survey, result=result, grouped=themes)


@bp.get("/<code>/form.docx")
def form_docx(code: str) -> ResponseReturnValue:
    """The printable questionnaire; once published it carries the QR code of the online version."""
    survey = owned_survey(code)
    return download(word.questionnaire_docx(survey), MIME_DOCX, file_name(survey, "survey-form", "docx"))


@bp.get("/<code>/results.docx")
def results_docx(code: str) -> ResponseReturnValue:
    survey = owned_survey(code)
    return download(word.results_docx(survey), MIME_DOCX, file_name(survey, "survey-results", "docx"))


@bp.get("/<code>/responses.csv")
def responses_csv(code: str) -> ResponseReturnValue:
    survey = owned_survey(code)
    data = downloads.responses_csv(design_of(survey, _version(survey)), _rows_of(survey))
    return download(data, "text/csv", file_name(survey, "survey-responses", "csv"))


@bp.get("/<code>/results.xlsx")
def results_xlsx(code: str) -> ResponseReturnValue:
    survey = owned_survey(code)
    design, summary = _results_of(survey)
    data = downloads.results_xlsx(design, summary, _rows_of(survey))
    return download(data, MIME_XLSX, file_name(survey, "survey-results", "xlsx"))
