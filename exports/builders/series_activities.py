"""Activity results across a series: the activities several of its workshops ran alike, side by side.

Two activities are the same when they are of the same kind and have the same title and the same
question once normalised (:func:`activity_key`: case, spacing, curly quotes and closing
punctuation do not count), so "Which step is hardest?" run in Taunton and "which step is
hardest" run in Exeter line up in one table: each item (a poll's option, a scale's point, a
ranked item, a word) a row, each workshop a column. An activity only one workshop ran is not
compared, nor the statements (the themes across the series compare them) or the questions to the
facilitator (each room's own). Takes each workshop's ``ActivityResult`` from
``exports.snapshot.activity_results`` (the session report's own); pure: data in, Word out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from docx.document import Document

from exports.builders.activities import percent
from exports.data import ActivityResult, ResultItem, WorkshopData
from workshop.common.word import Cell, add_heading, add_paragraph, add_table, single_line

__all__ = ["SharedActivity", "activity_key", "add_shared_activities", "normalised", "shared_activities"]

#: Kinds never compared side by side (see the module's docstring).
NOT_COMPARED = frozenset({"statements", "questions"})

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_END = re.compile(r"[\s?!.:;…]+$")


def normalised(text: str) -> str:
    """``text`` as compared between workshops: one line, any case, straight quotes, no closing punctuation."""
    return _END.sub("", " ".join(text.translate(_QUOTES).split()).casefold())


def activity_key(activity: ActivityResult) -> tuple[str, str, str]:
    """What makes two workshops' activities the same one: kind, title and question, normalised."""
    return activity.kind, normalised(activity.title), normalised(activity.question)


@dataclass(frozen=True)
class SharedActivity:
    """One activity run alike by two or more workshops of a series: its items and each workshop's results."""

    heading: str
    question: str
    kind_label: str
    item_label: str
    items: tuple[str, ...]  # every workshop's items, in the order they first appear
    results: tuple[ActivityResult | None, ...]  # per workshop in the series' order; None where not run

    def item(self, workshop: int, label: str) -> ResultItem | None:
        """The ``workshop``-th workshop's row for ``label`` (None: not run there, or not one of its items)."""
        result = self.results[workshop]
        if result is None:
            return None
        wanted = normalised(label)
        return next((i for i in result.items if normalised(i.label) == wanted), None)

    @property
    def multiple(self) -> bool:
        return any(r is not None and r.multiple for r in self.results)


def shared_activities(workshops: Sequence[WorkshopData]) -> tuple[SharedActivity, ...]:
    """The activities at least two of ``workshops`` ran alike, in the order the first of them ran them."""
    found: dict[tuple[str, str, str], list[ActivityResult | None]] = {}
    for number, workshop in enumerate(workshops):
        for activity in workshop.activities:
            if activity.kind in NOT_COMPARED:
                continue
            row = found.setdefault(activity_key(activity), [None] * len(workshops))
            if row[number] is None:  # the same activity twice in one workshop: its first run counts
                row[number] = activity
    shared = []
    for results in found.values():
        ran = [r for r in results if r is not None]
        if len(ran) < 2:
            continue
        items: dict[str, str] = {}
        for result in ran:
            for item in result.items:
                items.setdefault(normalised(item.label), single_line(item.label))
        first = ran[0]
        shared.append(
            SharedActivity(
                heading=single_line(first.heading),
                question=single_line(first.question),
                kind_label=first.kind_label,
                item_label=first.item_label,
                items=tuple(items.values()),
                results=tuple(results),
            )
        )
    return tuple(shared)


def _cell(result: ActivityResult | None, item: ResultItem | None) -> str:
    if result is None or item is None:
        return "–"
    if item.mean_rank is not None:
        return f"mean rank {item.mean_rank:.1f}"
    if item.share is not None:
        return f"{item.count} ({percent(item.share)})"
    return str(item.count)


def add_shared_activities(document: Document, shared: Sequence[SharedActivity], names: Sequence[str]) -> None:
    """A section per activity the workshops ran alike: each item's figure per workshop, and who answered."""
    for activity in shared:
        add_heading(document, activity.heading, 2)
        if activity.question and activity.question != activity.heading:
            add_paragraph(document, activity.question, bold=True, keep_with_next=True)
        rows: list[list[str | Cell]] = [
            [label, *(_cell(r, activity.item(n, label)) for n, r in enumerate(activity.results))]
            for label in activity.items
        ]
        rows.append(
            [
                Cell("People who answered", bold=True),
                *(Cell(str(r.answered) if r else "Not run", bold=True) for r in activity.results),
            ]
        )
        add_table(
            document,
            (activity.item_label, *names),
            rows,
            widths=(4.0, *([1.6] * len(names))),
            caption=f"{activity.kind_label} across the workshops: {activity.heading}",
            description=f"Each {activity.item_label.lower()} with its figure in each workshop (a count and its share "
            "of the people who answered there, or a mean rank); a dash where it was not offered or the workshop "
            "did not run the activity"
            + ("; people could choose several, so shares may add up to more than 100%" if activity.multiple else "")
            + ".",
            keep_together=len(rows) <= 12,
        )
