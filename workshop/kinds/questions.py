"""Questions to the facilitator (issue 16), pure: the order the room sees them in.

Participants ask and upvote (one vote each, withdrawable); the facilitator marks a question
answered or hides it. The list is sorted by votes, most first, answered questions last, and on a
tie the question asked first comes first. The text's rules are the statements' (length, personal
data), applied by the operations. No Flask, no database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class AskedQuestion:
    id: int
    text: str
    votes: int
    answered: bool
    asked_at: datetime
    visible: bool = True  # False while hidden or waiting for the facilitator (personal data, approve first)


@dataclass(frozen=True)
class QuestionList:
    open: list[AskedQuestion]  # not answered yet, most votes first
    answered: list[AskedQuestion]  # answered, most votes first
    waiting: int  # asked but not shown (hidden or waiting for the facilitator)

    @property
    def shown(self) -> list[AskedQuestion]:
        """What the wall and the phones list: the open questions, then the answered ones."""
        return [*self.open, *self.answered]


def sort_questions(questions: Iterable[AskedQuestion]) -> QuestionList:
    """The visible questions in the room's order: unanswered by votes, then answered by votes."""
    every = list(questions)
    shown = sorted((q for q in every if q.visible), key=lambda q: (q.answered, -q.votes, q.asked_at, q.id))
    return QuestionList(
        [q for q in shown if not q.answered], [q for q in shown if q.answered], sum(not q.visible for q in every)
    )
