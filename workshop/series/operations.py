"""State changes of a series' themes: grouped over every workshop's statements, edited by the owner.

The series' themes (``SeriesTheme``) and where each statement sits in them (``SeriesPlacement``)
are the series' own: nothing here touches a workshop's themes or ``Statement.theme``. Grouping
uses the same pure core and the same rules as the workshop board (``workshop.board.operations``):
a name the facilitator wrote and a statement they placed by hand survive grouping again.
Functions flush, never commit, and raise ``RuleBroken`` with words for the facilitator.
"""

from __future__ import annotations

import logging

from sqlalchemy import delete, select
from sqlalchemy.orm import undefer

from workshop.board.operations import (
    LABEL_MAX,
    Size,
    clean_label,
    regroup_towards,
)
from workshop.common.text import clean_text
from workshop.embeddings import vectors_of
from workshop.extensions import db, serialise_on
from workshop.models import (
    Series,
    SeriesFeatured,
    SeriesPlacement,
    SeriesTheme,
    SeriesWorkshop,
    Statement,
    StatementStatus,
    Workshop,
)
from workshop.operations import RuleBroken
from workshop.themes import ExistingTheme, Placement, Regrouping, regroup

log = logging.getLogger(__name__)

NOTHING_TO_GROUP = "The workshops of this series have no statements on their walls yet: there is nothing to group."


def series_statements(series: Series, *, embeddings: bool = False) -> list[Statement]:
    """Every visible statement of the series' workshops: workshop by workshop in the series' order, oldest first."""
    query = (
        select(Statement)
        .join(SeriesWorkshop, SeriesWorkshop.workshop_id == Statement.workshop_id)
        .where(SeriesWorkshop.series_id == series.id, Statement.status == StatementStatus.VISIBLE)
        .order_by(SeriesWorkshop.position, Statement.id)
    )
    if embeddings:
        query = query.options(undefer(Statement.embedding))
    return list(db.session.scalars(query))


def series_themes(series: Series) -> list[SeriesTheme]:
    return list(
        db.session.scalars(
            select(SeriesTheme).where(SeriesTheme.series_id == series.id).order_by(SeriesTheme.position, SeriesTheme.id)
        )
    )


def placements_of(series: Series) -> dict[int, SeriesPlacement]:
    """Each placed statement's row, by statement id (a statement with none is unsorted)."""
    rows = db.session.scalars(select(SeriesPlacement).where(SeriesPlacement.series_id == series.id))
    return {row.statement_id: row for row in rows}


def themes_wanted(series: Series, size: Size, number: int | None = None) -> int | None:
    """How many themes the series should hold: as on the workshop board (see ``board.operations``)."""
    if size == "exact":
        return max(1, number) if number else None
    current = len(series_themes(series))
    if size == "auto" or current == 0:
        return None
    return max(1, current - 1) if size == "fewer" else current + 1


def group_series(series: Series, *, total: int | None = None, engine: str | None = None) -> Regrouping:
    """Group (or group again) all the series' statements into the series' themes.

    The workshops' own themes are left exactly as they are. Two groupings of one series at once
    take turns on the series' row (the first one stores each statement's placement row).
    """
    serialise_on(Series, series.id)
    statements = series_statements(series, embeddings=True)
    if not statements:
        raise RuleBroken(NOTHING_TO_GROUP)
    themes = series_themes(series)
    by_key = {str(t.id): t for t in themes}
    placed = placements_of(series)
    texts = [s.text for s in statements]
    placements = []
    for statement in statements:
        row = placed.get(statement.id)
        key = str(row.theme_id) if row is not None and row.theme_id is not None else None
        placements.append(Placement(key, bool(row and row.placed_by_hand)))
    existing = [ExistingTheme(str(t.id), t.label, bool(t.label_by_person), False) for t in themes]
    vectors = vectors_of(statements)

    def attempt(count: int | None) -> Regrouping:
        return regroup(texts, placements, existing, n_themes=count, engine=engine, vectors=vectors)

    result = regroup_towards(attempt, None, total, sum(1 for t in themes if t.label_by_person))
    for key in result.emptied:
        db.session.delete(by_key.pop(key))
    next_position = max((t.position for t in themes), default=-1) + 1
    target: dict[int, SeriesTheme | None] = {index: None for index in result.unsorted}
    for regrouped in result.themes:
        theme: SeriesTheme
        if regrouped.key is None:
            theme = SeriesTheme(series=series, label=regrouped.label[:LABEL_MAX], position=next_position)
            theme.keywords = []
            next_position += 1
            db.session.add(theme)
        else:
            theme = by_key[regrouped.key]
            if not theme.label_by_person:
                theme.label = regrouped.label[:LABEL_MAX]
        if regrouped.keywords:
            theme.keywords = list(regrouped.keywords)
        for index in regrouped.members:
            target[index] = theme
    db.session.flush()  # ids for the new themes
    for index, statement in enumerate(statements):
        chosen = target.get(index)
        row = placed.get(statement.id)
        if row is None:
            row = SeriesPlacement(series_id=series.id, statement_id=statement.id, placed_by_hand=False)
            db.session.add(row)
        row.theme_id = chosen.id if chosen is not None else None
    series.grouping_engine = result.engine
    _renumber(series)
    db.session.flush()
    log.info("series %s grouped: %d themes, %d unsorted", series.id, len(result.themes), len(result.unsorted))
    return result


def _renumber(series: Series) -> None:
    db.session.flush()
    for position, theme in enumerate(series_themes(series)):
        theme.position = position


def _check_theme(series: Series, theme: SeriesTheme) -> None:
    if theme.series_id != series.id:
        raise RuleBroken("That theme belongs to another series.")


def rename_theme(theme: SeriesTheme, label: str) -> None:
    """The facilitator's name wins over every later automatic label."""
    theme.label = clean_label(label)
    theme.label_by_person = True


def in_series(series: Series, statement: Statement) -> bool:
    """Whether ``statement`` is on the wall of one of the series' workshops."""
    return statement.is_visible and any(member.workshop_id == statement.workshop_id for member in series.members)


def move_statement(series: Series, statement: Statement, target: SeriesTheme | None) -> None:
    """Put a statement in a series theme (or unsorted, ``None``) by hand; grouping again keeps it there."""
    if not in_series(series, statement):
        raise RuleBroken("That statement is not in this series' workshops.")
    if target is not None:
        _check_theme(series, target)
    serialise_on(Series, series.id)  # a grouping at the same moment may be adding this row
    row = db.session.get(SeriesPlacement, (series.id, statement.id))
    if row is None:
        row = SeriesPlacement(series_id=series.id, statement_id=statement.id)
        db.session.add(row)
    row.theme_id = target.id if target is not None else None
    row.placed_by_hand = True
    db.session.flush()


def merge_themes(series: Series, source: SeriesTheme, target: SeriesTheme) -> None:
    """Move every statement of ``source`` into ``target`` (placed by hand) and delete ``source``."""
    _check_theme(series, source)
    _check_theme(series, target)
    if source.id == target.id:
        raise RuleBroken("Choose a different theme to merge into.")
    for row in db.session.scalars(select(SeriesPlacement).where(SeriesPlacement.theme_id == source.id)):
        row.theme_id = target.id
        row.placed_by_hand = True
    target.keywords = list(dict.fromkeys([*target.keywords, *source.keywords]))[:12]
    db.session.flush()
    db.session.delete(source)
    _renumber(series)


def new_theme(series: Series, label: str) -> SeriesTheme:
    """An empty theme the facilitator names, last, to move statements into (kept by grouping again)."""
    theme = SeriesTheme(
        series=series, label=clean_label(label), label_by_person=True, position=len(series_themes(series))
    )
    theme.keywords = []
    db.session.add(theme)
    db.session.flush()
    return theme


def delete_theme(series: Series, theme: SeriesTheme) -> None:
    """Remove a series theme; its statements go back to unsorted, free to be grouped again."""
    _check_theme(series, theme)
    for row in db.session.scalars(select(SeriesPlacement).where(SeriesPlacement.theme_id == theme.id)):
        row.theme_id = None
        row.placed_by_hand = False
    db.session.flush()
    db.session.delete(theme)
    _renumber(series)


def set_key_messages(series: Series, text: str) -> None:
    """The key messages the series report opens with, one a line."""
    series.key_messages = text


def featured_ids(series: Series) -> set[int]:
    """The statements the owner ticked to feature in the series report (empty: the report chooses)."""
    return set(db.session.scalars(select(SeriesFeatured.statement_id).where(SeriesFeatured.series_id == series.id)))


def set_featured(series: Series, statement: Statement, featured: bool) -> None:
    """Tick (or untick) a statement to feature in the series report; ticking twice is harmless."""
    if not in_series(series, statement):
        raise RuleBroken("That statement is not in this series' workshops.")
    row = db.session.get(SeriesFeatured, (series.id, statement.id))
    if featured and row is None:
        db.session.add(SeriesFeatured(series_id=series.id, statement_id=statement.id))
    elif not featured and row is not None:
        db.session.delete(row)
    db.session.flush()


def rename_series(series: Series, name: str) -> None:
    cleaned = clean_text(name, single_line=True)[:200]
    if not cleaned:
        raise RuleBroken("Give the series a name.")
    series.name = cleaned


def delete_series(series: Series, confirmation: str) -> None:
    """Delete the series, its themes and choices; its workshops stay exactly as they are."""
    typed = clean_text(confirmation, single_line=True)
    if typed.casefold() != series.name.casefold() and typed != str(series.id):
        raise RuleBroken(f"Type “{series.name}” or {series.id} to confirm, or go back to keep the series.")
    db.session.delete(series)
    db.session.flush()
    log.info("series %s deleted", series.id)


def add_workshops(series: Series, workshops: list[Workshop]) -> list[Workshop]:
    """Add ``workshops`` at the end of the series, in that order; the ones added (those already in are skipped).

    Who may add which workshop is the view's to decide (``workshop.series.queries.addable_workshops``).
    Their statements wait in Unsorted until the series is grouped again.
    """
    present = {member.workshop_id for member in series.members}
    added = [w for w in dict.fromkeys(workshops) if w.id not in present]
    if not added:
        raise RuleBroken("Those workshops are in the series already: tick another one.")
    position = max((member.position for member in series.members), default=-1) + 1
    for offset, workshop in enumerate(added):
        series.members.append(SeriesWorkshop(workshop=workshop, position=position + offset))
    db.session.flush()
    log.info("series %s: %d workshops added", series.id, len(added))
    return added


def remove_workshop(series: Series, workshop_id: int) -> Workshop:
    """Take a workshop out of the series, with its statements' places and features in the series' themes.

    The workshop itself, its statements and its own themes stay exactly as they are. A series
    keeps at least one workshop (delete the series instead).
    """
    member = next((m for m in series.members if m.workshop_id == workshop_id), None)
    if member is None:
        raise RuleBroken("That workshop is not in this series any more: the page was out of date.")
    if len(series.members) == 1:
        raise RuleBroken("A series needs at least one workshop: add another first, or delete the series.")
    statements = select(Statement.id).where(Statement.workshop_id == workshop_id).scalar_subquery()
    for table in (SeriesPlacement, SeriesFeatured):
        db.session.execute(
            delete(table).where(table.series_id == series.id, table.statement_id.in_(statements)),
            execution_options={"synchronize_session": False},
        )
    workshop = member.workshop
    series.members.remove(member)
    db.session.flush()
    log.info("series %s: workshop %s removed", series.id, workshop.code)
    return workshop
