"""The registry of checks: each rule is one function registered against its code.

A rule looks at one question (``question_rule``) or at the whole survey (``survey_rule``) and
yields ``Flag`` values; the runner in ``surveys.lint`` turns them into ``Finding`` values with the
rule's code. One code may have both a question and a survey function (jargon in a question and in
the introduction are the same problem), but each function belongs to exactly one code, so a test
can name a rule and find the one place it is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final, Literal

from surveys.design import Question, SurveyDesign
from workshop.common.text import clean_text

Severity = Literal["advice", "warning"]


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str  # plain English: what is wrong, why it matters, how to fix it
    question_ref: tuple[int, int] | None = None  # (section index, question index); None: whole survey


@dataclass(frozen=True)
class Flag:
    """What a rule found; a survey rule may point at a question with ``ref``."""

    severity: Severity
    message: str
    ref: tuple[int, int] | None = None


def norm(text: str | None) -> str:
    """Cleaned single-line text with typographic apostrophes made plain, for matching only."""
    return clean_text(text, single_line=True).replace("\u2019", "'").replace("\u2018", "'")


@dataclass(frozen=True)
class QuestionContext:
    """One question with its normalised wording and what the rest of the survey says."""

    question: Question
    ref: tuple[int, int] | None
    text: str
    help_text: str
    options: tuple[str, ...]
    survey_text: str = ""  # the rest of the survey, where an acronym may be explained
    reason_text: str = ""  # purpose, introduction and consent: why personal details are asked for
    explained_elsewhere: frozenset[str] = frozenset()  # jargon already reported once

    @classmethod
    def of(cls, question: Question, ref: tuple[int, int] | None, **rest: object) -> QuestionContext:
        return cls(
            question,
            ref,
            norm(question.text),
            norm(question.help_text),
            tuple(norm(option) for option in question.options),
            **rest,  # type: ignore[arg-type]
        )


@dataclass(frozen=True)
class SurveyContext:
    design: SurveyDesign
    purpose: str
    target: str
    consent: str
    survey_text: str  # every word a respondent reads

    @classmethod
    def of(cls, design: SurveyDesign) -> SurveyContext:
        return cls(
            design,
            norm(design.purpose),
            norm(design.target_group),
            norm(design.consent_text),
            clean_text(design.survey_text()),
        )


QuestionCheck = Callable[[QuestionContext], Iterable[Flag]]
SurveyCheck = Callable[[SurveyContext], Iterable[Flag]]


@dataclass
class Rule:
    code: str
    summary: str  # one line for a "what we check" page
    question: QuestionCheck | None = None
    survey: SurveyCheck | None = None
    on_empty_question: bool = False  # most rules have nothing to say about a question with no words


#: Every rule by its code, in the order their findings are listed.
REGISTRY: Final[dict[str, Rule]] = {}


def _rule(code: str, summary: str | None) -> Rule:
    rule = REGISTRY.get(code)
    if rule is None:
        if summary is None:
            raise ValueError(f"the first function registered for {code!r} must give its summary")
        rule = REGISTRY[code] = Rule(code, summary)
    return rule


def question_rule(
    code: str, summary: str | None = None, *, on_empty: bool = False
) -> Callable[[QuestionCheck], QuestionCheck]:
    """Register ``function`` as the question-level check of ``code``."""

    def register(function: QuestionCheck) -> QuestionCheck:
        rule = _rule(code, summary)
        if rule.question is not None:
            raise ValueError(f"{code!r} already has a question check")
        rule.question = function
        rule.on_empty_question = on_empty
        return function

    return register


def survey_rule(code: str, summary: str | None = None) -> Callable[[SurveyCheck], SurveyCheck]:
    """Register ``function`` as the survey-level check of ``code``."""

    def register(function: SurveyCheck) -> SurveyCheck:
        rule = _rule(code, summary)
        if rule.survey is not None:
            raise ValueError(f"{code!r} already has a survey check")
        rule.survey = function
        return function

    return register
