"""A stored survey's two Word documents, built the same way for the web download and the host command.

The pure builders (``surveys.documents``) take plain data; this module reads the survey, adds the
online address and its QR code once the survey is published, and returns the bytes.
"""

from __future__ import annotations

from surveys.documents import build_survey_form, build_survey_results
from surveys.follow_up import follow_up_results
from surveys.models import Survey, SurveyState
from surveys.results import changed_questions, summarise, summarise_versions
from surveys.snapshot import design_of, versions_of
from workshop.qr import qr_png
from workshop.urls import public_url


def respondent_url(survey: Survey) -> str:
    """The address a survey's QR code opens."""
    return public_url("respond.survey_page", code=survey.code)


def questionnaire_docx(survey: Survey) -> bytes:
    """The printable questionnaire; once published it carries the QR code of the online version."""
    url = respondent_url(survey) if survey.state != SurveyState.DRAFT else None
    return build_survey_form(design_of(survey), online_url=url, qr_png=qr_png(url) if url else None)


def results_docx(survey: Survey) -> bytes:
    """The results report: every version counted together in the current questions, then what each
    earlier version's respondents said to questions since reworded or removed."""
    versions = versions_of(survey)
    design = versions[-1][1]
    current = summarise_versions(versions)
    earlier = [
        (number, changed_questions(summarise(past, responses), current, number))
        for number, past, responses in versions[:-1]
    ]
    return build_survey_results(
        design,
        current,
        version=survey.version,
        earlier=[(number, past) for number, past in earlier if past.questions],
        follow_up=follow_up_results(survey),
    )
