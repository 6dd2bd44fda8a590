"""Free-text answers gathered into themes on the results page, when there are too many to read.

Uses the workshop's own grouping core (``workshop.themes.group_statements``), so answers are
grouped exactly the way workshop statements are, deterministically and with readable labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workshop.themes import group_statements

#: From this many answers on, a free-text question's answers are shown in themes.
GROUP_FROM = 15


@dataclass(frozen=True)
class AnswerTheme:
    label: str
    answers: tuple[str, ...]


def themes_of(answers: Sequence[str]) -> tuple[AnswerTheme, ...]:
    """Themes of the answers, largest first, then the answers that fit none ("Other answers").

    Fewer than ``GROUP_FROM`` answers are returned as they are (no themes): a handful of answers
    reads better as a plain list than as themes of one or two.
    """
    if len(answers) < GROUP_FROM:
        return ()
    grouping = group_statements(list(answers))
    themes = [AnswerTheme(theme.label, tuple(answers[i] for i in theme.members)) for theme in grouping.themes]
    placed = {i for theme in grouping.themes for i in theme.members}
    rest = tuple(answer for i, answer in enumerate(answers) if i not in placed)
    if rest:
        themes.append(AnswerTheme("Other answers", rest))
    return tuple(themes)
