"""The quick poll's pure core (issue 16): options cleaned and checked, answers checked, counts."""

from __future__ import annotations

import pytest

from workshop.polls import BadOptions, OptionCount, check_choices, clean_options, tally


def test_options_are_trimmed_deduplicated_and_two_to_eight() -> None:
    assert clean_options([" Yes ", "", "no", "YES", "Not\tsure"]) == ["Yes", "no", "Not sure"]
    with pytest.raises(BadOptions, match="2 to 8"):
        clean_options(["Only", " only "])
    with pytest.raises(BadOptions, match="2 to 8"):
        clean_options([f"Option {n}" for n in range(9)])
    with pytest.raises(BadOptions, match="80 characters"):
        clean_options(["a" * 81, "b"])


def test_choices_are_one_unless_multiple_and_within_the_options() -> None:
    assert check_choices([2, 0, 2], 3, multiple=True) == [0, 2]
    assert check_choices([1], 3, multiple=False) == [1]
    with pytest.raises(BadOptions, match="Choose one option"):
        check_choices([0, 1], 3, multiple=False)
    with pytest.raises(BadOptions, match="not in this poll"):
        check_choices([3], 3, multiple=True)
    with pytest.raises(BadOptions, match="Choose an option"):
        check_choices([], 3, multiple=True)


def test_tally_counts_each_person_once_per_option_and_ignores_removed_options() -> None:
    counts, people = tally(["Yes", "No"], [[0], [0, 0], [1], [5], [0, 1]])
    assert people == 5
    assert counts == [OptionCount("Yes", 3, 0.6), OptionCount("No", 2, 0.4)]
    assert tally(["Yes", "No"], []) == ([OptionCount("Yes", 0, 0.0), OptionCount("No", 0, 0.0)], 0)
