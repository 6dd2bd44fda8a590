"""What the logs may hold: routes instead of private-link tokens, no forged lines, no SQL values.

- The access log (gunicorn's, see ``gunicorn.conf.py``) prints the matched route with the workshop
  code and ids filled in and every other part left as its name, so ``/mine/<token>`` is logged
  and the token, which opens a participant's own copy, never is; the error logs name requests the
  same way (:func:`logged_route`).
- Every log record's arguments have their control characters escaped, so a ``%0A`` in a path
  cannot start a forged line and an escape sequence cannot repaint a terminal.
- SQL parameters are hidden by the engine (``hide_parameters``) and by ``errors.describe_database_error``.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import Flask, request

ROUTE_KEY = "workshop.route"
# URL parts that are not secrets: the join code is on the wall for everyone, ids are counters.
_SHOWN = {"code", "kind", "name", "filename"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def escape(value: str) -> str:
    """``value`` with each control character written as its escape (``\\n``, ``\\x1b``)."""
    return _CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), value)


def route_of(rule: str, view_args: dict[str, Any]) -> str:
    """The route ``rule`` with codes and ids filled in, other parts (tokens) left as ``<name>``."""

    def fill(match: re.Match[str]) -> str:
        name = match.group("name")
        value = view_args.get(name)
        if value is not None and (name in _SHOWN or isinstance(value, int)):
            return escape(str(value))
        return f"<{name}>"

    return re.sub(r"<(?:[^:<>]+:)?(?P<name>[^<>]+)>", fill, rule)


def logged_route() -> str:
    """This request's route as the logs name it (``/mine/<token>``), never its path with a token in it."""
    rule = request.url_rule
    return route_of(rule.rule, request.view_args or {}) if rule else "<no route>"


def _remember_route() -> None:
    request.environ[ROUTE_KEY] = logged_route()


_factory = logging.getLogRecordFactory()


def _escaping_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
    record = _factory(*args, **kwargs)
    if isinstance(record.args, tuple):
        record.args = tuple(escape(a) if isinstance(a, str) else a for a in record.args)
    elif isinstance(record.args, dict):
        record.args = {k: escape(v) if isinstance(v, str) else v for k, v in record.args.items()}
    elif isinstance(record.msg, str) and not record.args:
        record.msg = escape(record.msg) if "\n" not in record.msg else record.msg
    return record


def install_record_escaping() -> None:
    """Escape control characters in every record's arguments, in this process (idempotent)."""
    if logging.getLogRecordFactory() is not _escaping_factory:
        logging.setLogRecordFactory(_escaping_factory)


def init_app(app: Flask) -> None:
    install_record_escaping()
    app.before_request(_remember_route)


try:
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # pragma: no cover - gunicorn is only needed to serve
    _GunicornLogger = object


class AccessLogger(_GunicornLogger):
    """gunicorn's logger, with the request line naming the route and every value escaped."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        route = environ.get(ROUTE_KEY) or "<no route>"
        atoms["U"] = route
        atoms["q"] = "-" if not atoms.get("q") or atoms["q"] == "-" else "<query>"
        atoms["r"] = f"{atoms.get('m', '-')} {route} {escape(str(atoms.get('H', '-')))}"
        return {key: escape(value) if isinstance(value, str) else value for key, value in atoms.items()}
