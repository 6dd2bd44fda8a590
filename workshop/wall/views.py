"""The projector wall: large type, the join QR code, counts, statements arriving live.

The wall polls ``feed`` every second with the version it shows; the answer is 204 until
something changes (see ``workshop.live``), so hundreds of idle polls cost almost nothing.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import login_required

from workshop import live
from workshop.access import owned_workshop
from workshop.qr import qr_svg
from workshop.rendering import no_change, page_or_fragment
from workshop.urls import join_url

bp = Blueprint("wall", __name__, url_prefix="/wall")


@bp.before_request
@login_required
def _signed_in() -> None:
    """The wall is the facilitator's screen: it needs the owner's sign-in."""


def _context(code: str) -> dict[str, object]:
    workshop = owned_workshop(code)
    url = join_url(workshop.code)
    return {
        "workshop": workshop,
        "statements": live.wall_statements(workshop),
        "counts": live.counts(workshop),
        "join_url": url,
        "qr": qr_svg(url, title=f"QR code to join: {url}"),
        "poll_seconds": current_app.config["WALL_POLL_SECONDS"],
        "contrast": request.args.get("contrast") == "high",
    }


@bp.get("/<code>")
def wall(code: str) -> ResponseReturnValue:
    """The full-screen wall for the projector (``?contrast=high`` for washed-out projectors)."""
    return render_template("wall/wall.html", **_context(code))


@bp.get("/<code>/feed")
def feed(code: str) -> ResponseReturnValue:
    """The wall's live part: 204 while nothing changed, else the fresh statements and counts."""
    workshop = owned_workshop(code)
    if live.unchanged(workshop, request.args.get("v")):
        return no_change()
    return page_or_fragment("wall/wall.html", "wall/_feed.html", **_context(code))
