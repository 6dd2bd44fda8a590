"""What happened next: the follow-up of one workshop or a series, counted, and its consented quotes.

Pure: takes ``exports.data.WorkshopEvidence`` (one per workshop; a series passes several) and
returns plain numbers and texts for the facilitator's page, the evidence pack and its data.
Quotes are attributed by role only; an answer without consent carries no quote (see
``workshop.common.followups``), and only consented answers can become a story.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from exports.data import WorkshopEvidence
from workshop.common.followups import PROGRESS_ORDER, FollowUpAnswer


@dataclass(frozen=True)
class FollowUpCounts:
    """Commitments (visible statements) made, followed up, and how far they got."""

    label: str  # the workshop's title (or "All workshops" for a series' total)
    commitments: int = 0
    followed_up: int = 0
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    answers: int = 0  # people who answered the follow-up

    @property
    def by_progress(self) -> dict[str, int]:
        return dict(zip(PROGRESS_ORDER, (self.done, self.in_progress, self.not_started), strict=True))


@dataclass(frozen=True)
class Quote:
    text: str
    role: str
    workshop: str  # the title of the workshop it came from

    @property
    def attribution(self) -> str:
        return attribution(self.role)


@dataclass(frozen=True)
class StoryCandidate:
    """A consented follow-up answer the facilitator may turn into a story."""

    workshop: WorkshopEvidence
    answer: FollowUpAnswer


def attribution(role: str) -> str:
    """Who said it, by role only ("Ward manager"), or "A participant" when no role was given."""
    return " ".join(role.split()) or "A participant"


def latest_progress(evidence: WorkshopEvidence) -> dict[int, str]:
    """Each visible statement followed up → its progress, the latest answer winning."""
    visible = {statement.id for statement in evidence.workshop.statements}
    progress: dict[int, str] = {}
    for answer in evidence.follow_up.answers:
        for item in answer.items:
            if item.statement_id in visible:
                progress[item.statement_id] = item.progress
    return progress


def counts_of(evidence: WorkshopEvidence) -> FollowUpCounts:
    progress = list(latest_progress(evidence).values())
    return FollowUpCounts(
        label=evidence.workshop.title,
        commitments=len(evidence.workshop.statements),
        followed_up=len(progress),
        done=progress.count("Done"),
        in_progress=progress.count("In progress"),
        not_started=progress.count("Not started"),
        answers=len(evidence.follow_up.answers),
    )


def total(counts: Sequence[FollowUpCounts], label: str = "All workshops") -> FollowUpCounts:
    return FollowUpCounts(
        label=label,
        commitments=sum(c.commitments for c in counts),
        followed_up=sum(c.followed_up for c in counts),
        done=sum(c.done for c in counts),
        in_progress=sum(c.in_progress for c in counts),
        not_started=sum(c.not_started for c in counts),
        answers=sum(c.answers for c in counts),
    )


def quotes_of(evidence: Sequence[WorkshopEvidence]) -> tuple[Quote, ...]:
    """The quotes whose authors consented, in answer order, workshop by workshop."""
    return tuple(
        Quote(answer.quote, answer.role, item.workshop.title)
        for item in evidence
        for answer in item.follow_up.answers
        if answer.consented and answer.quote
    )


def story_candidates(evidence: Sequence[WorkshopEvidence]) -> tuple[StoryCandidate, ...]:
    return tuple(
        StoryCandidate(item, answer) for item in evidence for answer in item.follow_up.answers if answer.consented
    )


def find_candidate(evidence: Sequence[WorkshopEvidence], answer_id: int) -> StoryCandidate | None:
    """The consented answer with this id, or None (not one of these workshops', or not consented)."""
    return next((c for c in story_candidates(evidence) if c.answer.id == answer_id), None)


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %" if whole else "–"


@dataclass(frozen=True)
class FollowUpSummary:
    rows: tuple[FollowUpCounts, ...]  # one per workshop
    total: FollowUpCounts
    quotes: tuple[Quote, ...]
    stories: tuple[StoryCandidate, ...]


def follow_up_summary(evidence: Sequence[WorkshopEvidence], label: str = "All workshops") -> FollowUpSummary:
    rows = tuple(counts_of(item) for item in evidence)
    return FollowUpSummary(rows, total(rows, label), quotes_of(evidence), story_candidates(evidence))
