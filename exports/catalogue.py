"""The templates anyone can download: every Word template of the workshop, blank or headed with one.

One list serves the public ``/templates`` page, a workshop's ``/j/<code>/templates`` page, the ZIPs
and the host command ``flask --app wsgi export templates``. The plans are the personal plans'
own builders with no statement (not a second copy of their layout). The starter surveys come from
the surveys package, which registers them on the app (``app.extensions["starter_surveys"]``), so
exports never imports surveys.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from exports.builders import build_impact_plan, build_smart_plan, build_story_template
from exports.builders.worksheets import build_ideas_capture, build_shout_plan, build_stakeholder_map
from exports.data import ParticipantData, WorkshopData
from workshop.common.mime import MIME_DOCX, MIME_ZIP
from workshop.common.naming import download_name


class StarterSurvey(Protocol):
    """What the templates need of a starter survey (``surveys.starters.Starter``)."""

    @property
    def slug(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def when_to_use(self) -> str: ...
    def questionnaire(self, workshop: WorkshopData | None = None) -> bytes: ...


@dataclass(frozen=True)
class Template:
    slug: str
    title: str
    when_to_use: str
    build: Callable[[WorkshopData | None], bytes]
    survey: bool = False  # a starter survey: a facilitator can open it in the designer


@dataclass(frozen=True)
class TemplateFile:
    filename: str
    mimetype: str
    content: bytes


def _blank_person(workshop: WorkshopData | None) -> ParticipantData:
    return ParticipantData(workshop=workshop or WorkshopData(title="", code=""), participant_key="")


DOCUMENTS: tuple[Template, ...] = (
    Template(
        "smart-action-plan",
        "SMART action plan",
        "Turn one thing you will do back at work into a specific, measurable plan with first steps and a review date.",
        lambda workshop: build_smart_plan(_blank_person(workshop)),
    ),
    Template(
        "five-step-impact-plan",
        "Five-step impact plan",
        "Take one project through all five steps: aim, drivers, idea, story and sharing.",
        lambda workshop: build_impact_plan(_blank_person(workshop)),
    ),
    Template(
        "ideas-capture",
        "Capture your idea (step 3)",
        "Write down a project idea with its team, timeframe, resources and the priorities it supports.",
        build_ideas_capture,
    ),
    Template(
        "case-study",
        "Impact story: case study (step 4)",
        "Tell the story of one piece of work and the difference it made, with a quote and consent to share.",
        build_story_template,
    ),
    Template(
        "stakeholder-map",
        "Stakeholder map",
        "List who your work matters to, what they care about, how to reach them and how to show them the impact.",
        build_stakeholder_map,
    ),
    Template(
        "shout-about-it-plan",
        "Shout about it: sharing plan (step 5)",
        "Plan channels, audience, message, date and owner, with a social media post and blog ideas.",
        build_shout_plan,
    ),
)


def _survey_template(starter: StarterSurvey) -> Template:
    return Template(
        starter.slug,
        f"Starter survey: {starter.title}",
        starter.when_to_use,
        starter.questionnaire,
        survey=True,
    )


def catalogue(starters: Sequence[StarterSurvey] = ()) -> tuple[Template, ...]:
    """Every template: the workshop's documents, then the starter surveys."""
    return DOCUMENTS + tuple(_survey_template(starter) for starter in starters)


def installed(extensions: Mapping[str, Any]) -> tuple[Template, ...]:
    """The catalogue with the starter surveys registered on an app (``app.extensions``)."""
    return catalogue(extensions.get("starter_surveys", ()))


def filename(template: Template, workshop: WorkshopData | None, extension: str = "docx") -> str:
    """``smart-action-plan-template.docx`` blank; ``<workshop>-<date>-smart-action-plan.docx`` headed."""
    if workshop is None:
        return f"{template.slug}{'' if template.survey else '-template'}.{extension}"
    return download_name(workshop.title, workshop.date, template.slug, extension)


def one(template: Template, workshop: WorkshopData | None) -> TemplateFile:
    """One template as a Word document, headed with ``workshop`` when given (starter surveys too)."""
    return TemplateFile(filename(template, workshop), MIME_DOCX, template.build(workshop))


def one_zip(template: Template, workshop: WorkshopData | None) -> TemplateFile:
    """One template alone in a ZIP, for e-mail systems that strip Word attachments."""
    document = one(template, workshop)
    return TemplateFile(filename(template, workshop, "zip"), MIME_ZIP, _zip([document]))


def everything(templates: Sequence[Template], workshop: WorkshopData | None) -> TemplateFile:
    """All templates in one ZIP."""
    name = (
        "impact-workshop-templates.zip"
        if workshop is None
        else download_name(workshop.title, workshop.date, "templates", "zip")
    )
    return TemplateFile(name, MIME_ZIP, _zip([one(template, workshop) for template in templates]))


def _zip(files: Sequence[TemplateFile]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            info = zipfile.ZipInfo(file.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, file.content)
    return buffer.getvalue()
