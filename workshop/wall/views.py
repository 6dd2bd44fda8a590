"""The projector wall: large type, the join QR code, counts, statements arriving live.

The wall polls ``feed`` every second with the version it shows; the answer is 204 until
something changes (see ``workshop.live``), so hundreds of idle polls cost almost nothing.

Fitting the statements to the screen is the browser's job (``static/wall.js``): it alone knows
the projector's size. It steps the type down as statements arrive, then turns pages by itself,
whatever the poll sends, so the server only says what is on the wall and how long a page stays.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import login_required

from workshop import live
from workshop.access import owned_workshop
from workshop.activities.kinds import KINDS, kind_of
from workshop.models import ActivityKind, WorkshopRole, activity_stamp
from workshop.qr import qr_svg
from workshop.rendering import is_htmx, no_change, page_or_fragment
from workshop.urls import join_url, public_url, short_address

bp = Blueprint("wall", __name__, url_prefix="/wall")


@bp.before_request
@login_required
def _signed_in() -> None:
    """The wall is the facilitators' screen: it needs a sign-in with a role on the workshop (a moderator will do)."""


def _context(code: str) -> dict[str, object]:
    workshop = owned_workshop(code, needs=WorkshopRole.MODERATOR)
    url = join_url(workshop.code)
    activity = workshop.current_activity
    kind = kind_of(activity) if activity is not None else KINDS[ActivityKind.STATEMENTS]
    return {
        "workshop": workshop,
        # The room's activity, and what its kind's partial (wall/activities/_<kind>.html) needs.
        "activity": activity,
        "wall_template": kind.wall_template,
        **(kind.wall(activity) if activity is not None else {"statements": [], "counts": live.counts(workshop)}),
        "join_url": url,
        "home_address": short_address(public_url("participate.home")),
        "qr": qr_svg(url, title=f"QR code to join: {url}"),
        "poll_seconds": current_app.config["WALL_POLL_SECONDS"],
        "page_seconds": current_app.config["WALL_PAGE_SECONDS"],
        "contrast": request.args.get("contrast") == "high",
    }


@bp.get("/<code>")
def wall(code: str) -> ResponseReturnValue:
    """The full-screen wall for the projector (``?contrast=high`` for washed-out projectors)."""
    return render_template("wall/wall.html", **_context(code))


@bp.get("/<code>/feed")
def feed(code: str) -> ResponseReturnValue:
    """The wall's live part: 204 while nothing changed, else the fresh activity (statements, results…).

    When the room moved to another activity, the whole wall is redrawn (``HX-Refresh``): its
    heading asks the new question.
    """
    workshop = owned_workshop(code, needs=WorkshopRole.MODERATOR)
    if live.unchanged(workshop, request.args.get("v")):
        return no_change()
    shown = request.args.get("a")  # the room's activity the wall shows (no "a": the feed as it is now)
    if is_htmx() and shown is not None and shown != activity_stamp(workshop.current_activity_id):
        response = no_change()
        response.status_code = 200
        response.headers["HX-Refresh"] = "true"
        return response
    return page_or_fragment("wall/wall.html", "wall/_feed.html", **_context(code))
