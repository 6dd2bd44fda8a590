"""Themes in the room: the facilitator's board, the projector's themes view, themes on phones.

Built on the pure grouping core (``workshop.themes``): ``operations`` maps database rows to it
and back, ``queries`` reads what the pages show, ``views`` serves them, ``cli`` gives hosts the
``themes`` commands. ``init_app`` wires the parts that are not blueprints: the host commands,
the link on the facilitator's workshop page and the template helper that phones use.
"""

from __future__ import annotations

from flask import Flask, url_for

from workshop import links
from workshop.board.operations import VOTES_PER_PARTICIPANT
from workshop.board.queries import PhoneBoard, phone_board_of
from workshop.models import Participant, Workshop


def _links(workshop: Workshop) -> list[links.Link]:
    return [
        links.Link("Themes board", url_for("board.board", code=workshop.code)),
        links.Link("Themes on the projector", url_for("board.wall_themes", code=workshop.code)),
    ]


def phone_board(workshop: Workshop, participant: Participant | None) -> PhoneBoard | None:
    """What a phone shows of the themes: nothing until the facilitator shares them."""
    if not workshop.themes_shared:
        return None
    return phone_board_of(workshop, participant, votes_per_participant=VOTES_PER_PARTICIPANT)


def init_app(app: Flask) -> None:
    from workshop.board.cli import themes_cli

    app.cli.add_command(themes_cli)
    links.register(app, _links)
    app.jinja_env.globals["phone_board"] = phone_board
