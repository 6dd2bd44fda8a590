"""``impact-kit``: the kit's own command, for a laptop at a venue and for scripts on a server.

``impact-kit serve`` runs the kit with waitress, a production-grade threaded WSGI server that works
the same on Windows, macOS and Linux (gunicorn, for ``make serve`` on a Trust server, does not run
on Windows). Every host command of ``flask --app wsgi`` is here too under the same name
(``impact-kit facilitator create ...``, ``impact-kit export report ...``, ``impact-kit db upgrade``),
and works from any directory: the instance folder (SQLite database, generated secret key) is the
user's data directory unless ``--instance`` or ``IMPACT_KIT_INSTANCE`` says otherwise.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import click
from flask import Flask
from flask.cli import FlaskGroup, ScriptInfo

log = logging.getLogger(__name__)

INSTANCE_ENV = "IMPACT_KIT_INSTANCE"


def default_instance() -> Path:
    """The user's data directory (``%LOCALAPPDATA%\\impact-kit`` on Windows, ``~/.local/share/impact-kit`` on Linux)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("impact-kit", appauthor=False))


def _instance_from(ctx: click.Context) -> Path:
    chosen = ctx.find_root().meta.get("impact_kit.instance")
    return Path(chosen) if chosen else default_instance()


def _build_app(settings: dict[str, Any] | None = None) -> Flask:
    from workshop.app import create_app

    ctx = click.get_current_context(silent=True)
    instance = (_instance_from(ctx) if ctx else default_instance()).resolve()
    # The database and the secret key live here: only this user may read them.
    instance.mkdir(mode=0o700, parents=True, exist_ok=True)
    return create_app(settings, instance_path=str(instance))


def _remember_instance(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.meta["impact_kit.instance"] = value


@click.group(
    cls=FlaskGroup,
    create_app=_build_app,
    add_default_commands=False,
    add_version_option=False,
    set_debug_flag=False,
    load_dotenv=False,
)
@click.option(
    "--instance",
    envvar=INSTANCE_ENV,
    is_eager=True,
    expose_value=False,
    callback=_remember_instance,
    type=click.Path(file_okay=False),
    help=f"Folder for the database and secret key (default: your user data folder; env {INSTANCE_ENV}).",
)
def cli() -> None:
    """The Impact Workshop Kit's command: `impact-kit serve` runs it; every host command is here too."""


# FlaskGroup's own options (--app, --env-file, --debug) belong to `flask`; this command knows its app.
cli.params = [param for param in cli.params if param.name not in {"app", "env_file", "debug"}]


def _lan_public_url(port: int) -> str:
    """The laptop's address on the venue network, said aloud, with what to do when there are several."""
    from workshop.lan import interface_addresses, lan_candidates

    candidates = lan_candidates(interface_addresses())
    if not candidates:
        raise click.ClickException(
            "This computer has no network address that phones could reach. Join the venue's wifi "
            "(or your phone's hotspot) and run `impact-kit serve --lan` again, or give the address "
            "with --public-url."
        )
    chosen = candidates[0]
    url = f"http://{chosen.address}:{port}"
    click.echo(f"Phones will open {url} (the address of '{chosen.interface}').")
    for other in candidates[1:]:
        click.echo(
            f"  This computer is also {other.address} on '{other.interface}': if the phones are on that "
            f"network, run again with --public-url http://{other.address}:{port}"
        )
    return url


@cli.command("serve")
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1; 0.0.0.0 with --lan).")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535), envvar="PORT")
@click.option(
    "--public-url", default=None, help="Address printed in QR codes and join links, e.g. http://192.168.1.20:5000."
)
@click.option(
    "--lan", is_flag=True, help="Serve on the local network and put this computer's LAN address in the QR code."
)
@click.option("--threads", default=16, show_default=True, type=click.IntRange(1, 256), help="Requests served at once.")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int, public_url: str | None, lan: bool, threads: int) -> None:
    """Serve the kit (migrations are applied first). Ctrl+C stops it."""
    import waitress
    from flask_migrate import upgrade

    from workshop.auth import first_run
    from workshop.urls import remember_served_at

    if lan and public_url is None:
        public_url = _lan_public_url(port)
    host = host or ("0.0.0.0" if lan or public_url else "127.0.0.1")  # noqa: S104 - phones must reach it
    settings: dict[str, Any] = {"SERVE_HOST": host}
    if public_url:
        settings["PUBLIC_BASE_URL"] = public_url.rstrip("/")
    ctx.ensure_object(ScriptInfo).create_app = lambda: _build_app(settings)
    app = ctx.ensure_object(ScriptInfo).load_app()
    local = f"http://127.0.0.1:{port}"
    remember_served_at(app, settings.get("PUBLIC_BASE_URL") or local)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        setup_link = first_run.announce(local)
    click.echo(f"Impact Workshop Kit is running. Open {local} on this computer.")
    for line in _where_things_are(app):
        click.echo(line)
    if public_url:
        click.echo(f"Phones join at {settings['PUBLIC_BASE_URL']} (on the same network as this computer).")
    else:
        click.echo("Only this computer can reach it. For phones, start it with impact-kit serve --lan")
        click.echo("(or make run SERVE_ARGS=--lan): it puts this computer's network address in the QR code.")
    if setup_link:
        click.echo("")
        click.echo("First run: open this link on this computer to create your facilitator account (it works once):")
        click.echo(f"  {setup_link}")
        click.echo("")
    click.echo("Press Ctrl+C to stop.")
    waitress.serve(app, host=host, port=port, threads=threads, ident="impact-kit", clear_untrusted_proxy_headers=True)


def main() -> None:
    """Console entry point (``[project.scripts]``)."""
    if sys.stderr.isatty() and len(sys.argv) > 1 and sys.argv[1] not in {"--help", "-h"}:
        # Loading the kit takes a few seconds on a slow laptop; keys typed meanwhile would be lost
        # at a password prompt, so say that it is starting.
        click.echo("Starting the Impact Workshop Kit…", err=True)
    cli.main(prog_name="impact-kit")


def _where_things_are(app: Flask) -> list[str]:
    """Where this run keeps its data and its secret key: the environment's when it set them
    (a password in the database URL is never printed), else the instance folder's files."""
    from sqlalchemy.engine import make_url

    from workshop import config

    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    database = url.database if url.get_backend_name() == "sqlite" else url.render_as_string(hide_password=True)
    secret = (
        "from SECRET_KEY in the environment"
        if config.environment_setting("SECRET_KEY")
        else str(Path(app.instance_path) / "secret_key")
    )
    return [f"Database: {database}", f"Secret key: {secret}"]
