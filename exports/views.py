"""Downloads of the Word documents and data: thin views over ``exports.documents``."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from exports import documents
from exports.forms import KeyMessagesForm
from workshop import links
from workshop.access import owned_workshop, participant_by_token
from workshop.extensions import db
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


def new_key_messages_form(workshop: Workshop) -> KeyMessagesForm:
    """The key messages form filled with what the facilitator wrote last (used by two pages)."""
    return KeyMessagesForm(data={"key_messages": workshop.key_messages or ""})


@bp.post("/facilitate/w/<code>/key-messages")
@login_required
def key_messages(code: str) -> ResponseReturnValue:
    """Save the "Key messages and next steps" that open the session report."""
    workshop = owned_workshop(code)
    back = "workshop" if request.args.get("back") == "workshop" else "downloads"
    form = KeyMessagesForm()
    if not form.validate_on_submit():
        template = "exports/downloads.html"
        return render_template(template, workshop=workshop, key_messages_form=form), 422
    workshop.key_messages = form.key_messages.data or ""
    db.session.commit()
    flash("Key messages saved: they open the session report.", "success")
    if back == "workshop":
        return redirect(url_for("facilitate.workshop", code=workshop.code))
    return redirect(url_for("exports.downloads", code=workshop.code))


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
    participant = participant_by_token(token)
    if kind not in documents.PERSONAL_KINDS:
        abort(404)
    return _send(documents.personal(participant, kind))


@bp.get("/mine/<token>/pack.zip")
def personal_pack(token: str) -> ResponseReturnValue:
    """Everything a participant takes home in one tap: SMART plan, five-step plan, reminder (ZIP)."""
    participant = participant_by_token(token)
    return _send(documents.personal_pack(participant))


def _facilitator_links(workshop: Workshop) -> list[links.Link]:
    return [links.Link("Word documents and downloads", url_for("exports.downloads", code=workshop.code))]


def _participant_links(participant: Participant) -> list[links.Link]:
    return [
        links.Link(
            "Download my pack",
            url_for("exports.personal_pack", token=participant.token),
            primary=True,
            hint="One ZIP file: your SMART action plan and five-step impact plan (Word) and a calendar reminder.",
        ),
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
    app.jinja_env.globals["new_key_messages_form"] = new_key_messages_form
    links.register(app, _facilitator_links)
    links.register_participant(app, _participant_links)
    from exports.cli import export_cli

    # Other domains add their own `export` subcommands (surveys: `export survey`) without exports importing them.
    for command in app.extensions.get("export_commands", ()):
        export_cli.add_command(command)
    app.cli.add_command(export_cli)
