"""Settings copied both ways between a frozen dataclass and its record by the one generic helper."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

from surveys import operations as survey_operations
from workshop import operations
from workshop.extensions import db
from workshop.models import Facilitator


def _owner() -> Facilitator:
    owner = Facilitator(email="tracey@example.nhs.uk", password_hash="x", name="Tracey")
    db.session.add(owner)
    db.session.flush()
    return owner


def test_workshop_settings_round_trip_cleaned_and_every_field_copied(app):
    given = operations.WorkshopSettings(
        title="  Impact\nworkshop ",
        date=date(2026, 3, 14),
        venue=" Library ",
        prompt="   ",
        max_statements=3,
        char_limit=200,
        ask_names=True,
        approve_first=True,
        review_weeks=6,
        retention_days=30,
    )
    with app.app_context():
        workshop = operations.create_workshop(_owner(), given)
        back = operations.settings_of(workshop)
        assert back.title == "Impact workshop" and back.venue == "Library"
        assert back.prompt == operations.DEFAULT_PROMPT  # an empty prompt falls back to the default
        for field in fields(given):
            if field.name not in {"title", "venue", "prompt"}:
                assert getattr(back, field.name) == getattr(given, field.name), field.name
        copy = operations.duplicate_workshop(workshop, workshop.facilitator)
        assert copy.title == "Impact workshop (copy)" and copy.date is None and copy.review_weeks == 6


def test_survey_settings_round_trip_cleaned_and_every_field_copied(app):
    given = survey_operations.SurveySettings(
        title="   ",
        purpose=" Why ",
        target_group=" Nurses\non ward 3 ",
        audience_size=-4,
        introduction="Hello",
        allow_multiple=True,
    )
    with app.app_context():
        survey = survey_operations.create_survey(_owner(), given)
        back = survey_operations.settings_of(survey)
        assert back == survey_operations.SurveySettings(
            title="Untitled survey",
            purpose="Why",
            target_group="Nurses on ward 3",
            audience_size=None,
            introduction="Hello",
            consent_text=survey_operations.DEFAULT_CONSENT,
            closing_message=survey_operations.DEFAULT_CLOSING,
            allow_multiple=True,
        )
