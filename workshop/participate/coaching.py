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


# The folded line of the one hint the phone shows: the part it is about, in a few words.
HINT_TITLES: dict[str, str] = {
    "action": "Idea: start with your first step",
    "measure": "Idea: how will you know it's done?",
    "time": "Idea: by when?",
    "who": "Idea: with or for whom?",
}


def hint_title(report: SmartReport) -> str:
    """The short line a folded hint shows; empty when there is no hint."""
    return HINT_TITLES[report.missing[0]] if report.missing else ""


def hints_for(text: str) -> SmartReport:
    """SMART hints for a statement (all parts missing and no hints for an empty text)."""
    return smart_hints(text or "")
