"""The facilitator's series pages: their series, and one series with its workshops and themes.

Views are thin: parse a form, call one operation, commit once, then answer with the page or,
for htmx, the board fragment of the same URL. A series is its owner's: anyone else gets 404, as
for a workshop. The theme edits take the workshop board's forms and give the same messages.

Who may do what is said in one argument to ``owned_series`` (``workshop.access``), as for a
workshop: a moderator sees the page and its documents, a co-facilitator edits the series and its
list of workshops (the default), the owner alone deletes it and manages its people.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from workshop import operations as workshop_operations
from workshop import team
from workshop.access import my_role, my_series_role, owned_series
from workshop.board.forms import GroupForm, MergeForm, MoveForm, NewThemeForm, RenameForm
from workshop.extensions import db
from workshop.forms import ActionForm, first_error
from workshop.models import Series, SeriesTheme, Statement, Workshop, WorkshopRole
from workshop.operations import RuleBroken
from workshop.rendering import is_htmx, page_or_fragment
from workshop.series import operations
from workshop.series.forms import (
    AddWorkshopsForm,
    DeleteSeriesForm,
    FeatureForm,
    NewSeriesForm,
    RenameSeriesForm,
    SeriesKeyMessagesForm,
    SeriesShareForm,
)
from workshop.series.queries import addable_workshops, series_board_of, series_of, workshops_for_series

bp = Blueprint("series", __name__, url_prefix="/facilitate/series")

STALE_THEME = "That theme is not in this series any more: it may have been merged or deleted. Refresh the page."
STALE_STATEMENT = "That statement is not in this series any more: it may have been hidden or deleted. Refresh the page."
NOT_YOURS_TO_ADD = (
    "You can put in a series only workshops you own or co-facilitate (and not in it already): tick one of those listed."
)


@bp.before_request
@login_required
def _signed_in() -> None:
    """Series pages are the facilitator's: they need a signed-in owner."""


def _workshop_choices(form: NewSeriesForm | AddWorkshopsForm, candidates: list[Workshop]) -> None:
    form.workshops.choices = [(w.code, f"{w.title} ({w.code})") for w in candidates]


def _chosen(form: NewSeriesForm | AddWorkshopsForm, candidates: list[Workshop]) -> list[Workshop] | None:
    """The ticked workshops, oldest first, or None with the form's error set (one not the person's to add)."""
    ticked = set(form.workshops.data or [])
    chosen = [w for w in reversed(candidates) if w.code in ticked]
    if len(chosen) != len(ticked):
        form.workshops.errors = [NOT_YOURS_TO_ADD]
        return None
    return chosen


def _new_series_form() -> NewSeriesForm:
    form = NewSeriesForm()
    _workshop_choices(form, workshops_for_series(current_user))
    return form


@bp.get("/")
def index() -> ResponseReturnValue:
    """The facilitator's series, and a form to make one of their workshops."""
    return render_template("series/index.html", summaries=series_of(current_user), form=_new_series_form())


@bp.post("/")
def create() -> ResponseReturnValue:
    form = _new_series_form()
    if form.validate_on_submit() and (workshops := _chosen(form, workshops_for_series(current_user))) is not None:
        try:
            series = workshop_operations.create_series(current_user, form.name.data or "", workshops)
        except RuleBroken as problem:
            db.session.rollback()
            form.name.errors = [str(problem)]
        else:
            db.session.commit()
            flash(f"Series “{series.name}” created with {len(workshops)} workshops.", "success")
            return redirect(url_for("series.page", series_id=series.id), code=303)
    return render_template("series/index.html", summaries=series_of(current_user), form=form), 422


def _context(series: Series, **forms: FlaskForm) -> dict[str, object]:
    """What the series page shows the signed-in person: the board, and the forms their role may use."""
    role = my_series_role(series) or WorkshopRole.MODERATOR  # never None: owned_series let them in
    add_form = forms.get("add_form") or AddWorkshopsForm(formdata=None)
    _workshop_choices(add_form, addable_workshops(series, current_user))
    return {
        "series": series,
        "board": series_board_of(series),
        "role": role,
        "can_edit": role.allows(WorkshopRole.CO_FACILITATOR),
        "openable": {w.id for w in series.workshops if my_role(w) is not None},  # linked to its own page
        "key_messages_form": forms.get("key_messages_form")
        or SeriesKeyMessagesForm(data={"key_messages": series.key_messages or ""}),
        "add_form": add_form,
        "share_form": forms.get("share_form") or SeriesShareForm(formdata=None),
    }


def _page(series: Series, *, problem: str | None = None, notice: str | None = None) -> Response:
    context = {**_context(series), "problem": problem, "notice": notice}
    return page_or_fragment("series/series.html", "series/_board.html", 422 if problem else 200, **context)


def _done(series: Series, message: str, anchor: str = "") -> ResponseReturnValue:
    db.session.commit()
    if is_htmx():
        return _page(series, notice=message)
    flash(message, "success")
    return redirect(url_for("series.page", series_id=series.id) + anchor, code=303)


def _refused(series: Series, problem: str) -> ResponseReturnValue:
    db.session.rollback()
    return _page(series, problem=problem)


def _theme_of(series: Series, theme_id: int) -> SeriesTheme:
    theme = db.session.get(SeriesTheme, theme_id)
    if theme is None or theme.series_id != series.id:
        abort(404, description=STALE_THEME)
    return theme


def _target(series: Series, value: str) -> SeriesTheme | None:
    value = value.strip()
    if value == "unsorted":
        return None
    theme = db.session.get(SeriesTheme, int(value)) if value.isdigit() and len(value) < 12 else None
    if theme is None or theme.series_id != series.id:
        raise RuleBroken(STALE_THEME)
    return theme


def _statement_of(series: Series, statement_id: int) -> Statement:
    statement = db.session.get(Statement, statement_id)
    if statement is None or not operations.in_series(series, statement):
        abort(404, description=STALE_STATEMENT)
    return statement


@bp.get("/<int:series_id>")
def page(series_id: int) -> ResponseReturnValue:
    """Every workshop with its counts, all statements, and the themes across the series."""
    return _page(owned_series(series_id, needs=WorkshopRole.MODERATOR))


@bp.post("/<int:series_id>/group")
def group(series_id: int) -> ResponseReturnValue:
    """Group all the series' statements (again), keeping the names written and the statements moved by hand."""
    series = owned_series(series_id)
    form = GroupForm()
    if not form.validate_on_submit():
        return _refused(series, first_error(form))
    first_time = not series.themes
    try:
        result = operations.group_series(
            series, total=operations.themes_wanted(series, form.size.data, form.number.data)
        )
    except RuleBroken as problem:
        return _refused(series, str(problem))
    verb = "Grouped" if first_time else "Grouped again"
    return _done(series, f"{verb}: {len(result.themes)} themes, {len(result.unsorted)} statements unsorted.")


@bp.post("/<int:series_id>/new")
def add_theme(series_id: int) -> ResponseReturnValue:
    series = owned_series(series_id)
    form = NewThemeForm()
    if not form.validate_on_submit():
        return _refused(series, first_error(form))
    try:
        theme = operations.new_theme(series, form.label.data or "")
    except RuleBroken as problem:
        return _refused(series, str(problem))
    return _done(series, f"New theme “{theme.label}”: move statements into it.", f"#theme-{theme.id}")


@bp.post("/<int:series_id>/t/<int:theme_id>/rename")
def rename(series_id: int, theme_id: int) -> ResponseReturnValue:
    """Rename a series theme; the workshops' own themes keep their names."""
    series = owned_series(series_id)
    theme = _theme_of(series, theme_id)
    form = RenameForm()
    if not form.validate_on_submit():
        return _refused(series, first_error(form))
    try:
        operations.rename_theme(theme, form.label.data or "")
    except RuleBroken as problem:
        return _refused(series, str(problem))
    return _done(series, f"Theme renamed “{theme.label}”.", f"#theme-{theme.id}")


@bp.get("/<int:series_id>/s/<int:statement_id>/move")
def move_menu(series_id: int, statement_id: int) -> ResponseReturnValue:
    """Where to move one statement: loaded into its card (htmx) or as a small page."""
    series = owned_series(series_id)
    statement = _statement_of(series, statement_id)
    board = series_board_of(series)
    current = next((t.id for t in board.themes if statement in t.statements), None)
    context = {"series": series, "statement": statement, "board": board, "current": current}
    return page_or_fragment("series/move.html", "series/_move_menu.html", **context)


@bp.post("/<int:series_id>/s/<int:statement_id>/move")
def move(series_id: int, statement_id: int) -> ResponseReturnValue:
    series = owned_series(series_id)
    statement = _statement_of(series, statement_id)
    form = MoveForm()
    if not form.validate_on_submit():
        return _refused(series, first_error(form))
    try:
        target = _target(series, form.target.data or "")
        operations.move_statement(series, statement, target)
    except RuleBroken as problem:
        return _refused(series, str(problem))
    where = f"“{target.label}”" if target else "Unsorted"
    return _done(series, f"Statement moved to {where}.", f"#theme-{target.id}" if target else "#unsorted")


@bp.post("/<int:series_id>/s/<int:statement_id>/feature")
def feature(series_id: int, statement_id: int) -> ResponseReturnValue:
    """Tick or untick a statement to feature in the series report."""
    series = owned_series(series_id)
    statement = _statement_of(series, statement_id)
    form = FeatureForm()
    if not form.validate_on_submit():
        return _refused(series, first_error(form))
    featured = form.featured.data == "yes"
    try:
        operations.set_featured(series, statement, featured)
    except RuleBroken as problem:
        return _refused(series, str(problem))
    message = "Statement featured in the series report." if featured else "Statement no longer featured."
    return _done(series, message, f"#s{statement.id}")


@bp.post("/<int:series_id>/t/<int:theme_id>/merge")
def merge(series_id: int, theme_id: int) -> ResponseReturnValue:
    series = owned_series(series_id)
    theme = _theme_of(series, theme_id)
    form = MergeForm()
    if not form.validate_on_submit():
        return _refused(series, first_error(form))
    try:
        target = _target(series, form.into.data or "")
        if target is None:
            raise RuleBroken("Choose a theme to merge into. To empty a theme, delete it instead.")
        label = theme.label
        operations.merge_themes(series, theme, target)
    except RuleBroken as problem:
        return _refused(series, str(problem))
    return _done(series, f"“{label}” merged into “{target.label}”.", f"#theme-{target.id}")


@bp.post("/<int:series_id>/t/<int:theme_id>/delete")
def delete(series_id: int, theme_id: int) -> ResponseReturnValue:
    series = owned_series(series_id)
    theme = _theme_of(series, theme_id)
    form = ActionForm()
    if not form.validate_on_submit():
        return _refused(series, first_error(form))
    label = theme.label
    operations.delete_theme(series, theme)
    return _done(series, f"“{label}” deleted; its statements are in Unsorted.", "#unsorted")


@bp.post("/<int:series_id>/key-messages")
def key_messages(series_id: int) -> ResponseReturnValue:
    """Save the key messages that open the series report."""
    series = owned_series(series_id)
    form = SeriesKeyMessagesForm()
    if not form.validate_on_submit():
        db.session.rollback()
        return render_template("series/series.html", **_context(series, key_messages_form=form)), 422
    operations.set_key_messages(series, form.key_messages.data or "")
    db.session.commit()
    flash("Key messages saved: they open the series report.", "success")
    return redirect(url_for("series.page", series_id=series.id) + "#key-messages", code=303)


@bp.post("/<int:series_id>/rename")
def rename_series(series_id: int) -> ResponseReturnValue:
    """Rename the series; its workshops keep their own titles."""
    series = owned_series(series_id)
    form = RenameSeriesForm()
    if not form.validate_on_submit():
        return _refused(series, first_error(form))
    try:
        operations.rename_series(series, form.name.data or "")
    except RuleBroken as problem:
        return _refused(series, str(problem))
    return _done(series, f"Series renamed “{series.name}”.", "#series-settings")


@bp.post("/<int:series_id>/delete")
def delete_series(series_id: int) -> ResponseReturnValue:
    """Delete the series once its name or number is typed; its workshops are not touched."""
    series = owned_series(series_id, needs=WorkshopRole.OWNER)
    form = DeleteSeriesForm()
    if not form.validate_on_submit():
        return _refused(series, first_error(form))
    name = series.name
    try:
        operations.delete_series(series, form.confirm.data or "")
    except RuleBroken as problem:
        return _refused(series, str(problem))
    db.session.commit()
    flash(f"Series “{name}” deleted. Its workshops are as they were.", "success")
    return redirect(url_for("series.index"), code=303)


@bp.post("/<int:series_id>/workshops")
def add_workshops(series_id: int) -> ResponseReturnValue:
    """Add workshops the person owns or co-facilitates; their statements wait in Unsorted until grouped again."""
    series = owned_series(series_id)
    form = AddWorkshopsForm()
    _workshop_choices(form, addable_workshops(series, current_user))
    if form.validate_on_submit() and (workshops := _chosen(form, addable_workshops(series, current_user))):
        try:
            added = operations.add_workshops(series, workshops)
        except RuleBroken as problem:
            form.workshops.errors = [str(problem)]
        else:
            names = ", ".join(f"{w.title} ({w.code})" for w in added)
            count = f"{len(added)} workshop{'' if len(added) == 1 else 's'}"
            regroup = " Group again to put their statements into the series' themes." if series.themes else ""
            return _done(series, f"Added {count}: {names}.{regroup}", "#workshops-title")
    db.session.rollback()
    return render_template("series/series.html", **_context(series, add_form=form)), 422


@bp.post("/<int:series_id>/workshops/<int:workshop_id>/remove")
def remove_workshop(series_id: int, workshop_id: int) -> ResponseReturnValue:
    """Take a workshop out of the series; the workshop, its statements and its own themes stay as they are."""
    series = owned_series(series_id)
    if not ActionForm().validate_on_submit():
        abort(400, description="That button did not come from the series page: reload it and try again.")
    try:
        workshop = operations.remove_workshop(series, workshop_id)
    except RuleBroken as problem:
        db.session.rollback()
        flash(str(problem), "error")
        return redirect(url_for("series.page", series_id=series.id) + "#workshops-title", code=303)
    message = f"“{workshop.title}” ({workshop.code}) is out of the series. The workshop itself is as it was."
    return _done(series, message, "#workshops-title")


@bp.post("/<int:series_id>/people")
def share(series_id: int) -> ResponseReturnValue:
    """The owner shares the series with another facilitator account (or changes their role)."""
    series = owned_series(series_id, needs=WorkshopRole.OWNER)
    form = SeriesShareForm()
    if form.validate_on_submit():
        try:
            role = team.shared_role(form.role.data or "")
            before = team.share_series(series, form.email.data or "", role)
        except RuleBroken as problem:
            db.session.rollback()
            form.email.errors = [str(problem)]
        else:
            return _done(series, team.shared_message(form.email.data or "", role, before, "series"), "#people")
    return render_template("series/series.html", **_context(series, share_form=form)), 422


@bp.post("/<int:series_id>/people/<int:facilitator_id>/remove")
def remove_person(series_id: int, facilitator_id: int) -> ResponseReturnValue:
    """The owner takes someone off the series: from their next click it is gone from their list."""
    series = owned_series(series_id, needs=WorkshopRole.OWNER)
    if not ActionForm().validate_on_submit():
        abort(400, description="That button did not come from the series page: reload it and try again.")
    try:
        person = team.remove_from_series(series, facilitator_id)
    except RuleBroken as problem:
        db.session.rollback()
        flash(str(problem), "error")
        return redirect(url_for("series.page", series_id=series.id) + "#people", code=303)
    return _done(series, f"{person.display_name} can no longer open this series.", "#people")
