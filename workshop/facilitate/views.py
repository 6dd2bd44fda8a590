"""The facilitator's pages: dashboard, workshop set-up and lifecycle, moderation, join sheet, data.

Every page here needs a signed-in facilitator, and every workshop page a role on the workshop
(``workshop.access.owned_workshop``): a facilitator with none gets 404, as if the workshop did not
exist; a co-facilitator may do everything except delete it and manage its people; a moderator
may only moderate its statements (and show the wall).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from sqlalchemy import select

from workshop import live, operations, records, team, timer
from workshop.access import my_role, owned_workshop
from workshop.common.datafiles import to_csv, to_json
from workshop.common.mime import MIME_CSV, MIME_JSON, MIME_PNG
from workshop.common.naming import download_name
from workshop.downloads import send_download
from workshop.extensions import db
from workshop.facilitate.forms import (
    EditTextForm,
    JoiningForm,
    ModerateForm,
    ShareForm,
    StateForm,
    TimerForm,
    WorkshopForm,
)
from workshop.forms import ActionForm, ConfirmByCodeForm
from workshop.models import Statement, Workshop, WorkshopMember, WorkshopRole, WorkshopState
from workshop.qr import qr_png, qr_svg
from workshop.rendering import is_htmx, no_change, page_or_fragment
from workshop.urls import join_url

bp = Blueprint("facilitate", __name__, url_prefix="/facilitate")


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every facilitator page needs a signed-in facilitator."""


@bp.get("/")
def dashboard() -> ResponseReturnValue:
    """The facilitator's workshops, their own and those shared with them (with their role), live ones first."""
    rows = db.session.execute(
        select(Workshop, WorkshopMember.role)
        .outerjoin(
            WorkshopMember,
            (WorkshopMember.workshop_id == Workshop.id) & (WorkshopMember.facilitator_id == current_user.id),
        )
        .where((Workshop.facilitator_id == current_user.id) | (WorkshopMember.facilitator_id == current_user.id))
        .order_by(Workshop.created_at.desc(), Workshop.id.desc())
    ).all()
    order = [WorkshopState.OPEN, WorkshopState.DRAFT, WorkshopState.CLOSED, WorkshopState.ARCHIVED]
    grouped = {state: [(w, role) for w, role in rows if w.state == state] for state in order}
    return render_template("facilitate/dashboard.html", grouped=grouped, action_form=ActionForm())


@bp.route("/new", methods=["GET", "POST"])
def create() -> ResponseReturnValue:
    form = WorkshopForm()
    if form.validate_on_submit():
        workshop = operations.create_workshop(current_user, form.settings())
        db.session.commit()
        flash("Workshop created. Open it when the room is ready.", "success")
        return redirect(url_for("facilitate.workshop", code=workshop.code))
    return render_template("facilitate/edit.html", form=form, workshop=None), 422 if form.errors else 200


@bp.route("/w/<code>/settings", methods=["GET", "POST"])
def settings(code: str) -> ResponseReturnValue:
    workshop = owned_workshop(code)
    form = WorkshopForm(obj=workshop if request.method == "GET" else None)
    if form.validate_on_submit():
        operations.apply_settings(workshop, form.settings())
        db.session.commit()
        flash("Settings saved.", "success")
        return redirect(url_for("facilitate.workshop", code=workshop.code))
    return render_template("facilitate/edit.html", form=form, workshop=workshop), 422 if form.errors else 200


def _workshop_context(workshop: Workshop, share_form: ShareForm | None = None) -> dict[str, object]:
    return {
        "workshop": workshop,
        "role": my_role(workshop),
        "statements": live.all_statements(workshop),
        "changes": live.changes_of(workshop),
        "counts": live.counts(workshop),
        "moderate_form": ModerateForm(),
        "action_form": ActionForm(),
        "share_form": share_form or ShareForm(formdata=None),
        "join_url": join_url(workshop.code),
        "new_phones": live.new_phones(workshop),
        "timer_presets": timer.PRESET_MINUTES,
        "timer_bounds": (timer.MIN_MINUTES, timer.MAX_MINUTES),
    }


@bp.get("/w/<code>")
def workshop(code: str) -> ResponseReturnValue:
    """The facilitator's control room: lifecycle, moderation of the live statements, downloads, people.

    A moderator sees the moderation and the wall's link only; the owner also sees the People section.
    """
    workshop = owned_workshop(code, needs=WorkshopRole.MODERATOR)
    return render_template("facilitate/workshop.html", **_workshop_context(workshop))


@bp.get("/w/<code>/feed")
def feed(code: str) -> ResponseReturnValue:
    """The moderation list, re-sent only when something changed (204 otherwise)."""
    workshop = owned_workshop(code, needs=WorkshopRole.MODERATOR)
    if live.unchanged(workshop, request.args.get("v")):
        return no_change()
    return page_or_fragment("facilitate/workshop.html", "facilitate/_moderation.html", **_workshop_context(workshop))


@bp.post("/w/<code>/state")
def change_state(code: str) -> ResponseReturnValue:
    """Open, close, reopen, archive: one click each."""
    workshop = owned_workshop(code)
    form = StateForm()
    if form.validate_on_submit():
        try:
            operations.change_state(workshop, WorkshopState(form.state.data or ""))
        except (ValueError, operations.RuleBroken) as problem:
            db.session.rollback()
            flash(str(problem), "error")
        else:
            db.session.commit()
            flash(f"The workshop is now {workshop.state.value}.", "success")
    dashboard = url_for("facilitate.dashboard")
    return redirect(
        dashboard if request.form.get("back") == dashboard else url_for("facilitate.workshop", code=workshop.code)
    )


@bp.post("/w/<code>/timer")
def run_timer(code: str) -> ResponseReturnValue:
    """Start, extend or stop the room's countdown: whoever runs the room (a moderator will do);
    asking it to close submissions when time is up needs a role that may close them."""
    form = TimerForm()
    closes = form.action.data == "start" and bool(form.closes.data)
    workshop = owned_workshop(code, needs=WorkshopRole.CO_FACILITATOR if closes else WorkshopRole.MODERATOR)
    if not form.validate_on_submit():
        abort(400, description="That timer button did not come from the workshop page: reload it and try again.")
    try:
        if form.action.data == "stop":
            timer.stop(workshop)
            message = "The timer is stopped."
        else:
            minutes = timer.parse_minutes(form.minutes.data)
            if form.action.data == "start":
                timer.start(workshop, minutes, closes)
                message = f"The timer is running: {minutes} minute{'' if minutes == 1 else 's'}."
            else:
                timer.extend(workshop, minutes)
                message = f"The timer has {minutes} more minute{'' if minutes == 1 else 's'}."
    except operations.RuleBroken as problem:
        db.session.rollback()
        flash(str(problem), "error")
    else:
        db.session.commit()
        flash(message, "success")
    if request.form.get("back") == "remote":  # the phone-sized remote has the timer's buttons too
        return redirect(url_for("agenda.remote", code=workshop.code))
    return redirect(url_for("facilitate.workshop", code=workshop.code) + "#timer")


@bp.post("/w/<code>/joining")
def joining(code: str) -> ResponseReturnValue:
    """Lock or unlock joining: phones that joined carry on, new phones are refused while locked."""
    workshop = owned_workshop(code)
    form = JoiningForm()
    if not form.validate_on_submit():
        abort(400, description="That switch did not come from the workshop page: reload it and try again.")
    operations.set_joining_locked(workshop, form.locked.data == "1")
    db.session.commit()
    flash(
        "Joining is locked: phones that have joined carry on, new phones are refused."
        if workshop.joining_locked
        else "Joining is open again: new phones can join.",
        "success",
    )
    return redirect(url_for("facilitate.workshop", code=workshop.code))


@bp.post("/w/<code>/duplicate")
def duplicate(code: str) -> ResponseReturnValue:
    workshop = owned_workshop(code)
    if ActionForm().validate_on_submit():
        copy = operations.duplicate_workshop(workshop, current_user)
        db.session.commit()
        flash("A copy has been made as a draft: check its date and details.", "success")
        return redirect(url_for("facilitate.settings", code=copy.code))
    abort(400)


@bp.route("/w/<code>/delete", methods=["GET", "POST"])
def delete(code: str) -> ResponseReturnValue:
    """Delete a workshop and all its data, after typing its code to confirm (its owner only)."""
    workshop = owned_workshop(code, needs=WorkshopRole.OWNER)
    form = ConfirmByCodeForm(workshop.code, "workshop")
    if form.confirmed():
        title = workshop.title
        operations.delete_workshop(workshop)
        db.session.commit()
        flash(f"“{title}” and all its statements have been deleted.", "success")
        return redirect(url_for("facilitate.dashboard"))
    return render_template("facilitate/delete.html", workshop=workshop, form=form), form.status


def _statement_of(workshop: Workshop, statement_id: int) -> Statement:
    statement = db.session.get(Statement, statement_id)
    if statement is None or statement.workshop_id != workshop.id:
        abort(404)
    return statement


@bp.post("/w/<code>/s/<int:statement_id>/moderate")
def moderate(code: str, statement_id: int) -> ResponseReturnValue:
    """Hide, unhide, approve, pin, unpin or delete a statement (recorded with who did it)."""
    workshop = owned_workshop(code, needs=WorkshopRole.MODERATOR)
    statement = _statement_of(workshop, statement_id)
    form = ModerateForm()
    if form.validate_on_submit():
        operations.moderate(statement, form.action.data, by=current_user)
        db.session.commit()
    else:
        flash("That action could not be done: refresh the page and try again.", "error")
    if is_htmx():
        return page_or_fragment(
            "facilitate/workshop.html", "facilitate/_moderation.html", **_workshop_context(workshop)
        )
    return redirect(url_for("facilitate.workshop", code=workshop.code) + f"#s{statement_id}")


@bp.route("/w/<code>/s/<int:statement_id>/edit", methods=["GET", "POST"])
def edit_statement(code: str, statement_id: int) -> ResponseReturnValue:
    """Correct a typo in a participant's statement (recorded with who did it)."""
    workshop = owned_workshop(code, needs=WorkshopRole.MODERATOR)
    statement = _statement_of(workshop, statement_id)
    form = EditTextForm(obj=statement if request.method == "GET" else None)
    if form.validate_on_submit():
        operations.edit_by_facilitator(statement, form.text.data or "", by=current_user)
        db.session.commit()
        flash("Statement corrected.", "success")
        return redirect(url_for("facilitate.workshop", code=workshop.code) + f"#s{statement_id}")
    return render_template(
        "facilitate/edit_statement.html", workshop=workshop, statement=statement, form=form
    ), 422 if form.errors else 200


@bp.post("/w/<code>/people")
def share(code: str) -> ResponseReturnValue:
    """The owner shares the workshop with another facilitator account (or changes their role)."""
    workshop = owned_workshop(code, needs=WorkshopRole.OWNER)
    form = ShareForm()
    if form.validate_on_submit():
        try:
            role = team.shared_role(form.role.data or "")
            before = team.share(workshop, form.email.data or "", role)
        except operations.RuleBroken as problem:
            db.session.rollback()
            form.email.errors = [str(problem)]
        else:
            db.session.commit()
            flash(team.shared_message(form.email.data or "", role, before, "workshop"), "success")
            return redirect(url_for("facilitate.workshop", code=workshop.code) + "#people", code=303)
    return render_template("facilitate/workshop.html", **_workshop_context(workshop, share_form=form)), 422


@bp.post("/w/<code>/people/<int:facilitator_id>/remove")
def remove_person(code: str, facilitator_id: int) -> ResponseReturnValue:
    """The owner takes someone off the workshop: from their next click it is gone from their list."""
    workshop = owned_workshop(code, needs=WorkshopRole.OWNER)
    if not ActionForm().validate_on_submit():
        abort(400, description="That button did not come from the workshop page: reload it and try again.")
    try:
        person = team.remove(workshop, facilitator_id)
    except operations.RuleBroken as problem:
        db.session.rollback()
        flash(str(problem), "error")
    else:
        db.session.commit()
        flash(f"{person.display_name} can no longer open this workshop.", "success")
    return redirect(url_for("facilitate.workshop", code=workshop.code) + "#people", code=303)


@bp.get("/w/<code>/join-sheet")
def join_sheet(code: str) -> ResponseReturnValue:
    """A printable A4 sheet: the QR code, the code and the join URL."""
    workshop = owned_workshop(code)
    url = join_url(workshop.code)
    return render_template(
        "facilitate/join_sheet.html", workshop=workshop, join_url=url, qr=qr_svg(url, title=f"QR code to join: {url}")
    )


@bp.get("/w/<code>/qr.png")
def qr_image(code: str) -> ResponseReturnValue:
    """The join QR code as a PNG, for slides and printed material."""
    workshop = owned_workshop(code)
    return send_download(qr_png(join_url(workshop.code)), MIME_PNG, f"join-{workshop.code}.png")


def _download_name(workshop: Workshop, extension: str) -> str:
    return download_name(workshop.title, workshop.date, "statements", extension)


@bp.get("/w/<code>/statements.csv")
def statements_csv(code: str) -> ResponseReturnValue:
    workshop = owned_workshop(code)
    return send_download(
        to_csv(records.STATEMENT_COLUMNS, records.statement_rows(workshop)), MIME_CSV, _download_name(workshop, "csv")
    )


@bp.get("/w/<code>/statements.json")
def statements_json(code: str) -> ResponseReturnValue:
    workshop = owned_workshop(code)
    document = records.statements_document(workshop)
    return send_download(to_json(document), MIME_JSON, _download_name(workshop, "json"))
