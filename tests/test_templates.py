"""The templates anyone can download: blank at /templates, headed at /j/<code>/templates, all as a ZIP."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from exports import catalogue
from surveys.lint import lint
from surveys.starters import STARTERS
from tests.browser_support import ROOT
from tests.conftest import Actions, attachment_name
from tests.docs_helpers import all_text, assert_accessible_structure, cell_texts, open_docx
from workshop.common.mime import MIME_DOCX, MIME_ZIP
from workshop.extensions import db
from workshop.models import Workshop, WorkshopRole, WorkshopState
from workshop.team import share

TEMPLATES = catalogue.catalogue(STARTERS)
SLUGS = [template.slug for template in TEMPLATES]


def _headed_workshop(signed_in: Actions, state: WorkshopState = WorkshopState.OPEN) -> str:
    return signed_in.workshop(
        title="MAP on tour: Taunton", date=date(2026, 11, 20), venue="Musgrove Park Hospital", state=state
    )


def test_the_public_templates_page_lists_every_template_with_when_to_use_it_and_a_preview(client) -> None:
    page = client.get("/templates")
    html = page.get_data(as_text=True)

    assert page.status_code == 200
    for template in TEMPLATES:
        assert template.title in html and template.when_to_use.replace("'", "&#39;") in html
        assert f'href="/templates/{template.slug}.docx"' in html
        assert f'href="/templates/{template.slug}.zip"' in html
        with client.get(f"/exports-static/previews/{template.slug}.png") as preview:
            assert preview.status_code == 200 and preview.mimetype == "image/png"
        assert (ROOT / "exports" / "static" / "previews" / f"{template.slug}.png").is_file()
    assert 'href="/templates/all.zip"' in html
    assert "Use this survey" not in html  # only a signed-in facilitator can open the designer


def test_the_templates_page_is_linked_from_home_join_private_and_closed_pages(signed_in: Actions) -> None:
    assert 'href="/templates"' in signed_in.client.get("/").get_data(as_text=True)
    code = _headed_workshop(signed_in)
    phone = signed_in.phone_for(code)
    assert f'href="/j/{code}/templates"' in phone.client.get(f"/j/{code}").get_data(as_text=True)
    phone.post("Write two case studies with the stroke team by March")
    private = [
        link for link in phone.client.get(f"/j/{code}").get_data(as_text=True).split('"') if link.startswith("/mine/")
    ]
    assert f'href="/j/{code}/templates"' in phone.client.get(private[0]).get_data(as_text=True)
    signed_in.post_form(f"/facilitate/w/{code}/state", {"state": "closed"}, page=f"/facilitate/w/{code}")
    closed = phone.client.get(f"/j/{code}").get_data(as_text=True)
    assert "Templates to take away" in closed


@pytest.mark.parametrize("slug", SLUGS)
def test_each_blank_template_is_a_real_word_document_with_a_good_name(client, slug: str) -> None:
    response = client.get(f"/templates/{slug}.docx")

    assert response.status_code == 200
    assert response.mimetype == MIME_DOCX
    suffix = "" if slug.endswith("-survey") else "-template"
    assert attachment_name(response) == f"{slug}{suffix}.docx"
    document = open_docx(response.data)
    assert_accessible_structure(document, document.core_properties.title)
    text = "\n".join([*all_text(document), *cell_texts(document)])
    assert "Impact workshop Taunton" not in text and "Facilitator:" not in text  # blank: no workshop
    assert document.core_properties.comments == "" or slug.endswith("-survey")

    packed = client.get(f"/templates/{slug}.zip")
    assert packed.mimetype == MIME_ZIP
    assert zipfile.ZipFile(io.BytesIO(packed.data)).namelist() == [f"{slug}{suffix}.docx"]


def test_a_blank_smart_plan_is_the_personal_plan_with_no_statement(client) -> None:
    document = open_docx(client.get("/templates/smart-action-plan.docx").data)

    titles = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert titles[:2] == ["My action", "Make it SMART"]
    assert [row.cells[0].text for row in document.tables[0].rows][1:] == [
        "Specific", "Measurable", "Achievable", "Relevant", "Time-bound",
    ]  # fmt: skip
    labels = [p.text for p in document.paragraphs if p.text.startswith(("Name:", "Workshop:", "Date:"))]
    assert labels == ["Name: \t", "Workshop: \t", "Date: \t"]  # lines to fill in


def test_headed_templates_carry_the_workshop_on_the_first_page_and_in_their_properties(signed_in: Actions) -> None:
    code = _headed_workshop(signed_in)
    page = signed_in.client.get(f"/j/{code}/templates").get_data(as_text=True)
    assert "Templates from MAP on tour: Taunton" in page and "Musgrove Park Hospital" in page

    for template in TEMPLATES:
        response = signed_in.client.get(f"/j/{code}/templates/{template.slug}.docx")
        assert response.status_code == 200
        expected = f"map-on-tour-taunton-2026-11-20-{template.slug}.docx"
        assert attachment_name(response) == expected
        document = open_docx(response.data)
        first_page = "\n".join(p.text for p in document.paragraphs[:8])
        assert "MAP on tour: Taunton" in first_page, template.slug  # the starter surveys too
        assert "20 November 2026" in first_page
        assert "Tracey" in first_page
        properties = document.core_properties
        assert "MAP on tour: Taunton, Friday 20 November 2026, Musgrove Park Hospital" in properties.comments
        assert properties.author == "Tracey"


def test_a_workshop_run_together_names_its_co_facilitators_not_its_moderators(signed_in: Actions) -> None:
    code = _headed_workshop(signed_in)
    signed_in.facilitator("sam@example.nhs.uk", "Sam")
    signed_in.facilitator("mo@example.nhs.uk", "Mo")
    with signed_in.app.app_context():
        workshop = db.session.scalar(select(Workshop).where(Workshop.code == code))
        share(workshop, "sam@example.nhs.uk", WorkshopRole.CO_FACILITATOR)
        share(workshop, "mo@example.nhs.uk", WorkshopRole.MODERATOR)
        db.session.commit()
    document = open_docx(signed_in.client.get(f"/j/{code}/templates/{TEMPLATES[0].slug}.docx").data)
    first_page = [p.text for p in document.paragraphs[:8]]
    assert "Facilitators: Tracey and Sam" in first_page
    assert "facilitated by Tracey and Sam" in document.core_properties.comments
    assert "Mo" not in "\n".join(first_page)


def test_a_headed_starter_survey_names_the_workshop_on_its_first_page_and_in_its_properties(
    signed_in: Actions,
) -> None:
    code = _headed_workshop(signed_in)
    slug = STARTERS[0].slug
    response = signed_in.client.get(f"/j/{code}/templates/{slug}.docx")
    document = open_docx(response.data)

    first_page = [p.text for p in document.paragraphs[:8]]
    assert first_page[0] == STARTERS[0].title  # the survey's own title stays the document's title
    assert "Workshop: MAP on tour: Taunton" in first_page
    assert "Date: Friday 20 November 2026" in first_page and "Venue: Musgrove Park Hospital" in first_page
    assert "Facilitator: Tracey" in first_page
    properties = document.core_properties
    assert properties.title == STARTERS[0].title and properties.author == "Tracey"
    assert properties.comments.startswith("MAP on tour: Taunton, Friday 20 November 2026, Musgrove Park Hospital")
    assert_accessible_structure(document, properties.title)

    blank = open_docx(signed_in.client.get(f"/templates/{slug}.docx").data)
    assert not any(p.text.startswith(("Workshop:", "Facilitator:")) for p in blank.paragraphs)
    assert blank.core_properties.comments == ""
    # LibreOffice converts it: tests/test_exports_libreoffice.py (one soffice call for every document).


def test_all_templates_come_in_one_zip_blank_or_headed(signed_in: Actions) -> None:
    blank = signed_in.client.get("/templates/all.zip")
    assert blank.mimetype == MIME_ZIP
    assert attachment_name(blank) == "impact-workshop-templates.zip"
    names = zipfile.ZipFile(io.BytesIO(blank.data)).namelist()
    assert len(names) == len(TEMPLATES) == len(set(names))

    code = _headed_workshop(signed_in)
    headed = signed_in.client.get(f"/j/{code}/templates/all.zip")
    assert attachment_name(headed) == "map-on-tour-taunton-2026-11-20-templates.zip"
    archive = zipfile.ZipFile(io.BytesIO(headed.data))
    assert sorted(archive.namelist()) == sorted(f"map-on-tour-taunton-2026-11-20-{slug}.docx" for slug in SLUGS)
    for name in archive.namelist():
        first_page = "\n".join(p.text for p in open_docx(archive.read(name)).paragraphs[:8])
        assert "MAP on tour: Taunton" in first_page, name  # every one headed, the starter surveys too


def test_unknown_templates_and_workshops_are_a_clear_404(client) -> None:
    missing = client.get("/templates/nothing-here.docx")
    assert missing.status_code == 404
    assert "The templates page lists them all" in missing.get_data(as_text=True)
    assert client.get("/j/ZZZZZZ/templates").status_code == 404
    assert client.get("/templates/smart-action-plan.pdf").status_code == 404


@pytest.mark.parametrize("starter", STARTERS, ids=lambda s: s.slug)
def test_starter_surveys_pass_the_kits_own_good_practice_checks(starter) -> None:
    """Only the audience size is left to the facilitator: it is known when the survey is sent."""
    assert [finding.code for finding in lint(starter.design())] == ["no-audience-size"]
    assert 6 <= starter.design().question_count <= 12


def test_a_facilitator_opens_a_starter_survey_in_the_designer(signed_in: Actions, app: Flask) -> None:
    page = signed_in.client.get("/templates").get_data(as_text=True)
    assert page.count("Use this survey") == len(STARTERS)

    response = signed_in.post_form("/facilitate/surveys/from-starter/literature-search-survey", page="/templates")

    assert response.status_code == 302
    builder = signed_in.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your literature search: what difference did it make?" in builder
    assert "How you used the search" in builder and "About you" in builder
    assert "Did using the library service save you time?" in builder


def test_use_this_survey_needs_a_facilitator_and_a_real_starter(signed_in: Actions, client) -> None:
    assert signed_in.post_form("/facilitate/surveys/from-starter/no-such-survey", page="/templates").status_code == 404


def test_the_host_command_writes_every_template_in_one_zip(signed_in: Actions, runner, tmp_path: Path) -> None:
    code = _headed_workshop(signed_in)
    blank, headed = tmp_path / "blank.zip", tmp_path / "headed.zip"

    assert runner.invoke(args=["export", "templates", "-o", str(blank)]).exit_code == 0
    result = runner.invoke(args=["export", "templates", code, "-o", str(headed)])

    assert result.exit_code == 0, result.output
    assert len(zipfile.ZipFile(blank).namelist()) == len(TEMPLATES)
    assert all(name.startswith("map-on-tour-taunton") for name in zipfile.ZipFile(headed).namelist())
    surveys = [name for name in zipfile.ZipFile(headed).namelist() if name.endswith("-survey.docx")]
    assert len(surveys) == len(STARTERS)
    for name in surveys:
        document = open_docx(zipfile.ZipFile(headed).read(name))
        assert "Workshop: MAP on tour: Taunton" in [p.text for p in document.paragraphs[:8]], name
        assert "MAP on tour: Taunton" in document.core_properties.comments
    assert runner.invoke(args=["export", "templates", "ZZZZZZ", "-o", str(headed)]).exit_code != 0
