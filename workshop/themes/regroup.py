"""Re-grouping a workshop whose themes a facilitator has already worked on.

Rules (the facilitator's work always wins):

* Statements in a locked theme stay there; a locked theme is returned unchanged.
* A statement placed by hand stays where it was placed, in a theme or in the unsorted lane.
* Every other statement is grouped afresh (``n_themes``, if given, counts the new groups only).
* Each new group is matched to at most one existing unlocked theme, by the number of statements
  they share (ties: the larger share of the old theme, then key order); a matched group keeps that
  theme's key, and a label a person wrote survives (an automatic label is refreshed).
* An unlocked theme that matches no group keeps its hand-placed statements. If it is left with no
  statement at all: a theme whose label a person wrote is kept, empty (their name is their work;
  the facilitator deletes it if they wish); a theme with an automatic label is listed in
  ``Regrouping.emptied`` and not returned, so the host can delete it.
* Unmatched new groups come back with ``key=None``: the host creates them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .api import group_statements
from .lexicon import Lexicon
from .model import ExistingTheme, Placement, RegroupedTheme, Regrouping


def regroup(
    texts: Sequence[str],
    placements: Sequence[Placement],
    themes: Sequence[ExistingTheme],
    *,
    n_themes: int | None = None,
    engine: str | None = None,
    lexicon: Lexicon | str | Path | None = None,
    vectors: Sequence[np.ndarray | None] | None = None,
) -> Regrouping:
    """Re-group ``texts`` (whose current places are ``placements``, one per text) around ``themes``.

    ``vectors``: the statements' stored embeddings (None where missing), as for ``group_statements``.
    """
    if len(placements) != len(texts):
        raise ValueError("one placement per statement is needed")
    by_key = {t.key: t for t in themes}
    if len(by_key) != len(themes):
        raise ValueError("theme keys must be unique")
    for placement in placements:
        if placement.theme_key is not None and placement.theme_key not in by_key:
            raise ValueError(f"statement placed in unknown theme {placement.theme_key!r}")

    old_members: dict[str, set[int]] = {t.key: set() for t in themes}
    fixed: dict[str | None, list[int]] = {t.key: [] for t in themes}
    fixed[None] = []
    free: list[int] = []
    for index, placement in enumerate(placements):
        key = placement.theme_key
        if key is not None:
            old_members[key].add(index)
        if (key is not None and by_key[key].locked) or placement.placed_by_hand:
            fixed[key].append(index)
        else:
            free.append(index)

    grouping = group_statements(
        [texts[i] for i in free],
        n_themes=n_themes,
        engine=engine,
        lexicon=lexicon,
        vectors=[vectors[i] for i in free] if vectors is not None else None,
    )
    new_groups = [tuple(free[m] for m in theme.members) for theme in grouping.themes]

    candidates = []
    for g, members in enumerate(new_groups):
        for theme in themes:
            if theme.locked:
                continue
            shared = len(old_members[theme.key].intersection(members))
            if shared:
                share = shared / len(old_members[theme.key])
                candidates.append((-shared, -share, theme.key, g))
    candidates.sort()
    matched_group: dict[int, str] = {}
    matched_theme: set[str] = set()
    for _, _, key, g in candidates:
        if g in matched_group or key in matched_theme:
            continue
        matched_group[g] = key
        matched_theme.add(key)

    person_labels = {t.label for t in themes if t.label_by_person}
    result: list[RegroupedTheme] = []
    emptied: list[str] = []
    for theme in themes:
        if theme.locked:
            result.append(_keep(theme, fixed[theme.key]))
            continue
        group = next((g for g, key in matched_group.items() if key == theme.key), None)
        kept = sorted(set(fixed[theme.key]) | (set(new_groups[group]) if group is not None else set()))
        if group is None and not kept and not theme.label_by_person:
            emptied.append(theme.key)
            continue
        if theme.label_by_person or group is None:
            label = theme.label
        else:
            label = _free_label(grouping.themes[group].label, person_labels)
        keywords = grouping.themes[group].keywords if group is not None else ()
        result.append(RegroupedTheme(theme.key, label, tuple(kept), keywords, theme.label_by_person, False))
    for g, grouped in enumerate(new_groups):
        if g not in matched_group:
            made = grouping.themes[g]
            label = _free_label(made.label, person_labels)
            result.append(RegroupedTheme(None, label, tuple(sorted(grouped)), made.keywords))
    unsorted = sorted(set(fixed[None]) | {free[m] for m in grouping.unsorted})
    return Regrouping(grouping.engine, tuple(result), tuple(unsorted), tuple(emptied))


def _keep(theme: ExistingTheme, members: list[int]) -> RegroupedTheme:
    return RegroupedTheme(theme.key, theme.label, tuple(sorted(members)), (), theme.label_by_person, theme.locked)


def _free_label(label: str, taken: set[str]) -> str:
    """An automatic label that does not pretend to be a theme a person named."""
    if label not in taken:
        return label
    number = 2
    while f"{label} {number}" in taken:
        number += 1
    return f"{label} {number}"
