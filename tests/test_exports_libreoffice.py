"""Every export opens in LibreOffice and converts to PDF: the closest we get to "it opens in Word".

All documents are converted in ONE soffice call (3–7 s each call, docs/field-notes.md), with a private
LibreOffice profile so parallel runs and a user's own LibreOffice never interfere.
"""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from bench.samples import participants_of, seed_series, seed_workshop, synthetic_series, synthetic_workshop
from exports.builders import (
    build_impact_plan,
    build_plans_zip,
    build_report,
    build_smart_plan,
    build_story_template,
)
from exports.builders.evidence import build_evidence_pack
from exports.builders.series import build_series_report
from exports.builders.writeup import WriteUpChoice, build_write_up
from exports.data import ParticipantData, WorkshopData, WorkshopEvidence
from surveys.starters import STARTERS
from tests.docs_helpers import nasty_activities, nasty_evidence, nasty_workshop

pytestmark = pytest.mark.slow  # starts LibreOffice, servers or a fresh virtual environment: make check skips it


def _consenting_odd(workshop: WorkshopData) -> WorkshopData:
    """Statements with odd ids consented to sharing; the others did not."""
    return replace(workshop, statements=tuple(replace(s, share_consent=bool(s.id % 2)) for s in workshop.statements))


@functools.cache
def _documents() -> dict[str, bytes]:
    """Every kind of export, with demo data, bad input and large input."""
    seed = seed_workshop()
    nasty = nasty_workshop()
    person = participants_of(seed)[0]
    nasty_person = participants_of(nasty)[1]
    empty = WorkshopData(title="", code="")
    evidence = nasty_evidence()
    documents = {
        "report-seed": build_report(seed),
        "report-unthemed": build_report(seed_workshop(themes=(), unsorted_ids=(), voting_used=False)),
        "report-empty": build_report(empty),
        "report-nasty": build_report(nasty),
        "report-activities-nasty": build_report(replace(nasty, activities=nasty_activities())),
        "report-1000": build_report(synthetic_workshop(1000)),
        "smart-seed": build_smart_plan(person, hints={person.statements[0].id: ["Add a date."]}),
        "smart-nasty": build_smart_plan(nasty_person),
        "smart-blank": build_smart_plan(ParticipantData(workshop=empty, participant_key="b")),
        "impact-seed": build_impact_plan(person),
        "impact-nasty": build_impact_plan(nasty_person),
        "story-seed": build_story_template(seed),
        "story-blank": build_story_template(None),
        # The templates page's starter surveys, blank and headed with the workshop (issue 19).
        "starter-survey-blank": STARTERS[0].questionnaire(),
        "starter-survey-headed": STARTERS[0].questionnaire(seed),
        # The "share the actions" write-up (issue 17): only consented statements, markup as text.
        "write-up-nasty": build_write_up(_consenting_odd(nasty), WriteUpChoice(), "docx"),
        "write-up-empty": build_write_up(empty, WriteUpChoice(), "docx"),
        # The series report (issue 17): three workshops, and ten in landscape with 3,000 statements.
        "series-report-seed": build_series_report(seed_series(3)),
        "series-report-10": build_series_report(synthetic_series(10, 3000)),
        # What happened next (issue 17): the evidence pack of a series and of a workshop nobody followed
        # up, and a story prefilled from a consented follow-up answer.
        "evidence-series-nasty": build_evidence_pack(evidence, series="Tour <b> & co"),
        "evidence-empty": build_evidence_pack((WorkshopEvidence(empty),)),
        "story-prefilled-nasty": build_story_template(evidence[0].workshop, answer=evidence[0].follow_up.answers[0]),
    }
    bundle = zipfile.ZipFile(io.BytesIO(build_plans_zip(participants_of(seed)[:2], build_smart_plan)))
    for number, name in enumerate(bundle.namelist()):
        documents[f"zipped-{number}"] = bundle.read(name)
    return documents


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Path], str]:
    """Write every document, convert them all at once, return the PDFs and soffice's output."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail(
            "LibreOffice is required to test the Word exports: install libreoffice-writer-nogui "
            "(make system-deps) so that `soffice` is on the PATH."
        )
    work = tmp_path_factory.mktemp("docs")
    out = work / "pdf"
    paths = []
    for name, data in _documents().items():
        path = work / f"{name}.docx"
        path.write_bytes(data)
        paths.append(path)
    profile = (work / "lo-profile").as_uri()
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    pdfs = {path.stem: out / f"{path.stem}.pdf" for path in paths}
    return pdfs, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"


@pytest.mark.parametrize("name", list(_documents()))
def test_libreoffice_converts_each_export_to_pdf(converted: tuple[dict[str, Path], str], name: str) -> None:
    pdfs, log = converted
    pdf = pdfs[name]

    assert pdf.is_file(), f"LibreOffice did not convert {name}.docx:\n{log}"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(data) > 5_000, f"{name}.pdf is suspiciously small"
    assert b"/Type /Page" in data or b"/Type/Page" in data


def _pdf_text(pdf: Path) -> str:
    """The PDF's text, via poppler's pdftotext (make system-deps) or Ghostscript."""
    if pdftotext := shutil.which("pdftotext"):
        command = [pdftotext, "-enc", "UTF-8", str(pdf), "-"]
    elif gs := shutil.which("gs"):
        command = [gs, "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=txtwrite", "-o", "-", str(pdf)]
    else:
        pytest.fail("install poppler-utils (pdftotext) to read the converted PDFs back")
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=60).stdout


def test_converted_report_shows_its_content_and_page_numbers(
    converted: tuple[dict[str, Path], str],
) -> None:
    text = " ".join(_pdf_text(converted[0]["report-seed"]).split())

    assert "Impact workshop Taunton" in text
    assert "Write up a detailed SMART impact plan" in text
    assert "Page 1 of 5" in text or "Page 1 of 4" in text or "Page 1 of 6" in text


def test_a_converted_headed_starter_survey_shows_the_workshop_on_its_first_page(
    converted: tuple[dict[str, Path], str],
) -> None:
    first_page = " ".join(_pdf_text(converted[0]["starter-survey-headed"]).split("\f")[0].split())

    assert STARTERS[0].title in first_page
    assert "Workshop: Impact workshop Taunton" in first_page
    assert "Impact workshop Taunton" not in _pdf_text(converted[0]["starter-survey-blank"])


def test_converted_documents_show_markup_like_text_as_text(
    converted: tuple[dict[str, Path], str],
) -> None:
    text = " ".join(_pdf_text(converted[0]["report-nasty"]).split())

    assert "<script>alert('x')</script>" in text
    assert "{{ x }}" in text
    assert '=HYPERLINK("http://evil.example","click")' in text


def test_converted_write_up_shows_consented_statements_only_and_markup_as_text(
    converted: tuple[dict[str, Path], str],
) -> None:
    text = " ".join(_pdf_text(converted[0]["write-up-nasty"]).split())

    assert '=HYPERLINK("http://evil.example","click")' in text  # statement 105: consented
    assert "<script>alert('x')</script>" not in text  # statement 104: not consented
    assert "Zürich <script>" in text
    assert "Page 1 of" in text


def test_converted_series_report_shows_workshops_and_themes_per_workshop(
    converted: tuple[dict[str, Path], str],
) -> None:
    text = _pdf_text(converted[0]["series-report-seed"])
    for expected in ("South West tour", "The workshops", "Exeter", "Truro", "Themes across the series",
                     "Feedback and surveys", "Page 1 of"):  # fmt: skip
        assert expected in text, expected
