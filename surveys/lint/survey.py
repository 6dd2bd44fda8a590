"""Checks of the survey as a whole: its purpose, audience, consent text and length."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from surveys.design import SurveyDesign
from surveys.lint.rules import Flag, SurveyContext, norm, survey_rule
from surveys.lint.words import WORDS

#: Rough seconds a respondent needs per question type, from common survey-design guidance.
SECONDS_PER_TYPE: Final[dict[str, int]] = {
    "agreement5": 8,
    "frequency": 8,
    "yes_no_na": 5,
    "rating10": 8,
    "nps": 8,
    "single": 10,
    "multiple": 15,
    "ranking": 20,
    "free_text": 45,
}
READING_SECONDS: Final = 20  # the introduction and consent text

CLINICAL_LIMITS: Final = (12, 5 * 60)  # questions, seconds: busy clinical staff
GENERAL_LIMITS: Final = (20, 10 * 60)


def estimated_seconds(design: SurveyDesign) -> int:
    """How long the survey takes to complete, roughly, so its length can be judged in minutes."""
    seconds = READING_SECONDS if (design.introduction or design.consent_text) else 0
    for numbered in design.numbered():
        seconds += SECONDS_PER_TYPE.get(numbered.question.qtype, 10)
    return seconds


@survey_rule("no-purpose", "The survey says what it is for.")
def no_purpose(s: SurveyContext) -> Iterator[Flag]:
    if len(s.purpose) < 15:
        yield Flag(
            "warning",
            'Say what the survey is for, in a sentence or two, for example "to find out whether our literature '
            'searches change patient care on the stroke unit". A clear purpose keeps the questions focused and '
            "tells people why their answers matter, which raises response rates.",
        )


@survey_rule("no-target-group", "The survey names the group of people it is for.")
def no_target_group(s: SurveyContext) -> Iterator[Flag]:
    if not s.target:
        yield Flag(
            "warning",
            'Name the group of people this survey is for, for example "nurses who asked for a literature search '
            'in the last six months". A survey aimed at a specific group gets more responses and answers you can '
            "act on.",
        )


@survey_rule("broad-target-group", "The target group is specific rather than a whole organisation.")
def broad_target_group(s: SurveyContext) -> Iterator[Flag]:
    if s.target and (match := WORDS.broad_target.search(s.target)):
        yield Flag(
            "warning",
            f'The target group "{match.group(0).strip()}" is very broad. Surveys sent to a whole organisation get low '
            "response rates and answers that are hard to act on. Focus on a specific group that used a "
            'service, for example "foundation doctors who attended search training this year".',
        )


@survey_rule(
    "no-audience-size", "The number of people invited is known, so the response rate can be reported honestly."
)
def no_audience_size(s: SurveyContext) -> Iterator[Flag]:
    if s.design.audience_size is None or s.design.audience_size <= 0:
        yield Flag(
            "advice",
            "Enter roughly how many people you will invite. Without it the results cannot show a response "
            "rate, and honest reporting of how many people answered is part of a credible impact report.",
        )


@survey_rule("missing-consent", "Respondents are told that taking part is voluntary and how their answers are used.")
def missing_consent(s: SurveyContext) -> Iterator[Flag]:
    if len(s.consent) < 20:
        yield Flag(
            "warning",
            "Add a short consent and data-protection statement: that taking part is voluntary, whether answers "
            "are anonymous, how they will be used and stored, and whom to contact with questions. People need "
            "this to decide whether to take part, and data-protection law expects it.",
        )


@survey_rule("consent-incomplete", "The consent text says how answers are stored and whether they are anonymous.")
def consent_incomplete(s: SurveyContext) -> Iterator[Flag]:
    if len(s.consent) >= 20 and not WORDS.consent_data.search(s.consent):
        yield Flag(
            "advice",
            "The consent text does not say how answers will be used or stored, or whether they are anonymous. "
            'Add a sentence such as "Answers are anonymous, stored securely by the library service and used '
            'only to improve the service."',
        )


@survey_rule("no-questions", "The survey has at least one question.")
def no_questions(s: SurveyContext) -> Iterator[Flag]:
    if s.design.question_count == 0:
        yield Flag("warning", "The survey has no questions yet. Add some from the question bank.")


@survey_rule("too-long", "The survey is short enough for its audience to finish.")
def too_long(s: SurveyContext) -> Iterator[Flag]:
    total = s.design.question_count
    clinical = bool(WORDS.clinical.search(s.target))
    max_questions, max_seconds = CLINICAL_LIMITS if clinical else GENERAL_LIMITS
    seconds = estimated_seconds(s.design)
    if total and (total > max_questions or seconds > max_seconds):
        minutes = max(1, round(seconds / 60))
        who = "busy clinical staff" if clinical else "most people"
        yield Flag(
            "warning",
            f"This survey has {total} questions and takes about {minutes} minutes. For {who} aim for at most "
            f"{max_questions} questions and {max_seconds // 60} minutes: long surveys are abandoned half-way "
            "and fewer people start them. Keep the questions that serve the purpose and drop the rest.",
        )


@survey_rule("free-text-overuse", "Free-text questions are used sparingly.")
def free_text_overuse(s: SurveyContext) -> Iterator[Flag]:
    total = s.design.question_count
    free = sum(1 for numbered in s.design.numbered() if numbered.question.qtype == "free_text")
    if free > 3 or (total >= 3 and free * 3 > total):
        yield Flag(
            "advice",
            f"{free} of the {total} questions ask for free text. Writing takes effort, so many people skip them, "
            "and the answers take long to analyse. Keep one or two free-text questions for stories and quotes, "
            "and turn the rest into choice questions.",
        )


@survey_rule("praise-in-introduction", "The introduction and purpose describe the service neutrally.")
def praise_in_introduction(s: SurveyContext) -> Iterator[Flag]:
    for label, value in (("introduction", s.design.introduction), ("purpose", s.design.purpose)):
        if match := WORDS.loaded.search(norm(value)):
            yield Flag(
                "advice",
                f'The {label} describes the service as "{match.group(0)}". Praise before the questions can nudge '
                "people to answer kindly rather than honestly. Describe the survey neutrally.",
            )
            return
