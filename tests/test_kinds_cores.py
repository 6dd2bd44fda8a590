"""The pure cores of the word cloud, the scale, the ranking and the questions (issue 16)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from workshop.kinds.questions import AskedQuestion, sort_questions
from workshop.kinds.rankings import BadRanking, RankedItem, check_ranks, clean_items, tally_ranking
from workshop.kinds.scales import BadScale, ValueCount, check_value, make_scale, tally_scale
from workshop.kinds.words import BadWords, WordCount, check_words, fold, tally_words

# --- word cloud ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("forms", "key"),
    [
        (["librarians", "Librarian", "LIBRARIANS", " librarian. "], "librarian"),
        (["policies", "Policy"], "policy"),
        (["processes", "process"], "process"),
        (["buses", "bus", "Bus"], "bus"),
        (["statuses", "status"], "status"),
        (["causes", "cause"], "cause"),
        (["coaches", "coach"], "coach"),
        (["boxes", "box"], "box"),
        (["analyses", "analysis"], "analysis"),
        (["co-production", "Coproduction", "co production"], "coproduction"),
        (["team meetings", "Team meeting"], "teammeeting"),
        (["outcomes", "outcome"], "outcome"),
        (["movies", "movie"], "movie"),
    ],
)
def test_plurals_case_and_joiners_fold_to_one_word(forms: list[str], key: str) -> None:
    assert {fold(word) for word in forms} == {key}


@pytest.mark.parametrize(
    "word", ["news", "bus", "analysis", "series", "species", "status", "focus", "bias", "chaos", "access", "gas", "its"]
)
def test_words_that_only_look_plural_keep_their_s(word: str) -> None:
    assert fold(word) == word
    assert fold(word.upper()) == word


def test_other_scripts_are_casefolded_and_otherwise_kept() -> None:
    assert fold("تعاون") == "تعاون"
    assert fold("STRASSE") == fold("straße") == "strasse"
    assert fold("Ｄａｔａ") == "data"  # full-width letters


def test_a_persons_words_are_cleaned_and_checked() -> None:
    assert check_words([" Trust. ", "", "trust", "time\x00 ", "«data»"]) == ["Trust", "time", "data"]
    assert check_words(["partnership 🤝"]) == ["partnership 🤝"]
    with pytest.raises(BadWords, match="Type a word before"):
        check_words(["", "  ", "\x07"])
    with pytest.raises(BadWords, match="up to 3 words"):
        check_words(["a1", "b1", "c1", "d1"])
    with pytest.raises(BadWords, match="Send one word"):
        check_words(["a1", "b1"], max_words=1)
    with pytest.raises(BadWords, match="30 characters"):
        check_words(["x" * 31])
    with pytest.raises(BadWords, match="letters or numbers"):
        check_words(["🤝🤝"])
    assert check_words(["<script>alert(1)</script>"]) == [
        "<script>alert(1)</script>"
    ]  # stored as typed, escaped when shown


def test_the_cloud_counts_each_person_once_per_word_and_shows_the_common_spelling() -> None:
    cloud = tally_words(
        [["Librarians", "trust"], ["librarian", "librarians"], ["librarian", "News"], ["news"], ["Trust"]],
        hidden=["spam"],
    )
    assert cloud.people == 5 and cloud.hidden == 0
    assert cloud.words == [
        WordCount("librarian", "librarian", 3, 5),
        WordCount("news", "News", 2, 3),
        WordCount("trust", "trust", 2, 3),
    ]


def test_hidden_words_leave_the_cloud_and_an_empty_cloud_has_no_words() -> None:
    cloud = tally_words([["idiot", "care"], ["Idiots"]], hidden=["idiot"])
    # One word sent once: no smaller than any other, so drawn at the middle size.
    assert cloud.words == [WordCount("care", "care", 1, 3)] and cloud.hidden == 1 and cloud.people == 2
    assert tally_words([]).words == [] and tally_words([[]]).people == 0


# --- scale --------------------------------------------------------------------------------------


def test_a_scale_is_one_to_five_or_nought_to_ten_with_short_labels() -> None:
    scale = make_scale(0, 10, " Not at all\n", "Completely")
    assert scale.low_label == "Not at all" and scale.values == list(range(11))
    with pytest.raises(BadScale, match="1 to 5 or 0 to 10"):
        make_scale(1, 7)
    with pytest.raises(BadScale, match="40 characters"):
        make_scale(1, 5, "x" * 41)


@pytest.mark.parametrize("value", ["", None, "six", "3.5", "6", "0", "-1", "١٠", "99999999999999999999"])
def test_an_answer_off_a_one_to_five_scale_is_refused(value: str | None) -> None:
    with pytest.raises(BadScale, match="Choose"):
        check_value(value, make_scale(1, 5))


def test_the_distribution_mean_and_median() -> None:
    scale = make_scale(1, 5)
    assert check_value(" 4 ", scale) == 4
    result = tally_scale(scale, [4, 5, 4, 2, 9])
    assert result.people == 4 and result.mean == 3.75 and result.median == 4.0
    assert result.counts[3] == ValueCount(4, 2, 0.5) and [c.count for c in result.counts] == [0, 1, 0, 2, 1]
    assert tally_scale(scale, [1, 2]).median == 1.5
    empty = tally_scale(make_scale(0, 10), [])
    assert empty.mean is None and empty.median is None and len(empty.counts) == 11


# --- ranking ------------------------------------------------------------------------------------


def test_items_are_the_polls_rule_with_a_rankings_words() -> None:
    assert clean_items(["Time", "time ", "Money", ""]) == ["Time", "Money"]
    with pytest.raises(BadRanking, match="A ranking needs 2 to 8 different items"):
        clean_items(["Only one"])
    with pytest.raises(BadRanking, match="2 to 8"):
        clean_items([f"Item {n}" for n in range(9)])


def test_ranks_give_the_order_and_each_rank_is_used_once() -> None:
    items = ["Time", "Money", "Skills"]
    assert check_ranks(["2", "3", "1"], items) == [2, 0, 1]
    with pytest.raises(BadRanking, match="“Time” and “Skills” are both ranked 1"):
        check_ranks(["1", "2", "1"], items)
    with pytest.raises(BadRanking, match="are all ranked 2"):
        check_ranks(["2", "2", "2"], items)
    with pytest.raises(BadRanking, match="Give “Money” a rank"):
        check_ranks(["1", "", "2"], items)
    with pytest.raises(BadRanking, match="from 1 to 3"):
        check_ranks(["1", "2", "4"], items)
    with pytest.raises(BadRanking, match="from 1 to 3"):
        check_ranks(["1", "two", "3"], items)
    with pytest.raises(BadRanking, match="have changed"):
        check_ranks(["1", "2"], items)


def test_mean_rank_best_first_ignoring_orders_of_other_items() -> None:
    result = tally_ranking(["Time", "Money", "Skills"], [[2, 0, 1], [0, 2, 1], [2, 1, 0], [0, 1]])
    assert result.people == 3
    assert result.items == [
        RankedItem("Skills", 4 / 3, 2),
        RankedItem("Time", 2.0, 1),
        RankedItem("Money", 8 / 3, 0),
    ]
    assert [i.mean_rank for i in tally_ranking(["A", "B"], []).items] == [None, None]


# --- questions ----------------------------------------------------------------------------------


def test_questions_by_votes_answered_last_hidden_left_out() -> None:
    start = datetime(2026, 12, 2, 14, 0)

    def asked(number: int, votes: int, answered: bool = False, visible: bool = True) -> AskedQuestion:
        return AskedQuestion(number, f"Q{number}", votes, answered, start + timedelta(minutes=number), visible)

    listed = sort_questions(
        [asked(1, 2), asked(2, 5, answered=True), asked(3, 2), asked(4, 7), asked(5, 9, visible=False)]
    )
    assert [q.id for q in listed.open] == [4, 1, 3]
    assert [q.id for q in listed.answered] == [2]
    assert [q.id for q in listed.shown] == [4, 1, 3, 2] and listed.waiting == 1


def test_folding_a_folded_word_changes_nothing_so_a_hidden_key_stays_hidden() -> None:
    words = (
        "librarians policies processes buses statuses causes coaches boxes analyses lenses gases glasses news series"
    )
    for word in words.split():
        assert fold(fold(word)) == fold(word), word
