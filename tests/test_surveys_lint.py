"""Good-practice checks: each fires on crafted bad questions and stays quiet on good ones."""

from __future__ import annotations

import dataclasses

import pytest

from surveys.bank import get, load_bank
from surveys.design import (
    DONT_KNOW,
    NOT_APPLICABLE,
    SCALES,
    Question,
    Section,
    SurveyDesign,
    scale_options,
)
from surveys.lint import RULES, Finding, estimated_seconds, lint, lint_question

CONSENT = (
    "Taking part is voluntary. Your answers are anonymous, stored securely by the library service and "
    "used only to improve the service."
)


def good_design(*questions: Question, **changes: object) -> SurveyDesign:
    """A survey that follows good practice; each test breaks one thing."""
    if not questions:
        questions = tuple(get(qid).to_question() for qid in ("care-decision", "time-saved", "sat-relevant"))
    design = SurveyDesign(
        title="Literature search follow-up",
        purpose="To find out whether our literature searches informed patient care on the stroke unit.",
        target_group="Nurses on the stroke unit who asked for a literature search in 2024",
        audience_size=40,
        introduction="A short survey about the literature search you asked for.",
        consent_text=CONSENT,
        closing_message="Thank you.",
        sections=(Section("Your search", questions),),
    )
    return dataclasses.replace(design, **changes)  # type: ignore[arg-type]


def codes(design: SurveyDesign) -> set[str]:
    return {finding.code for finding in lint(design)}


def question_codes(question: Question) -> set[str]:
    return {finding.code for finding in lint_question(question, ref=(0, 0))}


def choice(text: str, *options: str, qtype: str = "single") -> Question:
    return Question(text=text, qtype=qtype, options=options)


def test_a_good_survey_has_no_findings() -> None:
    assert lint(good_design()) == []


def test_every_finding_code_is_documented_and_messages_are_plain() -> None:
    design = SurveyDesign(
        title="x",
        target_group="all staff",
        sections=(
            Section(
                "",
                (
                    Question(
                        "Don't you agree the amazing CPD sessions were quick and useful?",
                        "agreement5",
                        SCALES["agreement5"],
                    ),
                    Question("What is your email address?", "free_text"),
                ),
            ),
        ),
    )
    findings = lint(design)
    assert findings
    for finding in findings:
        assert isinstance(finding, Finding)
        assert finding.code in RULES
        assert finding.severity in ("advice", "warning")
        assert len(finding.message) > 40 and finding.message.lstrip('"')[0].isupper()
    assert findings[0].question_ref is None
    assert {f.question_ref for f in findings if f.question_ref} == {(0, 0), (0, 1)}


# --- survey level -----------------------------------------------------------------------------------


@pytest.mark.parametrize("purpose", ["", "   ", "Survey"])
def test_missing_purpose_fires(purpose: str) -> None:
    assert "no-purpose" in codes(good_design(purpose=purpose))


@pytest.mark.parametrize("purpose", ["To learn whether training changed practice.", "To count time saved by searches."])
def test_stated_purpose_is_fine(purpose: str) -> None:
    assert "no-purpose" not in codes(good_design(purpose=purpose))


@pytest.mark.parametrize(
    "target", ["all staff", "Everyone in the Trust", "the whole Trust", "The Trust", "all employees", "anyone"]
)
def test_broad_target_group_fires(target: str) -> None:
    assert "broad-target-group" in codes(good_design(target_group=target))


@pytest.mark.parametrize(
    "target",
    [
        "Foundation doctors who attended search training this year",
        "All staff on the stroke unit",
        "Everyone who asked for a literature search in March",
        "Community physiotherapists",
        "Nurses in the Trust's stroke unit",
    ],
)
def test_specific_target_group_is_fine(target: str) -> None:
    assert not {"broad-target-group", "no-target-group"} & codes(good_design(target_group=target))


def test_missing_target_group_fires() -> None:
    assert "no-target-group" in codes(good_design(target_group=""))
    assert "no-target-group" in codes(good_design(target_group=" \t "))


@pytest.mark.parametrize("size", [None, 0, -3])
def test_unknown_audience_size_is_advised(size: int | None) -> None:
    findings = [f for f in lint(good_design(audience_size=size)) if f.code == "no-audience-size"]
    assert findings and findings[0].severity == "advice"


@pytest.mark.parametrize("size", [1, 40, 5000])
def test_known_audience_size_is_fine(size: int) -> None:
    assert "no-audience-size" not in codes(good_design(audience_size=size))


@pytest.mark.parametrize("consent", ["", "OK to use.", "   "])
def test_missing_consent_fires(consent: str) -> None:
    assert "missing-consent" in codes(good_design(consent_text=consent))


@pytest.mark.parametrize(
    "consent",
    [
        "Thank you for taking part in this short survey today, it matters to us.",
        "Please answer every question honestly and as fully as you can manage.",
    ],
)
def test_consent_without_data_handling_is_advised(consent: str) -> None:
    found = codes(good_design(consent_text=consent))
    assert "consent-incomplete" in found and "missing-consent" not in found


@pytest.mark.parametrize(
    "consent",
    [CONSENT, "Taking part is voluntary and we will not identify you in any report.", "Answers are kept confidential."],
)
def test_full_consent_is_fine(consent: str) -> None:
    assert not {"missing-consent", "consent-incomplete"} & codes(good_design(consent_text=consent))


def test_no_questions_fires() -> None:
    assert "no-questions" in codes(dataclasses.replace(good_design(), sections=()))
    assert "no-questions" in codes(dataclasses.replace(good_design(), sections=(Section("Empty"),)))


def yes_no(n: int) -> tuple[Question, ...]:
    return tuple(
        Question(f"Did the search help with task number {i}?", "yes_no_na", scale_options("yes_no_na"))
        for i in range(n)
    )


def test_too_long_for_busy_clinicians() -> None:
    assert "too-long" in codes(good_design(*yes_no(13)))
    free = tuple(Question(f"Describe example number {i}.", "free_text") for i in range(7))
    assert "too-long" in codes(good_design(*free, *yes_no(1)))  # 8 questions, but over 5 minutes


def test_length_is_fine_within_limits() -> None:
    assert "too-long" not in codes(good_design(*yes_no(12)))
    general = good_design(*yes_no(16), target_group="Library users who borrowed a book this year")
    assert "too-long" not in codes(general)
    assert "too-long" in codes(good_design(*yes_no(21), target_group="Library users who borrowed a book"))


def test_estimated_seconds_adds_up_by_type() -> None:
    design = good_design(Question("Tell us more.", "free_text"), *yes_no(2))
    assert estimated_seconds(design) == 20 + 45 + 2 * 5


def free_texts(n: int) -> tuple[Question, ...]:
    return tuple(Question(f"Tell us about example {i}.", "free_text") for i in range(n))


def test_free_text_overuse_fires() -> None:
    assert "free-text-overuse" in codes(good_design(*free_texts(4), *yes_no(8)))
    assert "free-text-overuse" in codes(good_design(*free_texts(2), *yes_no(2)))


def test_some_free_text_is_fine() -> None:
    assert "free-text-overuse" not in codes(good_design(*free_texts(3), *yes_no(6)))
    assert "free-text-overuse" not in codes(good_design(*free_texts(1), *yes_no(9)))


def test_praise_in_the_introduction_is_advised() -> None:
    found = [
        f
        for f in lint(good_design(introduction="Help our amazing library team!"))
        if f.code == "praise-in-introduction"
    ]
    assert found and found[0].question_ref is None and found[0].severity == "advice"


# --- question level -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Don't you agree that the library saved you time?",
        "How much did the excellent literature search help you?",
        "Wouldn't it be better to have longer opening hours?",
        "How much did the training improve your skills?",
        "Do you agree that the library is invaluable?",
        "Surely the search was worth it?",
        "Didn\u2019t you find the training useful?",
    ],
)
def test_leading_wording_fires(text: str) -> None:
    assert "leading-wording" in question_codes(Question(text, "yes_no_na", scale_options("yes_no_na")))


@pytest.mark.parametrize(
    "text",
    [
        "How useful was our fantastic current awareness bulletin?",
        "How satisfied were you with our excellent service?",
        "Did our friendly library team answer your question?",
        "How often do you use our great range of resources?",
    ],
)
def test_praise_inside_the_question_fires(text: str) -> None:
    assert "praise-in-question" in question_codes(Question(text, "yes_no_na", scale_options("yes_no_na")))


@pytest.mark.parametrize(
    "text",
    [
        "How useful was the current awareness bulletin?",
        "Did the library team answer your question?",
        "Was the search result good enough to act on?",
    ],
)
def test_neutral_description_of_the_service_is_not_praise(text: str) -> None:
    assert "praise-in-question" not in question_codes(Question(text, "yes_no_na", scale_options("yes_no_na")))


def test_yes_no_without_not_applicable_fires_only_where_the_bank_note_asks_for_it() -> None:
    needs = "Keep Not applicable: some people will not have been in this situation."
    bare = Question("Did it help a decision?", "single", ("Yes", "No"), note=needs)
    assert "yes-no-without-not-applicable" in question_codes(bare)
    kept = dataclasses.replace(bare, options=("Yes", "No", NOT_APPLICABLE))
    assert "yes-no-without-not-applicable" not in question_codes(kept)
    no_note = dataclasses.replace(bare, note="Ask clinical staff.")
    assert "yes-no-without-not-applicable" not in question_codes(no_note)


def test_bank_questions_whose_note_needs_not_applicable_offer_it() -> None:
    flagged = [q.id for q in load_bank() if "yes-no-without-not-applicable" in question_codes(q.to_question())]
    assert flagged == []
    asking = [q for q in load_bank() if "not applicable" in q.note.casefold()]
    assert asking, "at least one bank note says its question needs Not applicable"


def test_a_required_free_text_question_is_advised_against() -> None:
    assert "required-free-text" in question_codes(Question("What difference did it make?", "free_text", required=True))
    assert "required-free-text" not in question_codes(Question("What difference did it make?", "free_text"))


@pytest.mark.parametrize(
    "options",
    [
        ("Very useful", "Useful", "Neither", "Not useful", "Not at all useful"),
        ("Very satisfied", "Satisfied", "Neither", "Dissatisfied", "Very dissatisfied"),
        ("Very likely", "Likely", "Unlikely", "Very unlikely", "Don't know"),
        ("Very good", "Good", "Fair", "Poor", "Very poor"),
    ],
)
def test_mirrored_scale_ends_are_fine(options: tuple[str, ...]) -> None:
    assert "scale-not-mirrored" not in question_codes(choice("How was it?", *options))


@pytest.mark.parametrize(
    "options",
    [
        ("Very useful", "Useful", "Neither", "Unhelpful", "Very poor"),
        ("Very satisfied", "Satisfied", "Neutral", "Dissatisfied", "Poor"),
    ],
)
def test_scale_ends_that_are_not_mirror_images_are_advised(options: tuple[str, ...]) -> None:
    assert "scale-not-mirrored" in question_codes(choice("How was it?", *options))


def test_every_registered_rule_has_one_summary_and_its_own_function() -> None:
    from surveys.lint.rules import REGISTRY

    functions = [f for rule in REGISTRY.values() for f in (rule.question, rule.survey) if f is not None]
    assert len(functions) == len(set(functions))
    assert set(RULES) == set(REGISTRY) and all(summary.endswith(".") for summary in RULES.values())


@pytest.mark.parametrize(
    "text",
    [
        "How useful, if at all, was the literature search?",
        "Did the information contribute to a decision about patient care?",
        "How would you rate the training, from poor to very good?",
        "How satisfied or dissatisfied are you with the service?",
    ],
)
def test_neutral_wording_is_fine(text: str) -> None:
    assert "leading-wording" not in question_codes(Question(text, "yes_no_na", scale_options("yes_no_na")))


@pytest.mark.parametrize(
    "text",
    [
        "Was the search quick and accurate?",
        "Did the information change your practice and save you time?",
        "How did you hear about us and did you find it useful?",
        "Is the library useful? Would you recommend it?",
        "Were the staff friendly and knowledgeable?",
        "Did the training help you search and improve your confidence?",
    ],
)
def test_double_barrelled_fires(text: str) -> None:
    assert "double-barrelled" in question_codes(Question(text, "yes_no_na", scale_options("yes_no_na")))


@pytest.mark.parametrize(
    "text",
    [
        "Did the information contribute to policy and guidelines?",
        "How easy was it to get help and support from library staff?",
        "Did the search support your research and audit work?",
        "Did the information change or confirm your practice?",
        "Which journals and books do you read most?",
        "Did the evidence help nurses and doctors on the ward?",
    ],
)
def test_single_questions_with_lists_are_fine(text: str) -> None:
    assert "double-barrelled" not in question_codes(Question(text, "yes_no_na", scale_options("yes_no_na")))


@pytest.mark.parametrize(
    "options",
    [
        ("Excellent", "Very good", "Good", "Fair", "Poor"),
        ("Strongly agree", "Agree", "Somewhat agree", "Disagree", NOT_APPLICABLE),
        ("Very useful", "Useful", "Quite useful", NOT_APPLICABLE),
    ],
)
def test_unbalanced_scale_fires(options: tuple[str, ...]) -> None:
    assert "unbalanced-scale" in question_codes(choice("How would you rate the search?", *options))


@pytest.mark.parametrize(
    "options",
    [
        scale_options("agreement5"),
        (
            "Very satisfied",
            "Satisfied",
            "Neither satisfied nor dissatisfied",
            "Dissatisfied",
            "Very dissatisfied",
            NOT_APPLICABLE,
        ),
        (
            "Very useful",
            "Useful",
            "Neither useful nor not useful",
            "Not very useful",
            "Not at all useful",
            NOT_APPLICABLE,
        ),
        ("Direct patient care", "Teaching", "Research", "Other"),
    ],
)
def test_balanced_scale_is_fine(options: tuple[str, ...]) -> None:
    assert "unbalanced-scale" not in question_codes(choice("How would you rate the search?", *options))


@pytest.mark.parametrize(
    "options",
    [
        ("1-5", "5-10", "More than 10"),
        ("Under £100", "£100 to £500", "£400 to £1,000", "More than £1,000"),
        ("0 to 2 hours", "2 to 4 hours", "More than 4 hours"),
    ],
)
def test_overlapping_ranges_fire(options: tuple[str, ...]) -> None:
    assert "overlapping-ranges" in question_codes(choice("How much?", *options))


@pytest.mark.parametrize(
    "options",
    [
        get("time-amount").options,
        get("risk-amount").options,
        ("0-4", "5-9", "10 or more"),
        ("Less than 1 year", "1 to 5 years", "6 to 10 years", "More than 10 years"),
    ],
)
def test_separate_ranges_are_fine(options: tuple[str, ...]) -> None:
    assert not {"overlapping-ranges", "range-gap"} & question_codes(choice("How much?", *options))


@pytest.mark.parametrize("options", [("1-5", "8-10"), ("1 to 10 patients", "20 to 50 patients")])
def test_gaps_in_ranges_are_advised(options: tuple[str, ...]) -> None:
    assert "range-gap" in question_codes(choice("How many?", *options))


@pytest.mark.parametrize(
    "question",
    [
        Question("The search was relevant to my question.", "agreement5", SCALES["agreement5"]),
        Question("How often do you read the evidence updates?", "frequency", SCALES["frequency"]),
        Question("How likely are you to recommend the service?", "rating10", SCALES["rating10"]),
        choice("How would you rate the search?", "Very good", "Good", "Poor", "Very poor"),
    ],
)
def test_missing_not_applicable_fires(question: Question) -> None:
    assert "missing-not-applicable" in question_codes(question)


@pytest.mark.parametrize(
    "question",
    [
        Question("The search was relevant to my question.", "agreement5", scale_options("agreement5")),
        Question("How often do you read the evidence updates?", "frequency", SCALES["frequency"] + (DONT_KNOW,)),
        choice("Which service did you use?", "Literature search", "Training", "Other"),
        Question("Did the search save you time?", "yes_no_na", scale_options("yes_no_na")),
    ],
)
def test_scales_with_a_way_out_are_fine(question: Question) -> None:
    assert "missing-not-applicable" not in question_codes(question)


@pytest.mark.parametrize(
    "question",
    [
        choice("What is your age group?", "Under 30", "30 to 49", "50 or over"),
        choice("What is your gender?", "Woman", "Man", "In another way"),
        choice("What is your pay band?", "Band 5", "Band 6", "Band 7 or above"),
        Question("Do you have a disability? Please describe it.", "free_text", required=True),
    ],
)
def test_sensitive_questions_without_prefer_not_to_say_fire(question: Question) -> None:
    assert "missing-prefer-not-to-say" in question_codes(question)


@pytest.mark.parametrize(
    "question",
    [
        choice("What is your age group?", "Under 30", "30 to 49", "50 or over", "Prefer not to say"),
        choice("What is your gender?", "Woman", "Man", "In another way", "Prefer not to say"),
        Question("Do you have a disability you would like to tell us about?", "free_text"),
        choice("Which page of the website helped most?", "Home", "Search", "Other"),
    ],
)
def test_sensitive_questions_with_prefer_not_to_say_are_fine(question: Question) -> None:
    assert "missing-prefer-not-to-say" not in question_codes(question)


@pytest.mark.parametrize(
    "text",
    [
        "How often do you use KnowledgeShare?",
        "Did the search support your CPD?",
        "Did the evidence inform a NICE guideline review?",
        "Did you use OpenAthens to read the article?",
        "Do you read the current awareness bulletin?",
    ],
)
def test_unexplained_jargon_fires(text: str) -> None:
    assert "jargon" in question_codes(Question(text, "yes_no_na", scale_options("yes_no_na")))


@pytest.mark.parametrize(
    "text",
    [
        "Did the search support your continuing professional development (CPD)?",
        "Did you discuss the evidence with your GP or in A&E?",
        "Did the search support your CPD (continuing professional development)?",
        "Did the evidence help the NHS team?",
        "Did you NOT find what you needed?",
    ],
)
def test_plain_or_explained_terms_are_fine(text: str) -> None:
    assert "jargon" not in question_codes(Question(text, "yes_no_na", scale_options("yes_no_na")))


def test_acronym_explained_elsewhere_in_the_survey_is_fine() -> None:
    question = Question("Did the search support your CPD?", "yes_no_na", scale_options("yes_no_na"))
    explained = good_design(question, introduction="This is about continuing professional development (CPD).")
    assert "jargon" not in codes(explained)
    assert "jargon" in codes(good_design(question))


def test_jargon_is_reported_once_where_it_first_appears() -> None:
    q = Question("Did the LKS team help you?", "yes_no_na", scale_options("yes_no_na"))
    findings = [f for f in lint(good_design(q, q, q)) if f.code == "jargon"]
    assert [f.question_ref for f in findings] == [(0, 0)]


@pytest.mark.parametrize(
    "question",
    [
        Question("What is your email address?", "free_text"),
        Question("Please give your NHS number.", "free_text"),
        Question("Your name", "free_text"),
        Question("What is your date of birth?", "free_text"),
        Question("What is your staff number?", "free_text"),
        Question("What is your home postcode?", "free_text"),
    ],
)
def test_personal_data_without_a_reason_fires(question: Question) -> None:
    assert "personal-data" in question_codes(question)


def test_personal_data_with_a_reason_is_fine() -> None:
    email = Question("What is your email address?", "free_text")
    explained = dataclasses.replace(email, help_text="So we can contact you about a case study. Optional.")
    assert "personal-data" not in question_codes(explained)
    consent = CONSENT + " If you give your email address we will use it only to contact you about a case study."
    assert "personal-data" not in codes(good_design(email, consent_text=consent))
    assert "personal-data" in codes(good_design(email))
    assert "personal-data" not in question_codes(Question("Did the evidence help you name the condition?", "free_text"))
    assert "personal-data" not in question_codes(Question("How many people in your team use the library?", "free_text"))


def test_empty_question_and_option_problems() -> None:
    assert "empty-question" in question_codes(Question("  ", "free_text"))
    assert "empty-question" not in question_codes(Question("Anything else?", "free_text"))
    assert "too-few-options" in question_codes(choice("Which service?", "Search"))
    assert "too-few-options" in question_codes(choice("Which service?", "", "Search", qtype="multiple"))
    assert "too-few-options" not in question_codes(choice("Which service?", "Search", "Training"))
    assert "duplicate-options" in question_codes(choice("Which service?", "Search", "search", "Training"))
    assert "duplicate-options" not in question_codes(choice("Which service?", "Search", "Training"))


HOSTILE = [
    "\x00\x07\x0b\x1b[31m",
    "\ud800 lone surrogate",
    "Emoji 🙂👩🏽‍⚕️ and flags 🇬🇧",
    "هل ساعدتك المعلومات؟ שאלה",
    "<script>alert('x')</script><b>bold</b> &amp; &",
    "x" * 20_000,
    "1-5-10-20 to to to £ £ , ,",
    "((((CPD ( ) LKS)",
    "",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_never_crashes_lint(text: str) -> None:
    question = Question(text, "single", (text, text[:5], "1-5", "5-10"), help_text=text)
    design = SurveyDesign(
        title=text,
        purpose=text,
        target_group=text,
        introduction=text,
        consent_text=text,
        closing_message=text,
        sections=(Section(text, (question, Question(text, "free_text"), Question(text, "rating10", (text,)))),),
    )
    findings = lint(design)
    assert all(isinstance(finding, Finding) for finding in findings)


def test_a_whole_bank_survey_is_linted_quickly_and_only_at_survey_level() -> None:
    questions = tuple(question.to_question() for question in load_bank())
    findings = lint(good_design(*questions))
    assert {f.code for f in findings} <= {"too-long", "free-text-overuse"}
