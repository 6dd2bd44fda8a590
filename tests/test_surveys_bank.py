"""The question bank: enough reviewed questions, in enough impact categories, each well-formed."""

from __future__ import annotations

from collections import Counter

from surveys.bank import categories, get, load_bank, reworded, search
from surveys.design import (
    CHOICE_TYPES,
    NOT_APPLICABLE,
    QUESTION_TYPES,
    SCALE_TYPES,
    SCALES,
)
from surveys.lint import lint_question

CORE_CATEGORIES = {
    "patient-care",
    "time-saved",
    "learning",
    "practice",
    "policy-service",
    "research",
    "risk-cost",
    "satisfaction",
}


def test_bank_has_at_least_forty_questions_in_at_least_eight_categories() -> None:
    bank = load_bank()
    assert len(bank) >= 40
    used = {question.category for question in bank}
    assert len(used) >= 8
    assert CORE_CATEGORIES <= used
    assert {category.id for category in categories()} == used


def test_every_category_offers_several_questions() -> None:
    per_category = Counter(question.category for question in load_bank())
    assert min(per_category.values()) >= 4


def test_ids_are_unique_and_stable_looking() -> None:
    ids = [question.id for question in load_bank()]
    assert len(ids) == len(set(ids))
    assert all(qid == qid.lower() and " " not in qid for qid in ids)
    assert get("care-decision").category == "patient-care"


def test_every_question_is_well_formed() -> None:
    for question in load_bank():
        assert question.qtype in QUESTION_TYPES, question.id
        assert question.text.strip() and question.note.strip(), question.id
        assert question.category_label, question.id
        if question.qtype in SCALE_TYPES:
            assert question.options[: len(SCALES[question.qtype])] == SCALES[question.qtype], question.id
        if question.qtype in CHOICE_TYPES:
            assert len(question.options) >= 2, question.id
        if question.qtype == "free_text":
            assert question.options == (), question.id
        assert len(set(question.options)) == len(question.options), question.id


def test_scales_carry_a_way_out() -> None:
    for question in load_bank():
        if question.qtype in SCALE_TYPES - {"nps"}:  # the Net Promoter Score is defined without one
            assert NOT_APPLICABLE in question.options, question.id


def test_every_question_type_is_used() -> None:
    assert {question.qtype for question in load_bank()} == set(QUESTION_TYPES)


def test_every_bank_question_lints_clean_on_its_own() -> None:
    for question in load_bank():
        findings = lint_question(question.to_question(), ref=(0, 0))
        assert findings == [], (question.id, [finding.message for finding in findings])


def test_to_question_remembers_its_origin() -> None:
    question = get("time-saved").to_question(required=True, key="abc")
    assert question.bank_id == "time-saved"
    assert question.category == "time-saved"
    assert question.required and question.key == "abc"


def test_search_by_words_category_and_type() -> None:
    assert {q.id for q in search("time saved")} >= {"time-saved", "time-amount"}
    research = search(category="research")
    assert research and all(q.category == "research" for q in research)
    free = search(qtype="free_text")
    assert free and all(q.qtype == "free_text" for q in free)
    assert search("patient", category="patient-care", qtype="yes_no_na") == (get("care-decision"),)
    assert search("no such words anywhere zzz") == ()
    assert len(search()) == len(load_bank())


def test_bank_is_loaded_once() -> None:
    assert load_bank() is load_bank()


def test_reworded_ignores_spacing_and_line_breaks_only() -> None:
    text = "Did using the library service save you time?"
    assert not reworded(text, "Did using the library  service\nsave you time? ")
    assert reworded(text, "Did using the library save you time?")
    assert reworded(text, text.lower())  # a capital changed is a word changed: the builder says so
