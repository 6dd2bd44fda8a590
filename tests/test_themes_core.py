"""The themes grouping core, as a facilitator would meet it: their statements in, themes out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workshop.themes import (
    ExistingTheme,
    Placement,
    available_engines,
    group_lines,
    group_statements,
    grouping_to_json,
    load_lexicon,
    regroup,
)
from workshop.themes.api import group_file_to_json
from workshop.themes.labels import is_good_label
from workshop.themes.text import STOP_WORDS

SEED = Path("/work/shared/seed/map-on-tour.txt")

SEED_STATEMENTS = [
    "Look at ways to \u201cshout about it\u201d within the Trust",
    "Write up a detailed SMART impact plan",
    "Increase use of Twitter /Facebook / Instagram accounts for impact of service",
    "Arrange to meet the Health & Wellbeing committee to discuss a health and wellbeing fair / information event",
    "Follow more people on Twitter so that we know what\u2019s going on, look at creating some social media cards, "
    "and explore using Twitter polls to demonstrate impact on Trust values",
    "Try to find a customer who is willing to contribute to a case study \u2013 I like the idea of sharing these on "
    "social media or corporate blog",
    "I am going to think about my project (replacing print journal archives with electronic) in terms of impact on "
    "stakeholders (who are the stakeholders and how to measure impact)",
    "Consider ways in which we can use the feedback we already receive to shout about it!",
    "Choose a project to use the five steps with",
    "Activate a Twitter account. Love the ideas!",
    "Re-jig my next presentation to include impact",
    "Take a long hard look at what I can reasonably expect from survey i.e. focus on individual groups rather than "
    "organisations",
    "Encourage my team to collect feedback which highlights the difference and/or change LKS has made",
    "Create a post-it literature search feedback board",
    "Talk to head of transformation re: impact of LKS support",
    "Launch a library competition: tell us your library story",
    "Work out what \u2018shout about it\u2019 ideas are feasible",
]


def theme_of(grouping, index):
    """The label of the theme holding statement ``index``, or None when it is unsorted."""
    for theme in grouping.themes:
        if index in theme.members:
            return theme.label
    assert index in grouping.unsorted
    return None


def assert_partition(grouping, indexes):
    seen = [m for t in grouping.themes for m in t.members] + list(grouping.unsorted)
    assert sorted(seen) == sorted(indexes)


def test_seed_statements_are_the_seed_file():
    text = SEED.read_text(encoding="utf-8")
    for statement in SEED_STATEMENTS:
        assert statement in text


def test_same_input_gives_same_output():
    first = group_statements(SEED_STATEMENTS)
    again = group_statements(list(SEED_STATEMENTS))
    assert first == again
    assert group_statements(SEED_STATEMENTS, n_themes=4) == group_statements(SEED_STATEMENTS, n_themes=4)


def test_order_of_statements_does_not_change_the_themes():
    reordered = list(reversed(SEED_STATEMENTS))
    n = len(SEED_STATEMENTS)
    original = {frozenset(t.members) for t in group_statements(SEED_STATEMENTS).themes}
    flipped = {frozenset(n - 1 - m for m in t.members) for t in group_statements(reordered).themes}
    assert original == flipped


def test_meaning_not_shared_words_groups_social_media():
    grouping = group_statements(["Set up an Insta page", "Tweet about the new service", "Start a LinkedIn presence"])
    assert len(grouping.themes) == 1
    assert grouping.themes[0].members == (0, 1, 2)
    assert grouping.themes[0].label == "Social media"
    assert grouping.engine == "meaning"


def test_junk_goes_to_the_unsorted_lane():
    statements = [
        "Set up an Insta page",
        "great session!",
        "Tweet about the new service",
        "?",
        "\U0001f44d",
        "",
        "Start a LinkedIn presence",
    ]
    grouping = group_statements(statements)
    assert set(grouping.unsorted) == {1, 3, 4, 5}
    assert_partition(grouping, range(len(statements)))


def test_praise_and_thanks_are_unsorted_even_when_the_lexicon_knows_a_word():
    """'thanks' is a weak word of the feedback concept and 'cake' of events: neither makes a
    statement about the day itself part of a theme; a lexicon phrase of common words does."""
    statements = [
        "Set up an Insta page",
        "Thanks all!",
        "Tweet about the new service",
        "Cake was amazing",
        "Really useful morning",
        "Start a LinkedIn presence",
        "Collect feedback with a comment card at the desk",
        "Put a suggestion box by the door",
        "Ask for feedback after every training session",
    ]
    grouping = group_statements(statements)
    assert set(grouping.unsorted) == {1, 3, 4}
    assert_partition(grouping, range(len(statements)))


def test_seed_is_grouped_sensibly():
    grouping = group_statements(SEED_STATEMENTS)
    assert_partition(grouping, range(len(SEED_STATEMENTS)))
    twitter = {theme_of(grouping, i) for i in (2, 4, 9)}
    assert len(twitter) == 1 and None not in twitter
    assert twitter == {"Social media"}
    shout = {theme_of(grouping, i) for i in (0, 16)}
    assert len(shout) == 1 and None not in shout
    assert theme_of(grouping, 1) == theme_of(grouping, 8) is not None  # SMART plan, five steps
    assert theme_of(grouping, 12) == theme_of(grouping, 13) is not None  # collecting feedback
    assert theme_of(grouping, 6) == theme_of(grouping, 14) is not None  # stakeholders, head of transformation
    assert 2 <= len(grouping.themes) <= 8
    assert all(len(t.members) >= 2 for t in grouping.themes)


def test_themes_explain_themselves():
    grouping = group_statements(SEED_STATEMENTS)
    social = next(t for t in grouping.themes if t.label == "Social media")
    assert "twitter" in social.keywords


def test_labels_are_one_to_four_words_and_not_stop_words():
    for statements in (SEED_STATEMENTS, ["library library the", "the the and of"] * 3):
        for n_themes in (None, 2, 6):
            for theme in group_statements(statements, n_themes=n_themes).themes:
                words = theme.label.split()
                assert 1 <= len(words) <= 4, theme.label
                assert any(w.lower().strip("()") not in STOP_WORDS for w in words), theme.label


OFF_TOPIC = [  # a facilities meeting: nothing the lexicon knows, words shared here and there
    "Ask estates to fix the broken bed in the on-call room before the next hour of nights",
    "Get the bed linen changed every day in the on-call room",
    "Book the on-call room bed through the new app",
    "Drink more water, maybe a reminder at 2pm",
    "Keep a water bottle on my desk and drink before 2pm",
    "Bring crisps instead of buying them from the machine",
    "Swap crisps for fruit at the afternoon break instead",
    "Actually act on the suggestions people make",
    "Actually reply to the suggestions in the comments box",
    "Publicly thank the porters for moving the shelving",
    "The porters contributed so much to the move",
]


def test_labels_name_things_in_every_engine():
    """Never two unrelated words joined by "and", a time, a filler, an adverb or a past tense:
    the fallback engine once named these "Bed and hour", "Drink and 2pm", "Instead and crisps",
    "Actually and act"."""
    lexicon_labels = set(load_lexicon().labels)
    for engine in available_engines():
        for n_themes in (None, 3, 5):
            for theme in group_statements(OFF_TOPIC, engine=engine, n_themes=n_themes).themes:
                assert theme.label in lexicon_labels or is_good_label(theme.label.split(" (")[0]), (engine, theme.label)
    for bad in (
        "Bed and hour",
        "Drink and 2pm",
        "Instead and crisps",
        "Actually and act",
        "Publicly",
        "Contributed",
        "Intranet page says",
        "Someone",
        "Without",
        "Arrange",
    ):
        assert not is_good_label(bad), bad
    for good in ("Staff wellbeing", "Search skills training", "Bed linen", "Water bottle", "Supply chain"):
        assert is_good_label(good), good


def test_labels_are_unique():
    grouping = group_statements(SEED_STATEMENTS, n_themes=9)
    labels = [t.label for t in grouping.themes]
    assert len(labels) == len(set(labels))


def test_words_without_a_concept_still_group():
    statements = [
        "Tidy the quiet study carrels",
        "Book new carrels for the quiet room",
        "Move the carrels upstairs",
        "Write a SMART plan",
        "Write a SMART objective",
    ]
    grouping = group_statements(statements)
    assert theme_of(grouping, 0) == theme_of(grouping, 1) == theme_of(grouping, 2) is not None
    assert "carrels" in [k.lower() for t in grouping.themes for k in t.keywords]


def test_misspellings_do_not_break_it():
    grouping = group_statements(
        [
            "Send out a questionaire",
            "Redo our survey",
            "Pilot the questionnaire",
            "Post on Instagramm",
            "Tweet more",
            "Start a Facebok page",
        ]
    )
    assert theme_of(grouping, 0) == theme_of(grouping, 1) == theme_of(grouping, 2) is not None
    assert theme_of(grouping, 3) == theme_of(grouping, 4) == theme_of(grouping, 5) is not None


@pytest.mark.parametrize("n_themes", [1, 2, 3, 5, 8])
def test_n_themes_is_honoured(n_themes):
    grouping = group_statements(SEED_STATEMENTS, n_themes=n_themes)
    assert len(grouping.themes) == n_themes
    assert_partition(grouping, range(len(SEED_STATEMENTS)))


def test_n_themes_cannot_exceed_what_the_statements_allow():
    grouping = group_statements(["Tweet more", "Post on Instagram"], n_themes=5)
    assert 1 <= len(grouping.themes) <= 2


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError):
        group_statements(SEED_STATEMENTS, n_themes=0)
    with pytest.raises(ValueError):
        group_statements(SEED_STATEMENTS, engine="nonsense")
    with pytest.raises(TypeError):
        group_statements("one string")


def test_engines():
    assert available_engines()[0] == "meaning"
    assert "concepts" in available_engines()
    grouping = group_statements(SEED_STATEMENTS, n_themes=4, engine="tfidf")
    assert grouping.engine == "tfidf"
    assert len(grouping.themes) == 4


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x07\x0bcontrol\x1b[31m",
        "\ud800 lone surrogate",
        "\U0001f469\u200d\U0001f4bb\U0001f44d\U0001f3fd",
        "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0645\u0643\u062a\u0628\u0629 \u200f",
        "<script>alert('x')</script><b>tweet</b>",
        "   \t\n  ",
        "a" * 10000,
        "\u0301\u0301\u0301",
        "ＦＵＬＬＷＩＤＴＨ　ｔｗｅｅｔ",
    ],
)
def test_bad_input_never_crashes(text):
    statements = [*SEED_STATEMENTS[:5], text, text]
    for n_themes in (None, 3):
        grouping = group_statements(statements, n_themes=n_themes)
        assert_partition(grouping, range(len(statements)))
        json.dumps(grouping_to_json(grouping))


def test_empty_input():
    grouping = group_statements([])
    assert grouping.themes == () and grouping.unsorted == ()


def test_json_of_the_host_command(tmp_path):
    lines = [
        "Set up an Insta page",
        "",
        "Tweet about the new service",
        "great session!",
        "   ",
        "Start a LinkedIn presence",
    ]
    path = tmp_path / "statements.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = group_file_to_json(path)
    assert set(data) == {"engine", "themes", "unsorted"}
    assert data["engine"] == "meaning"
    assert data["themes"] == [
        {"label": "Social media", "statements": [0, 2, 5], "keywords": data["themes"][0]["keywords"]}
    ]
    assert data["unsorted"] == [3]  # blank lines 1 and 4 count as lines but are ignored
    assert json.loads(json.dumps(data)) == data
    assert grouping_to_json(group_lines(lines), keywords=False)["themes"][0] == {
        "label": "Social media",
        "statements": [0, 2, 5],
    }


def test_lexicon_is_editable(tmp_path):
    path = tmp_path / "concepts.toml"
    path.write_text('[[concept]]\nkey = "cats"\nlabel = "Cat ideas"\nterms = ["kitten", "moggy"]\n', encoding="utf-8")
    grouping = group_statements(["Adopt a kitten", "Feed the moggy", "Tweet more"], lexicon=path)
    assert grouping.themes[0].label == "Cat ideas"
    assert grouping.themes[0].members == (0, 1)
    assert len(load_lexicon()) > 20


# --- regroup: the facilitator's work always wins -------------------------------------------------


def _current():
    """The seed after a first grouping, then edited by a facilitator."""
    texts = SEED_STATEMENTS
    themes = [
        ExistingTheme("t-social", "Tweeting", label_by_person=True),
        ExistingTheme("t-shout", "Shout about it"),
        ExistingTheme("t-locked", "Our plans", locked=True),
        ExistingTheme("t-old", "Stale automatic theme"),
        ExistingTheme("t-mine", "My empty theme", label_by_person=True),
    ]
    placements = [Placement() for _ in texts]
    for i in (2, 4, 9):
        placements[i] = Placement("t-social")
    for i in (0, 16):
        placements[i] = Placement("t-shout")
    placements[1] = Placement("t-locked")
    placements[10] = Placement("t-locked")  # a presentation, locked in with the plans
    placements[15] = Placement("t-old")
    placements[7] = Placement("t-social", placed_by_hand=True)  # feedback, moved to social by hand
    placements[3] = Placement(None, placed_by_hand=True)  # kept unsorted by hand
    return texts, placements, themes


def test_regroup_keeps_locked_themes_hand_placed_statements_and_person_labels():
    texts, placements, themes = _current()
    result = regroup(texts, placements, themes)
    by_key = {t.key: t for t in result.themes if t.key}
    assert by_key["t-locked"].members == (1, 10)
    assert by_key["t-locked"].label == "Our plans" and by_key["t-locked"].locked
    assert by_key["t-social"].label == "Tweeting"
    assert by_key["t-social"].label_by_person
    assert 7 in by_key["t-social"].members
    assert {2, 4, 9} <= set(by_key["t-social"].members)
    assert 3 in result.unsorted
    assert "t-mine" in by_key and by_key["t-mine"].members == ()
    every = [m for t in result.themes for m in t.members] + list(result.unsorted)
    assert sorted(every) == list(range(len(texts)))
    for theme in result.themes:
        if theme.key is None:
            assert theme.label not in {"Tweeting", "My empty theme"}
    assert 1 not in [m for t in result.themes if t.key != "t-locked" for m in t.members]


def test_regroup_reports_emptied_automatic_themes():
    texts = ["Tweet more", "Post on Instagram", "Start a LinkedIn page"]
    themes = [ExistingTheme("a", "Social media"), ExistingTheme("b", "Old")]
    placements = [Placement("a"), Placement("a"), Placement("b")]
    result = regroup(texts, placements, themes)
    assert result.emptied == ("b",)
    assert [t.key for t in result.themes] == ["a"]
    assert result.themes[0].members == (0, 1, 2)


def test_regroup_is_deterministic_and_checks_its_input():
    texts, placements, themes = _current()
    assert regroup(texts, placements, themes) == regroup(texts, placements, themes)
    with pytest.raises(ValueError):
        regroup(texts, placements[:-1], themes)
    with pytest.raises(ValueError):
        regroup(["x"], [Placement("nope")], themes)
