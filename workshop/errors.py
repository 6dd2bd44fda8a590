"""Error handling in one place: every failure answers with a clear page (or fragment), never a trace.

Database errors roll the session back; a lost database connection gives a "try again in a
moment" page with 503 and the app recovers by itself once the database is back (connections are
pre-pinged). A missing or stale CSRF token re-shows the form with what the person typed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, render_template, request
from flask.typing import ResponseReturnValue
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from workshop.extensions import db
from workshop.logs import logged_route

log = logging.getLogger(__name__)

_TITLES = {
    400: "Something in that request was not right",
    403: "That page is not yours to see",
    404: "We could not find that page",
    405: "That action is not available here",
    413: "That was too much to send at once",
    429: "Slow down a little",
}


def _render(status: int, title: str, message: str) -> ResponseReturnValue:
    template = "errors/_error.html" if request.headers.get("HX-Request") == "true" else "errors/error.html"
    body = render_template(template, status=status, title=title, message=message)
    return body, status


def describe_database_error(error: Exception) -> str:
    """What went wrong, for the log, without the SQL or its parameters (they hold what people typed).

    PostgreSQL's messages can quote a value (``invalid input syntax ... "<value>"``, ``DETAIL: Key
    (token)=(...)``): only its error class, SQLSTATE and constraint are kept. SQLite's first line
    names no values ("database is locked", "UNIQUE constraint failed: statement.idempotency_key").
    """
    orig = getattr(error, "orig", None) or error
    parts = [type(error).__name__]
    if orig is not error:
        parts.append(type(orig).__name__)
    diag = getattr(orig, "diag", None)
    if diag is not None or getattr(orig, "sqlstate", None):
        for label, value in (
            ("sqlstate", getattr(orig, "sqlstate", None)),
            ("constraint", getattr(diag, "constraint_name", None)),
        ):
            if value:
                parts.append(f"{label} {value}")
        return " ".join(parts)
    first_line = str(orig).split("\n", 1)[0][:200]
    return " ".join(parts) + (f": {first_line}" if first_line else "")


def register_csrf_recovery(app: Flask, recovery: Callable[[], ResponseReturnValue | None]) -> None:
    """Let a package built on the core keep what someone typed when their CSRF token went stale.

    ``recovery`` returns a response for the requests it knows (by endpoint), ``None`` for others.
    """
    app.extensions.setdefault("csrf_recoveries", []).append(recovery)


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> ResponseReturnValue:
        # Views that take free text register a friendlier handler that keeps the text (see
        # ``register_csrf_recovery``). This is the fallback for every other form.
        for recovery in app.extensions.get("csrf_recoveries", []):
            recovered = recovery()
            if recovered is not None:
                return recovered
        return _render(
            400,
            "This page had expired",
            "For your security, forms stop working when a page has been open for a long time or "
            "cookies were cleared. Go back, refresh the page and try again: nothing was saved.",
        )

    @app.errorhandler(RateLimitExceeded)
    def rate_limited(error: RateLimitExceeded) -> ResponseReturnValue:
        # A limit with its own message (guessing join codes) says what to do; the rest share this one.
        message = (
            str(error.description)
            if error.limit.error_message
            else "You have sent a lot in a short time. Wait a minute, then try again: what you sent before this is safe."
        )
        return _render(429, _TITLES[429], message)

    @app.errorhandler(DataError)
    def database_refused_value(error: DataError) -> ResponseReturnValue:
        # A value the database cannot store (too long, out of range, a NUL byte) is the request's
        # fault, not a busy database: validation should have caught it (workshop.guards), and this is
        # the net under it. The SQL and its parameters stay out of the log: they hold what people typed.
        db.session.rollback()
        log.warning("database refused a value on %s %s: %s", request.method, logged_route(), type(error.orig).__name__)
        return _render(
            400,
            _TITLES[400],
            "Something you sent could not be stored as it is. Check what you typed and try again.",
        )

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    def database_unavailable(error: Exception) -> ResponseReturnValue:
        db.session.rollback()
        log.error("database error on %s %s: %s", request.method, logged_route(), describe_database_error(error))
        return _render(
            503,
            "The kit is busy for a moment",
            "We could not reach the database just now. Wait a few seconds and try again: "
            "if you were sending something, send it again (it will not be duplicated).",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        status = error.code or 500
        if status >= 500:
            db.session.rollback()
        title = _TITLES.get(status, error.name)
        return _render(status, title, error.description or "")

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> ResponseReturnValue:
        db.session.rollback()
        log.exception("unhandled error on %s %s", request.method, logged_route())
        return _render(
            500,
            "Something went wrong on our side",
            InternalServerError.description,
        )
