"""A follow-up's outcomes as plain data, and the kit's own wording for it: for pages and Word alike.

Pure: no Flask, no database (``surveys.follow_up`` reads the answers into these).
"""

from __future__ import annotations

from dataclasses import dataclass

# The kit's own wording, as the participant reads it and as the results report prints it.
PROGRESS_QUESTION = "Have you done it?"
DIFFERENCE_QUESTION = "What difference has it made?"
QUOTE_QUESTION = "Anything you would like to say about the workshop or what came of it?"
QUOTE_CONSENT = "You may quote what I wrote here, attributed by my role (never my name)."
#: Stored value → label, in the order they are offered and counted.
PROGRESS_LABELS = {"done": "Done", "in_progress": "In progress", "not_started": "Not started"}


@dataclass(frozen=True)
class StatementOutcome:
    """One statement followed up, as the results show it."""

    statement: str
    progress: str  # the label: "Done", "In progress", "Not started"
    difference: str


@dataclass(frozen=True)
class FollowUpResults:
    invited: int
    answered: int
    counts: dict[str, int]  # label → number of statements, in PROGRESS_LABELS order
    outcomes: tuple[StatementOutcome, ...]
    quotes: tuple[tuple[str, str], ...]  # (quote, role or ""), only those given with consent

    @property
    def statements(self) -> int:
        return len(self.outcomes)
