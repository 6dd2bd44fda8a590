"""The survey pages, one module per audience, as Indico's survey module does.

``designer`` (facilitators building surveys), ``results`` (the same facilitators reading them) and
``respond`` (people answering on their phones); ``common`` holds the two blueprints and what they
share. Importing this package registers every route; ``blueprints()`` is what the app registers.
"""

from __future__ import annotations

from flask import Blueprint, Flask, url_for
from flask.blueprints import BlueprintSetupState
from sqlalchemy import select

from surveys.design import is_specify_option
from surveys.models import Survey
from surveys.starters import STARTERS
from surveys.views import designer, follow_up, respond, results  # noqa: F401  (importing them registers the routes)
from surveys.views.common import bp, respond_bp
from workshop import links
from workshop.extensions import db
from workshop.models import Workshop


def _workshop_links(workshop: Workshop) -> list[links.Link]:
    """On a closed workshop's page: create a follow-up survey, and its follow-ups made so far."""
    if not workshop.is_over:
        return []
    found = [
        links.Link(
            f"Follow-up survey: {survey.title} ({survey.state.value})", url_for("surveys.builder", code=survey.code)
        )
        for survey in db.session.scalars(select(Survey).where(Survey.workshop_id == workshop.id).order_by(Survey.id))
    ]
    return [
        links.Link("Create a follow-up survey for its participants", url_for("surveys.follow_up", code=workshop.code)),
        *found,
    ]


@bp.record_once
def _wire(state: BlueprintSetupState) -> None:
    """Hook into the core without editing it: workshop links, CSRF recovery, nav, host commands."""
    app = state.app
    assert isinstance(app, Flask)  # blueprints are only registered on Flask apps
    from surveys.cli import surveys_cli
    from workshop import errors

    links.register(app, _workshop_links)
    links.register_participant(app, follow_up.participant_links)
    links.register_reminder(app, follow_up.reminder_links)
    app.extensions.setdefault("starter_surveys", []).extend(STARTERS)  # listed on the templates pages
    errors.register_csrf_recovery(app, respond.recover_from_csrf_error)
    app.config.setdefault("EXTRA_NAV", []).append(("My surveys", "surveys.index"))
    app.jinja_env.tests["specify"] = is_specify_option  # "Other — please specify" gets a text box
    app.cli.add_command(surveys_cli)


def blueprints() -> tuple[Blueprint, Blueprint]:
    return bp, respond_bp
