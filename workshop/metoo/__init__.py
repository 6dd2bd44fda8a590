""" "Me too" on statements (issue 16): the rules (``operations``), the phone's routes (``views``, ``forms``).

``init_app`` gives the templates what they show: ``me_too_counts(workshop)`` for the wall, the
board and the moderation view (only counts; empty while the workshop does not use "Me too") and
``others_page(workshop, participant)`` for a phone's list of the others' statements.
"""

from __future__ import annotations

from flask import Flask

from workshop.metoo.operations import counts, others_page


def init_app(app: Flask) -> None:
    app.jinja_env.globals["me_too_counts"] = counts
    app.jinja_env.globals["others_page"] = others_page
