"""Start a workshop from a template, and save a workshop's agenda as one of your own templates.

Thin: a form, one operation, one commit, then the workshop page.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from workshop.access import owned_workshop
from workshop.agenda_templates import operations
from workshop.agenda_templates.forms import FromTemplateForm, SaveTemplateForm
from workshop.extensions import db
from workshop.forms import ActionForm

bp = Blueprint("agenda_templates", __name__, url_prefix="/facilitate")


@bp.before_request
@login_required
def _signed_in() -> None:
    """Templates are a facilitator's: they need a signed-in facilitator."""


@bp.route("/new/from-template", methods=["GET", "POST"])
def new() -> ResponseReturnValue:
    """Choose a template (the kit's or your own) and name the workshop: it starts as a draft with that agenda."""
    form = FromTemplateForm(operations.templates_for(current_user))
    if form.validate_on_submit():
        template = form.templates[form.template.data]
        workshop = operations.create_from_template(current_user, form.settings(), template)
        db.session.commit()
        flash(f"Workshop created from “{template.name}”: check its activities, then open it.", "success")
        return redirect(url_for("facilitate.workshop", code=workshop.code))
    return render_template("agenda_templates/new.html", form=form), 422 if form.errors else 200


@bp.route("/w/<code>/save-as-template", methods=["GET", "POST"])
def save(code: str) -> ResponseReturnValue:
    """Save this workshop's agenda (each activity's question and settings, no answers) as your own template."""
    workshop = owned_workshop(code)
    form = SaveTemplateForm(data=None if request.method == "POST" else {"template_name": workshop.title})
    if form.validate_on_submit():
        row = operations.save_as_template(workshop, current_user, form.template_name.data or "")
        db.session.commit()
        flash(f"Saved as your template “{row.name}”: start a new workshop from it.", "success")
        return redirect(url_for("facilitate.workshop", code=workshop.code))
    plan = operations.planned_agenda(workshop)
    return render_template("agenda_templates/save.html", form=form, workshop=workshop, plan=plan), (
        422 if form.errors else 200
    )


@bp.get("/workshop-templates")
def mine() -> ResponseReturnValue:
    """The kit's templates and your own, each with its activities; yours can be deleted."""
    listed = operations.listed(current_user)
    return render_template("agenda_templates/list.html", listed=listed, form=ActionForm())


@bp.route("/workshop-templates/<int:template_id>/delete", methods=["GET", "POST"])
def delete(template_id: int) -> ResponseReturnValue:
    """Delete one of your own templates, after a page that asks (no JavaScript needed); others' are 404."""
    row = operations.own_row(current_user, str(template_id))
    if row is None:
        abort(404, description="You have no template with that number: it may have been deleted already.")
    form = ActionForm()
    if form.validate_on_submit():
        name = operations.delete_template(row)
        db.session.commit()
        flash(f"Template “{name}” deleted. Workshops you started from it keep their agendas.", "success")
        return redirect(url_for("agenda_templates.mine"), code=303)
    return render_template("agenda_templates/delete.html", listed=operations.listed_row(row), form=form)
