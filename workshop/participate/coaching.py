"""What the participant's page says about a statement: SMART hints and the personal-data check.

The pure rules live in ``workshop.coaching``; this module turns their findings into the few words
the phone shows, so the views stay thin and the wording sits in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from workshop.coaching.personal_data import Finding, find_personal_data
from workshop.coaching.smart import SmartReport, smart_hints

# How each kind of finding is named in a sentence ("It looks like this contains …").
KIND_PHRASES: dict[str, str] = {
    "email": "an email address",
    "phone": "a phone number",
    "nhs_number": "an NHS number",
    "name": "someone's full name",
    "postcode": "a postcode",
}


@dataclass(frozen=True)
class PersonalDataWarning:
    """Likely personal data in a statement, and the sentence that tells the participant so."""

    findings: tuple[Finding, ...]

    @property
    def kinds(self) -> tuple[str, ...]:
        """Each kind found once, in reading order."""
        return tuple(dict.fromkeys(finding.kind for finding in self.findings))

    @property
    def stored_kinds(self) -> str:
        """The comma-separated kinds kept in ``Statement.personal_data`` for the moderator."""
        return ",".join(self.kinds)[:120]

    @property
    def sentence(self) -> str:
        phrases = [KIND_PHRASES.get(kind, kind) for kind in self.kinds]
        listed = phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " and " + phrases[-1]
        return (
            f"It looks like this contains {listed}. Statements can appear on the wall and in reports, "
            "so you may want to take it out or say it another way."
        )

    @property
    def details(self) -> tuple[str, ...]:
        """The pieces found, quoted, so the participant can spot them in a long text."""
        return tuple(dict.fromkeys(f"“{finding.text}”" for finding in self.findings))


def personal_data_warning(text: str) -> PersonalDataWarning | None:
    """A warning when ``text`` likely contains personal data; None when it looks fine."""
    findings = find_personal_data(text or "")
    return PersonalDataWarning(findings) if findings else None


def stored_kinds(text: str) -> str:
    """What ``Statement.personal_data`` records for a text the participant chose to post as it is."""
    warning = personal_data_warning(text)
    return warning.stored_kinds if warning else ""


def hints_for(text: str) -> SmartReport:
    """SMART hints for a statement (all parts missing and no hints for an empty text)."""
    return smart_hints(text or "")
