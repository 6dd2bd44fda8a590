"""Input the database must never see, refused at the door with a clear 4xx.

Three kinds of request reached the database and came back as 500 or 503: a file part in a form
that takes none (WTForms handed the upload to a text filter), an integer in a URL beyond what an
``INTEGER`` column holds (PostgreSQL's int4 ends at 2,147,483,647; SQLite's int8 a little later),
and a NUL byte in a path or query string (PostgreSQL refuses it in any text value). Each is
stopped here, once, before any view runs, so a route added later is covered without knowing it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, abort, current_app, request
from werkzeug.routing import IntegerConverter

# The largest value of a 32-bit signed INTEGER column, the type of every id in the kit.
DB_INT_MAX = 2**31 - 1

F = TypeVar("F", bound=Callable[..., Any])


class DatabaseIntConverter(IntegerConverter):
    """``<int:...>`` that matches only ids a database INTEGER can hold: anything larger is a 404."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:  # noqa: A002 - werkzeug's name
        kwargs.setdefault("max", DB_INT_MAX)
        super().__init__(map, *args, **kwargs)


def accepts_files(view: F) -> F:
    """Mark a view whose form takes an upload; every other view answers a file part with 400."""
    view.accepts_files = True  # type: ignore[attr-defined]
    return view


def _refuse_what_the_database_cannot_take() -> None:
    if "\x00" in request.path:
        abort(404)  # no page of the kit has a NUL in its address
    if any("\x00" in name or "\x00" in value for name, value in request.args.items(multi=True)):
        abort(400, "The address contains a NUL control character, which no page of the kit uses.")
    if request.method in {"POST", "PUT", "PATCH"} and request.files:
        view = current_app.view_functions.get(request.endpoint or "")
        if not getattr(view, "accepts_files", False):
            abort(400, "This form does not take files: send the text itself. Nothing was saved.")


def install_converters(app: Flask) -> None:
    """Before any blueprint is registered: the rules are compiled with the converters they find."""
    app.url_map.converters["int"] = DatabaseIntConverter


def init_app(app: Flask) -> None:
    app.before_request(_refuse_what_the_database_cannot_take)
