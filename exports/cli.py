"""Host commands ``flask --app wsgi export ...``: the same documents as the web downloads."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from exports import catalogue, documents
from exports.builders.writeup import FORMATS as WRITE_UP_FORMATS
from exports.builders.writeup import WriteUpChoice
from exports.snapshot import heading_data
from workshop.access import participant_with_token, series_with_id, workshop_with_code
from workshop.models import Series, Workshop

export_cli = AppGroup("export", help="Build a workshop's Word documents and ZIPs.")


def _workshop(code: str) -> Workshop:
    workshop = workshop_with_code(code)
    if workshop is None:
        raise click.ClickException(f"no workshop with code {code}")
    return workshop


def _series(series_id: str) -> Series:
    series = series_with_id(series_id)
    if series is None:
        raise click.ClickException(f"no series with id {series_id} (`series create` prints the id)")
    return series


def _write(download: documents.Download, output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(download.content)
    click.echo(f"wrote {output} ({len(download.content):,} bytes)")


_OUTPUT = click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Where to write the file."
)


def _workshop_document(name: str, build: Callable[[Workshop], documents.Download], summary: str) -> None:
    """Register ``export NAME CODE -o FILE``: one document (or ZIP) of workshop CODE."""

    @export_cli.command(name, help=summary)
    @click.argument("code")
    @_OUTPUT
    def command(code: str, output: Path) -> None:
        _write(build(_workshop(code)), output)


# The documents of a workshop that need nothing but its code: one table, one command each.
_workshop_document("report", documents.report, "The session report of workshop CODE (.docx).")
_workshop_document("plans", documents.smart_plans, "A personal SMART action plan per participant of CODE, in one ZIP.")
_workshop_document(
    "impact-plans", documents.impact_plans, "A five-step impact plan per participant of CODE, in one ZIP."
)
_workshop_document(
    "story", documents.story_template, "The story (case study) template headed with CODE's details (.docx)."
)
_workshop_document("all", documents.everything, "Every document and data file of CODE in one ZIP.")


@export_cli.command("activities")
@click.argument("code")
@_OUTPUT
def activities(code: str, output: Path) -> None:
    """Each activity's results of workshop CODE: FILE.csv (a row per item) or FILE.xlsx (a sheet per activity).

    The same files as the downloads page's; the CSV's columns are in the README.
    """
    builds = {".csv": documents.activities_csv, ".xlsx": documents.activities_xlsx}
    build = builds.get(output.suffix.lower())
    if build is None:
        raise click.ClickException(f"write the results to a .csv or .xlsx file, not {output.name!r}")
    _write(build(_workshop(code)), output)


@export_cli.command("write-up")
@click.argument("target", metavar="CODE_OR_SERIES")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(WRITE_UP_FORMATS)),
    default="md",
    show_default=True,
    help="Markdown, an HTML fragment to paste into a blog or intranet page, or Word.",
)
@click.option("--intro", default=None, help="The introduction (blank lines between paragraphs); the kit suggests one.")
@click.option("--flat", is_flag=True, help="One list of statements instead of a list per theme.")
@_OUTPUT
def write_up(target: str, fmt: str, intro: str | None, flat: bool, output: Path) -> None:
    """The "share the actions" write-up of a workshop or a whole series, for a blog post or newsletter.

    CODE_OR_SERIES is a workshop code, or a series id as 'series create' printed it (write
    series:ID should a workshop have the same code). A series' write-up has every workshop's
    statements under the series' own themes. Only statements whose authors consented to sharing
    are in it, without names. Likely personal data in the write-up is listed as warnings before
    the file is written.
    """
    choice = WriteUpChoice(introduction=intro, by_theme=not flat)
    series_id = target.removeprefix("series:")
    workshop = None if target.startswith("series:") else workshop_with_code(target)
    if workshop is not None:
        warnings, download = documents.write_up_check(workshop, choice), documents.write_up(workshop, fmt, choice)
    elif (series := series_with_id(series_id)) is not None:
        warnings = documents.series_write_up_check(series, choice)
        download = documents.series_write_up(series, fmt, choice)
    else:
        raise click.ClickException(f"no workshop with code {target} and no series with id {series_id}")
    for warning in warnings:
        found = "; ".join(f"{finding.kind} {finding.text!r}" for finding in warning.warning.findings)
        click.echo(f"warning: possible personal data in {warning.where.lower()} {warning.text!r}: {found}", err=True)
    _write(download, output)


@export_cli.command("series")
@click.argument("series_id", metavar="SERIES_ID")
@_OUTPUT
def series_report(series_id: str, output: Path) -> None:
    """The report of series SERIES_ID (.docx): its workshops, themes across them, selected statements."""
    _write(documents.series_report(_series(series_id)), output)


def _workshops_of(target: str) -> tuple[list[Workshop], str]:
    """A workshop by its code, or a series by its id (``series:ID`` when a workshop has that code): its workshops, name."""
    series_id = target.removeprefix("series:")
    workshop = None if target.startswith("series:") else workshop_with_code(target)
    if workshop is not None:
        return [workshop], ""
    series = series_with_id(series_id)
    if series is None:
        raise click.ClickException(f"no workshop with code {target} and no series with id {series_id}")
    if not series.workshops:
        raise click.ClickException(f"the series {series.name!r} has no workshops yet: add some first")
    return series.workshops, series.name


@export_cli.command("evidence")
@click.argument("code_or_series")
@_OUTPUT
@click.option(
    "--xlsx",
    "xlsx_output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the data as XLSX (default: beside the Word file, with .xlsx for .docx).",
)
def evidence(code_or_series: str, output: Path, xlsx_output: Path | None) -> None:
    """The evidence pack of a workshop or a series (CODE_OR_SERIES as for `export write-up`): Word, plus XLSX.

    Commitments made, followed up and done; quotes whose authors consented, by role; the surveys
    linked to the workshops and their headline results. No names or e-mail addresses.
    """
    workshops, series = _workshops_of(code_or_series)
    spreadsheet = xlsx_output or output.with_suffix(".xlsx")
    if spreadsheet.resolve() == output.resolve():
        raise click.ClickException("the Word file and the XLSX need different names: give --xlsx another file")
    _write(documents.evidence_pack(workshops, series), output)
    _write(documents.evidence_spreadsheet(workshops, series), spreadsheet)


@export_cli.command("pack")
@click.argument("token")
@_OUTPUT
def pack(token: str, output: Path) -> None:
    """One participant's pack (SMART plan, five-step plan, reminder) by their private-link TOKEN (ZIP)."""
    participant = participant_with_token(token)
    if participant is None:
        raise click.ClickException("no participant with that private-link token")
    _write(documents.personal_pack(participant), output)


@export_cli.command("templates")
@click.argument("code", required=False)
@_OUTPUT
def templates(code: str | None, output: Path) -> None:
    """Every template in one ZIP: blank, or headed with workshop CODE when given."""
    heading = heading_data(_workshop(code)) if code else None
    file = catalogue.everything(catalogue.installed(current_app.extensions), heading)
    _write(documents.Download(file.filename, file.mimetype, file.content), output)
