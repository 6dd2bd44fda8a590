"""Scales (issue 16), pure: 1-5 or 0-10 with a label at each end; the distribution, the mean and the median.

No Flask, no database: the operations and the wall hand in plain numbers.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from workshop.common.text import clean_text

#: The ranges a facilitator can choose, as (lowest, highest).
RANGES = ((1, 5), (0, 10))
LABEL_LENGTH = 40


class BadScale(ValueError):
    """The scale or a participant's answer cannot be used; the message is written for the person."""


@dataclass(frozen=True)
class Scale:
    low: int
    high: int
    low_label: str = ""
    high_label: str = ""

    @property
    def values(self) -> list[int]:
        return list(range(self.low, self.high + 1))


def make_scale(low: int, high: int, low_label: str = "", high_label: str = "") -> Scale:
    """The facilitator's scale, checked: one of RANGES, end labels one line of up to LABEL_LENGTH characters."""
    if (low, high) not in RANGES:
        raise BadScale("Choose a scale of 1 to 5 or 0 to 10.")
    labels = [clean_text(label, single_line=True) for label in (low_label, high_label)]
    if any(len(label) > LABEL_LENGTH for label in labels):
        raise BadScale(f"Keep each end's label to {LABEL_LENGTH} characters or fewer.")
    return Scale(low, high, *labels)


def check_value(value: str | int | None, scale: Scale) -> int:
    """A participant's answer as a whole number on the scale."""
    text = str(value if value is not None else "").strip()
    if not text:
        raise BadScale("Choose a number on the scale.")
    try:
        number = int(text)
    except ValueError:
        raise BadScale(f"Choose a whole number from {scale.low} to {scale.high}.") from None
    if not scale.low <= number <= scale.high:
        raise BadScale(f"Choose a whole number from {scale.low} to {scale.high}.")
    return number


@dataclass(frozen=True)
class ValueCount:
    value: int
    count: int
    share: float  # of the people who answered, 0-1


@dataclass(frozen=True)
class ScaleResult:
    counts: list[ValueCount]  # every value of the scale, lowest first, zeros included
    people: int
    mean: float | None  # None before anyone answers
    median: float | None


def tally_scale(scale: Scale, answers: Iterable[int]) -> ScaleResult:
    """How many people chose each value, the mean and the median; values off the scale are not counted."""
    values = [a for a in answers if scale.low <= a <= scale.high]
    people = len(values)
    counts = [ValueCount(v, values.count(v), values.count(v) / people if people else 0.0) for v in scale.values]
    if not values:
        return ScaleResult(counts, 0, None, None)
    return ScaleResult(counts, people, statistics.fmean(values), float(statistics.median(values)))
