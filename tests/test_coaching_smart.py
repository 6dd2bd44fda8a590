"""SMART hints: each statement below is a case a participant could type, with the flags we expect.

Columns: action, measure, time, who. The first 17 rows are the seed's real statements
(MAP on tour), which the hints must treat fairly: most lack a time and a measure, which is exactly
what the coaching is for.
"""

from __future__ import annotations

import pytest

from workshop.coaching.smart import (
    HINT_ACTION,
    HINT_MEASURE,
    HINT_TIME,
    HINT_WHO,
    SmartReport,
    smart_hints,
)

SEED = [
    ("Look at ways to “shout about it” within the Trust", 0, 0, 0, 0),
    ("Write up a detailed SMART impact plan", 1, 0, 0, 0),
    ("Increase use of Twitter /Facebook / Instagram accounts for impact of service", 1, 0, 0, 0),
    (
        "Arrange to meet the Health & Wellbeing committee to discuss a health and wellbeing fair / information event",
        1,
        0,
        0,
        1,
    ),
    (
        "Follow more people on Twitter so that we know what’s going on, look at creating some "
        "social media cards, and explore using Twitter polls to demonstrate impact on Trust values",
        1,
        0,
        0,
        0,
    ),
    (
        "Try to find a customer who is willing to contribute to a case study – I like the idea of "
        "sharing these on social media or corporate blog",
        0,
        0,
        0,
        1,
    ),
    (
        "I am going to think about my project (replacing print journal archives with electronic) "
        "in terms of impact on stakeholders (who are the stakeholders and how to measure impact)",
        0,
        0,
        0,
        1,
    ),
    (
        "Consider ways in which we can use the feedback we already receive to shout about it!",
        0,
        0,
        0,
        0,
    ),
    ("Choose a project to use the five steps with", 1, 0, 0, 0),
    ("Activate a Twitter account. Love the ideas!", 1, 0, 0, 0),
    ("Re-jig my next presentation to include impact", 1, 0, 0, 0),
    (
        "Take a long hard look at what I can reasonably expect from survey i.e. focus on "
        "individual groups rather than organisations",
        0,
        0,
        0,
        0,
    ),
    (
        "Encourage my team to collect feedback which highlights the difference and/or change LKS has made",
        1,
        0,
        0,
        1,
    ),
    ("Create a post-it literature search feedback board", 1, 0, 0, 0),
    ("Talk to head of transformation re: impact of LKS support", 1, 0, 0, 1),
    ("Launch a library competition: tell us your library story", 1, 0, 0, 0),
    ("Work out what ‘shout about it’ ideas are feasible", 0, 0, 0, 0),
]

OURS = [
    ("Write 3 case studies with my team by the end of March", 1, 1, 1, 1),
    ("Arrange a meeting with the Head of Transformation next month", 1, 0, 1, 1),
    ("Run a survey of at least 20 nurses within 4 weeks", 1, 1, 1, 1),
    ("Present impact figures to the board every quarter", 1, 1, 1, 1),
    ("Think about doing a survey", 0, 0, 0, 0),
    ("Consider sending a newsletter to colleagues by Christmas", 0, 0, 1, 1),
    ("Look at our Twitter stats", 0, 0, 0, 0),
    ("Try to post weekly on Instagram", 0, 1, 1, 0),
    ("Collect 5 case studies before Christmas", 1, 1, 1, 0),
    ("Double the number of literature search requests this quarter", 0, 1, 1, 0),
    ("Meet our clinical librarians in the new year to plan a campaign", 1, 0, 1, 1),
    ("Email the Health & Wellbeing committee by 12/03", 1, 0, 1, 1),
    ("Send a short survey to junior doctors by the end of June", 1, 0, 1, 1),
    ("Launch a feedback board in the library foyer next week", 1, 0, 1, 0),
    ("Talk to stakeholders about the library's impact", 1, 0, 0, 1),
    ("Share one impact story a month on the staff intranet", 1, 1, 1, 1),
    ("Follow up with Sarah Jones from HR", 1, 0, 0, 1),
    ("Survey 50 ward staff about the evidence service by 1st May", 1, 1, 1, 1),
    ("Create a monthly impact newsletter for the executive team", 1, 1, 1, 1),
    ("Write up the SMART plan with colleagues before the summer", 1, 0, 1, 1),
    ("Start a library competition in September", 1, 0, 1, 0),
    ("Deliver two training sessions for nurses by Easter", 1, 1, 1, 1),
    ("Increase survey responses by 25%", 1, 1, 0, 0),
    ("Our library is open 24/7 for staff", 0, 0, 0, 1),
    ("Explore using Twitter polls", 0, 0, 0, 0),
    ("Book a slot at the next team meeting to present impact", 1, 0, 1, 1),
    ("Hold a drop-in session every Tuesday", 1, 1, 1, 0),
    ("Publish a case study on the blog by 2026", 1, 0, 1, 0),
    ("Get feedback", 0, 0, 0, 0),
    ("Ask users what difference the service made, within two weeks of each search", 1, 0, 1, 1),
    ("Record the number of requests from clinicians each month", 1, 1, 1, 1),
    ("Present at the regional LKS event on 14 October", 1, 0, 1, 0),
    ("Plan a health and wellbeing fair with HR for spring", 1, 0, 1, 1),
    (
        "I will write a short impact report for the board by the end of the financial year",
        1,
        0,
        1,
        1,
    ),
    ("Put up a poster", 1, 0, 0, 0),
    ("Speak to the Director of Nursing about a pilot with 10 wards in Q3", 1, 1, 1, 1),
    ("Shout about it", 0, 0, 0, 0),
    ("We'll pilot a reading group for 6 trainees starting next term", 1, 1, 1, 1),
    ("Interview three patients for a story before the board meeting", 1, 1, 1, 1),
    ("Tell the Trust about our impact", 1, 0, 0, 0),
    ("Send the survey to 100% of new starters", 1, 1, 0, 1),
    ("Make a video for social media by Friday", 1, 0, 1, 0),
    ("Review our impact survey questions with the team by 30/06/2026", 1, 0, 1, 1),
    ("Arrange coffee with our Chief Executive on 3 March", 1, 0, 1, 1),
    ("Collect feedback from every ward by the end of the month", 1, 0, 1, 0),
    ("Write 5 case studies this year", 1, 1, 1, 0),
    ("Think about who the stakeholders are", 0, 0, 0, 1),
    ("Contact the comms team about a library week in November", 1, 0, 1, 1),
    ("Map our services to the Trust's priorities", 1, 0, 0, 0),
    ("Run a twitter poll with 4 options", 1, 1, 0, 0),
    ("When I get back to work, I'm going to email colleagues a link to the survey", 1, 0, 0, 1),
    ("I’m going to look at creating social media cards", 0, 0, 0, 0),
    ("Meet with Sarah Jones on Monday", 1, 0, 1, 1),
    ("Produce a one-page impact summary", 1, 0, 0, 0),
    ("Present to someone in the team", 1, 0, 0, 1),
    ("Open the library on Saturdays for a trial", 1, 0, 0, 0),
    ("Set up quarterly catch-ups with the medical education manager", 1, 1, 1, 1),
    ("Tweet about our 24/7 access", 1, 0, 0, 0),
    ("Meeting the new starters twice a month from January", 1, 1, 1, 1),
    ("  “I will definitely send a feedback form to GPs within a week”  ", 1, 0, 1, 1),
]


@pytest.mark.parametrize(("text", "action", "measure", "time", "who"), SEED + OURS)
def test_flags(text: str, action: int, measure: int, time: int, who: int) -> None:
    report = smart_hints(text)
    got = (report.has_action, report.has_measure, report.has_time, report.has_who)
    assert got == (bool(action), bool(measure), bool(time), bool(who))


def test_table_is_big_enough_and_covers_the_seed() -> None:
    assert len(SEED) == 17
    assert len(SEED) + len(OURS) >= 50


@pytest.mark.parametrize("text", ["", "   ", "asdf", "!!!", "123 456", "🙂🙂🙂", "\x00\x07", "a"])
def test_empty_or_junk_gives_no_hints(text: str) -> None:
    report = smart_hints(text)
    assert report.hints == ()
    assert report.score == 0


def test_hints_name_only_what_is_missing_in_smart_order() -> None:
    report = smart_hints("Write up a detailed SMART impact plan")
    assert report.hints == (HINT_MEASURE, HINT_TIME, HINT_WHO)


def test_complete_statement_has_no_hints_and_full_score() -> None:
    report = smart_hints("Write 3 case studies with my team by the end of March")
    assert report == SmartReport(True, True, True, True, ())
    assert report.score == 4


def test_vague_start_gets_the_action_hint() -> None:
    assert HINT_ACTION in smart_hints("Think about a survey of nurses by June").hints


def test_hints_are_gentle_questions() -> None:
    for hint in (HINT_ACTION, HINT_MEASURE, HINT_TIME, HINT_WHO):
        assert hint.startswith("Could you")
        assert hint.rstrip().endswith("?")
    assert "by the end of March" in HINT_TIME


def test_very_long_and_unusual_text_does_not_crash() -> None:
    text = "Write " + "impact " * 5000 + "🙂 مرحبا \u200f by March"
    report = smart_hints(text)
    assert report.has_action
    assert report.has_time
