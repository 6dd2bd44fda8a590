"""Gentle coaching for a participant while they write: SMART hints, a personal-data warning and a
calendar reminder to review their commitment.

Everything here is pure (plain text in, plain data or bytes out): no Flask, no database, so the same
functions serve the phone form, the htmx live check, the Word exports and the host commands.
"""

from workshop.coaching.calendar import review_reminder_ics
from workshop.coaching.personal_data import Finding, find_personal_data
from workshop.coaching.smart import SmartReport, smart_hints

__all__ = [
    "Finding",
    "SmartReport",
    "find_personal_data",
    "review_reminder_ics",
    "smart_hints",
]
