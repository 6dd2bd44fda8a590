"""Host commands: ``flask --app wsgi facilitator|workshop|retention ...`` (each has ``--help``)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from workshop import operations
from workshop.auth.views import find_facilitator
from workshop.codes import normalise_code
from workshop.extensions import db
from workshop.models import Facilitator, Workshop, WorkshopState
from workshop.urls import join_url, public_url

facilitator_cli = AppGroup("facilitator", help="Manage facilitator accounts.")
workshop_cli = AppGroup("workshop", help="Create workshops and add statements to them.")
retention_cli = AppGroup("retention", help="Apply data-retention settings.")


@facilitator_cli.command("create")
@click.argument("email")
@click.option("--name", default="", help="The facilitator's name, shown on reports.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
def create_facilitator(email: str, name: str, password_stdin: bool) -> None:
    """Create a facilitator account with EMAIL (the password is prompted, or read from stdin)."""
    if find_facilitator(email) is not None:
        raise click.ClickException(f"there is already an account for {email}")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 10:
        raise click.ClickException("the password must have at least 10 characters")
    facilitator = Facilitator(email=email.strip(), name=name)
    facilitator.set_password(password)
    db.session.add(facilitator)
    db.session.commit()
    click.echo(f"created facilitator {facilitator.email}")


@workshop_cli.command("create")
@click.argument("title")
@click.option("--facilitator", "email", required=True, help="Email of the facilitator who owns it.")
@click.option("--venue", default="", help="Where the workshop takes place.")
def create_workshop(title: str, email: str, venue: str) -> None:
    """Create an open workshop called TITLE and print its code, join URL and facilitator URL."""
    facilitator = find_facilitator(email)
    if facilitator is None:
        raise click.ClickException(f"no facilitator account for {email}: create it with `facilitator create`")
    workshop = operations.create_workshop(
        facilitator, operations.WorkshopSettings(title=title, venue=venue), state=WorkshopState.OPEN
    )
    db.session.commit()
    click.echo(f"code: {workshop.code}")
    click.echo(f"join: {join_url(workshop.code)}")
    click.echo(f"facilitator: {public_url('facilitate.workshop', code=workshop.code)}")


@workshop_cli.command("import")
@click.argument("code")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_statements(code: str, file: Path) -> None:
    """Add the statements in FILE (one per line, UTF-8) to workshop CODE, as if typed by participants."""
    workshop = db.session.scalar(select(Workshop).where(Workshop.code == normalise_code(code)))
    if workshop is None:
        raise click.ClickException(f"no workshop with code {code}")
    lines = file.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    added = operations.import_statements(workshop, lines)
    db.session.commit()
    click.echo(f"added {added} statements to {workshop.code}")


@retention_cli.command("purge")
def purge() -> None:
    """Delete statements of closed workshops whose retention period has passed."""
    purged = operations.purge_expired()
    db.session.commit()
    for code, removed in purged:
        click.echo(f"{code}: removed {removed} statements")
    click.echo(f"purged {len(purged)} workshops")


def init_app(app: Flask) -> None:
    for group in (facilitator_cli, workshop_cli, retention_cli):
        app.cli.add_command(group)
