"""The facilitator's agenda and room: add, edit, reorder and remove activities; Next, Back, "Go to
this one"; reveal results; the phone-sized remote page.

Who may do what is stated once per view through ``owned_workshop(code, needs=...)``: the owner
and co-facilitators edit the agenda; a moderator may only move the room and reveal results.
Every button is a plain form post that answers with a redirect, so none needs JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from workshop import live, timer
from workshop.access import my_role, owned_workshop
from workshop.activities import agenda
from workshop.activities.forms import RevealForm, RoomForm
from workshop.activities.kinds import kind_named, kind_of, kinds
from workshop.activities.spec import Kind
from workshop.extensions import db
from workshop.forms import ActionForm, UpDownForm
from workshop.models import Activity, ActivityKind, Workshop, WorkshopRole
from workshop.operations import RuleBroken
from workshop.rendering import is_htmx, no_change, page_or_fragment

bp = Blueprint("agenda", __name__, url_prefix="/facilitate/w/<code>")

ACTIVITY_NOT_FOUND = "That activity is not on this workshop's agenda any more: reload the workshop page."


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every agenda page needs a signed-in facilitator (and each view a role on the workshop)."""


@dataclass(frozen=True)
class AgendaRow:
    activity: Activity
    kind: Kind
    number: int
    current: bool
    summary: str


@bp.app_template_global("agenda_rows")
def agenda_rows(workshop: Workshop) -> list[AgendaRow]:
    """The agenda as the workshop page and the remote list it: in order, the room's activity marked."""
    current = workshop.current_activity
    return [
        AgendaRow(a, kind_of(a), n, a is current, kind_of(a).summary(a)) for n, a in enumerate(workshop.activities, 1)
    ]


@bp.app_template_global("activity_kinds")
def activity_kinds(workshop: Workshop) -> list[Kind]:
    """The kinds the "Add" menu offers this workshop (statements only while it has none)."""
    present = {a.kind for a in workshop.activities}
    return [k for k in kinds().values() if not (k.one_per_workshop and k.kind in present)]


def _activity(workshop: Workshop, activity_id: int) -> Activity:
    activity = agenda.activity_of(workshop, activity_id)
    if activity is None:
        abort(404, description=ACTIVITY_NOT_FOUND)
    return activity


def _back(workshop: Workshop, where: str | None, anchor: str = "agenda") -> ResponseReturnValue:
    if where == "remote":
        return redirect(url_for("agenda.remote", code=workshop.code), code=303)
    return redirect(url_for("facilitate.workshop", code=workshop.code) + f"#{anchor}", code=303)


@bp.route("/activities/new", methods=["GET", "POST"])
def add(code: str) -> ResponseReturnValue:
    """Add an activity of the kind ``?kind=`` names (a quick poll when it names none) at the end of the agenda."""
    workshop = owned_workshop(code)
    kind = kind_named(request.args.get("kind", "poll"))
    if kind is None:
        abort(404, description="There is no activity of that kind: choose one from the workshop page.")
    form = kind.form()
    status = 200
    if form.validate_on_submit():
        settings = form.settings(None)
        if settings is not None:
            try:
                activity = agenda.add(workshop, kind.kind, form.title.data or "", form.prompt.data or "", settings)
            except RuleBroken as problem:
                db.session.rollback()
                form.prompt.errors = [str(problem)]
            else:
                db.session.commit()
                flash(f"Added to the agenda as number {agenda.position_of(workshop, activity)}.", "success")
                return _back(workshop, None, f"a{activity.id}")
    if form.errors:
        status = 422
    elif kind.one_per_workshop and any(a.kind == kind.kind for a in workshop.activities):
        form.prompt.errors = [agenda.ONE_STATEMENTS_MESSAGE]
        status = 422
    elif request.method == "GET" and kind.kind == ActivityKind.STATEMENTS:
        form.prompt.data = workshop.prompt
    return render_template("facilitate/activity.html", workshop=workshop, kind=kind, form=form, activity=None), status


@bp.route("/activities/<int:activity_id>/edit", methods=["GET", "POST"])
def edit(code: str, activity_id: int) -> ResponseReturnValue:
    workshop = owned_workshop(code)
    activity = _activity(workshop, activity_id)
    kind = kind_of(activity)
    form = kind.form()
    if request.method == "GET":
        form.fill(activity)
    elif form.validate_on_submit():
        settings = form.settings(activity)
        if settings is not None:
            agenda.edit(activity, form.title.data or "", form.prompt.data or "", settings)
            db.session.commit()
            flash("Activity saved.", "success")
            return _back(workshop, None, f"a{activity.id}")
    status = 422 if form.errors else 200
    return render_template(
        "facilitate/activity.html", workshop=workshop, kind=kind, form=form, activity=activity
    ), status


@bp.post("/activities/<int:activity_id>/move")
def move(code: str, activity_id: int) -> ResponseReturnValue:
    """One place up or down the agenda."""
    workshop = owned_workshop(code)
    activity = _activity(workshop, activity_id)
    form = UpDownForm()
    if not form.validate_on_submit():
        abort(400, description="That button did not come from the workshop page: reload it and try again.")
    if agenda.move(activity, form.direction.data or ""):
        db.session.commit()
    else:
        flash(f"It is {'first' if form.direction.data == 'up' else 'last'} on the agenda already.", "info")
    return _back(workshop, None, f"a{activity.id}")


@bp.route("/activities/<int:activity_id>/remove", methods=["GET", "POST"])
def remove(code: str, activity_id: int) -> ResponseReturnValue:
    """Take an activity off the agenda, with its answers, after a page that says what goes with it.

    The agenda's "Remove" is a link to that page, so it asks with or without JavaScript.
    """
    workshop = owned_workshop(code)
    activity = _activity(workshop, activity_id)
    if request.method == "GET":  # a POST carries its CSRF token, checked before any view runs
        return render_template(
            "facilitate/remove_activity.html",
            workshop=workshop,
            activity=activity,
            kind=kind_of(activity),
            form=ActionForm(),
            refused=agenda.removal_refused(activity),
            loses=agenda.removal_loses(activity),
            current=workshop.current_activity is activity,
        )
    title = activity.title or activity.question
    try:
        agenda.remove(activity)
    except RuleBroken as problem:
        db.session.rollback()
        flash(str(problem), "error")
    else:
        db.session.commit()
        flash(f"“{title}” is off the agenda.", "success")
    return _back(workshop, None)


@bp.post("/room")
def room(code: str) -> ResponseReturnValue:
    """Next, Back, or "Go to this one": whoever runs the room (a moderator will do)."""
    workshop = owned_workshop(code, needs=WorkshopRole.MODERATOR)
    form = RoomForm()
    if not form.validate_on_submit():
        abort(400, description="That button did not come from the workshop page: reload it and try again.")
    try:
        if form.action.data == "go":
            target = _activity(workshop, form.activity_id.data or 0)
            agenda.go_to(workshop, target)
        else:
            target = agenda.step(workshop, 1 if form.action.data == "next" else -1)
    except RuleBroken as problem:
        db.session.rollback()
        flash(str(problem), "info")
    else:
        db.session.commit()
        number = agenda.position_of(workshop, target)
        flash(
            f"The room is on {number} of {len(workshop.activities)}: {target.title or target.question}. "
            "Phones and the wall follow.",
            "success",
        )
    return _back(workshop, form.back.data)


@bp.post("/activities/<int:activity_id>/reveal")
def reveal(code: str, activity_id: int) -> ResponseReturnValue:
    """Show an activity's hidden results on the wall (or hide them again)."""
    workshop = owned_workshop(code, needs=WorkshopRole.MODERATOR)
    activity = _activity(workshop, activity_id)
    form = RevealForm()
    if not form.validate_on_submit():
        abort(400, description="That button did not come from the workshop page: reload it and try again.")
    try:
        agenda.reveal(activity, form.shown.data == "1")
    except RuleBroken as problem:
        db.session.rollback()
        flash(str(problem), "error")
    else:
        db.session.commit()
        flash("The results are on the wall." if activity.revealed else "The results are hidden again.", "success")
    return _back(workshop, form.back.data, f"a{activity.id}")


@bp.get("/remote")
def remote(code: str) -> ResponseReturnValue:
    """The phone-sized remote: the room's activity, Back and Next, reveal, the timer.

    It asks every few seconds whether anything changed (``?v=``, 204 while not), so a remote on a
    co-facilitator's phone shows the room moved by someone else.
    """
    workshop = owned_workshop(code, needs=WorkshopRole.MODERATOR)
    if is_htmx() and live.unchanged(workshop, request.args.get("v")):
        return no_change()
    current = workshop.current_activity
    context = {
        "workshop": workshop,
        "role": my_role(workshop),
        "current": current,
        "current_kind": kind_of(current) if current else None,
        "number": agenda.position_of(workshop, current),
        "total": len(workshop.activities),
        "summary": kind_of(current).summary(current) if current else "",
        "timer_presets": timer.PRESET_MINUTES,
    }
    return page_or_fragment("facilitate/remote.html", "facilitate/_remote.html", **context)
