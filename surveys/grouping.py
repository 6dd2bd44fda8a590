"""Free-text answers gathered into themes on the results page, when there are too many to read.

Uses the workshop's own grouping core (``workshop.themes.group_statements``), so answers are
grouped exactly the way workshop statements are, deterministically and with readable labels.
Grouping a thousand answers takes a few tenths of a second, so results are kept per process and
the results page asks for themes it has not got yet in a second request (see ``surveys.views``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from workshop.themes import group_statements

#: From this many answers on, a free-text question's answers are shown in themes.
GROUP_FROM = 15
_CACHE_SIZE = 128

_cache: OrderedDict[tuple[str, ...], tuple[AnswerTheme, ...]] = OrderedDict()
_lock = threading.Lock()


@dataclass(frozen=True)
class AnswerTheme:
    label: str
    answers: tuple[str, ...]


def wants_themes(answers: Sequence[str]) -> bool:
    """Whether there are enough answers for themes to help (a handful reads better as a list)."""
    return len(answers) >= GROUP_FROM


def cached_themes(answers: Sequence[str]) -> tuple[AnswerTheme, ...] | None:
    """The themes of exactly these answers if this process has grouped them before."""
    key = tuple(answers)
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
        return found


def themes_of(answers: Sequence[str]) -> tuple[AnswerTheme, ...]:
    """Themes of the answers, largest first, then the answers that fit none ("Other answers").

    Fewer than ``GROUP_FROM`` answers give no themes. Each distinct answer is grouped once and
    every theme then lists all the answers that repeat it, so "Saved time." said forty times costs
    no more than saying it once.
    """
    if not wants_themes(answers):
        return ()
    key = tuple(answers)
    found = cached_themes(key)
    if found is not None:
        return found
    themes = _group(key)
    with _lock:
        _cache[key] = themes
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return themes


def _same(answer: str) -> str:
    return " ".join(answer.casefold().split()).rstrip(".!")


def _group(answers: tuple[str, ...]) -> tuple[AnswerTheme, ...]:
    copies: dict[str, list[int]] = {}
    for index, answer in enumerate(answers):
        copies.setdefault(_same(answer), []).append(index)
    distinct = list(copies.values())
    grouping = group_statements([answers[indexes[0]] for indexes in distinct])

    def expand(members: Sequence[int]) -> tuple[str, ...]:
        return tuple(answers[i] for i in sorted(i for member in members for i in distinct[member]))

    themes = [AnswerTheme(theme.label, expand(theme.members)) for theme in grouping.themes]
    placed = {member for theme in grouping.themes for member in theme.members}
    rest = [member for member in range(len(distinct)) if member not in placed]
    if rest:
        themes.append(AnswerTheme("Other answers", expand(rest)))
    return tuple(themes)
