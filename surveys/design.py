"""Plain data of a survey design and of its results: no Flask, no database.

The builder views, the good-practice checks (``surveys.lint``), the Word builders
(``surveys.documents``) and the results summary (``surveys.results``) all speak these
dataclasses, so each can be tested and benchmarked alone. Everything is frozen and uses tuples, so a
design can be cached, hashed and shared between threads without copies.

The standard answer scales live here, once, so bank questions and custom questions offer exactly the
same wording and a results table can line them up.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final, Literal

QuestionType = Literal[
    "agreement5", "frequency", "single", "multiple", "yes_no_na", "rating10", "nps", "ranking", "free_text"
]

QUESTION_TYPES: Final[tuple[str, ...]] = (
    "agreement5",
    "frequency",
    "single",
    "multiple",
    "yes_no_na",
    "rating10",
    "nps",
    "ranking",
    "free_text",
)

#: Plain-English names for the question types, for the builder's type picker.
QUESTION_TYPE_LABELS: Final[dict[str, str]] = {
    "agreement5": "Agreement scale (strongly agree to strongly disagree)",
    "frequency": "How often (always to never)",
    "single": "Choose one",
    "multiple": "Tick all that apply",
    "yes_no_na": "Yes / No / Not applicable",
    "rating10": "Rating from 0 to 10",
    "nps": "Net Promoter Score (0 to 10, how likely to recommend)",
    "ranking": "Put in order (number up to 8 items from 1, the most important)",
    "free_text": "Free text",
}

NOT_APPLICABLE: Final = "Not applicable"
PREFER_NOT_TO_SAY: Final = "Prefer not to say"
DONT_KNOW: Final = "Don't know"

#: Answers that let a person opt out of a question honestly instead of guessing.
OPT_OUTS: Final[tuple[str, ...]] = (NOT_APPLICABLE, PREFER_NOT_TO_SAY, DONT_KNOW)

#: The standard scales, without opt-outs. Balanced: as many options on each side of the middle.
SCALES: Final[dict[str, tuple[str, ...]]] = {
    "agreement5": ("Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"),
    "frequency": ("Always", "Often", "Sometimes", "Rarely", "Never"),
    "yes_no_na": ("Yes", "No"),
    "rating10": tuple(str(n) for n in range(11)),
    "nps": tuple(str(n) for n in range(11)),
}

#: Which opt-out a standard scale gets when none is chosen explicitly.
DEFAULT_OPT_OUTS: Final[dict[str, tuple[str, ...]]] = {
    "agreement5": (NOT_APPLICABLE,),
    "frequency": (NOT_APPLICABLE,),
    "yes_no_na": (NOT_APPLICABLE,),
    "rating10": (NOT_APPLICABLE,),
    "nps": (),  # the Net Promoter Score is defined on everyone who gave a score
}

#: The 0 to 10 scales: laid out as one row of 11, with a mean and median in the results.
RATING_TYPES: Final[frozenset[str]] = frozenset({"rating10", "nps"})

#: Types whose options are a fixed scale (custom questions reuse ``SCALES`` for them).
SCALE_TYPES: Final[frozenset[str]] = frozenset(SCALES)
#: Types whose options the author writes and respondents tick.
CHOICE_TYPES: Final[frozenset[str]] = frozenset({"single", "multiple"})
#: A ranking: respondents give each item (the options) a different number from 1 to n.
RANKING: Final = "ranking"
MAX_RANKED: Final = 8
#: Types whose options the author writes.
WRITTEN_OPTION_TYPES: Final[frozenset[str]] = CHOICE_TYPES | {RANKING}


#: Options that ask people to say what they mean: each gets its own text box ("Other — please specify").
_SPECIFY: Final = re.compile(r"^\s*(other|something else)\b|please specify", re.IGNORECASE)
#: Where the text typed beside such an option is kept in a response: the question's key plus this.
OTHER_SUFFIX: Final = "-other"


def is_specify_option(option: str) -> bool:
    return _SPECIFY.search(option) is not None


def specify_option(question: Question) -> str | None:
    """The question's "Other — please specify" option, if it is a choice question that has one."""
    if question.qtype not in CHOICE_TYPES:
        return None
    return next((option for option in question.options if is_specify_option(option)), None)


def scale_options(qtype: str, opt_outs: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The full option list of a standard scale, with its opt-outs (the default ones if ``None``).

    Raises ``KeyError`` for types that are not scales, so a typo cannot silently produce an empty list.
    """
    base = SCALES[qtype]
    extras = DEFAULT_OPT_OUTS.get(qtype, ()) if opt_outs is None else opt_outs
    return base + tuple(extra for extra in extras if extra not in base)


@dataclass(frozen=True)
class Condition:
    """Show a question only when an earlier question's answer is (or, negated, is not) one of ``options``.

    ``question`` is the response key of the earlier question. An answer that was not given (or a
    question that was itself skipped) is "not one of" any options.
    """

    question: str
    options: tuple[str, ...]
    negate: bool = False

    def holds(self, answer: object) -> bool:
        given = set(answer) if isinstance(answer, list | tuple) else ({answer} if isinstance(answer, str) else set())
        hit = bool(given & set(self.options))
        return not hit if self.negate else hit


@dataclass(frozen=True)
class Question:
    """One question as the respondent sees it.

    ``key`` identifies the question's answers in stored responses; the web side sets it (for
    instance to the database id) so that reordering questions never mixes up answers. Without a
    key the question is known by its number, ``q1``, ``q2``… (fine for tests and files).
    """

    text: str
    qtype: str
    options: tuple[str, ...] = ()
    required: bool = False
    help_text: str = ""
    bank_id: str | None = None
    category: str = ""
    key: str = ""
    note: str = ""  # the bank's advice to the designer about this question, if it came from the bank
    condition: Condition | None = None  # skip logic: shown only when this holds


def same_meaning(a: Question, b: Question) -> bool:
    """Whether answers to ``a`` and to ``b`` mean the same: the same wording, type of answer, answers
    offered and who is asked (a hint or "required" may differ). What the designer cannot change once
    people have answered without a new version, and what lets results count the versions together."""
    return (a.text, a.qtype, tuple(a.options), a.condition) == (b.text, b.qtype, tuple(b.options), b.condition)


def kept_meaning(older: SurveyDesign, newer: SurveyDesign) -> set[str]:
    """The keys of ``older``'s questions that ``newer`` still asks with the same meaning: whose
    answers the versions' results count together."""
    now = {n.key: n.question for n in newer.numbered()}
    return {n.key for n in older.numbered() if n.key in now and same_meaning(n.question, now[n.key])}


@dataclass(frozen=True)
class Section:
    title: str
    questions: tuple[Question, ...] = ()
    introduction: str = ""
    condition: Condition | None = None  # skip logic: the whole section is shown only when this holds


@dataclass(frozen=True)
class NumberedQuestion:
    """A question with its place in the survey: what the form prints and findings point to."""

    number: int  # 1-based, continuous across sections
    ref: tuple[int, int]  # (section index, question index), both 0-based
    key: str
    question: Question


@dataclass(frozen=True)
class SurveyDesign:
    title: str
    purpose: str = ""
    target_group: str = ""
    audience_size: int | None = None  # how many people were invited: the response rate's denominator
    introduction: str = ""
    consent_text: str = ""
    closing_message: str = ""
    sections: tuple[Section, ...] = ()

    def numbered(self) -> Iterator[NumberedQuestion]:
        """Every question in order with its number, position and response key."""
        number = 0
        for s_index, section in enumerate(self.sections):
            for q_index, question in enumerate(section.questions):
                number += 1
                key = question.key or f"q{number}"
                yield NumberedQuestion(number, (s_index, q_index), key, question)

    @property
    def question_count(self) -> int:
        return sum(len(section.questions) for section in self.sections)

    def survey_text(self) -> str:
        """All the words a respondent reads, joined: used to see whether an acronym is explained."""
        parts = [self.title, self.purpose, self.introduction, self.consent_text, self.closing_message]
        for section in self.sections:
            parts += [section.title, section.introduction]
            for question in section.questions:
                parts += [question.text, question.help_text, *question.options]
        return "\n".join(part for part in parts if part)


# --- results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionCount:
    option: str
    count: int
    percent: float  # of the people who answered this question (0–100, one decimal)


@dataclass(frozen=True)
class NetPromoterScore:
    """Promoters (9-10) minus detractors (0-6), in percent of the people who gave a score."""

    score: int  # -100 to 100
    promoters: int
    passives: int
    detractors: int


@dataclass(frozen=True)
class QuestionResult:
    """The summary of one question.

    Percentages use the people who answered the question as their base (``answered``), which the
    report states, because skipped questions would otherwise drag every figure down. For
    tick-all-that-apply questions percentages can add up to more than 100.
    """

    number: int
    ref: tuple[int, int]
    key: str
    text: str
    qtype: str
    answered: int
    skipped: int
    options: tuple[OptionCount, ...] = ()
    free_text: tuple[str, ...] = ()  # free-text answers, and answers that matched no option
    mean: float | None = None  # 0-10 scales only, opt-outs excluded
    mean_ranks: tuple[tuple[str, float], ...] = ()  # rankings only: (item, mean rank), best first
    median: float | None = None  # 0-10 scales only, opt-outs excluded
    nps: NetPromoterScore | None = None  # Net Promoter Score questions only
    versions: tuple[int, ...] = ()  # counted together: the versions that asked it so (empty: one version)
    not_asked: int = 0  # respondents the skip logic did not show it to (neither answered nor skipped)


@dataclass(frozen=True)
class SurveyResults:
    title: str
    response_count: int
    audience_size: int | None
    response_rate: float | None  # percent, one decimal; None when the audience size is unknown
    questions: tuple[QuestionResult, ...] = field(default_factory=tuple)
    target_group: str = ""
