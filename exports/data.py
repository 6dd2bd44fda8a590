"""Plain data that the document builders take: a snapshot of a workshop, made once per download.

The web views and the host commands both build these from the database (``exports.snapshot``);
tests and benchmarks build them directly. No Flask, no database here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from workshop.common.followups import FollowUpEvidence
from workshop.common.prompts import DEFAULT_PROMPT


@dataclass(frozen=True)
class StatementData:
    id: int
    text: str
    participant_key: str  # stable, opaque id of the participant within the workshop
    participant_name: str = ""  # empty when anonymous
    participant_role: str = ""
    theme_label: str = ""  # empty when unsorted or when the workshop has no themes
    pinned: bool = False
    has_time: bool = False  # the SMART check found a date or deadline
    has_measure: bool = False  # the SMART check found something to count
    share_consent: bool = False  # the author ticked "you may share this statement, without my name"


@dataclass(frozen=True)
class ThemeData:
    label: str
    keywords: tuple[str, ...] = ()  # the words or concepts that tie the theme together
    statement_ids: tuple[int, ...] = ()
    votes: int = 0


@dataclass(frozen=True)
class WorkshopData:
    title: str
    code: str
    prompt: str = DEFAULT_PROMPT
    date: date | None = None
    venue: str = ""
    facilitator: str = ""
    statements: tuple[StatementData, ...] = ()  # visible statements only, in posting order
    themes: tuple[ThemeData, ...] = ()
    unsorted_ids: tuple[int, ...] = ()  # statements not in any theme (when themes exist)
    participant_count: int = 0
    grouping_engine: str = ""  # which engine grouped the statements, for the report's method note
    voting_used: bool = False
    join_url: str = ""  # empty unless the kit runs at a public address (no dead links on paper)
    review_weeks: int = 8
    key_messages: str = ""  # written by the facilitator for the report, one message a line
    names_asked: bool = True  # False for an anonymous workshop: no "From" column in the report


@dataclass(frozen=True)
class ParticipantData:
    """One participant's own statements, for their personal plans."""

    workshop: WorkshopData
    participant_key: str
    name: str = ""
    role: str = ""
    statements: tuple[StatementData, ...] = field(default_factory=tuple)
    private_url: str = ""  # the private link back to their copy; empty unless it will last


@dataclass(frozen=True)
class WorkshopEvidence:
    """One workshop and its follow-up: what the follow-up summary, stories and evidence pack take.

    A series passes one per workshop; the follow-up data comes from the surveys package
    (``workshop.common.followups``) with consent already applied.
    """

    workshop: WorkshopData
    follow_up: FollowUpEvidence = field(default_factory=FollowUpEvidence)
