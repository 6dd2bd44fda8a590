"""Downloads of the Word documents and data: thin views over ``exports.documents``."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, abort, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required
from sqlalchemy import select

from exports import documents
from workshop import links
from workshop.extensions import db
from workshop.facilitate.views import owned_workshop
from workshop.models import Participant, Workshop

bp = Blueprint("exports", __name__, template_folder="templates")


def _send(download: documents.Download) -> Response:
    return Response(
        download.content,
        mimetype=download.mimetype,
        headers={"Content-Disposition": f'attachment; filename="{download.filename}"'},
    )


@bp.get("/facilitate/w/<code>/downloads")
@login_required
def downloads(code: str) -> ResponseReturnValue:
    """The facilitator's downloads page: every document of the workshop, and all of them as a ZIP."""
    workshop = owned_workshop(code)
    return render_template("exports/downloads.html", workshop=workshop)


@bp.get("/facilitate/w/<code>/downloads/<kind>")
@login_required
def workshop_download(code: str, kind: str) -> ResponseReturnValue:
    """One export of the workshop (report, plans, story template, spreadsheet, everything)."""
    workshop = owned_workshop(code)
    build = documents.WORKSHOP_EXPORTS.get(kind)
    if build is None:
        abort(404)
    return _send(build(workshop))


@bp.get("/mine/<token>/<kind>.docx")
def personal_download(token: str, kind: str) -> ResponseReturnValue:
    """A participant's own plan or template, from their private link (no account)."""
    participant = db.session.scalar(select(Participant).where(Participant.token == token))
    if participant is None or kind not in documents.PERSONAL_KINDS:
        abort(404, description="That private link is not valid any more. The workshop may have been deleted.")
    return _send(documents.personal(participant, kind))


def _facilitator_links(workshop: Workshop) -> list[links.Link]:
    return [links.Link("Word documents and downloads", url_for("exports.downloads", code=workshop.code))]


def _participant_links(participant: Participant) -> list[links.Link]:
    return [
        links.Link(
            "My SMART action plan (Word)",
            url_for("exports.personal_download", token=participant.token, kind="smart-plan"),
        ),
        links.Link(
            "My five-step impact plan (Word)",
            url_for("exports.personal_download", token=participant.token, kind="impact-plan"),
        ),
        links.Link(
            "Impact story template (Word)",
            url_for("exports.personal_download", token=participant.token, kind="story-template"),
        ),
    ]


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    links.register(app, _facilitator_links)
    links.register_participant(app, _participant_links)
    from exports.cli import export_cli

    app.cli.add_command(export_cli)
