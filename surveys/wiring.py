"""How the survey designer joins the app: its models, its two blueprints and (through them) its hooks."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the survey models with the metadata (before ``create_all`` and migrations) and the blueprints."""
    import surveys.models  # noqa: F401  (the import is the registration)
    from surveys.views import blueprints

    for blueprint in blueprints():
        app.register_blueprint(blueprint)
    # `flask --app wsgi export survey`: exports adds it to its `export` group (it never imports surveys).
    from surveys.cli import export_survey

    app.extensions.setdefault("export_commands", []).append(export_survey)
    # The exports' follow-up summary and evidence pack read the follow-ups through this (see workshop.common.followups).
    from surveys.evidence import follow_up_evidence

    app.extensions["follow_up_evidence"] = follow_up_evidence
