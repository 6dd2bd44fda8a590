"""Downloads of the Word documents and data: thin views over ``exports.documents``."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Flask, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from exports import catalogue, documents
from exports.builders.evidence import follow_up_summary
from exports.builders.writeup import (
    WriteUpChoice,
    default_introduction,
    default_series_introduction,
    personal_data_warnings,
    series_as_workshop,
    shareable_statements,
    write_up,
)
from exports.data import WorkshopData
from exports.forms import KeyMessagesForm, WriteUpForm
from exports.snapshot import evidence_data, heading_data, series_data, workshop_data
from workshop import links
from workshop.access import owned_series, owned_workshop, participant_by_token, workshop_by_code
from workshop.downloads import send_download
from workshop.extensions import db
from workshop.models import Participant, Series, Workshop, WorkshopRole

bp = Blueprint(
    "exports", __name__, template_folder="templates", static_folder="static", static_url_path="/exports-static"
)


NO_STORY = "There is no follow-up answer with that number whose author agreed to be quoted."


def _send(download: documents.Download) -> Response:
    return send_download(download.content, download.mimetype, download.filename)


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


def _templates() -> tuple[catalogue.Template, ...]:
    return catalogue.installed(current_app.extensions)


def _template_or_404(slug: str) -> catalogue.Template:
    for template in _templates():
        if template.slug == slug:
            return template
    abort(404, description="There is no template with that name. The templates page lists them all.")


def _send_file(file: catalogue.TemplateFile) -> Response:
    return _send(documents.Download(file.filename, file.mimetype, file.content))


def _templates_page(workshop: Workshop | None) -> ResponseReturnValue:
    can_design = current_user.is_authenticated and "surveys.from_starter" in current_app.view_functions
    return render_template("exports/templates.html", templates=_templates(), workshop=workshop, can_design=can_design)


@bp.get("/templates")
def templates() -> ResponseReturnValue:
    """Every Word template, blank, for anyone: no account, no workshop needed."""
    return _templates_page(None)


@bp.get("/j/<code>/templates")
def workshop_templates(code: str) -> ResponseReturnValue:
    """The same templates headed with the workshop's title, date, venue and facilitator."""
    return _templates_page(workshop_by_code(code))


@bp.get("/templates/<slug>.<any(docx, zip):extension>")
def template_file(slug: str, extension: str) -> ResponseReturnValue:
    """One blank template, as Word or alone in a ZIP; ``all.zip`` is every template."""
    if slug == "all" and extension == "zip":
        return _send_file(catalogue.everything(_templates(), None))
    template = _template_or_404(slug)
    return _send_file(catalogue.one(template, None) if extension == "docx" else catalogue.one_zip(template, None))


@bp.get("/j/<code>/templates/<slug>.<any(docx, zip):extension>")
def workshop_template_file(code: str, slug: str, extension: str) -> ResponseReturnValue:
    """One template headed with the workshop, or all of them (``all.zip``)."""
    heading = heading_data(workshop_by_code(code))
    if slug == "all" and extension == "zip":
        return _send_file(catalogue.everything(_templates(), heading))
    template = _template_or_404(slug)
    return _send_file(catalogue.one(template, heading) if extension == "docx" else catalogue.one_zip(template, heading))


@bp.route("/facilitate/w/<code>/write-up", methods=["GET", "POST"])
@login_required
def write_up_page(code: str) -> ResponseReturnValue:
    """ "Share the actions": a draft write-up of the consented statements; personal data warned of first."""
    workshop = owned_workshop(code)
    back = url_for("facilitate.workshop", code=workshop.code)
    page = {"eyebrow": f"Workshop {workshop.code}", "subject": workshop.title, "back": back}
    if not workshop.is_over:
        return render_template("exports/write_up.html", ready=False, **page)
    snapshot = workshop_data(workshop)
    return _write_up_form(
        snapshot,
        default_introduction(snapshot),
        lambda fmt, choice: documents.write_up_of(snapshot, fmt, choice),
        url_for("exports.write_up_page", code=workshop.code),
        page,
    )


@bp.route("/facilitate/series/<int:series_id>/write-up", methods=["GET", "POST"])
@login_required
def series_write_up_page(series_id: int) -> ResponseReturnValue:
    """The write-up of a whole series: every workshop's consented statements, by the series' themes."""
    series = owned_series(series_id, needs=WorkshopRole.MODERATOR)
    back = url_for("series.page", series_id=series.id)
    page = {"eyebrow": f"Series {series.id}: {series.name}", "subject": series.name, "back": back}
    still_open = [w for w in series.workshops if not w.is_over]
    if still_open or not series.workshops:
        return render_template("exports/write_up.html", ready=False, still_open=still_open, **page)
    snapshot = series_data(series)
    return _write_up_form(
        series_as_workshop(snapshot),
        default_series_introduction(snapshot),
        lambda fmt, choice: documents.series_write_up_of(snapshot, fmt, choice),
        url_for("exports.series_write_up_page", series_id=series.id),
        page,
    )


def _write_up_form(
    snapshot: WorkshopData,
    introduction: str,
    download: Callable[[str, WriteUpChoice], documents.Download],
    action: str,
    page: dict[str, str],
) -> ResponseReturnValue:
    """The write-up's choices (a workshop's or a series'), then the download once the check is seen."""
    shareable = shareable_statements(snapshot)
    form = WriteUpForm()
    form.statements.choices = [(s.id, s.text) for s in shareable]
    if request.method == "GET":
        form.introduction.data = introduction
        form.statements.data = [s.id for s in shareable]
        form.by_theme.data = bool(snapshot.themes)
    warnings: tuple[object, ...] = ()
    status = 200
    if form.validate_on_submit():
        choice = WriteUpChoice(
            form.introduction.data or "", tuple(form.statements.data or ()), bool(form.by_theme.data)
        )
        warnings = personal_data_warnings(write_up(snapshot, choice))
        if not warnings or form.checked.data:
            return _send(download(form.fmt.data or "md", choice))
    elif request.method == "POST":
        status = 422
    context = {"ready": True, "form": form, "warnings": warnings, "shareable": shareable, "action": action, **page}
    return render_template("exports/write_up.html", **context), status


@bp.get("/facilitate/w/<code>/what-happened-next")
@login_required
def what_happened_next(code: str) -> ResponseReturnValue:
    """The follow-up summarised: commitments made, followed up, done; consented quotes; stories to write."""
    workshop = owned_workshop(code)
    evidence = evidence_data([workshop])
    return render_template(
        "exports/what_happened_next.html",
        workshop=workshop,
        series=None,
        summary=follow_up_summary(evidence, workshop.title),
    )


@bp.get("/facilitate/series/<int:series_id>/what-happened-next")
@login_required
def series_what_happened_next(series_id: int) -> ResponseReturnValue:
    """The same summary for a whole series: a row per workshop and the total, every workshop's quotes and stories."""
    series = owned_series(series_id, needs=WorkshopRole.MODERATOR)
    summary = follow_up_summary(evidence_data(series.workshops), "All workshops")
    return render_template("exports/what_happened_next.html", workshop=None, series=series, summary=summary)


@bp.get("/facilitate/series/<int:series_id>/what-happened-next/story-<int:answer_id>.docx")
@login_required
def series_follow_up_story(series_id: int, answer_id: int) -> ResponseReturnValue:
    """A story prefilled from one consented follow-up answer to any of the series' workshops."""
    download = documents.follow_up_story(owned_series(series_id, needs=WorkshopRole.MODERATOR).workshops, answer_id)
    if download is None:
        abort(404, description=NO_STORY)
    return _send(download)


@bp.get("/facilitate/series/<int:series_id>/evidence.<any(docx, xlsx):extension>")
@login_required
def series_evidence(series_id: int, extension: str) -> ResponseReturnValue:
    """The series' evidence pack in Word, or its data as XLSX (the same builders as `export evidence`)."""
    series = owned_series(series_id, needs=WorkshopRole.MODERATOR)
    if not series.workshops:
        abort(404, description="This series has no workshops yet: add some before downloading its evidence pack.")
    build = documents.evidence_pack if extension == "docx" else documents.evidence_spreadsheet
    return _send(build(series.workshops, series.name))


@bp.get("/facilitate/w/<code>/what-happened-next/story-<int:answer_id>.docx")
@login_required
def follow_up_story(code: str, answer_id: int) -> ResponseReturnValue:
    """A story (case study) prefilled from one follow-up answer, only if its author agreed to be quoted."""
    download = documents.follow_up_story([owned_workshop(code)], answer_id)
    if download is None:
        abort(404, description=NO_STORY)
    return _send(download)


def _facilitator_links(workshop: Workshop) -> list[links.Link]:
    found = [links.Link("Word documents and downloads", url_for("exports.downloads", code=workshop.code))]
    if workshop.is_over:
        found.append(
            links.Link(
                "Share the actions (blog or newsletter write-up)", url_for("exports.write_up_page", code=workshop.code)
            )
        )
        found.append(
            links.Link(
                "What happened next: follow-up summary, stories and evidence pack",
                url_for("exports.what_happened_next", code=workshop.code),
            )
        )
    return found


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
        links.Link(
            "More templates, blank, for you or a colleague (Word)",
            url_for("exports.workshop_templates", code=participant.workshop.code),
        ),
    ]


@bp.get("/facilitate/series/<int:series_id>/report.docx")
@login_required
def series_report(series_id: int) -> ResponseReturnValue:
    """The series report in Word, from the series page."""
    return _send(documents.series_report(owned_series(series_id, needs=WorkshopRole.MODERATOR)))


def _series_links(series: Series) -> list[links.Link]:
    found = [
        links.Link("Series report (Word)", url_for("exports.series_report", series_id=series.id)),
        links.Link(
            "Share the actions (blog or newsletter write-up)",
            url_for("exports.series_write_up_page", series_id=series.id),
        ),
        links.Link(
            "What happened next: follow-up summary and stories",
            url_for("exports.series_what_happened_next", series_id=series.id),
        ),
    ]
    if series.workshops:  # an empty series has no evidence to pack
        for label, extension in (("Evidence pack (Word)", "docx"), ("Evidence data (XLSX)", "xlsx")):
            found.append(
                links.Link(label, url_for("exports.series_evidence", series_id=series.id, extension=extension))
            )
    return found


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals["new_key_messages_form"] = new_key_messages_form
    links.register(app, _facilitator_links)
    links.register_participant(app, _participant_links)
    links.register_series(app, _series_links)
    from exports.cli import export_cli

    # Other domains add their own `export` subcommands (surveys: `export survey`) without exports importing them.
    for command in app.extensions.get("export_commands", ()):
        export_cli.add_command(command)
    app.cli.add_command(export_cli)
