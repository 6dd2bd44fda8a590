"""One URL, two renders: the whole page, or the fragment htmx asked for.

``Vary: HX-Request`` is added to every response by ``workshop.security``, so no view has to
remember it; views call :func:`page_or_fragment` and :func:`no_change`.
"""

from __future__ import annotations

from flask import Response, current_app, render_template, request
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class ProcessTemplateCache(BytecodeCache):
    """Compiled templates kept for the life of the process, shared by every app it builds.

    One app per process (gunicorn, ``make run``) compiles each template once anyway; the test
    suite builds an app per test, and without this spent a third of its time recompiling the same
    templates. Jinja checks each entry against the template's source, so an edited template is
    compiled afresh.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CODE = ProcessTemplateCache()


def page_or_fragment(page: str, fragment: str | None = None, status: int = 200, /, **context: object) -> Response:
    """Render ``fragment`` for an htmx request (when given), ``page`` otherwise.

    The parameters are positional-only so that templates may use any context name, even
    ``fragment`` or ``status``.
    """
    template = fragment if fragment is not None and is_htmx() else page
    return current_app.make_response((render_template(template, **context), status))


def is_htmx() -> bool:
    """Whether htmx made this request (its ``HX-Request`` header), so a fragment is the answer."""
    return bool(getattr(request, "htmx", False))


def no_change() -> Response:
    """What a poll gets while nothing changed: htmx swaps nothing on 204."""
    return Response(status=204)
