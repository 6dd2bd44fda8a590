"""Small text helpers every document shares."""

from __future__ import annotations

import pytest

from workshop.common.text import whole_percent, without_prompt


@pytest.mark.parametrize(
    ("share", "expected"), [(5 / 8, 63), (3 / 8, 38), (1 / 3, 33), (2 / 3, 67), (0.0, 0), (1.0, 100)]
)
def test_a_whole_percentage_rounds_halves_up_as_people_do(share: float, expected: int) -> None:
    assert whole_percent(share) == expected


def test_without_prompt_compares_words_not_characters() -> None:
    prompt = "When I get back to work, I'm going to…"
    assert without_prompt("When I get back to work I'm going to add an impact question", prompt) == (
        "add an impact question"
    )
    assert without_prompt("when i get back to work, I’m going to… ring the ward", prompt) == "ring the ward"
    assert without_prompt("I am going to think about impact", prompt) == "think about impact"
    assert without_prompt("I'll write two case studies", prompt) == "write two case studies"
    assert without_prompt("I willingly share", prompt) == "I willingly share"  # a word, not a prefix
    assert without_prompt("When I get back to work I'm going to", prompt) == "When I get back to work I'm going to"
    assert without_prompt("I will 👍", prompt) == "I will 👍"  # nothing left that says anything
    assert without_prompt("Next week I will call the ward", "Next week I will…") == "call the ward"
    assert without_prompt("سأكتب دراسة حالة", prompt) == "سأكتب دراسة حالة"
    assert without_prompt("Run a survey", "") == "Run a survey"
