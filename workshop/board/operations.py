"""State changes of the themes board, as plain functions with explicit arguments.

They map database rows to the pure grouping core (``workshop.themes``) and back, flush but never
commit (the view or command commits once), and call ``Workshop.touch`` so that the projector and
the phones, which poll the version, see every change. Problems a facilitator or participant can
act on raise ``RuleBroken`` with a message written for them.

Re-grouping follows the core's rules: a name the facilitator wrote, a theme they locked and a
statement they placed by hand survive it. Merging, moving and splitting off chosen statements
count as placing by hand, so the next re-grouping keeps them where the facilitator put them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Literal

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import undefer

from workshop.common.text import clean_text
from workshop.embeddings import vectors_of
from workshop.extensions import db, hold_row, serialise_on
from workshop.models import Participant, Statement, StatementStatus, Theme, Vote, Workshop
from workshop.operations import RuleBroken
from workshop.themes import ExistingTheme, Placement, Regrouping, group_statements, regroup

log = logging.getLogger(__name__)

LABEL_MAX = 120
VOTES_PER_PARTICIPANT = 3
UNSORTED_LABEL = "New theme"

Size = Literal["fewer", "auto", "more", "exact"]


def visible_statements(workshop: Workshop) -> list[Statement]:
    """The statements grouping works on: those on the wall, oldest first (a stable order),
    with their stored embeddings (deferred elsewhere) read in the same query."""
    return list(
        db.session.scalars(
            select(Statement)
            .options(undefer(Statement.embedding))
            .where(Statement.workshop_id == workshop.id, Statement.status == StatementStatus.VISIBLE)
            .order_by(Statement.id)
        )
    )


def _themes(workshop: Workshop) -> list[Theme]:
    return list(
        db.session.scalars(select(Theme).where(Theme.workshop_id == workshop.id).order_by(Theme.position, Theme.id))
    )


def themes_wanted(workshop: Workshop, size: Size, number: int | None = None) -> int | None:
    """How many themes the board should hold when the facilitator says fewer, more or a number.

    Counted as the facilitator counts them: every theme on the board (locked, named, empty ones
    too), so "More" gives exactly one more than they see and "Fewer" one fewer. None for "auto",
    and for "fewer" or "more" before anything is grouped (the automatic choice comes first).
    """
    if size == "exact":
        return max(1, number) if number else None
    current = len(_themes(workshop))
    if size == "auto" or current == 0:
        return None
    return max(1, current - 1) if size == "fewer" else current + 1


REGROUP_ATTEMPTS = 4
"""Re-groupings tried to land on the facilitator's number: the core's ``n_themes`` counts only the
groups it makes afresh, while locked, named and hand-placed themes stay besides."""


def regroup_towards(
    attempt: Callable[[int | None], Regrouping], n_themes: int | None, total: int | None, kept: int
) -> Regrouping:
    """Re-group with ``attempt(count)`` so that ``total`` themes come out in all, or as near as it gets.

    ``kept``: the themes that stay whatever the core does (locked or named by a person); without
    ``total``, one attempt with ``n_themes``. The workshop board and the series board both use it.
    """
    if total is None:
        return attempt(n_themes)
    count = max(1, total - kept)
    result = attempt(count)
    for _ in range(REGROUP_ATTEMPTS - 1):
        missing = total - len(result.themes)
        if missing == 0 or count + missing < 1:
            break
        retry = attempt(count + missing)
        if abs(total - len(retry.themes)) >= abs(missing):
            break
        count, result = count + missing, retry
    return result


def group_workshop(
    workshop: Workshop, n_themes: int | None = None, *, engine: str | None = None, total: int | None = None
) -> Regrouping:
    """Group (or re-group) the workshop's visible statements, keeping the facilitator's edits.

    ``total``: the number of themes the board should hold in all (``themes_wanted``); the core is
    asked again with a corrected count until it lands there, or as near as the statements allow.
    Statements that are pending or hidden are left where they are: they are not on the wall, so
    they neither shape the themes nor show in them.
    """
    statements = visible_statements(workshop)
    themes = _themes(workshop)
    by_key = {str(t.id): t for t in themes}
    texts = [s.text for s in statements]
    placements = [
        Placement(str(s.theme_id) if s.theme_id is not None else None, bool(s.placed_by_hand)) for s in statements
    ]
    existing = [ExistingTheme(str(t.id), t.label, bool(t.label_by_person), bool(t.locked)) for t in themes]
    vectors = vectors_of(statements)

    def attempt(count: int | None) -> Regrouping:
        return regroup(texts, placements, existing, n_themes=count, engine=engine, vectors=vectors)

    kept = sum(1 for t in themes if t.locked or t.label_by_person)
    result = regroup_towards(attempt, n_themes, total, kept)
    for key in result.emptied:
        db.session.delete(by_key.pop(key))
    next_position = max((t.position for t in themes), default=-1) + 1
    place: dict[int, Theme | None] = {index: None for index in result.unsorted}
    for regrouped in result.themes:
        theme: Theme
        if regrouped.key is None:
            theme = Theme(workshop=workshop, label=regrouped.label[:LABEL_MAX], position=next_position)
            next_position += 1
            db.session.add(theme)
        else:
            theme = by_key[regrouped.key]
            theme.label = regrouped.label[:LABEL_MAX]
        if regrouped.keywords:
            theme.keywords = list(regrouped.keywords)
        for index in regrouped.members:
            place[index] = theme
    db.session.flush()  # ids for the new themes; emptied themes let go of their statements
    for index, statement in enumerate(statements):
        target = place.get(index)
        target_id = target.id if target is not None else None
        if statement.theme_id != target_id:
            statement.theme_id = target_id
    workshop.grouping_engine = result.engine
    _renumber(workshop)
    workshop.touch()
    db.session.flush()
    log.info(
        "workshop %s grouped: %d themes, %d unsorted, %s engine",
        workshop.code,
        len(result.themes),
        len(result.unsorted),
        result.engine,
    )
    return result


def _renumber(workshop: Workshop) -> None:
    """Positions 0, 1, 2… in the current order, so moving up and down is a simple swap."""
    db.session.flush()
    for position, theme in enumerate(_themes(workshop)):
        theme.position = position


def clean_label(label: str) -> str:
    """A theme name as stored: one line, no control characters, 1 to 120 characters."""
    cleaned = clean_text(label, single_line=True)
    if not cleaned:
        raise RuleBroken("Give the theme a name: the name cannot be empty.")
    if len(cleaned) > LABEL_MAX:
        raise RuleBroken(f"That name has {len(cleaned)} characters; theme names can have up to {LABEL_MAX}.")
    return cleaned


def rename_theme(theme: Theme, label: str) -> None:
    """The facilitator's name wins over every later automatic label."""
    theme.label = clean_label(label)
    theme.label_by_person = True
    theme.workshop.touch()


def move_statement(statement: Statement, target: Theme | None) -> None:
    """Put a statement in a theme (or in the unsorted lane, ``None``) by hand; re-grouping keeps it there."""
    if target is not None and target.workshop_id != statement.workshop_id:
        raise RuleBroken("That theme belongs to another workshop.")
    statement.theme = target
    statement.placed_by_hand = True
    statement.workshop.touch()


def merge_themes(source: Theme, target: Theme) -> None:
    """Move every statement and vote of ``source`` into ``target`` and delete ``source``.

    The moved statements count as placed by hand: the facilitator said they belong together.
    A participant who voted for both keeps one vote for the merged theme.
    """
    if source.id == target.id:
        raise RuleBroken("Choose a different theme to merge into.")
    if source.workshop_id != target.workshop_id:
        raise RuleBroken("That theme belongs to another workshop.")
    for statement in list(source.statements):
        statement.theme = target
        statement.placed_by_hand = True
    voters = set(db.session.scalars(select(Vote.participant_id).where(Vote.theme_id == target.id)))
    for vote in list(source.votes):
        if vote.participant_id not in voters:
            db.session.add(Vote(theme=target, participant_id=vote.participant_id))
            voters.add(vote.participant_id)
    target.keywords = list(dict.fromkeys([*target.keywords, *source.keywords]))[:12]
    workshop = source.workshop
    db.session.delete(source)
    _renumber(workshop)
    workshop.touch()


def split_theme(theme: Theme, chosen_ids: Sequence[int] = (), label: str = "") -> Theme:
    """Split a theme in two and return the new one.

    With ``chosen_ids``, those statements (placed by hand) make the new theme. Without, the
    grouping core is asked for two groups among the theme's statements; the larger stays.
    ``label``: the new theme's name, the facilitator's (kept through re-grouping); without one,
    the core's label, never the same as a theme already on the board.
    """
    person_label = clean_label(label) if label.strip() else ""
    members = [s for s in theme.statements if s.status == StatementStatus.VISIBLE]
    if chosen_ids:
        chosen_set = set(chosen_ids)
        chosen = [s for s in members if s.id in chosen_set]
        if len(chosen) != len(chosen_set):
            raise RuleBroken("Some of the ticked statements are not in this theme any more: refresh the board.")
        if len(chosen) == len(members):
            raise RuleBroken("Leave at least one statement in the theme: tick only those to split off.")
        named = group_statements([s.text for s in chosen], n_themes=1, vectors=vectors_of(chosen))
        label = named.themes[0].label if named.themes else UNSORTED_LABEL
        keywords = list(named.themes[0].keywords) if named.themes else []
        new_theme = _new_theme_after(theme, label, keywords)
        for statement in chosen:
            statement.theme = new_theme
            statement.placed_by_hand = True
    else:
        if len(members) < 2:
            raise RuleBroken("A theme needs at least two statements to split.")
        grouping = group_statements([s.text for s in members], n_themes=2, vectors=vectors_of(members))
        if len(grouping.themes) < 2:
            raise RuleBroken(
                "These statements do not fall into two groups by themselves: "
                "tick the ones to split off, then split again."
            )
        groups = sorted(grouping.themes, key=lambda t: -len(t.members))
        new_theme = _new_theme_after(theme, groups[1].label, list(groups[1].keywords))
        for index in groups[1].members:
            members[index].theme = new_theme
    if person_label:
        new_theme.label, new_theme.label_by_person = person_label, True
    else:
        taken = {t.label for t in _themes(theme.workshop) if t is not new_theme}
        new_theme.label = unused_label(new_theme.label, taken)
    theme.workshop.touch()
    db.session.flush()
    return new_theme


def unused_label(label: str, taken: set[str]) -> str:
    """``label``, or ``label 2``, ``label 3``… if a theme on the board already has that name."""
    number = 2
    candidate = label
    while candidate in taken:
        candidate = f"{label[: LABEL_MAX - 4]} {number}"
        number += 1
    return candidate


def new_theme(workshop: Workshop, label: str) -> Theme:
    """An empty theme the facilitator names, last on the board, to move statements into.

    Its name is the facilitator's, so re-grouping keeps it (even while it is empty).
    """
    theme = Theme(workshop=workshop, label=clean_label(label), label_by_person=True, position=len(_themes(workshop)))
    theme.keywords = []
    db.session.add(theme)
    workshop.touch()
    db.session.flush()
    return theme


def _new_theme_after(theme: Theme, label: str, keywords: list[str]) -> Theme:
    workshop = theme.workshop
    for other in _themes(workshop):
        if other.position > theme.position:
            other.position += 1
    new_theme = Theme(workshop=workshop, label=label[:LABEL_MAX], position=theme.position + 1)
    new_theme.keywords = keywords
    db.session.add(new_theme)
    return new_theme


def set_locked(theme: Theme, locked: bool) -> None:
    """A locked theme keeps its statements through re-grouping, and takes no new ones."""
    theme.locked = locked
    theme.workshop.touch()


def move_theme(theme: Theme, direction: Literal["up", "down"]) -> None:
    """Swap a theme with its neighbour, to put the themes in the order of discussion."""
    workshop = theme.workshop
    _renumber(workshop)
    ordered = _themes(workshop)
    index = ordered.index(theme)
    other_index = index - 1 if direction == "up" else index + 1
    if 0 <= other_index < len(ordered):
        other = ordered[other_index]
        theme.position, other.position = other.position, theme.position
        workshop.touch()


def delete_theme(theme: Theme) -> None:
    """Remove a theme; its statements go back to the unsorted lane, free to be grouped again."""
    workshop = theme.workshop
    for statement in list(theme.statements):
        statement.theme = None
        statement.placed_by_hand = False
    db.session.delete(theme)
    _renumber(workshop)
    workshop.touch()


def set_sharing(workshop: Workshop, shared: bool) -> None:
    """Show the themes on participants' phones, or hide them again."""
    workshop.themes_shared = shared
    workshop.touch()


def set_voting(workshop: Workshop, voting: bool) -> None:
    """Let participants vote for the themes they want to discuss; votes are kept when it is off."""
    workshop.voting = voting
    workshop.touch()


def votes_of(participant: Participant) -> set[int]:
    return set(
        db.session.scalars(
            select(Vote.theme_id)
            .join(Theme)
            .where(Vote.participant_id == participant.id, Theme.workshop_id == participant.workshop_id)
        )
    )


def vote(theme: Theme, participant: Participant) -> None:
    """One vote per theme per participant, at most ``VOTES_PER_PARTICIPANT`` in all."""
    workshop = theme.workshop
    if participant.workshop_id != workshop.id:
        raise RuleBroken("You can only vote in the workshop you joined.")
    if not workshop.voting_open:
        raise RuleBroken("Voting is not open just now.")
    # A phone's parallel votes count one at a time: its participant's row is the lock, taken after
    # the workshop's is held, as deleting the workshop takes it before its participants: the same
    # order, so no deadlock (issue 12).
    hold_row(Workshop, workshop.id)
    serialise_on(Participant, participant.id)
    mine = votes_of(participant)
    if theme.id in mine:
        return
    if len(mine) >= VOTES_PER_PARTICIPANT:
        raise RuleBroken(
            f"You have used your {VOTES_PER_PARTICIPANT} votes. Take one back to vote for this theme instead."
        )
    try:
        with db.session.begin_nested():
            db.session.add(Vote(theme=theme, participant_id=participant.id))
    except IntegrityError:
        return  # the same vote, sent twice at once (a double tap): it counts once
    workshop.touch(votes_only=True)


def unvote(theme: Theme, participant: Participant) -> None:
    workshop = theme.workshop
    if not workshop.voting_open:
        raise RuleBroken("Voting is not open just now.")
    db.session.execute(delete(Vote).where(Vote.theme_id == theme.id, Vote.participant_id == participant.id))
    workshop.touch(votes_only=True)
