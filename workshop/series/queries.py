"""What the series page shows, read in a few queries: workshops with counts, the series' themes.

A series of ten workshops holds thousands of statements, so they are read once and sorted into
themes in Python, never through lazy loads per theme or per workshop.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from workshop.board.queries import GroupedFigures
from workshop.common.dates import long_date
from workshop.extensions import db
from workshop.models import (
    Facilitator,
    Series,
    SeriesMember,
    Statement,
    StatementStatus,
    Workshop,
    WorkshopMember,
    WorkshopRole,
)
from workshop.series.operations import featured_ids, placements_of, series_statements, series_themes


@dataclass(frozen=True)
class WorkshopRow:
    """One workshop of the series with what it produced."""

    workshop: Workshop
    statements: int
    participants: int


@dataclass(frozen=True)
class SeriesThemeCard:
    id: int
    label: str
    label_by_person: bool
    keywords: list[str]
    statements: list[Statement]
    per_workshop: list[int]  # how many of its statements came from each workshop, in the series' order


@dataclass(frozen=True)
class SeriesBoard(GroupedFigures):
    series: Series
    workshops: list[WorkshopRow]
    themes: list[SeriesThemeCard]
    unsorted: list[Statement]
    engine: str
    workshop_names: dict[int, str]  # workshop id -> the short name a statement card shows
    featured: set[int]  # statements ticked to feature in the report (empty: the report chooses)

    @property
    def participant_count(self) -> int:
        return sum(row.participants for row in self.workshops)


def workshop_names(workshops: Sequence[Workshop]) -> dict[int, str]:
    """How a statement card names its workshop, briefly, so that a series' workshops are told apart:
    its venue (a tour's workshops differ by place), else its date, else its title, each only where
    no other workshop of the series shares it; else its code ("Workshop ND3D5W")."""

    def ways(workshop: Workshop) -> list[str]:
        return [
            workshop.venue or "",
            long_date(workshop.date, weekday=False) if workshop.date else "",
            workshop.title or "",
        ]

    seen = Counter(name for w in workshops for name in set(ways(w)) if name)
    names = {}
    for w in workshops:
        unique = [name for name in ways(w) if name and seen[name] == 1]
        names[w.id] = unique[0] if unique else f"Workshop {w.code}"
    return names


def series_board_of(series: Series) -> SeriesBoard:
    """The series page's content: every workshop with counts, every statement in the series' themes."""
    workshops = series.workshops
    statements = series_statements(series)
    participants: dict[int, set[str]] = {w.id: set() for w in workshops}
    counts: dict[int, int] = {w.id: 0 for w in workshops}
    for statement in statements:
        counts[statement.workshop_id] += 1
        participants[statement.workshop_id].add(statement.author_key)
    themes = series_themes(series)
    placed = placements_of(series)
    by_theme: dict[int | None, list[Statement]] = {t.id: [] for t in themes}
    by_theme[None] = []
    for statement in statements:
        row = placed.get(statement.id)
        key = row.theme_id if row is not None else None
        by_theme.get(key, by_theme[None]).append(statement)
    cards = []
    for theme in themes:
        members = by_theme[theme.id]
        tally = {w.id: 0 for w in workshops}
        for statement in members:
            tally[statement.workshop_id] += 1
        cards.append(
            SeriesThemeCard(
                id=theme.id,
                label=theme.label,
                label_by_person=bool(theme.label_by_person),
                keywords=theme.keywords,
                statements=members,
                per_workshop=[tally[w.id] for w in workshops],
            )
        )
    return SeriesBoard(
        series=series,
        workshops=[WorkshopRow(w, counts[w.id], len(participants[w.id])) for w in workshops],
        themes=cards,
        unsorted=by_theme[None],
        engine=series.grouping_engine or "",
        workshop_names=workshop_names(workshops),
        featured=featured_ids(series) & {s.id for s in statements},
    )


@dataclass(frozen=True)
class SeriesSummary:
    series: Series
    workshops: int
    statements: int
    role: WorkshopRole


def series_of(facilitator: Facilitator) -> list[SeriesSummary]:
    """The facilitator's series, their own and those shared with them, newest first, with counts and role."""
    found = db.session.execute(
        select(Series, SeriesMember.role)
        .outerjoin(
            SeriesMember, (SeriesMember.series_id == Series.id) & (SeriesMember.facilitator_id == facilitator.id)
        )
        .where((Series.facilitator_id == facilitator.id) | (SeriesMember.facilitator_id == facilitator.id))
        .order_by(Series.created_at.desc(), Series.id.desc())
    ).all()
    summaries = []
    for series, role in found:
        ids = [member.workshop_id for member in series.members]
        statements = (
            db.session.scalar(
                select(func.count(Statement.id)).where(
                    Statement.workshop_id.in_(ids), Statement.status == StatementStatus.VISIBLE
                )
            )
            if ids
            else 0
        )
        summaries.append(SeriesSummary(series, len(ids), int(statements or 0), role or WorkshopRole.OWNER))
    return summaries


def workshops_for_series(facilitator: Facilitator) -> list[Workshop]:
    """The workshops a facilitator may put into a series: their own and those they co-facilitate, newest first.

    A moderator of a workshop may not: a series shows its statements to the series' people.
    """
    shared = select(WorkshopMember.workshop_id).where(
        WorkshopMember.facilitator_id == facilitator.id, WorkshopMember.role == WorkshopRole.CO_FACILITATOR
    )
    return list(
        db.session.scalars(
            select(Workshop)
            .where((Workshop.facilitator_id == facilitator.id) | Workshop.id.in_(shared))
            .order_by(Workshop.created_at.desc(), Workshop.id.desc())
        )
    )


def addable_workshops(series: Series, facilitator: Facilitator) -> list[Workshop]:
    """The workshops the facilitator may add to the series: theirs to put in a series, not in it yet."""
    present = {member.workshop_id for member in series.members}
    return [w for w in workshops_for_series(facilitator) if w.id not in present]
