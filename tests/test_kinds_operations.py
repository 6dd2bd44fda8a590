"""The word cloud, scale, ranking and questions operations (issue 16), through the app's database.

Every rule with bad input: a clear RuleBroken, never a crash; double taps store once; closed
workshops and activities the room is not on refuse answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from workshop import operations
from workshop.activities import quick_poll
from workshop.extensions import db
from workshop.kinds import operations as kinds
from workshop.kinds.operations import off_the_wall
from workshop.kinds.results import questions_of, ranking_result_of, scale_result_of, word_cloud_of
from workshop.kinds.words import tally_words
from workshop.models import (
    Activity,
    ActivityAnswer,
    ActivityKind,
    Facilitator,
    Participant,
    PollAnswer,
    Question,
    StatementStatus,
    Workshop,
    WorkshopState,
)
from workshop.operations import PersonalDataToConfirm, RuleBroken
from workshop.polls import tally


@pytest.fixture()
def room(app: Flask) -> Iterator[Workshop]:
    with app.app_context():
        owner = Facilitator(email="tracey@example.nhs.uk", password_hash="x", name="Tracey")
        db.session.add(owner)
        db.session.flush()
        workshop = operations.create_workshop(owner, operations.WorkshopSettings(title="Impact"))
        workshop.state = WorkshopState.OPEN
        db.session.flush()
        yield workshop
        db.session.rollback()


def on(workshop: Workshop, kind: ActivityKind, **settings: Any) -> Activity:
    """A new activity of ``kind``, the room moved onto it."""
    activity = Activity(workshop=workshop, kind=kind, title=kind.label, prompt="What drives you?", position=9)
    activity.settings = settings
    db.session.add(activity)
    db.session.flush()
    workshop.current_activity_id = activity.id
    return activity


def phone(workshop: Workshop) -> Participant:
    participant = Participant(workshop=workshop)
    db.session.add(participant)
    db.session.flush()
    return participant


def owner_of(workshop: Workshop) -> Facilitator:
    return workshop.facilitator


# --- word cloud ---------------------------------------------------------------------------------


def test_words_are_stored_folded_counted_and_replaced(room: Workshop) -> None:
    cloud = on(room, ActivityKind.WORDS)
    first, second = phone(room), phone(room)
    version = room.version
    kinds.answer_words(cloud, first, ["Librarians", "trust", ""])
    assert room.version > version
    again = kinds.answer_words(cloud, first, ["Librarians", "trust"])
    assert not again.changed  # a double tap stores once
    kinds.answer_words(cloud, second, ["librarian", "News"])
    result = word_cloud_of(cloud)
    assert [(w.word, w.count) for w in result.words] == [("Librarians", 2), ("News", 1), ("trust", 1)]
    kinds.answer_words(cloud, second, ["time"])  # a new answer replaces the old
    assert [(w.key, w.count) for w in word_cloud_of(cloud).words] == [("librarian", 1), ("time", 1), ("trust", 1)]
    assert db.session.query(ActivityAnswer).count() == 2


def test_answers_read_counted_tally_as_they_would_row_by_row(room: Workshop) -> None:
    """The wall reads each different answer once, with its count (``live.stored_answers``): the
    tallies, the spellings shown for a tie and the poll's counts are those of every row read in turn."""
    cloud = on(room, ActivityKind.WORDS)
    sent = [["Trust"], ["News", "trust"], ["Trust"], ["news"], ["News", "trust"], ["Trust"]]
    for words in sent:
        kinds.answer_words(cloud, phone(room), words)
    assert word_cloud_of(cloud) == tally_words(sent, off_the_wall(cloud))
    assert [(w.word, w.count) for w in word_cloud_of(cloud).words] == [("Trust", 5), ("News", 3)]
    scale = on(room, ActivityKind.SCALE, low=1, high=5)
    for value in ["4", "2", "4", "5", "4"]:
        kinds.answer_scale(scale, phone(room), value)
    result = scale_result_of(scale)
    assert (result.people, result.mean, result.median) == (5, 3.8, 4.0)
    poll = on(room, ActivityKind.POLL, options=["Reach", "Value", "Time"], multiple=True)
    for chosen in [[0], [1, 2], [0], [2], [1, 2]]:
        db.session.add(PollAnswer(activity_id=poll.id, participant_id=phone(room).id, choices=chosen))
    db.session.flush()
    assert sorted(quick_poll.answers_of(poll)) == sorted([[0], [1, 2], [0], [2], [1, 2]])
    counts, people = tally(poll.options, quick_poll.answers_of(poll))
    assert ([c.count for c in counts], people) == ([2, 2, 3], 5)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ([""], "Type a word before"),
        (["a", "b", "c", "d"], "up to 3 words"),
        (["x" * 31], "30 characters"),
        (["🙂🙂"], "letters or numbers"),
        (["\x00\x01"], "Type a word before"),
    ],
)
def test_bad_words_are_refused_with_words_for_the_person(room: Workshop, values: list[str], message: str) -> None:
    cloud = on(room, ActivityKind.WORDS)
    with pytest.raises(RuleBroken, match=message):
        kinds.answer_words(cloud, phone(room), values)


def test_a_word_with_personal_data_follows_the_statements_rule(room: Workshop) -> None:
    """Asked to confirm (as a statement is), then kept but off the wall until a facilitator approves it."""
    cloud = on(room, ActivityKind.WORDS)
    for values, found in ((["jo.bloggs@nhs.net"], "an email address"), (["07700 900123", "trust"], "a phone number")):
        with pytest.raises(PersonalDataToConfirm, match=f"It looks like this contains {found}"):
            kinds.answer_words(cloud, phone(room), values)
    assert db.session.query(ActivityAnswer).count() == 0
    sent = kinds.answer_words(cloud, phone(room), ["jo.bloggs@nhs.net", "Trust"], confirmed=True)
    assert sent.answer.payload == {"words": ["jo.bloggs@nhs.net", "Trust"], "held": ["jo.bloggs@nhs.net"]}
    assert [w.word for w in word_cloud_of(cloud).words] == ["Trust"]
    assert kinds.held_words_of(cloud) == {"jo.bloggs@nhs.net": "an email address"}
    kinds.approve_word(cloud, "jo.bloggs@nhs.net", owner_of(room))
    assert kinds.held_words_of(cloud) == {} and len(word_cloud_of(cloud).words) == 2


def test_rtl_and_html_words_are_kept_as_typed(room: Workshop) -> None:
    cloud = on(room, ActivityKind.WORDS, max_words=2)
    kinds.answer_words(cloud, phone(room), ["تعاون", "<b>bold</b>"])
    assert {w.word for w in word_cloud_of(cloud).words} == {"تعاون", "<b>bold</b>"}
    with pytest.raises(RuleBroken, match="up to 2 words"):
        kinds.answer_words(cloud, phone(room), ["a", "b", "c"])


def test_the_facilitator_hides_every_spelling_of_a_word_and_shows_it_again(room: Workshop) -> None:
    cloud = on(room, ActivityKind.WORDS)
    kinds.answer_words(cloud, phone(room), ["Idiots", "care"])
    kinds.answer_words(cloud, phone(room), ["idiot"])
    kinds.hide_word(cloud, "IDIOT", owner_of(room))
    result = word_cloud_of(cloud)
    assert [w.word for w in result.words] == ["care"] and result.hidden == 1
    kinds.show_word(cloud, "idiots", owner_of(room))
    assert word_cloud_of(cloud).words[0].count == 2
    with pytest.raises(RuleBroken, match="Choose a word"):
        kinds.hide_word(cloud, "  ", owner_of(room))


def test_words_settings_are_checked(room: Workshop) -> None:
    cloud = on(room, ActivityKind.WORDS, hide_results=True)
    kinds.configure_words(cloud, "2")
    assert kinds.max_words_of(cloud) == 2 and cloud.hide_results
    for bad in ("0", "4", "two", ""):
        with pytest.raises(RuleBroken, match="1 to 3 words"):
            kinds.configure_words(cloud, bad)


# --- the rules every kind shares -----------------------------------------------------------------


@pytest.mark.parametrize("state", [WorkshopState.CLOSED, WorkshopState.ARCHIVED, WorkshopState.DRAFT])
def test_a_workshop_that_is_not_open_takes_no_answers(room: Workshop, state: WorkshopState) -> None:
    scale = on(room, ActivityKind.SCALE)
    room.state = state
    with pytest.raises(RuleBroken, match="closed|not opened yet"):
        kinds.answer_scale(scale, phone(room), "3")


def test_only_the_current_activity_of_the_right_kind_takes_answers(room: Workshop) -> None:
    scale = on(room, ActivityKind.SCALE)
    cloud = on(room, ActivityKind.WORDS)
    with pytest.raises(RuleBroken, match="moved on"):
        kinds.answer_scale(scale, phone(room), "3")
    with pytest.raises(RuleBroken, match="is a word cloud, not a scale"):
        kinds.answer_scale(cloud, phone(room), "3")


def test_a_participant_of_another_workshop_cannot_answer(room: Workshop) -> None:
    scale = on(room, ActivityKind.SCALE)
    other = operations.create_workshop(owner_of(room), operations.WorkshopSettings(title="Other"))
    with pytest.raises(RuleBroken, match="workshop you joined"):
        kinds.answer_scale(scale, phone(other), "3")


# --- scale --------------------------------------------------------------------------------------


def test_a_nought_to_ten_scale_with_labels_gives_distribution_mean_and_median(room: Workshop) -> None:
    scale = on(room, ActivityKind.SCALE)
    kinds.configure_scale(scale, 0, 10, "Not at all", "Completely")
    assert kinds.scale_of(scale).high_label == "Completely"
    for value in ("10", "0", " 7 ", "7"):
        kinds.answer_scale(scale, phone(room), value)
    result = scale_result_of(scale)
    assert result.people == 4 and result.mean == 6.0 and result.median == 7.0
    assert result.counts[7].count == 2 and len(result.counts) == 11


@pytest.mark.parametrize("value", ["", None, "11", "-1", "5.5", "ten", "1e3", "99999999999999999999999"])
def test_out_of_range_or_odd_scale_answers_are_refused(room: Workshop, value: str | None) -> None:
    scale = on(room, ActivityKind.SCALE, low=0, high=10)
    with pytest.raises(RuleBroken, match="Choose"):
        kinds.answer_scale(scale, phone(room), value)


def test_arabic_and_full_width_digits_are_the_numbers_they_write(room: Workshop) -> None:
    scale = on(room, ActivityKind.SCALE, low=0, high=10)
    assert kinds.answer_scale(scale, phone(room), "٣").answer.payload == {"value": 3}
    assert kinds.answer_scale(scale, phone(room), "９").answer.payload == {"value": 9}


def test_scale_settings_are_checked(room: Workshop) -> None:
    scale = on(room, ActivityKind.SCALE)
    with pytest.raises(RuleBroken, match="1 to 5 or 0 to 10"):
        kinds.configure_scale(scale, 1, 100)
    with pytest.raises(RuleBroken, match="40 characters"):
        kinds.configure_scale(scale, 1, 5, "x" * 41)
    scale.settings = {"low": "junk"}
    assert kinds.scale_of(scale).values == [1, 2, 3, 4, 5]  # broken settings fall back to 1-5


# --- ranking ------------------------------------------------------------------------------------


def test_rankings_give_the_mean_rank_best_first(room: Workshop) -> None:
    ranking = on(room, ActivityKind.RANKING)
    kinds.configure_ranking(ranking, ["Time", "Money", "Skills", "time"])
    assert ranking.options == ["Time", "Money", "Skills"]
    kinds.answer_ranking(ranking, phone(room), ["2", "3", "1"])
    kinds.answer_ranking(ranking, phone(room), ["1", "3", "2"])
    result = ranking_result_of(ranking)
    assert [(i.item, i.mean_rank) for i in result.items] == [("Time", 1.5), ("Skills", 1.5), ("Money", 3.0)]
    kinds.configure_ranking(ranking, ["Time", "Money"])  # items changed after people ranked
    assert ranking_result_of(ranking).people == 0


@pytest.mark.parametrize(
    ("ranks", "message"),
    [
        (["1", "1", "2"], "“Time” and “Money” are both ranked 1"),
        (["1", "", "2"], "Give “Money” a rank"),
        (["1", "2", "9"], "from 1 to 3"),
        (["1", "2", "-3"], "from 1 to 3"),
        (["1", "2"], "have changed"),
        (["1", "2", "<script>"], "from 1 to 3"),
    ],
)
def test_bad_rankings_are_refused(room: Workshop, ranks: list[str], message: str) -> None:
    ranking = on(room, ActivityKind.RANKING, options=["Time", "Money", "Skills"])
    with pytest.raises(RuleBroken, match=message):
        kinds.answer_ranking(ranking, phone(room), ranks)


def test_ranking_items_are_checked(room: Workshop) -> None:
    ranking = on(room, ActivityKind.RANKING)
    with pytest.raises(RuleBroken, match="2 to 8 different items"):
        kinds.configure_ranking(ranking, ["One"])
    with pytest.raises(RuleBroken, match="80 characters"):
        kinds.configure_ranking(ranking, ["x" * 81, "y"])


# --- questions ----------------------------------------------------------------------------------


def test_questions_are_asked_once_upvoted_once_and_sorted_answered_last(room: Workshop) -> None:
    qa = on(room, ActivityKind.QUESTIONS)
    asker, voter, third = phone(room), phone(room), phone(room)
    first = kinds.ask_question(qa, asker, kinds.QuestionEntry("How do I measure reach?", "k1")).question
    again = kinds.ask_question(qa, asker, kinds.QuestionEntry("How do I measure reach?", "k1"))
    assert not again.created and again.question.id == first.id
    second = kinds.ask_question(qa, voter, kinds.QuestionEntry("What counts as impact?", "k2")).question
    kinds.upvote(second, asker)
    kinds.upvote(second, asker)  # a double tap counts once
    kinds.upvote(second, third)
    kinds.upvote(first, third)
    listed = questions_of(qa, third)
    assert [(q.id, q.votes) for q in listed.listed.shown] == [(second.id, 2), (first.id, 1)]
    assert listed.voted == {first.id, second.id} and listed.mine == frozenset()
    kinds.withdraw_vote(second, third)
    kinds.withdraw_vote(second, third)  # withdrawing twice is harmless
    kinds.moderate_question(second, "answer", owner_of(room))
    shown = questions_of(qa).listed
    assert [q.id for q in shown.open] == [first.id] and [q.id for q in shown.answered] == [second.id]
    with pytest.raises(RuleBroken, match="your own question"):
        kinds.upvote(first, asker)


def test_the_same_question_asked_again_is_one_question_with_both_votes(room: Workshop) -> None:
    qa = on(room, ActivityKind.QUESTIONS)
    asker, second, third = phone(room), phone(room), phone(room)
    first = kinds.ask_question(
        qa, asker, kinds.QuestionEntry("How do we measure impact when staff work from home?")
    ).question
    again = kinds.ask_question(qa, second, kinds.QuestionEntry("how do we measure  impact when staff work from home"))
    assert again.seconded and not again.created and again.question.id == first.id
    mine = kinds.ask_question(qa, asker, kinds.QuestionEntry("How do we measure impact when staff work from home?!"))
    assert not mine.created and not mine.seconded  # one's own question: not a vote for oneself
    kinds.ask_question(qa, third, kinds.QuestionEntry("How do we measure impact when staff work from home?"))
    listed = questions_of(qa).listed.shown
    assert [(q.id, q.votes) for q in listed] == [(first.id, 2)]
    assert db.session.query(Question).count() == 1


def test_question_text_has_the_statements_rules(room: Workshop) -> None:
    qa = on(room, ActivityKind.QUESTIONS)
    with pytest.raises(RuleBroken, match="Write something"):
        kinds.ask_question(qa, phone(room), kinds.QuestionEntry(" \x00 "))
    with pytest.raises(RuleBroken, match="the limit is 280"):
        kinds.ask_question(qa, phone(room), kinds.QuestionEntry("why " * 100))
    with pytest.raises(PersonalDataToConfirm):
        kinds.ask_question(qa, phone(room), kinds.QuestionEntry("Can I e-mail jo.bloggs@nhs.net about it?"))
    flagged = kinds.ask_question(
        qa, phone(room), kinds.QuestionEntry("Can I e-mail jo.bloggs@nhs.net about it?", personal_data_confirmed=True)
    ).question
    assert flagged.status == StatementStatus.PENDING and flagged.personal_data == "email"
    html = kinds.ask_question(qa, phone(room), kinds.QuestionEntry("<script>alert(1)</script> مرحبا 🙂")).question
    assert html.text == "<script>alert(1)</script> مرحبا 🙂" and html.status == StatementStatus.VISIBLE
    listed = questions_of(qa).listed
    assert [q.id for q in listed.shown] == [html.id] and listed.waiting == 1
    with pytest.raises(RuleBroken, match="not on the list"):
        kinds.upvote(flagged, phone(room))
    kinds.moderate_question(flagged, "show", owner_of(room))
    assert len(questions_of(qa).listed.shown) == 2
    kinds.moderate_question(html, "hide", owner_of(room))
    assert [q.id for q in questions_of(qa).listed.shown] == [flagged.id]
    with pytest.raises(RuleBroken, match="Unknown action"):
        kinds.moderate_question(html, "delete-all", owner_of(room))


def test_approve_first_holds_questions_and_a_person_asks_at_most_ten(room: Workshop) -> None:
    room.approve_first = True
    qa = on(room, ActivityKind.QUESTIONS)
    asker = phone(room)
    held = kinds.ask_question(qa, asker, kinds.QuestionEntry("Is this recorded?")).question
    assert held.status == StatementStatus.PENDING
    for number in range(9):
        kinds.ask_question(qa, asker, kinds.QuestionEntry(f"Question {number}?"))
    with pytest.raises(RuleBroken, match="asked 10 questions"):
        kinds.ask_question(qa, asker, kinds.QuestionEntry("One more?"))
    assert db.session.query(Question).count() == 10


def test_a_closed_workshop_takes_no_questions_or_votes(room: Workshop) -> None:
    qa = on(room, ActivityKind.QUESTIONS)
    question = kinds.ask_question(qa, phone(room), kinds.QuestionEntry("Why?")).question
    room.state = WorkshopState.CLOSED
    with pytest.raises(RuleBroken, match="closed"):
        kinds.ask_question(qa, phone(room), kinds.QuestionEntry("Why not?"))
    with pytest.raises(RuleBroken, match="closed"):
        kinds.upvote(question, phone(room))
