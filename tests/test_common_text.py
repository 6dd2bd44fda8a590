"""Small text helpers every document shares."""

from __future__ import annotations

import pytest

from workshop.common.text import whole_percent


@pytest.mark.parametrize(
    ("share", "expected"), [(5 / 8, 63), (3 / 8, 38), (1 / 3, 33), (2 / 3, 67), (0.0, 0), (1.0, 100)]
)
def test_a_whole_percentage_rounds_halves_up_as_people_do(share: float, expected: int) -> None:
    assert whole_percent(share) == expected
