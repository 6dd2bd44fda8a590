"""What the participant's page asks of the coaching rules: SMART hints and the personal-data kinds.

The pure rules, and the words the phone shows for them, live in ``workshop.coaching``.
"""

from __future__ import annotations

from workshop.coaching.personal_data import personal_data_warning
from workshop.coaching.smart import SmartReport, smart_hints


def stored_kinds(text: str) -> str:
    """What ``Statement.personal_data`` records for a text the participant chose to post as it is."""
    warning = personal_data_warning(text)
    return warning.stored_kinds if warning else ""


def hints_for(text: str) -> SmartReport:
    """SMART hints for a statement (all parts missing and no hints for an empty text)."""
    return smart_hints(text or "")
