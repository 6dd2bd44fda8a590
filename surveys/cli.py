"""Host commands of the survey designer: ``flask --app wsgi surveys export CODE -o FILE``.

The same builders as the download buttons, so a host can produce a questionnaire or a results
report from a terminal (for instance on a Trust server without a browser at hand).
"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from surveys.documents import build_survey_form, build_survey_results
from surveys.models import Survey, SurveyState
from surveys.results import summarise
from surveys.snapshot import answers_of, design_of
from workshop.codes import normalise_code
from workshop.extensions import db
from workshop.qr import qr_png
from workshop.urls import public_url

surveys_cli = AppGroup("surveys", help="Survey designer: export questionnaires and results.")


@surveys_cli.command("export")
@click.argument("code")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Where to write.")
@click.option(
    "--results", "what", flag_value="results", help="The results report instead of the printable questionnaire."
)
@click.option("--form", "what", flag_value="form", default=True, help="The printable questionnaire (default).")
def export(code: str, output: Path, what: str) -> None:
    """Write survey CODE's printable questionnaire (or, with --results, its results) as a Word file."""
    survey = db.session.scalar(select(Survey).where(Survey.code == normalise_code(code)))
    if survey is None:
        raise click.ClickException(f"There is no survey with the code {code!r}.")
    design = design_of(survey)
    if what == "results":
        data = build_survey_results(design, summarise(design, answers_of(survey)))
    else:
        url = public_url("respond.survey_page", code=survey.code) if survey.state != SurveyState.DRAFT else None
        data = build_survey_form(design, online_url=url, qr_png=qr_png(url) if url else None)
    output.write_bytes(data)
    click.echo(f"Wrote {output} ({len(data):,} bytes).")
