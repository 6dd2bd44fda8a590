"""Plain data of the grouping core: what goes in and what comes out, frozen and hashable."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Theme:
    """A group of statements with a readable name and the words that tie it together.

    ``members`` are 0-based indexes into the list of statements that was grouped, ascending.
    ``keywords`` explain the grouping (concepts and words the members share), strongest first.
    """

    label: str
    members: tuple[int, ...]
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Grouping:
    """The result of grouping: which engine did it, the themes and the unsorted lane.

    Every index of a non-blank statement appears exactly once, in one theme or in ``unsorted``.
    Themes are ordered by size (largest first), then by their smallest member.
    """

    engine: str
    themes: tuple[Theme, ...]
    unsorted: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ExistingTheme:
    """A theme as the database holds it before re-grouping."""

    key: str
    label: str
    label_by_person: bool = False
    locked: bool = False


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one statement is now: in a theme (its key) or unsorted (None), and who put it there."""

    theme_key: str | None = None
    placed_by_hand: bool = False


@dataclass(frozen=True, slots=True)
class RegroupedTheme:
    """A theme after re-grouping.

    ``key`` is the existing theme's key when the theme is kept or matched, None for a new theme
    the host must create. ``label_by_person`` and ``locked`` are carried over unchanged.
    """

    key: str | None
    label: str
    members: tuple[int, ...]
    keywords: tuple[str, ...] = ()
    label_by_person: bool = False
    locked: bool = False


@dataclass(frozen=True, slots=True)
class Regrouping:
    """The result of ``regroup``: themes to keep, update or create, the unsorted lane, and the
    keys of themes left empty whose automatic label nobody wrote (the host may delete them)."""

    engine: str
    themes: tuple[RegroupedTheme, ...]
    unsorted: tuple[int, ...]
    emptied: tuple[str, ...] = ()
