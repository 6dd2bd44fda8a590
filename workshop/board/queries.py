"""What the themes board, the projector's themes view and the phones show, read in three queries.

Rendering 300 statements must stay well under 200 ms, so the board is read in one go (themes,
visible statements, vote counts) and grouped in Python, never through lazy loads per theme.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from workshop.extensions import db
from workshop.live import once_per_version
from workshop.models import Participant, Statement, StatementStatus, Theme, Vote, Workshop
from workshop.themes.embedding import meaning_unavailable

ENGINE_DESCRIPTIONS = {
    "meaning": "meaning (a sentence model reads each statement, helped by the kit's library concepts)",
    "concepts": "shared words (library and impact concepts from the kit's lexicon, plus words statements share)",
    "tfidf": "shared words (TF-IDF, clustered with k-means)",
}
FALLBACK_NOTE = (
    "; grouping by meaning is not available on this server (its model files are missing or refused, see the server log)"
)


def describe_engine(engine: str) -> str:
    """A sentence fragment naming the engine, so the UI always says what grouped the statements.

    When the statements were grouped by shared words because the sentence model could not be
    used, it says so: the facilitator should know the themes are the simpler engine's.
    """
    description = ENGINE_DESCRIPTIONS.get(engine, f"the {engine} engine")
    if engine == "concepts" and meaning_unavailable():
        description += FALLBACK_NOTE
    return description


@dataclass(frozen=True)
class ThemeCard:
    id: int
    label: str
    label_by_person: bool
    locked: bool
    keywords: list[str]
    statements: list[Statement]
    votes: int
    voted: bool


class GroupedFigures:
    """What a board of themes says about its grouping: the workshop board's, and the series page's."""

    themes: Sequence[Any]  # cards with their ``statements``
    unsorted: list[Statement]
    engine: str

    @property
    def grouped(self) -> bool:
        return bool(self.themes)

    @property
    def engine_description(self) -> str:
        return describe_engine(self.engine) if self.engine else ""

    @property
    def statement_count(self) -> int:
        return len(self.unsorted) + sum(len(t.statements) for t in self.themes)


@dataclass(frozen=True)
class Board(GroupedFigures):
    workshop: Workshop
    themes: list[ThemeCard]
    unsorted: list[Statement]
    engine: str
    votes_left: int
    vote_limit: int = 3

    @property
    def votes_cast(self) -> int:
        return sum(t.votes for t in self.themes)


def _tally(workshop: Workshop) -> dict[int, int]:
    """Each theme's votes, by theme id (themes with none are absent)."""
    return dict(
        db.session.execute(
            select(Vote.theme_id, func.count(Vote.id))
            .join(Theme, Theme.id == Vote.theme_id)
            .where(Theme.workshop_id == workshop.id)
            .group_by(Vote.theme_id)
        )
        .tuples()
        .all()
    )


def board_of(workshop: Workshop, participant: Participant | None = None, *, votes_per_participant: int = 3) -> Board:
    """The themes of ``workshop`` with their visible statements and votes (and ``participant``'s own)."""
    themes = list(
        db.session.scalars(select(Theme).where(Theme.workshop_id == workshop.id).order_by(Theme.position, Theme.id))
    )
    statements = db.session.scalars(
        select(Statement)
        .where(Statement.workshop_id == workshop.id, Statement.status == StatementStatus.VISIBLE)
        .order_by(Statement.id)
    )
    by_theme: dict[int | None, list[Statement]] = {t.id: [] for t in themes}
    by_theme[None] = []
    for statement in statements:
        by_theme.get(statement.theme_id, by_theme[None]).append(statement)
    tally = _tally(workshop)
    mine: set[int] = set()
    if participant is not None:
        mine = set(
            db.session.scalars(
                select(Vote.theme_id).where(Vote.participant_id == participant.id, Vote.theme_id.in_(by_theme.keys()))
            )
        )
    cards = [
        ThemeCard(
            id=t.id,
            label=t.label,
            label_by_person=bool(t.label_by_person),
            locked=bool(t.locked),
            keywords=t.keywords,
            statements=by_theme[t.id],
            votes=int(tally.get(t.id, 0)),
            voted=t.id in mine,
        )
        for t in themes
    ]
    return Board(
        workshop=workshop,
        themes=cards,
        unsorted=by_theme[None],
        engine=workshop.grouping_engine or "",
        votes_left=max(0, votes_per_participant - len(mine)),
        vote_limit=votes_per_participant,
    )


PHONE_EXAMPLES = 3
"""How many of a theme's statements a phone shows under it; the rest are a tap away.

A phone used to carry every statement of every theme: at a 500-person workshop (1,500
statements) its themes section weighed 190 KB and cost the server about 60 ms of CPU to draw,
and every phone redraws it as votes come in. Now it is a few kilobytes and a few milliseconds
whatever the room's size (bench/profile_requests.py)."""


@dataclass(frozen=True)
class PhoneTheme:
    """A theme as a phone shows it: its size, its tally, a few of its statements."""

    id: int
    label: str
    count: int
    votes: int
    examples: tuple[str, ...]
    voted: bool


@dataclass(frozen=True)
class PhoneBoard:
    themes: list[PhoneTheme]
    votes_left: int
    vote_limit: int


SharedTheme = tuple[int, str, int, tuple[str, ...]]  # id, label, statements, examples


def _shared_phone_themes(workshop: Workshop) -> tuple[SharedTheme, ...]:
    """What every phone of the workshop shows alike but the votes (read apart, as they change more
    often: every vote is a new version, not a new ``board_version``)."""
    visible = (Statement.workshop_id == workshop.id) & (Statement.status == StatementStatus.VISIBLE)
    themes = db.session.execute(
        select(Theme.id, Theme.label).where(Theme.workshop_id == workshop.id).order_by(Theme.position, Theme.id)
    ).all()
    counts = dict(
        db.session.execute(
            select(Statement.theme_id, func.count(Statement.id))
            .where(visible, Statement.theme_id.is_not(None))
            .group_by(Statement.theme_id)
        )
        .tuples()
        .all()
    )
    ranked = (
        select(
            Statement.theme_id,
            Statement.text,
            func.row_number().over(partition_by=Statement.theme_id, order_by=Statement.id).label("rank"),
        )
        .where(visible, Statement.theme_id.is_not(None))
        .subquery()
    )
    examples: dict[int, list[str]] = {}
    for theme_id, text in db.session.execute(
        select(ranked.c.theme_id, ranked.c.text).where(ranked.c.rank <= PHONE_EXAMPLES).order_by(ranked.c.rank)
    ):
        examples.setdefault(theme_id, []).append(text)
    return tuple(
        (theme_id, label, int(counts.get(theme_id, 0)), tuple(examples.get(theme_id, ()))) for theme_id, label in themes
    )


def phone_board_of(workshop: Workshop, participant: Participant | None, *, votes_per_participant: int) -> PhoneBoard:
    """The shared themes for one phone: the room's part once per version, the phone's own votes apart."""
    mine: set[int] = set()
    if participant is not None:
        mine = set(
            db.session.scalars(
                select(Vote.theme_id)
                .join(Theme, Theme.id == Vote.theme_id)
                .where(Vote.participant_id == participant.id, Theme.workshop_id == workshop.id)
            )
        )
    shared = once_per_version(
        workshop, "phone themes", lambda: _shared_phone_themes(workshop), version=workshop.board_version
    )
    tally = once_per_version(workshop, "phone tally", lambda: _tally(workshop))
    cards = [
        PhoneTheme(
            id=theme_id,
            label=label,
            count=count,
            votes=tally.get(theme_id, 0),
            examples=examples,
            voted=theme_id in mine,
        )
        for theme_id, label, count, examples in shared
    ]
    return PhoneBoard(
        themes=cards, votes_left=max(0, votes_per_participant - len(mine)), vote_limit=votes_per_participant
    )


def theme_statements(theme: Theme) -> list[str]:
    """A theme's visible statements, oldest first: what a phone lists when it opens the theme."""
    return list(
        db.session.scalars(
            select(Statement.text)
            .where(Statement.theme_id == theme.id, Statement.status == StatementStatus.VISIBLE)
            .order_by(Statement.id)
        )
    )
