"""The phone's "Me too": a button on each of the others' statements, and the list's further pages.

Without JavaScript the button is a form POST and the answer a redirect back to where it was;
with htmx the same URL answers with the one statement's list item. Bad input gets words, never a 5xx.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from workshop.access import workshop_by_code
from workshop.extensions import db
from workshop.forms import first_error
from workshop.identity import join, participant_for
from workshop.metoo import operations
from workshop.metoo.forms import MeTooForm
from workshop.models import Statement, Workshop
from workshop.operations import JoiningRefused, RuleBroken
from workshop.ratelimits import guessing_limited, limiter
from workshop.rendering import is_htmx, page_or_fragment

bp = Blueprint("metoo", __name__)

GONE_MESSAGE = "That statement is not on the list any more: it may have been withdrawn or removed."


def _before(raw: str | None) -> int | None:
    """The list's page cursor from a query or form: a statement id, or None for the newest."""
    return int(raw) if raw and raw.isdigit() and len(raw) <= 12 else None


@bp.get("/j/<code>/others")
@guessing_limited
def others(code: str) -> ResponseReturnValue:
    """The others' statements older than ``before``: a page of its own, or (htmx) the next items of the list."""
    workshop = workshop_by_code(code)
    participant = participant_for(workshop)
    page = operations.others_page(workshop, participant, _before(request.args.get("before")))
    context = {"workshop": workshop, "participant": participant, "others": page}
    return page_or_fragment("participate/others.html", "participate/_others_items.html", **context)


def _item(
    workshop: Workshop,
    statement_id: int,
    statement: Statement | None,
    before: int | None,
    *,
    problem: str = "",
    notice: str = "",
    status: int = 200,
) -> Response:
    """One statement's list item as it is now (htmx swaps it in place of the one whose button was pressed)."""
    participant = participant_for(workshop)
    context: dict[str, object] = {
        "workshop": workshop,
        "statement_id": statement_id,
        "s": statement,
        "count": operations.counts_of([statement_id]).get(statement_id, 0) if statement else 0,
        "mine": bool(statement and operations.supported_by(participant, [statement_id])),
        "before": before,
        "problem": problem,
        "notice": notice,
    }
    return current_app.response_class(render_template("participate/_other_item.html", **context), status=status)


@bp.post("/j/<code>/s/<int:statement_id>/me-too")
@limiter.limit(lambda: current_app.config["STATEMENT_RATE_LIMIT"])
def me_too(code: str, statement_id: int) -> ResponseReturnValue:
    """Add one's "Me too" to another's statement, or take it back; a double tap counts once."""
    workshop = workshop_by_code(code)
    code = workshop.code  # kept: the workshop may be deleted while this is counted (issue 12)
    statement = db.session.get(Statement, statement_id)
    form = MeTooForm()
    before = _before(form.before.data)
    problem, notice, status = "", "", 422
    if statement is None or statement.workshop_id != workshop.id:
        problem, status = GONE_MESSAGE, 404
    elif not form.validate_on_submit():
        problem = first_error(form)
    else:
        try:
            participant = join(workshop)
            if form.action.data == "add":
                operations.add(statement, participant)
                notice = "Your “Me too” is counted."
            else:
                operations.withdraw(statement, participant)
                notice = "You took back your “Me too”."
        except JoiningRefused as refused:
            problem, status = str(refused), refused.status  # a new phone: 403 locked, 429 too many
        except RuleBroken as broken:
            problem = str(broken)
    if problem:
        db.session.rollback()
        if is_htmx():
            # htmx swaps 400, 422 and 429 answers in place, not 403 or 404: those say it as 422.
            shown = statement if status != 404 else None
            return _item(
                workshop, statement_id, shown, before, problem=problem, status=status if status == 429 else 422
            )
        flash(problem, "error")
    else:
        db.session.commit()
        if is_htmx():
            return _item(workshop, statement_id, statement, before, notice=notice)
        flash(notice, "success")
    if before is not None:
        return redirect(url_for("metoo.others", code=code, before=before) + f"#o{statement_id}", code=303)
    return redirect(url_for("participate.workshop_page", code=code) + f"#o{statement_id}", code=303)
