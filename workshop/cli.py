"""Host commands: ``flask --app wsgi facilitator|workshop|series|retention|reminders ...`` (each has ``--help``)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import func, select

from workshop import agendas, operations, team
from workshop.access import find_facilitator, workshop_with_code
from workshop.agenda_templates import operations as agenda_templates
from workshop.auth import passwords
from workshop.extensions import db
from workshop.mail import MailNotSent, mail_configured
from workshop.models import Facilitator, Workshop, WorkshopState, utcnow
from workshop.participate import reminders
from workshop.urls import join_url, public_url

facilitator_cli = AppGroup("facilitator", help="Manage facilitator accounts.")
series_cli = AppGroup("series", help="Group workshops into a series (a tour of the same workshop).")
workshop_cli = AppGroup(
    "workshop", help="Create workshops, add statements to them, share them, lock or unlock joining."
)
retention_cli = AppGroup("retention", help="Apply data-retention settings.")
reminders_cli = AppGroup("reminders", help="Send the reminder e-mails participants asked for (run daily).")


def host_command(words: str) -> str:
    """How to run another host command, as the person typed this one: ``impact-kit surveys bank``
    under the kit's own command, ``flask --app wsgi surveys bank`` under Flask's."""
    context = click.get_current_context(silent=True)
    root = context.find_root().info_name if context is not None else None
    return f"impact-kit {words}" if root == "impact-kit" else f"flask --app wsgi {words}"


def _new_password(email: str, password_stdin: bool) -> str:
    """The password from stdin or a prompt (the rule said first), checked against the one rule."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        click.echo(passwords.RULE)
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    problem = passwords.problem(password, email)
    if problem:
        raise click.ClickException(problem)
    return password


def _existing(email: str) -> Facilitator:
    facilitator = find_facilitator(email)
    if facilitator is None:
        raise click.ClickException(f"no facilitator account for {email}")
    return facilitator


def _workshop_count(facilitator: Facilitator) -> int:
    return db.session.scalar(select(func.count(Workshop.id)).where(Workshop.facilitator_id == facilitator.id)) or 0


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


@facilitator_cli.command("create")
@click.argument("email")
@click.option("--name", default="", help="The facilitator's name, shown on reports.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
def create_facilitator(email: str, name: str, password_stdin: bool) -> None:
    """Create a facilitator account with EMAIL (the password is prompted, or read from stdin)."""
    if find_facilitator(email) is not None:
        raise click.ClickException(f"there is already an account for {email}")
    password = _new_password(email, password_stdin)
    facilitator = Facilitator(email=email.strip(), name=name)
    facilitator.set_password(password)
    db.session.add(facilitator)
    db.session.commit()
    click.echo(f"created facilitator {facilitator.email}")


@facilitator_cli.command("password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
def set_password(email: str, password_stdin: bool) -> None:
    """Set a new password for EMAIL; every device signed in to the account is signed out."""
    facilitator = _existing(email)
    facilitator.set_password(_new_password(facilitator.email, password_stdin))
    db.session.commit()
    click.echo(f"password changed for {facilitator.email}; its sessions are signed out")


@facilitator_cli.command("disable")
@click.argument("email")
def disable_facilitator(email: str) -> None:
    """Stop EMAIL signing in and sign it out everywhere; its workshops stay (and stay reachable to participants)."""
    facilitator = _existing(email)
    facilitator.disabled = True
    facilitator.revoke_sessions()
    db.session.commit()
    click.echo(f"disabled {facilitator.email}; its sessions are signed out and its workshops kept")


@facilitator_cli.command("enable")
@click.argument("email")
def enable_facilitator(email: str) -> None:
    """Let a disabled EMAIL sign in again (with its existing password)."""
    facilitator = _existing(email)
    facilitator.disabled = False
    db.session.commit()
    click.echo(f"enabled {facilitator.email}")


@facilitator_cli.command("delete")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def delete_facilitator(email: str, yes: bool) -> None:
    """Delete EMAIL and, with it, every workshop and survey it owns and all their participants' data.

    Nothing is kept: to keep the workshops, disable the account instead (``facilitator disable``).
    """
    facilitator = _existing(email)
    count = _workshop_count(facilitator)
    click.echo(
        f"{facilitator.email} owns {_plural(count, 'workshop')}: they are deleted with it, with their "
        "statements, participants, themes and surveys. To keep them, use `facilitator disable` instead."
    )
    if not yes and not click.confirm("Delete the account and all of this?", default=False):
        raise click.ClickException("nothing deleted")
    for workshop in list(facilitator.workshops):
        operations.delete_workshop(workshop)
    db.session.delete(facilitator)
    db.session.commit()
    click.echo(f"deleted {email.strip()} and {_plural(count, 'workshop')}")


@facilitator_cli.command("list")
def list_facilitators() -> None:
    """List every facilitator account: email, name, workshops owned, active or disabled, created."""
    for facilitator in db.session.scalars(select(Facilitator).order_by(Facilitator.email)):
        state = "disabled" if facilitator.disabled else "active"
        workshops = _plural(_workshop_count(facilitator), "workshop")
        created = facilitator.created_at.date().isoformat() if facilitator.created_at else ""
        click.echo(f"{facilitator.email}\t{facilitator.name}\t{workshops}\t{state}\tcreated {created}")


@facilitator_cli.command("setup-link")
@click.option(
    "--base-url", default="", help="Address the link starts with (default PUBLIC_BASE_URL, else http://127.0.0.1:5000)."
)
def setup_link(base_url: str) -> None:
    """Print a one-time link that creates the first account in the browser (only while there is none)."""
    from workshop.auth import first_run
    from workshop.urls import public_base_url

    link = first_run.announce(base_url or public_base_url())
    if link is None:
        click.echo("There are facilitator accounts already: sign in, or use `facilitator create`.")
    else:
        click.echo("Open this link to create the first facilitator account (it works once):")
        click.echo(f"  {link}")


@workshop_cli.command("create")
@click.argument("title")
@click.option("--facilitator", "email", required=True, help="Email of the facilitator who owns it.")
@click.option("--venue", default="", help="Where the workshop takes place.")
@click.option(
    "--template",
    "template_slug",
    default="",
    help="Start from a template's agenda: five-steps (the kit's), or mine-ID (one the facilitator saved).",
)
def create_workshop(title: str, email: str, venue: str, template_slug: str) -> None:
    """Create an open workshop called TITLE and print its code, join URL and facilitator URL."""
    facilitator = find_facilitator(email)
    if facilitator is None:
        raise click.ClickException(f"no facilitator account for {email}: create it with `facilitator create`")
    settings = operations.WorkshopSettings(title=title, venue=venue)
    if template_slug:
        template = agenda_templates.template_for(facilitator, template_slug)
        if template is None:
            known = ", ".join(t.slug for t in agenda_templates.templates_for(facilitator))
            why = " (deleted, or not theirs)" if template_slug.startswith(agenda_templates.OWN_PREFIX) else ""
            raise click.ClickException(f"no template {template_slug!r} for {email}{why}; there are: {known}")
        workshop = agenda_templates.create_from_template(facilitator, settings, template, state=WorkshopState.OPEN)
    else:
        workshop = operations.create_workshop(facilitator, settings, state=WorkshopState.OPEN)
    db.session.commit()
    click.echo(f"code: {workshop.code}")
    click.echo(f"join: {join_url(workshop.code)}")
    click.echo(f"facilitator: {public_url('facilitate.workshop', code=workshop.code)}")


@workshop_cli.group("templates", invoke_without_command=True)
@click.option("--facilitator", "email", default="", help="Only the kit's templates and this facilitator's own.")
@click.pass_context
@with_appcontext  # a group's own callback is not wrapped as AppGroup's commands are
def templates(context: click.Context, email: str) -> None:
    """List workshop templates: name for --template, name, activities, owner (the kit's own first).

    Without --facilitator every facilitator's own templates are listed, with their owner.
    `workshop templates delete NAME --facilitator EMAIL` deletes one of that facilitator's own.
    """
    if context.invoked_subcommand is not None:
        return
    owner = _existing(email) if email else None
    for item in agenda_templates.listed(owner):
        template = item.template
        count = len(template.activities)
        activities = f"{count} activit{'y' if count == 1 else 'ies'}"
        click.echo(f"{template.slug}\t{template.name}\t{activities}\t{item.owner or 'the kit'}")


@templates.command("delete")
@click.argument("name")
@click.option("--facilitator", "email", required=True, help="Email of the facilitator who saved it.")
def delete_template(name: str, email: str) -> None:
    """Delete the facilitator's own template NAME (mine-ID, as listed); workshops started from it are kept."""
    facilitator = _existing(email)
    row = agenda_templates.own_row(facilitator, name)
    if row is None:
        if name.strip() in agendas.BUILT_IN:
            raise click.ClickException(f"{name.strip()} is the kit's own template: it cannot be deleted")
        raise click.ClickException(
            f"{facilitator.email} has no template {name.strip()!r}: list theirs with "
            f"`workshop templates --facilitator {facilitator.email}`"
        )
    deleted = agenda_templates.delete_template(row)
    db.session.commit()
    click.echo(f"deleted template {name.strip()} ({deleted}); workshops started from it keep their agendas")


@workshop_cli.command("import")
@click.argument("code")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_statements(code: str, file: Path) -> None:
    """Add the statements in FILE (one per line, UTF-8) to workshop CODE: post-it notes typed up.

    Each line is a statement of its own; one that may hold personal details waits for approval.
    """
    workshop = workshop_with_code(code)
    if workshop is None:
        raise click.ClickException(f"no workshop with code {code}")
    lines = file.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    imported = operations.import_statements(workshop, lines)
    db.session.commit()
    click.echo(f"added {imported.added} statements to {workshop.code}")
    if imported.held:
        click.echo(
            f"{imported.held} of them wait for approval on the workshop page before they reach the wall "
            "(they may hold personal details, or the workshop approves statements first)"
        )


@workshop_cli.command("share")
@click.argument("code")
@click.argument("email")
@click.option(
    "--role",
    required=True,
    type=click.Choice([role.value for role in team.SHARED_ROLES]),
    help="co-facilitator: everything except deleting the workshop and managing people; "
    "moderator: moderation (statements, words, questions) and moving the room only.",
)
def share_workshop(code: str, email: str, role: str) -> None:
    """Share workshop CODE with the facilitator account EMAIL (sharing again changes their role).

    The workshop appears in their list at once, marked with the role; its owner removes people
    from the People section of the workshop page.
    """
    workshop = workshop_with_code(code)
    if workshop is None:
        raise click.ClickException(f"no workshop with code {code}")
    try:
        before = team.share(workshop, email, team.shared_role(role))
    except operations.RuleBroken as broken:
        raise click.ClickException(str(broken)) from None
    db.session.commit()
    was = f" (was {before.value})" if before is not None and before.value != role else ""
    click.echo(f"{workshop.code}: shared with {email.strip()} as {role}{was}")


def _set_joining(code: str, locked: bool) -> None:
    workshop = workshop_with_code(code)
    if workshop is None:
        raise click.ClickException(f"no workshop with code {code}")
    operations.set_joining_locked(workshop, locked)
    db.session.commit()
    if locked:
        click.echo(f"{workshop.code}: joining locked (phones that joined carry on, new phones are refused)")
    else:
        click.echo(f"{workshop.code}: joining unlocked (new phones can join)")


@workshop_cli.command("lock")
@click.argument("code")
def lock_joining(code: str) -> None:
    """Lock joining workshop CODE: phones that joined carry on, new phones are refused."""
    _set_joining(code, True)


@workshop_cli.command("unlock")
@click.argument("code")
def unlock_joining(code: str) -> None:
    """Let new phones join workshop CODE again."""
    _set_joining(code, False)


@retention_cli.command("purge")
def purge() -> None:
    """Delete statements of closed workshops whose retention period has passed."""
    purged = operations.purge_expired()
    db.session.commit()
    for code, removed in purged:
        click.echo(f"{code}: removed {removed} statements")
    click.echo(f"purged {len(purged)} workshops")


@reminders_cli.command("send")
@click.option("--dry-run", is_flag=True, help="Count the reminders due today; send and delete nothing.")
def send_reminders(dry_run: bool) -> None:
    """Send every reminder e-mail whose day has come, deleting each address once it is sent.

    Run it daily from cron or a systemd timer (see the README). A reminder that cannot be sent
    keeps its address for the next run; the addresses are never printed.
    """
    due = reminders.due_email_reminders(utcnow().date())
    if dry_run:
        click.echo(f"due {len(due)} (dry run: nothing sent or deleted)")
        return
    if due and not mail_configured(current_app.config):
        raise click.ClickException("SMTP_HOST is not set: configure mail before sending reminders.")
    sent = failed = 0
    for row in due:
        try:
            reminders.send_email_reminder(current_app.config, row)
        except MailNotSent:
            db.session.rollback()
            failed += 1
            continue
        db.session.commit()  # one at a time: an address is gone as soon as its mail has left
        sent += 1
    click.echo(f"sent {sent}, failed {failed} (kept for the next run), due {len(due)}")
    if failed:
        sys.exit(1)


@series_cli.command("create")
@click.argument("name")
@click.option("--facilitator", "email", required=True, help="Email of the facilitator who owns the series.")
@click.option("--workshops", "codes", required=True, help="The workshops' codes, comma-separated, in order.")
def create_series(name: str, email: str, codes: str) -> None:
    """Create a series called NAME of the workshops CODES and print its id as 'series: ID'."""
    facilitator = find_facilitator(email)
    if facilitator is None:
        raise click.ClickException(f"no facilitator account for {email}: create it with `facilitator create`")
    workshops = []
    for code in (part.strip() for part in codes.split(",")):
        if not code:
            continue
        workshop = workshop_with_code(code)
        if workshop is None:
            raise click.ClickException(f"no workshop with code {code}")
        workshops.append(workshop)
    try:
        series = operations.create_series(facilitator, name, workshops)
    except operations.RuleBroken as broken:
        raise click.ClickException(str(broken)) from None
    db.session.commit()
    click.echo(f"series: {series.id}")


def init_app(app: Flask) -> None:
    for group in (facilitator_cli, workshop_cli, series_cli, retention_cli, reminders_cli):
        app.cli.add_command(group)
