"""Rankings (issue 16), pure: the facilitator's 2-8 items, a participant's order, the mean rank of each item.

A phone without JavaScript ranks with one number per item (1 = first); each number is used once.
No Flask, no database: the operations and the wall hand in plain lists.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from workshop.polls import MAX_OPTIONS, BadOptions, clean_options

MAX_ITEMS = MAX_OPTIONS


class BadRanking(ValueError):
    """The items or a participant's ranks cannot be used; the message is written for the person."""


def clean_items(lines: Iterable[str]) -> list[str]:
    """The items to rank from one per line: trimmed, repeats dropped, 2-8 of them (the quick poll's rule)."""
    try:
        return clean_options(lines, what="ranking", one="item")
    except BadOptions as error:
        raise BadRanking(str(error)) from None


def check_ranks(ranks: Sequence[str | int | None], items: Sequence[str]) -> list[int]:
    """The item numbers in the participant's order, from the rank given to each item (``ranks[i]`` for ``items[i]``).

    Every item gets a rank from 1 to the number of items, each rank once; otherwise BadRanking
    names what to change.
    """
    if len(ranks) != len(items):
        raise BadRanking("The items to rank have changed: look at the list again and rank every item.")
    numbers: list[int] = []
    for item, rank in zip(items, ranks, strict=True):
        text = str(rank if rank is not None else "").strip()
        if not text:
            raise BadRanking(f"Give “{item}” a rank: every item needs one.")
        try:
            number = int(text)
        except ValueError:
            raise BadRanking(f"Give each item a rank from 1 to {len(items)}.") from None
        if not 1 <= number <= len(items):
            raise BadRanking(f"Give each item a rank from 1 to {len(items)}.")
        numbers.append(number)
    for number in sorted(set(numbers)):
        holders = [item for item, rank in zip(items, numbers, strict=True) if rank == number]
        if len(holders) > 1:
            names = " and ".join(f"“{h}”" for h in holders)
            every = "both" if len(holders) == 2 else "all"
            raise BadRanking(f"Use each rank once: {names} are {every} ranked {number}. Give one of them another rank.")
    return sorted(range(len(items)), key=lambda index: numbers[index])


@dataclass(frozen=True)
class RankedItem:
    item: str
    mean_rank: float | None  # 1 = always first; None before anyone ranks
    firsts: int  # how many people put it first


@dataclass(frozen=True)
class RankingResult:
    items: list[RankedItem]  # best (lowest mean rank) first; ties in the facilitator's order
    people: int


def tally_ranking(items: Sequence[str], orders: Iterable[Sequence[int]]) -> RankingResult:
    """Each item's mean rank over the people who ranked, best first.

    An order that is not a ranking of exactly these items (the facilitator changed them after
    people answered) is not counted.
    """
    totals = [0] * len(items)
    firsts = [0] * len(items)
    people = 0
    for order in orders:
        if sorted(order) != list(range(len(items))):
            continue
        people += 1
        for position, index in enumerate(order, start=1):
            totals[index] += position
        firsts[order[0]] += 1
    ranked = [RankedItem(item, totals[i] / people if people else None, firsts[i]) for i, item in enumerate(items)]
    if people:
        ranked.sort(key=lambda r: r.mean_rank or 0.0)  # stable: ties keep the facilitator's order
    return RankingResult(ranked, people)
