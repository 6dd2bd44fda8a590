"""The agenda of activities (issue 16): a new workshop starts with one statements activity, the room on it."""

from __future__ import annotations

from sqlalchemy import func, select

from workshop import operations
from workshop.extensions import db
from workshop.models import Activity, ActivityKind, Facilitator, Workshop


def test_a_new_workshop_and_its_copy_start_on_one_statements_activity_asking_its_prompt(app):
    with app.app_context():
        owner = Facilitator(email="tracey@example.nhs.uk", password_hash="x", name="Tracey")
        db.session.add(owner)
        db.session.flush()
        workshop = operations.create_workshop(owner, operations.WorkshopSettings(title="Impact", prompt="My aim is…"))
        copy = operations.duplicate_workshop(workshop, owner)
        db.session.commit()
        for each in (workshop, copy):
            [only] = each.activities
            assert only.kind == ActivityKind.STATEMENTS and only.title == "Statements"
            assert each.current_activity is only and each.current_activity_id == only.id
            assert only.question == "My aim is…" and only.results_shown and only.options == []

        db.session.delete(db.session.get(Workshop, workshop.id))
        db.session.commit()
        left = db.session.scalar(select(func.count()).select_from(Activity))
        assert left == 1  # the copy's; the deleted workshop's activity went with it
