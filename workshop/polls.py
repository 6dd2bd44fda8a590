"""Quick polls (issue 16), pure: the options a facilitator typed, cleaned and checked, and the count
of each option over the participants' answers. No Flask, no database: the views and the wall
hand in plain lists.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from workshop.common.text import clean_text

MIN_OPTIONS = 2
MAX_OPTIONS = 8
OPTION_LENGTH = 80


class BadOptions(ValueError):
    """The options cannot make a poll; the message is written for the facilitator."""


def clean_options(lines: Iterable[str], *, what: str = "poll", one: str = "option") -> list[str]:
    """The options from one per line: trimmed, blanks dropped, repeats (any case) dropped, 2–8 of them.

    ``what`` and ``one`` name them in the messages for another kind (a ranking's items).
    """
    options: list[str] = []
    seen: set[str] = set()
    for line in lines:
        option = clean_text(line, single_line=True)
        if not option or option.casefold() in seen:
            continue
        if len(option) > OPTION_LENGTH:
            raise BadOptions(f"Keep each {one} to {OPTION_LENGTH} characters or fewer.")
        seen.add(option.casefold())
        options.append(option)
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        raise BadOptions(f"A {what} needs {MIN_OPTIONS} to {MAX_OPTIONS} different {one}s, one a line.")
    return options


def check_choices(choices: Iterable[int], option_count: int, *, multiple: bool) -> list[int]:
    """The option numbers a participant chose, sorted and once each; one only unless ``multiple``."""
    chosen = sorted(set(choices))
    if not chosen:
        raise BadOptions("Choose an option.")
    if any(not 0 <= number < option_count for number in chosen):
        raise BadOptions("That option is not in this poll.")
    if len(chosen) > 1 and not multiple:
        raise BadOptions("Choose one option.")
    return chosen


@dataclass(frozen=True)
class OptionCount:
    option: str
    count: int
    share: float  # of the people who answered, 0–1 (a multiple-choice poll's shares may add to more than 1)


def tally(options: list[str], answers: Iterable[Iterable[int]]) -> tuple[list[OptionCount], int]:
    """Each option with how many people chose it, in the options' order, and how many people answered.

    Numbers outside the options (an option removed after people answered) are not counted.
    """
    counts = [0] * len(options)
    people = 0
    for answer in answers:
        people += 1
        for number in set(answer):
            if 0 <= number < len(options):
                counts[number] += 1
    return [OptionCount(o, c, c / people if people else 0.0) for o, c in zip(options, counts, strict=True)], people
