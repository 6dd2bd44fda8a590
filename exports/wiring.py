"""How the exports join the app: the download blueprint, the shareable cards and their host commands."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    import exports.sharing
    import exports.views

    exports.views.init_app(app)
    exports.sharing.init_app(app)
