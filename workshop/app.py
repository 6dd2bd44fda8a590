"""Composition root: ``create_app()`` wires configuration, extensions and blueprints.

The core's own blueprints are imported here; the domains built on the core (surveys, exports) are
named in ``config.DOMAINS`` and wired by their own ``init_app``, so the core never imports them
(tests/test_architecture.py). ``wsgi.py`` holds the one ``app = create_app()`` that gunicorn and
``flask --app wsgi`` use; tests and benchmarks build their own apps from here.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from flask import Flask
from htmx_flask import Htmx
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from workshop import config, guards, logs, ratelimits, rendering
from workshop.common import dates, text
from workshop.extensions import compress, csrf, db, login_manager, migrate
from workshop.ratelimits import limiter

log = logging.getLogger(__name__)


def create_app(test_config: dict[str, Any] | None = None, *, instance_path: str | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, error handlers, host commands.

    ``instance_path`` is where the SQLite database and the generated secret live: the repository's
    ``instance/`` by default, the user's data folder for ``impact-kit`` (workshop/console.py), or
    ``IMPACT_KIT_INSTANCE`` (the container sets it for gunicorn).
    """
    instance_path = instance_path or config.environment_setting("IMPACT_KIT_INSTANCE")
    app = Flask(
        "workshop",
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder="templates",
        static_folder="static",
    )
    app.config.from_mapping(config.DEFAULTS)
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{app.instance_path}/workshop.sqlite3"
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(config.from_environment())
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config.instance_secret(app.instance_path)
    config.derive_settings(app.config)
    config.private_sqlite_file(str(app.config["SQLALCHEMY_DATABASE_URI"]))
    config.check_production_settings(app.config)
    if app.config.get("TRUSTED_PROXIES"):
        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]  # Flask's documented way to wrap it
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops
        )

    app.jinja_options = {**app.jinja_options, "bytecode_cache": rendering.TEMPLATE_CODE}
    app.add_template_filter(dates.long_date, "long_date")
    app.add_template_filter(dates.clock, "clock")
    app.add_template_filter(text.without_prompt, "without_prompt")  # the wall, under its prompt
    _init_extensions(app)
    guards.install_converters(app)
    _register_blueprints(app)

    from workshop import board, cli, edge, errors, links, metoo, security

    guards.init_app(app)
    logs.init_app(app)
    links.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    cli.init_app(app)
    board.init_app(app)
    metoo.init_app(app)
    edge.init_app(app)
    ratelimits.limit_every_lookup(app)  # last: every route with a code or token, from any package
    return app


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(config.migrations_dir()), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    Htmx(app)
    compress.init_app(app)
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["REDIS_URL"] or "memory://")
    limiter.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from workshop.activities.views import bp as agenda_bp
    from workshop.agenda_templates.views import bp as agenda_templates_bp
    from workshop.assets import bp as assets_bp
    from workshop.auth.first_run import bp as first_run_bp
    from workshop.auth.views import bp as auth_bp
    from workshop.board.views import bp as board_bp
    from workshop.board.views import phone_bp as board_phone_bp
    from workshop.facilitate.views import bp as facilitate_bp
    from workshop.health import bp as health_bp
    from workshop.kinds.views import bp as kinds_bp
    from workshop.kinds.views import phone_bp as kinds_phone_bp
    from workshop.metoo.views import bp as metoo_bp
    from workshop.participate.views import bp as participate_bp
    from workshop.series.views import bp as series_bp
    from workshop.wall.views import bp as wall_bp

    for blueprint in (
        assets_bp,
        health_bp,
        auth_bp,
        first_run_bp,
        facilitate_bp,
        agenda_bp,
        participate_bp,
        wall_bp,
        board_bp,
        board_phone_bp,
        metoo_bp,
        series_bp,
        agenda_templates_bp,
        kinds_bp,
        kinds_phone_bp,
    ):
        app.register_blueprint(blueprint)
    for name in app.config["DOMAINS"]:
        importlib.import_module(name).init_app(app)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL, foreign keys and a busy timeout on every SQLite connection.

    Measured here: WAL with ``synchronous=NORMAL`` commits about 22,800 times a second against about
    830 with the rollback journal, and with the busy timeout four writers never see "database is locked".
    """
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()
