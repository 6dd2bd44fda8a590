"""British dates, named once: a Saturday workshop's plan and calendar reminder give the same review day."""

from __future__ import annotations

from datetime import date

from exports.builders import build_smart_plan
from exports.data import ParticipantData, StatementData, WorkshopData
from tests.docs_helpers import all_text, open_docx
from workshop.common.dates import long_date, review_date

SATURDAY = date(2026, 11, 21)


def test_long_date_spells_day_and_month_in_english_whatever_the_locale() -> None:
    assert long_date(date(2026, 11, 20)) == "Friday 20 November 2026"
    assert long_date(date(2026, 3, 1), weekday=False) == "1 March 2026"


def test_a_saturday_workshops_plan_names_the_monday_the_reminder_uses() -> None:
    """tests/test_reminders.py checks the calendar file starts on ``review_date``; the plan must agree."""
    workshop = WorkshopData(title="Saturday school", code="SAT123", date=SATURDAY, review_weeks=8)
    statement = StatementData(id=1, text="Start a journal club", participant_key="p1")
    plan = "\n".join(all_text(open_docx(build_smart_plan(ParticipantData(workshop, "p1", statements=(statement,))))))

    assert review_date(SATURDAY, 8) == date(2027, 1, 18)  # 8 weeks later is a Saturday: moved to Monday
    assert "Monday 18 January 2027" in plan
