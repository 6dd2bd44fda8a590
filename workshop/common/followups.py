"""What the surveys package hands the exports about a workshop's follow-up: plain, frozen data.

``surveys`` owns the follow-up answers and the surveys linked to a workshop; ``exports`` builds
the follow-up summary, the prefilled stories and the evidence pack from them. Neither imports
the other: surveys registers a function that returns a ``FollowUpEvidence`` for a workshop
(``app.extensions["follow_up_evidence"]``), and both speak these classes.

Consent is applied where the data is made: an answer without consent to quote carries no quote
and no "difference made" text, only its counts, so no builder can print what was not consented.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

#: The progress labels, in the order they are offered and counted.
PROGRESS_ORDER: tuple[str, ...] = ("Done", "In progress", "Not started")


@dataclass(frozen=True)
class FollowedUpStatement:
    """One commitment followed up: its statement, how far it got and (with consent) what difference it made."""

    statement_id: int
    statement: str
    progress: str  # one of PROGRESS_ORDER
    difference: str = ""  # empty unless the author consented to being quoted


@dataclass(frozen=True)
class FollowUpAnswer:
    """One participant's follow-up answer, identified by role only (never a name or e-mail)."""

    id: int
    survey_title: str
    items: tuple[FollowedUpStatement, ...]
    role: str = ""
    answered_on: date | None = None
    quote: str = ""  # empty unless consented
    consented: bool = False  # "You may quote what I wrote here, attributed by my role (never my name)."
    consent_wording: str = ""  # the words the participant agreed to, as the form showed them


@dataclass(frozen=True)
class SurveyHeadline:
    """A survey linked to a workshop and its headline results (no free-text answers)."""

    code: str
    title: str
    state: str
    responses: int
    audience: int | None = None
    response_rate: float | None = None  # percent
    headlines: tuple[str, ...] = ()  # one sentence per question: the answer most chosen, a mean, an NPS
    free_text_answers: int = 0  # counted, never copied: they may name people


@dataclass(frozen=True)
class FollowUpEvidence:
    answers: tuple[FollowUpAnswer, ...] = ()
    surveys: tuple[SurveyHeadline, ...] = ()
