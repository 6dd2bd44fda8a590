"""Host commands of the survey designer (``flask --app wsgi surveys ...``, each with ``--help``).

``bank`` lists the question bank (``--json`` for scripts), ``create`` builds a survey from bank
questions, ``import`` and ``export-bank`` move a library's own question set in and out, and
``export survey`` (in the ``export`` group, beside the workshop documents) writes the same Word
files as the download buttons; ``surveys export`` stays as an alias of it.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import func, select

from surveys import bank_store, operations, word
from surveys.bank import KIT_SOURCE, BankError, BankQuestion
from surveys.bank_files import parse_file, write_file
from surveys.design import QUESTION_TYPES
from surveys.models import Survey, SurveyState
from surveys.operations import RuleBroken, SurveySettings
from workshop.cli import host_command
from workshop.codes import normalise_code
from workshop.extensions import db
from workshop.models import Facilitator
from workshop.urls import public_url

surveys_cli = AppGroup("surveys", help="Survey designer: the question bank, surveys, and their Word files.")


def _bank_row(question: BankQuestion) -> dict[str, object]:
    row = asdict(question)
    row["type"] = row.pop("qtype")
    row["options"] = list(question.options)
    return row


def _known_filters(category: str | None, source: str | None) -> None:
    """A filter naming no category or source is a typo, not an empty bank: say which ones there are."""
    if source is not None and source not in (known := bank_store.sources()):
        raise click.ClickException(f"There is no source {source!r}; the sources are: {', '.join(known)}.")
    if category is not None:
        categories = sorted({question.category for question in bank_store.all_questions()})
        if category not in categories:
            raise click.ClickException(
                f"There is no category {category!r}; the categories are: {', '.join(categories)}."
            )


@surveys_cli.command("bank")
@click.option(
    "--json", "as_json", is_flag=True, help="Print a JSON list (id, text, type, category, options, note, source)."
)
@click.option("--category", help="Only this category id (see the category column).")
@click.option("--type", "qtype", type=click.Choice(QUESTION_TYPES), help="Only this type of answer.")
@click.option("--source", help=f"Only this source ({KIT_SOURCE!r} for the built-in questions).")
def bank_command(as_json: bool, category: str | None, qtype: str | None, source: str | None) -> None:
    """List the question bank: the kit's own questions and those imported with `surveys import`."""
    _known_filters(category, source)
    found = bank_store.search("", category, qtype, source)
    if as_json:
        click.echo(json.dumps([_bank_row(q) for q in found], ensure_ascii=False, indent=2))
        return
    for question in found:
        click.echo(f"{question.id:<24} {question.qtype:<10} {question.category:<18} {question.text}")
        if not question.built_in:
            click.echo(f"{'':<24} from: {question.source}")
    click.echo(f"{len(found)} questions", err=True)


def _survey(survey_id: str) -> Survey:
    """A survey by its code (what `surveys create` prints as id) or its database number."""
    survey = db.session.scalar(select(Survey).where(Survey.code == normalise_code(survey_id)))
    if survey is None and survey_id.isdigit():
        survey = db.session.get(Survey, int(survey_id))
    if survey is None:
        raise click.ClickException(f"There is no survey with the id {survey_id!r}.")
    return survey


@surveys_cli.command("create")
@click.argument("title")
@click.option("--facilitator", "email", required=True, help="E-mail of the facilitator who will own the survey.")
@click.option("--questions", required=True, help="Bank question ids, comma-separated, in order (see `surveys bank`).")
@click.option("--target-group", default="", help="Who the survey is for.")
@click.option("--purpose", default="", help="What the survey is for.")
@click.option("--publish", is_flag=True, help="Publish it at once and print the respondents' address.")
def create_command(title: str, email: str, questions: str, target_group: str, purpose: str, publish: bool) -> None:
    """Create a survey TITLE from bank questions; prints `id: CODE` (and `public: URL` when published)."""
    facilitator = db.session.scalar(select(Facilitator).where(func.lower(Facilitator.email) == email.strip().lower()))
    if facilitator is None:
        raise click.ClickException(f"There is no facilitator account for {email}.")
    ids = [qid.strip() for qid in questions.split(",") if qid.strip()]
    if not ids:
        raise click.ClickException("Give at least one bank question id with --questions.")
    unknown = []
    for qid in ids:
        try:
            bank_store.get(qid)
        except KeyError:
            unknown.append(qid)
    if unknown:
        raise click.ClickException(
            f"Not in the bank: {', '.join(unknown)}. `{host_command('surveys bank')}` lists the ids."
        )
    try:
        survey = operations.create_survey(
            facilitator, SurveySettings(title=title, purpose=purpose, target_group=target_group)
        )
        for qid in ids:
            operations.add_bank_question(survey, qid)
        if publish:
            operations.change_state(survey, SurveyState.OPEN)
    except RuleBroken as problem:
        db.session.rollback()
        raise click.ClickException(str(problem)) from None
    db.session.commit()
    click.echo(f"id: {survey.code}")
    click.echo(f"builder: {public_url('surveys.builder', code=survey.code)}")
    if publish:
        click.echo(f"public: {word.respondent_url(survey)}")


@surveys_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source", help="Name of the question set (default: the file's `source`, or its name).")
def import_command(file: Path, source: str | None) -> None:
    """Add a library's own questions (CSV or TOML, see surveys/bank_files.py) beside the built-in bank.

    Wording is kept exactly as in the file. Importing the same source again replaces its questions;
    ids of the built-in bank or of another source are refused.
    """
    try:
        content = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise click.ClickException(f"{file.name} is not UTF-8 text: save it as UTF-8 (CSV UTF-8 in Excel).") from None
    try:
        questions = parse_file(file.name, content, source=source or file.stem)
        if source:
            questions = tuple(q.__class__(**{**asdict(q), "source": source}) for q in questions)
        added, replaced = bank_store.import_questions(questions)
    except BankError as problem:
        db.session.rollback()
        raise click.ClickException(f"Nothing imported.\n{problem}") from None
    db.session.commit()
    names = ", ".join(sorted({q.source for q in questions}))
    click.echo(f"Imported {added} questions from {names}" + (f" (replacing {replaced})." if replaced else "."))


@surveys_cli.command("export-bank")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--source", help=f"Only this source ({KIT_SOURCE!r} for the built-in questions).")
def export_bank_command(file: Path, source: str | None) -> None:
    """Write the bank (or one source of it) to FILE, .csv or .toml, in the format `surveys import` reads."""
    _known_filters(None, source)
    questions = bank_store.search("", None, None, source)
    try:
        text = write_file(file.name, questions)
    except BankError as problem:
        raise click.ClickException(str(problem)) from None
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {len(questions)} questions to {file}.")


@click.command("survey")
@with_appcontext
@click.argument("survey_id")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Where to write.")
@click.option("--results", is_flag=True, help="The results report instead of the printable questionnaire.")
@click.option("--form", is_flag=True, hidden=True, help="The printable questionnaire (the default).")
def export_survey(survey_id: str, output: Path, results: bool, form: bool) -> None:
    """Write survey SURVEY_ID's printable questionnaire (or, with --results, its results) as a Word file.

    The same document as the download button. SURVEY_ID is the code `surveys create` prints.
    """
    survey = _survey(survey_id)
    data = word.results_docx(survey) if results else word.questionnaire_docx(survey)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    click.echo(f"Wrote {output} ({len(data):,} bytes).")


surveys_cli.add_command(export_survey, "export")  # the older name, kept as an alias of `export survey`
