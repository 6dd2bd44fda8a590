"""Host commands: ``flask --app wsgi themes group FILE`` and ``themes regroup CODE``.

``group`` works on a plain file and needs no database: one statement a line, 0-based line
numbers in the JSON, blank lines counted but never grouped.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup

from workshop.access import workshop_with_code
from workshop.board import operations
from workshop.common.text import clean_text
from workshop.extensions import db
from workshop.themes.api import available_engines, group_file_to_json

themes_cli = AppGroup("themes", help="Group statements into themes.")

_PREVIEW = 100


def _lines_of(file: Path) -> list[str]:
    """The file's lines exactly as ``group_file_to_json`` numbers them."""
    text = file.read_text(encoding="utf-8", errors="replace")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _preview(line: str) -> str:
    text = clean_text(line, single_line=True)
    return text if len(text) <= _PREVIEW else text[: _PREVIEW - 1] + "…"


@themes_cli.command("group")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--json", "as_json", is_flag=True, help="Print JSON: engine, themes (label, 0-based line numbers), unsorted."
)
@click.option(
    "--themes", "n_themes", type=click.IntRange(min=1), default=None, help="How many themes (default: automatic)."
)
@click.option(
    "--engine",
    type=click.Choice(available_engines()),
    default=None,
    help="Grouping engine (default: meaning; concepts and tfidf group by shared words).",
)
@click.option(
    "--keywords", is_flag=True, help="With --json, add each theme's keywords (why its statements belong together)."
)
def group(file: Path, as_json: bool, n_themes: int | None, engine: str | None, keywords: bool) -> None:
    """Group the statements in FILE (UTF-8, one statement a line) into themes."""
    result = group_file_to_json(file, n_themes=n_themes, engine=engine)
    if as_json:
        if not keywords:
            for theme in result["themes"]:
                theme.pop("keywords", None)
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    lines = _lines_of(file)
    grouped = sum(len(t["statements"]) for t in result["themes"]) + len(result["unsorted"])
    click.echo(
        f"{grouped} statements, {len(result['themes'])} themes, {len(result['unsorted'])} unsorted "
        f"(grouped by the {result['engine']} engine; line numbers count from 1)"
    )
    for theme in result["themes"]:
        click.echo("")
        click.echo(f"{_preview(theme['label'])} ({len(theme['statements'])})")
        if theme.get("keywords"):
            click.echo(f"  why: {', '.join(theme['keywords'])}")
        for index in theme["statements"]:
            click.echo(f"  line {index + 1}: {_preview(lines[index])}")
    if result["unsorted"]:
        click.echo("")
        click.echo(f"Unsorted ({len(result['unsorted'])})")
        for index in result["unsorted"]:
            click.echo(f"  line {index + 1}: {_preview(lines[index])}")


@themes_cli.command("regroup")
@click.argument("code")
@click.option(
    "--themes", "n_themes", type=click.IntRange(min=1), default=None, help="How many new themes (default: automatic)."
)
def regroup(code: str, n_themes: int | None) -> None:
    """Group workshop CODE again, as the board's "Group again" does (keeps the facilitator's edits)."""
    workshop = workshop_with_code(code)
    if workshop is None:
        raise click.ClickException(f"no workshop with code {code}")
    result = operations.group_workshop(workshop, n_themes)
    db.session.commit()
    click.echo(
        f"{workshop.code}: {len(result.themes)} themes, {len(result.unsorted)} unsorted ({result.engine} engine)"
    )
