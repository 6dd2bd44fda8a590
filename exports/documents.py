"""Every export of a workshop, as (file name, MIME type, bytes): one place that both the web
downloads and the host commands call, so they always build the same documents.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, replace

from exports.builders import (
    build_impact_plan,
    build_plans_zip,
    build_report,
    build_smart_plan,
    build_story_template,
    filename_for,
)
from exports.builders.activities import ACTIVITY_COLUMNS, activity_rows, activity_sheets, has_results
from exports.builders.evidence import build_evidence_pack, evidence_xlsx, find_candidate
from exports.builders.naming import series_filename
from exports.builders.series import build_series_report
from exports.builders.writeup import FORMATS as WRITE_UP_FORMATS
from exports.builders.writeup import (
    WriteUpChoice,
    WriteUpWarning,
    build_write_up,
    default_series_introduction,
    personal_data_warnings,
    series_as_workshop,
)
from exports.builders.writeup import write_up as write_up_content
from exports.data import ParticipantData, SeriesData, WorkshopData, WorkshopEvidence
from exports.snapshot import (
    activity_results,
    evidence_data,
    participant_data,
    participants_data,
    series_data,
    smart_plan_hints,
    workshop_data,
)
from workshop import records
from workshop.common.datafiles import to_csv, to_json, to_xlsx_sheets
from workshop.common.mime import MIME_CSV, MIME_DOCX, MIME_HTML, MIME_ICS, MIME_MARKDOWN, MIME_XLSX, MIME_ZIP
from workshop.common.naming import download_name
from workshop.models import Participant, Series, Workshop
from workshop.participate.reminders import participant_reminder, reminder_filename


@dataclass(frozen=True)
class Download:
    filename: str
    mimetype: str
    content: bytes


def smart_plan(participant: ParticipantData) -> bytes:
    """A personal SMART plan that starts from the SMART hints for each statement."""
    return build_smart_plan(participant, smart_plan_hints(participant))


def report(workshop: Workshop) -> Download:
    snapshot = workshop_data(workshop)
    return Download(filename_for("report", snapshot), MIME_DOCX, build_report(snapshot))


def story_template(workshop: Workshop) -> Download:
    snapshot = workshop_data(workshop)
    return Download(filename_for("story-template", snapshot), MIME_DOCX, build_story_template(snapshot))


def smart_plans(workshop: Workshop) -> Download:
    participants = participants_data(workshop)
    snapshot = participants[0].workshop if participants else workshop_data(workshop)
    content = build_plans_zip(participants, smart_plan, kind="smart-plan")
    return Download(filename_for("smart-plans", snapshot), MIME_ZIP, content)


def impact_plans(workshop: Workshop) -> Download:
    participants = participants_data(workshop)
    snapshot = participants[0].workshop if participants else workshop_data(workshop)
    content = build_plans_zip(participants, build_impact_plan, kind="impact-plan")
    return Download(filename_for("impact-plans", snapshot), MIME_ZIP, content)


def follow_up_story(workshops: Sequence[Workshop], answer_id: int) -> Download | None:
    """The story prefilled from one follow-up answer to these workshops; None unless its author consented."""
    candidate = find_candidate(evidence_data(workshops), answer_id)
    if candidate is None:
        return None
    snapshot, answer = candidate.workshop.workshop, candidate.answer
    name = filename_for("story", snapshot, person=f"{answer.role or 'participant'} {answer.id}")
    return Download(name, MIME_DOCX, build_story_template(snapshot, answer=answer))


def _evidence(workshops: Sequence[Workshop], series: str) -> tuple[tuple[WorkshopEvidence, ...], WorkshopData]:
    """The snapshots of one workshop, or of a series' workshops, and what names their files."""
    evidence = evidence_data(workshops)
    if not evidence:
        raise ValueError(f"the series {series!r} has no workshops yet: add some before exporting its evidence")
    return evidence, evidence[0].workshop


def _evidence_name(kind: str, first: WorkshopData, series: str) -> str:
    return series_filename(kind, series) if series else filename_for(kind, first)


def evidence_pack(workshops: Sequence[Workshop], series: str = "") -> Download:
    """The evidence pack in Word of one workshop, or of the workshops of the series named ``series``."""
    evidence, first = _evidence(workshops, series)
    content = build_evidence_pack(evidence, series=series)
    return Download(_evidence_name("evidence", first, series), MIME_DOCX, content)


def evidence_spreadsheet(workshops: Sequence[Workshop], series: str = "") -> Download:
    """The evidence pack's data as XLSX (summary, commitments, quotes, surveys)."""
    evidence, first = _evidence(workshops, series)
    return Download(_evidence_name("evidence-data", first, series), MIME_XLSX, evidence_xlsx(evidence))


WRITE_UP_MIMETYPES = {"md": MIME_MARKDOWN, "html": MIME_HTML, "docx": MIME_DOCX}


def write_up(workshop: Workshop, fmt: str, choice: WriteUpChoice | None = None) -> Download:
    """The "share the actions" write-up as Markdown, an HTML fragment or Word: consented statements only."""
    if fmt not in WRITE_UP_FORMATS:
        raise ValueError(f"unknown write-up format {fmt!r}; expected one of {sorted(WRITE_UP_FORMATS)}")
    return write_up_of(workshop_data(workshop), fmt, choice)


def write_up_of(snapshot: WorkshopData, fmt: str, choice: WriteUpChoice | None = None) -> Download:
    """The write-up of a snapshot already taken (the page that shows the choices takes one)."""
    name = filename_for("write-up", snapshot, extension=WRITE_UP_FORMATS[fmt])
    return Download(name, WRITE_UP_MIMETYPES[fmt], build_write_up(snapshot, choice, fmt))


def write_up_check(workshop: Workshop, choice: WriteUpChoice | None = None) -> tuple[WriteUpWarning, ...]:
    """What the personal-data check finds in the write-up's selection, to warn about before export."""
    return personal_data_warnings(write_up_content(workshop_data(workshop), choice))


def statements_xlsx(workshop: Workshop) -> Download:
    """The statements, then a sheet per activity of the agenda when it has more than the statements."""
    sheets: list[tuple[str, Sequence[str], Sequence[dict[str, object]]]] = [
        ("Statements", records.STATEMENT_COLUMNS, records.statement_rows(workshop))
    ]
    results = activity_results(workshop)
    if has_results(results):
        sheets.extend(activity_sheets(results))
    content = to_xlsx_sheets(sheets)
    return Download(download_name(workshop.title, workshop.date, "statements", "xlsx"), MIME_XLSX, content)


def activities_csv(workshop: Workshop) -> Download:
    """Every activity's results in one CSV: a row per item (option, word, point, question) of each activity."""
    content = to_csv(ACTIVITY_COLUMNS, activity_rows(activity_results(workshop))).encode("utf-8")
    return Download(download_name(workshop.title, workshop.date, "activities", "csv"), MIME_CSV, content)


def activities_xlsx(workshop: Workshop) -> Download:
    """Every activity's results as XLSX: a sheet per activity, its columns as in the report's table."""
    content = to_xlsx_sheets(activity_sheets(activity_results(workshop)))
    return Download(download_name(workshop.title, workshop.date, "activities", "xlsx"), MIME_XLSX, content)


def everything(workshop: Workshop) -> Download:
    """All of a workshop's documents and data in one ZIP, for the facilitator to keep or send on."""
    snapshot = workshop_data(workshop)
    participants = participants_data(workshop)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(filename_for("report", snapshot), build_report(snapshot))
        archive.writestr(filename_for("story-template", snapshot), build_story_template(snapshot))
        archive.writestr(
            filename_for("smart-plans", snapshot), build_plans_zip(participants, smart_plan, kind="smart-plan")
        )
        archive.writestr(
            filename_for("impact-plans", snapshot), build_plans_zip(participants, build_impact_plan, kind="impact-plan")
        )
        rows = records.statement_rows(workshop)
        archive.writestr(
            download_name(workshop.title, workshop.date, "statements", "csv"), to_csv(records.STATEMENT_COLUMNS, rows)
        )
        archive.writestr(
            download_name(workshop.title, workshop.date, "statements", "json"),
            to_json(records.statements_document(workshop)),
        )
        spreadsheet = statements_xlsx(workshop)
        archive.writestr(spreadsheet.filename, spreadsheet.content)
        if has_results(snapshot.activities):
            activities = activities_csv(workshop)
            archive.writestr(activities.filename, activities.content)
    return Download(filename_for("all", snapshot), MIME_ZIP, buffer.getvalue())


def personal(participant: Participant, kind: str) -> Download:
    """One participant's own document: ``smart-plan``, ``impact-plan`` or ``story-template``."""
    snapshot = workshop_data(participant.workshop)
    data = participant_data(snapshot, participant, waiting=True)
    person = participant.name
    if kind == "smart-plan":
        return Download(filename_for(kind, snapshot, person=person), MIME_DOCX, smart_plan(data))
    if kind == "impact-plan":
        return Download(filename_for(kind, snapshot, person=person), MIME_DOCX, build_impact_plan(data))
    if kind == "story-template":
        return Download(filename_for(kind, snapshot), MIME_DOCX, build_story_template(snapshot))
    raise ValueError(f"unknown personal document {kind!r}")


def personal_pack_files(participant: Participant) -> list[Download]:
    """What a participant takes home: their SMART plan, five-step plan and review reminder.

    The same files go into the ZIP they download and the e-mail they can ask for.
    """
    weeks = participant.workshop.review_weeks
    return [
        personal(participant, "smart-plan"),
        personal(participant, "impact-plan"),
        Download(reminder_filename(weeks), MIME_ICS, participant_reminder(participant, weeks)),
    ]


def personal_pack(participant: Participant) -> Download:
    """The participant's pack as one ZIP: one tap on a phone, one file to keep."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for download in personal_pack_files(participant):
            archive.writestr(download.filename, download.content)
    name = filename_for("pack", workshop_data(participant.workshop), person=participant.name)
    return Download(name, MIME_ZIP, buffer.getvalue())


WORKSHOP_EXPORTS = {
    "report": report,
    "story-template": story_template,
    "smart-plans": smart_plans,
    "impact-plans": impact_plans,
    "statements-xlsx": statements_xlsx,
    "activities-csv": activities_csv,
    "activities-xlsx": activities_xlsx,
    "all": everything,
    "evidence": lambda workshop: evidence_pack([workshop]),
    "evidence-xlsx": lambda workshop: evidence_spreadsheet([workshop]),
}
PERSONAL_KINDS = ("smart-plan", "impact-plan", "story-template")


def series_report(series: Series) -> Download:
    """The series report in Word: the page's download and ``export series`` both build it here."""
    snapshot = series_data(series)
    return Download(series_filename("series-report", snapshot.name), MIME_DOCX, build_series_report(snapshot))


def _series_choice(snapshot: SeriesData, choice: WriteUpChoice | None) -> WriteUpChoice:
    """The facilitator's choice, with the series' suggested introduction when they gave none."""
    choice = choice or WriteUpChoice()
    if choice.introduction is None:
        choice = replace(choice, introduction=default_series_introduction(snapshot))
    return choice


def series_write_up(series: Series, fmt: str, choice: WriteUpChoice | None = None) -> Download:
    """The write-up of a whole series: consented statements of every workshop, by the series' themes."""
    if fmt not in WRITE_UP_FORMATS:
        raise ValueError(f"unknown write-up format {fmt!r}; expected one of {sorted(WRITE_UP_FORMATS)}")
    return series_write_up_of(series_data(series), fmt, choice)


def series_write_up_of(snapshot: SeriesData, fmt: str, choice: WriteUpChoice | None = None) -> Download:
    name = series_filename("write-up", snapshot.name, extension=WRITE_UP_FORMATS[fmt])
    content = build_write_up(series_as_workshop(snapshot), _series_choice(snapshot, choice), fmt)
    return Download(name, WRITE_UP_MIMETYPES[fmt], content)


def series_write_up_check(series: Series, choice: WriteUpChoice | None = None) -> tuple[WriteUpWarning, ...]:
    snapshot = series_data(series)
    return personal_data_warnings(write_up_content(series_as_workshop(snapshot), _series_choice(snapshot, choice)))
