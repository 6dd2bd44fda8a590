"""Automatic grouping of workshop statements into themes: the pure core (no Flask, no database).

Plain data in, plain data out, deterministic::

    >>> from workshop.themes import group_statements
    >>> grouping = group_statements(["Set up an Insta page", "Tweet about the new service",
    ...                              "Start a LinkedIn presence", "great session!"])
    >>> grouping.themes[0].label, grouping.themes[0].members, grouping.unsorted
    ('Social media', (0, 1, 2), (3,))

``regroup`` re-groups a workshop whose themes a facilitator has already edited, without
overwriting a label they wrote, a theme they locked or a statement they placed by hand.
``grouping_to_json`` and ``group_lines`` serve the ``themes group`` host command.
"""

from __future__ import annotations

from .api import available_engines, group_lines, group_statements, grouping_to_json
from .lexicon import Concept, Lexicon, load_lexicon
from .model import ExistingTheme, Grouping, Placement, RegroupedTheme, Regrouping, Theme
from .regroup import regroup

__all__ = [
    "Concept",
    "ExistingTheme",
    "Grouping",
    "Lexicon",
    "Placement",
    "RegroupedTheme",
    "Regrouping",
    "Theme",
    "available_engines",
    "group_lines",
    "group_statements",
    "grouping_to_json",
    "load_lexicon",
    "regroup",
]
