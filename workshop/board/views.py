"""The themes board (facilitator), the themes view of the projector wall, and themes on phones.

Views are thin: parse a form, call one operation, commit once, then answer with the whole page
or, for htmx, the fragment of the same URL (``Vary: HX-Request``). Without JavaScript every form
posts and redirects back; a problem comes back with status 422 and a message saying what to do.
The projector and the phones poll with the workshop's version and get 204 while nothing changed.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import login_required
from flask_wtf import FlaskForm

from workshop import live
from workshop.access import owned_workshop, workshop_by_code
from workshop.board import operations
from workshop.board.forms import (
    GroupForm,
    LockForm,
    MergeForm,
    MoveForm,
    NewThemeForm,
    RenameForm,
    SplitForm,
    SwitchForm,
    VoteForm,
)
from workshop.board.operations import RuleBroken
from workshop.board.queries import board_of, theme_statements
from workshop.edge import phone_poll_seconds
from workshop.extensions import db
from workshop.forms import ActionForm, UpDownForm, first_error
from workshop.identity import join, participant_for
from workshop.models import Statement, Theme, Workshop, WorkshopRole
from workshop.operations import JoiningRefused
from workshop.ratelimits import limiter
from workshop.rendering import is_htmx, no_change, page_or_fragment
from workshop.urls import public_url, short_address

bp = Blueprint("board", __name__)
phone_bp = Blueprint("board_phone", __name__)

BOARD = "/facilitate/w/<code>/themes"
STALE_THEME = "That theme is not on this board any more: it may have been merged or deleted. Refresh the board."
STALE_STATEMENT = "That statement is not on this board any more: it may have been hidden or deleted. Refresh the board."


@bp.before_request
@login_required
def _signed_in() -> None:
    """The board and the projector's themes view are the facilitators': they need a sign-in (and a role, see access)."""


# --- The facilitator's board -------------------------------------------------------------------


def _board_response(workshop: Workshop, *, problem: str | None = None, notice: str | None = None) -> Response:
    context = {
        "workshop": workshop,
        "board": board_of(workshop),
        "problem": problem,
        "notice": notice,
        "group_form": GroupForm(formdata=None),
    }
    return page_or_fragment("board/board.html", "board/_board.html", 422 if problem else 200, **context)


def _done(workshop: Workshop, message: str, anchor: str = "") -> ResponseReturnValue:
    """Commit, then answer: the fresh board fragment for htmx, else redirect back (POST-redirect-GET)."""
    db.session.commit()
    if is_htmx():
        return _board_response(workshop, notice=message)
    flash(message, "success")
    return redirect(url_for("board.board", code=workshop.code) + anchor, code=303)


def _refused(workshop: Workshop, problem: str) -> ResponseReturnValue:
    db.session.rollback()
    return _board_response(workshop, problem=problem)


def _first_error(form: FlaskForm) -> str:
    return first_error(form, "That did not work: refresh the board and try again.")


def _theme_of(workshop: Workshop, theme_id: int) -> Theme:
    theme = db.session.get(Theme, theme_id)
    if theme is None or theme.workshop_id != workshop.id:
        abort(404, description=STALE_THEME)
    return theme


def _target(workshop: Workshop, value: str) -> Theme | None:
    """Resolve a "move to" or "merge into" choice: a theme of this workshop, or None for unsorted."""
    value = value.strip()
    if value == "unsorted":
        return None
    theme = db.session.get(Theme, int(value)) if value.isdigit() and len(value) < 12 else None
    if theme is None or theme.workshop_id != workshop.id:
        raise RuleBroken(STALE_THEME)
    return theme


@bp.get(BOARD)
def board(code: str) -> ResponseReturnValue:
    """Themes as columns: why each holds together, and the controls to correct it."""
    return _board_response(owned_workshop(code))


@bp.get(f"{BOARD}/news")
def news(code: str) -> ResponseReturnValue:
    """Tell the facilitator that statements or votes arrived since the board was drawn (204 otherwise).

    The board itself is not redrawn under the facilitator's hands while they work on it: they
    choose when to take in the changes.
    """
    workshop = owned_workshop(code)
    if live.unchanged(workshop, request.args.get("v")):
        return no_change()
    return page_or_fragment("board/_news.html", None, 200, workshop=workshop)


@bp.post(f"{BOARD}/group")
def group(code: str) -> ResponseReturnValue:
    """Group, or group again keeping the facilitator's names, locks and hand placements.

    "Fewer" and "More" ask for exactly one theme fewer or more than the board holds; a typed
    number asks for that many.
    """
    workshop = owned_workshop(code)
    form = GroupForm()
    if not form.validate_on_submit():
        return _refused(workshop, _first_error(form))
    first_time = not workshop.themes
    wanted = operations.themes_wanted(workshop, form.size.data, form.number.data)
    result = operations.group_workshop(workshop, total=wanted)
    verb = "Grouped" if first_time else "Grouped again"
    got = len(result.themes)
    asked = ""
    if wanted is not None and got != wanted:
        asked = f" You asked for {wanted}: these statements make {got} at {'most' if got < wanted else 'least'}."
    return _done(workshop, f"{verb}: {got} themes, {len(result.unsorted)} statements unsorted.{asked}")


@bp.post(f"{BOARD}/new")
def add_theme(code: str) -> ResponseReturnValue:
    """An empty theme with the facilitator's name, to move statements into."""
    workshop = owned_workshop(code)
    form = NewThemeForm()
    if not form.validate_on_submit():
        return _refused(workshop, _first_error(form))
    try:
        theme = operations.new_theme(workshop, form.label.data or "")
    except RuleBroken as problem:
        return _refused(workshop, str(problem))
    return _done(workshop, f"New theme “{theme.label}”: move statements into it.", f"#theme-{theme.id}")


@bp.post(f"{BOARD}/t/<int:theme_id>/rename")
def rename(code: str, theme_id: int) -> ResponseReturnValue:
    """A name the facilitator writes is never overwritten by re-grouping."""
    workshop = owned_workshop(code)
    theme = _theme_of(workshop, theme_id)
    form = RenameForm()
    if not form.validate_on_submit():
        return _refused(workshop, _first_error(form))
    try:
        operations.rename_theme(theme, form.label.data or "")
    except RuleBroken as problem:
        return _refused(workshop, str(problem))
    return _done(workshop, f"Theme renamed “{theme.label}”.", f"#theme-{theme.id}")


def _statement_of(workshop: Workshop, statement_id: int) -> Statement:
    statement = db.session.get(Statement, statement_id)
    if statement is None or statement.workshop_id != workshop.id or not statement.is_visible:
        abort(404, description=STALE_STATEMENT)
    return statement


@bp.get(f"{BOARD}/s/<int:statement_id>/move")
def move_menu(code: str, statement_id: int) -> ResponseReturnValue:
    """Where to move one statement: loaded on demand into its card (htmx) or as a small page.

    One menu when asked for, rather than a list of every theme on every card, keeps the board of
    300 statements light.
    """
    workshop = owned_workshop(code)
    statement = _statement_of(workshop, statement_id)
    context = {"workshop": workshop, "statement": statement, "board": board_of(workshop)}
    return page_or_fragment("board/move.html", "board/_move_menu.html", **context)


@bp.post(f"{BOARD}/s/<int:statement_id>/move")
def move(code: str, statement_id: int) -> ResponseReturnValue:
    """Move a statement to another theme or to unsorted (its menu, or drag and drop)."""
    workshop = owned_workshop(code)
    statement = _statement_of(workshop, statement_id)
    form = MoveForm()
    if not form.validate_on_submit():
        return _refused(workshop, _first_error(form))
    try:
        target = _target(workshop, form.target.data or "")
        operations.move_statement(statement, target)
    except RuleBroken as problem:
        return _refused(workshop, str(problem))
    where = f"“{target.label}”" if target else "Unsorted"
    return _done(workshop, f"Statement moved to {where}.", f"#theme-{target.id}" if target else "#unsorted")


@bp.post(f"{BOARD}/t/<int:theme_id>/merge")
def merge(code: str, theme_id: int) -> ResponseReturnValue:
    workshop = owned_workshop(code)
    theme = _theme_of(workshop, theme_id)
    form = MergeForm()
    if not form.validate_on_submit():
        return _refused(workshop, _first_error(form))
    try:
        target = _target(workshop, form.into.data or "")
        if target is None:
            raise RuleBroken("Choose a theme to merge into. To empty a theme, delete it instead.")
        label = theme.label
        operations.merge_themes(theme, target)
    except RuleBroken as problem:
        return _refused(workshop, str(problem))
    return _done(workshop, f"“{label}” merged into “{target.label}”.", f"#theme-{target.id}")


@bp.route(f"{BOARD}/t/<int:theme_id>/split", methods=["GET", "POST"])
def split(code: str, theme_id: int) -> ResponseReturnValue:
    """Split a theme in two: the statements ticked on this page, or as the grouping engine sees it."""
    workshop = owned_workshop(code)
    theme = _theme_of(workshop, theme_id)
    form = SplitForm()
    if request.method == "GET":
        return _split_page(workshop, theme)
    if not form.validate_on_submit():
        return _refused(workshop, "Those statements could not be read: refresh the board and tick them again.")
    chosen = form.statements.data or []
    try:
        new_theme = operations.split_theme(theme, chosen, form.label.data or "")
    except RuleBroken as problem:
        if chosen and not is_htmx():
            db.session.rollback()
            return _split_page(workshop, theme, problem=str(problem))
        return _refused(workshop, str(problem))
    return _done(workshop, f"Split: “{new_theme.label}” is a new theme.", f"#theme-{new_theme.id}")


def _split_page(workshop: Workshop, theme: Theme, *, problem: str | None = None) -> Response:
    """Ticking statements is a page of its own, so the board stays light with hundreds of statements."""
    statements = [s for s in theme.statements if s.is_visible]
    context = {"workshop": workshop, "theme": theme, "statements": statements, "problem": problem}
    return page_or_fragment("board/split.html", None, 422 if problem else 200, **context)


@bp.post(f"{BOARD}/t/<int:theme_id>/lock")
def lock(code: str, theme_id: int) -> ResponseReturnValue:
    """A locked theme keeps its statements when the facilitator groups again."""
    workshop = owned_workshop(code)
    theme = _theme_of(workshop, theme_id)
    form = LockForm()
    if not form.validate_on_submit():
        return _refused(workshop, _first_error(form))
    operations.set_locked(theme, form.action.data == "lock")
    state = "locked: grouping again will not change it" if theme.locked else "unlocked"
    return _done(workshop, f"“{theme.label}” is {state}.", f"#theme-{theme.id}")


@bp.post(f"{BOARD}/t/<int:theme_id>/reorder")
def reorder(code: str, theme_id: int) -> ResponseReturnValue:
    """Put the themes in the order the room will discuss them (also the projector's order)."""
    workshop = owned_workshop(code)
    theme = _theme_of(workshop, theme_id)
    form = UpDownForm()
    if not form.validate_on_submit():
        return _refused(workshop, _first_error(form))
    operations.move_theme(theme, "up" if form.direction.data == "up" else "down")
    return _done(workshop, f"“{theme.label}” moved {form.direction.data}.", f"#theme-{theme.id}")


@bp.post(f"{BOARD}/t/<int:theme_id>/delete")
def delete(code: str, theme_id: int) -> ResponseReturnValue:
    """Delete a theme; its statements go back to unsorted."""
    workshop = owned_workshop(code)
    theme = _theme_of(workshop, theme_id)
    form = ActionForm()
    if not form.validate_on_submit():
        return _refused(workshop, _first_error(form))
    label = theme.label
    operations.delete_theme(theme)
    return _done(workshop, f"“{label}” deleted; its statements are in Unsorted.", "#unsorted")


@bp.post(f"{BOARD}/share")
def share(code: str) -> ResponseReturnValue:
    """Show the themes on participants' phones, or hide them."""
    workshop = owned_workshop(code)
    form = SwitchForm()
    if not form.validate_on_submit():
        return _refused(workshop, _first_error(form))
    operations.set_sharing(workshop, form.state.data == "on")
    message = "Phones now show the themes." if workshop.themes_shared else "Phones no longer show the themes."
    return _done(workshop, message)


@bp.post(f"{BOARD}/voting")
def voting(code: str) -> ResponseReturnValue:
    """Let participants vote for the themes they want to discuss."""
    workshop = owned_workshop(code)
    form = SwitchForm()
    if not form.validate_on_submit():
        return _refused(workshop, _first_error(form))
    operations.set_voting(workshop, form.state.data == "on")
    if workshop.voting and not workshop.themes_shared:
        operations.set_sharing(workshop, True)
    message = "Voting is open: phones show the themes with vote buttons." if workshop.voting else "Voting is closed."
    return _done(workshop, message)


# --- The projector's themes view ----------------------------------------------------------------


def _wall_context(workshop: Workshop) -> dict[str, object]:
    return {
        "workshop": workshop,
        "board": board_of(workshop),
        "counts": live.counts(workshop),
        "poll_seconds": current_app.config["WALL_POLL_SECONDS"],
        "page_seconds": current_app.config["WALL_PAGE_SECONDS"],
        "home_address": short_address(public_url("participate.home")),
        "contrast": request.args.get("contrast") == "high",
    }


@bp.get("/wall/<code>/themes")
def wall_themes(code: str) -> ResponseReturnValue:
    """The themes on the projector, in large type, with the vote tally when voting is on."""
    workshop = owned_workshop(code, needs=WorkshopRole.MODERATOR)
    return render_template("board/wall_themes.html", **_wall_context(workshop))


@bp.get("/wall/<code>/themes/feed")
def wall_themes_feed(code: str) -> ResponseReturnValue:
    """The live part of the projector's themes view: 204 while nothing changed."""
    workshop = owned_workshop(code, needs=WorkshopRole.MODERATOR)
    if live.unchanged(workshop, request.args.get("v")):
        return no_change()
    return page_or_fragment("board/wall_themes.html", "board/_wall_themes.html", 200, **_wall_context(workshop))


# --- Themes on participants' phones ----------------------------------------------------------------


def _phone_response(
    workshop: Workshop, *, problem: str | None = None, notice: str | None = None, status: int = 422
) -> Response:
    context = {
        "workshop": workshop,
        "participant": participant_for(workshop),
        "themes_problem": problem,
        "themes_notice": notice,
    }
    return page_or_fragment(
        "board/phone_themes.html", "participate/_themes.html", status if problem else 200, **context
    )


@phone_bp.get("/j/<code>/themes")
def phone_themes(code: str) -> ResponseReturnValue:
    """The shared themes on a phone; polled by the participant's page (204 while nothing changed).

    Most polls never get here: ``workshop.edge`` answers "nothing new" without Flask. While the
    themes are not shared and the phone shows none, nothing can change on it, however many
    statements arrive: 204 without rendering. ``X-Poll-Seconds`` tells the page when to ask next.
    """
    workshop = workshop_by_code(code)
    nothing_to_show = not workshop.themes_shared and request.args.get("shown") != "1"
    if is_htmx() and (nothing_to_show or live.unchanged(workshop, request.args.get("v"))):
        response = no_change()
    else:
        response = _phone_response(workshop)
    response.headers["X-Poll-Seconds"] = str(phone_poll_seconds(current_app.config, workshop.themes_shared))
    return response


@phone_bp.get("/j/<code>/themes/t/<int:theme_id>")
def phone_theme(code: str, theme_id: int) -> ResponseReturnValue:
    """All of one shared theme's statements, for a phone that wants more than the few under it."""
    workshop = workshop_by_code(code)
    theme = db.session.get(Theme, theme_id)
    if not workshop.themes_shared or theme is None or theme.workshop_id != workshop.id:
        abort(404)
    return render_template("board/phone_theme.html", workshop=workshop, theme=theme, statements=theme_statements(theme))


@phone_bp.post("/j/<code>/themes/t/<int:theme_id>/vote")
@limiter.limit(lambda: current_app.config["STATEMENT_RATE_LIMIT"])
def vote(code: str, theme_id: int) -> ResponseReturnValue:
    """Vote for a theme to discuss, or take the vote back. One vote per theme, three in all."""
    workshop = workshop_by_code(code)
    code = workshop.code  # kept: the workshop may be deleted while this vote is counted (issue 12)
    theme = db.session.get(Theme, theme_id)
    form = VoteForm()
    problem: str | None = None
    status = 422
    if theme is None or theme.workshop_id != workshop.id:
        problem = "That theme is not on the list any more: it may have been merged. Choose another one."
    elif not form.validate_on_submit():
        problem = _first_error(form)
    else:
        try:
            participant = join(workshop)
            if form.action.data == "vote":
                operations.vote(theme, participant)
                notice = f"Your vote for “{theme.label}” is counted."
            else:
                operations.unvote(theme, participant)
                notice = f"You took back your vote for “{theme.label}”."
        except JoiningRefused as refused:
            problem, status = str(refused), refused.status  # a new phone: 403 locked, 429 too many
        except RuleBroken as broken:
            problem = str(broken)
    if problem:
        db.session.rollback()
        if is_htmx() or status != 422:
            return _phone_response(workshop, problem=problem, status=status)
        flash(problem, "error")
    else:
        db.session.commit()
        if is_htmx():
            return _phone_response(workshop, notice=notice)
        flash(notice, "success")
    return redirect(url_for("participate.workshop_page", code=code) + "#themes", code=303)
