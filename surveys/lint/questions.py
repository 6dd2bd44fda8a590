"""Checks of one question's wording and answers: what the builder shows beside it as it is written."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Final

from surveys.design import CHOICE_TYPES, SCALE_TYPES
from surveys.lint.rules import Flag, QuestionContext, question_rule
from surveys.lint.words import WORDS

ANSWER_TYPES: Final = CHOICE_TYPES | SCALE_TYPES


@question_rule("empty-question", "Every question has wording.", on_empty=True)
def empty_question(q: QuestionContext) -> Iterator[Flag]:
    if not q.text:
        yield Flag("warning", "This question has no wording yet. Write the question or remove it.")


@question_rule("leading-wording", "Questions are worded neutrally, without suggesting the answer.")
def leading_wording(q: QuestionContext) -> Iterator[Flag]:
    for pattern, why in WORDS.leading:
        if match := pattern.search(q.text):
            yield Flag(
                "warning",
                f'The wording "{match.group(0)}" {why}, so answers will look better than they really are. Ask neutrally, '
                'for example "How useful, if at all, was the information?" with a balanced scale.',
            )
            return


@question_rule("praise-in-question", "Questions do not praise (or condemn) the service they ask about.")
def praise_in_question(q: QuestionContext) -> Iterator[Flag]:
    both = f"{q.text} {q.help_text}"
    match = WORDS.praise_of_ours.search(both) or WORDS.loaded.search(both)
    if match:
        yield Flag(
            "warning",
            f'The words "{match.group(0)}" praise (or condemn) the service inside the question, which '
            "pushes people towards one answer. Remove them and let the answers speak: "
            '"How useful was the literature search?" rather than "How useful was our excellent search?"',
        )


def _second_question(text: str) -> str | None:
    if text.count("?") >= 2:
        return "it contains more than one question mark"
    if match := WORDS.and_new_question.search(text):
        return f'"{match.group(0)}" starts a second question'
    if (match := WORDS.two_qualities.search(text)) and match.group(1).casefold() != match.group(2).casefold():
        return f'it asks about "{match.group(1)}" and "{match.group(2)}" at once'
    if (match := WORDS.two_actions.search(text)) and (
        WORDS.verb_forms[match.group(1).casefold()] != WORDS.verb_forms[match.group(2).casefold()]
    ):
        return f'it asks whether it did two things ("{match.group(1)}" and "{match.group(2)}")'
    return None


@question_rule("double-barrelled", "Each question asks about one thing only.")
def double_barrelled(q: QuestionContext) -> Iterator[Flag]:
    if why := _second_question(q.text):
        yield Flag(
            "warning",
            f"This looks like two questions in one: {why}. Someone who would answer each part differently "
            "cannot answer honestly, and you cannot tell which part the answer is about. Split it into two "
            "questions, or keep the part that matters most.",
        )


def classify(option: str) -> str:
    """``opt_out``, ``neutral``, ``negative``, ``positive`` or ``other``: where an option sits on a scale."""
    if WORDS.opt_out.search(option):
        return "opt_out"
    if WORDS.neutral.search(option):
        return "neutral"
    if WORDS.negative.search(option):
        return "negative"
    if WORDS.positive.search(option):
        return "positive"
    return "other"


def _sides(options: Iterable[str]) -> tuple[int, int]:
    kinds = [classify(option) for option in options]
    return kinds.count("positive"), kinds.count("negative")


@question_rule("unbalanced-scale", "Rating scales have as many negative options as positive ones.")
def unbalanced_scale(q: QuestionContext) -> Iterator[Flag]:
    if q.question.qtype not in {"single", "agreement5", "frequency"} or not q.options:
        return
    positive, negative = _sides(q.options)
    if positive >= 2 and positive != negative:
        yield Flag(
            "warning",
            f"The answer options look like a rating scale with {positive} positive and {negative} negative "
            "choices. An unbalanced scale pushes answers to the fuller side and makes results look better "
            "(or worse) than they are. Offer the same number of options on each side of a neutral middle, "
            'for example "Very satisfied, Satisfied, Neither, Dissatisfied, Very dissatisfied".',
        )


def _core(option: str) -> str:
    """A scale end without its intensifiers: "Very useful" -> "useful"."""
    return " ".join(WORDS.end_intensifiers.sub(" ", option.casefold()).split())


def _mirrored(first: str, last: str) -> bool:
    a, b = _core(first), _core(last)
    for positive, negative in WORDS.opposites.items():
        for one, other in ((a, b), (b, a)):
            if re.search(rf"\b{re.escape(positive)}\b", one) and re.search(rf"\b{re.escape(negative)}\b", other):
                return one.replace(positive, "", 1).split() == other.replace(negative, "", 1).split()
    return False


@question_rule("scale-not-mirrored", "A scale's two ends are mirror images, so its steps mean the same on each side.")
def scale_not_mirrored(q: QuestionContext) -> Iterator[Flag]:
    if q.question.qtype != "single":
        return
    scale = [option for option in q.options if classify(option) != "opt_out"]
    positive, negative = _sides(scale)
    if len(scale) < 3 or positive < 1 or negative < 1 or positive != negative:
        return
    first, last = scale[0], scale[-1]
    if {classify(first), classify(last)} == {"positive", "negative"} and not _mirrored(first, last):
        yield Flag(
            "advice",
            f'The ends of this scale, "{first}" and "{last}", are not mirror images, so a step towards one end '
            "does not mean the same as a step towards the other. Use opposite wording at both ends, for "
            'example "Very useful" and "Not at all useful", or "Very satisfied" and "Very dissatisfied".',
        )


# --- number ranges in options ------------------------------------------------------------------------

_NUMBER = r"(£\s?)?(\d[\d,]*(?:\.\d+)?)"
_RANGE: Final = re.compile(rf"{_NUMBER}\s*(?:-|–|—|to)\s*{_NUMBER}\s*%?\s*([a-z]+)?", re.IGNORECASE)
_BELOW: Final = re.compile(rf"\b(less than|under|fewer than|below|up to)\s+{_NUMBER}\s*%?\s*([a-z]+)?", re.IGNORECASE)
_ABOVE: Final = re.compile(rf"\b(more than|over|above)\s+{_NUMBER}\s*%?\s*([a-z]+)?", re.IGNORECASE)
_AT_LEAST: Final = re.compile(
    rf"{_NUMBER}\s*([a-z]+)?\s*(?:\+|or more|and over|or over|and above|or above)", re.IGNORECASE
)


@dataclass(frozen=True)
class _Interval:
    option: str
    unit: str
    low: float
    low_closed: bool
    high: float
    high_closed: bool


def _unit(pound: str | None, word: str | None) -> str:
    if pound:
        return "£"
    if not word:
        return ""
    word = word.casefold()
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _interval(option: str) -> _Interval | None:
    """The numeric range an option stands for, if it is written as one."""
    if match := _RANGE.search(option):
        pound = match.group(1) or match.group(3)
        low, high = _number(match.group(2)), _number(match.group(4))
        return _Interval(option, _unit(pound, match.group(5)), low, True, high, True)
    if match := _BELOW.search(option):
        closed = match.group(1).casefold() == "up to"
        return _Interval(
            option, _unit(match.group(2), match.group(4)), -math.inf, False, _number(match.group(3)), closed
        )
    if match := _ABOVE.search(option):
        return _Interval(option, _unit(match.group(2), match.group(4)), _number(match.group(3)), False, math.inf, False)
    if match := _AT_LEAST.search(option):
        return _Interval(option, _unit(match.group(1), match.group(3)), _number(match.group(2)), True, math.inf, False)
    return None


def _range_problem(options: tuple[str, ...]) -> tuple[str, _Interval, _Interval] | None:
    """The first ("overlap" or "gap", before, after) among options written as number ranges."""
    by_unit: dict[str, list[_Interval]] = {}
    for option in options:
        interval = _interval(option)
        if interval and interval.low <= interval.high:
            by_unit.setdefault(interval.unit, []).append(interval)
    for intervals in by_unit.values():
        intervals.sort(key=lambda i: (i.low, not i.low_closed))
        for before, after in zip(intervals, intervals[1:], strict=False):
            if after.low < before.high or (after.low == before.high and after.low_closed and before.high_closed):
                return "overlap", before, after
            integers = all(float(x).is_integer() for x in (before.high, after.low) if math.isfinite(x))
            closed = after.low_closed and before.high_closed
            if integers and math.isfinite(before.high) and closed and after.low > before.high + 1:
                return "gap", before, after
    return None


@question_rule("overlapping-ranges", "Number ranges in the options do not overlap.")
def overlapping_ranges(q: QuestionContext) -> Iterator[Flag]:
    problem = _range_problem(q.options) if q.question.qtype in CHOICE_TYPES else None
    if problem and problem[0] == "overlap":
        yield Flag(
            "warning",
            f'The options "{problem[1].option}" and "{problem[2].option}" overlap, so someone whose answer '
            "falls in both cannot choose correctly and the counts cannot be trusted. Make each range "
            'start after the previous one ends, for example "1 to 5" then "6 to 10".',
        )


@question_rule("range-gap", "Number ranges in the options leave no gaps.")
def range_gap(q: QuestionContext) -> Iterator[Flag]:
    problem = _range_problem(q.options) if q.question.qtype in CHOICE_TYPES else None
    if problem and problem[0] == "gap":
        yield Flag(
            "advice",
            f'Nothing between "{problem[1].option}" and "{problem[2].option}" covers the numbers in between, '
            "so some people will have no option to choose. Close the gap between the ranges.",
        )


# --- options -----------------------------------------------------------------------------------------


@question_rule("too-few-options", "Choice questions offer at least two options.")
def too_few_options(q: QuestionContext) -> Iterator[Flag]:
    if q.question.qtype in ANSWER_TYPES and len([o for o in q.options if o]) < 2:
        yield Flag(
            "warning",
            "This question offers fewer than two answers, so nobody has a real choice. Add the missing "
            "options, or make it a free-text question.",
        )


@question_rule("duplicate-options", "No option is listed twice.")
def duplicate_options(q: QuestionContext) -> Iterator[Flag]:
    if q.question.qtype not in ANSWER_TYPES:
        return
    seen: set[str] = set()
    for option in (o for o in q.options if o):
        if option.casefold() in seen:
            yield Flag(
                "warning",
                f'The option "{option}" is listed more than once, which confuses people and splits the '
                "counts. Remove the repeat.",
            )
            return
        seen.add(option.casefold())


@question_rule("missing-prefer-not-to-say", "Sensitive questions offer 'Prefer not to say'.")
def missing_prefer_not_to_say(q: QuestionContext) -> Iterator[Flag]:
    sensitive = WORDS.sensitive.search(q.text)
    if not sensitive:
        return
    if q.question.qtype in ANSWER_TYPES and not any(WORDS.prefer_not.search(o) for o in q.options):
        yield Flag(
            "warning",
            f'This question touches on something personal ("{sensitive.group(0)}"). Without a "Prefer not to '
            'say" option some people will give a false answer or leave the survey. Add "Prefer not to say".',
        )
    elif q.question.qtype == "free_text" and q.question.required:
        yield Flag(
            "warning",
            f'This question touches on something personal ("{sensitive.group(0)}") but must be answered. '
            "Make it optional so people can choose not to say.",
        )


def _has_opt_out(q: QuestionContext) -> bool:
    return any(WORDS.opt_out.search(option) for option in q.options)


@question_rule("missing-not-applicable", "Scales offer a way out such as 'Not applicable' or 'Don't know'.")
def missing_not_applicable(q: QuestionContext) -> Iterator[Flag]:
    if _has_opt_out(q) or WORDS.sensitive.search(q.text) or q.question.qtype == "nps":
        return  # the Net Promoter Score is defined without an opt-out
    is_scale = q.question.qtype in SCALE_TYPES
    looks_like_scale = q.question.qtype == "single" and sum(_sides(q.options)) >= 3
    if is_scale or looks_like_scale:
        yield Flag(
            "advice",
            'There is no "Not applicable" or "Don\'t know" option. People to whom the question does not '
            "apply will pick an answer at random or in the middle, which blurs the results. Add "
            '"Not applicable" (or "Don\'t know" for questions of fact).',
        )


_YES_NO: Final = re.compile(r"^\s*(yes|no)\b", re.IGNORECASE)


@question_rule("yes-no-without-not-applicable", "Yes/no questions keep 'Not applicable' where the bank says so.")
def yes_no_without_not_applicable(q: QuestionContext) -> Iterator[Flag]:
    answers = [option for option in q.options if option]
    yes_no = answers and sum(bool(_YES_NO.search(o)) for o in answers) >= 2
    if not yes_no or _has_opt_out(q) or not WORDS.needs_not_applicable.search(q.question.note):
        return
    yield Flag(
        "warning",
        'This yes/no question has no "Not applicable" answer, and the question bank says it needs one: '
        "some people will not have been in the situation it asks about, and would have to answer No, "
        'which counts against the service. Add "Not applicable".',
    )


@question_rule("required-free-text", "Free-text questions are optional.")
def required_free_text(q: QuestionContext) -> Iterator[Flag]:
    if q.question.qtype == "free_text" and q.question.required and not WORDS.sensitive.search(q.text):
        yield Flag(
            "advice",
            "This free-text question must be answered. People who have nothing to add will write "
            '"n/a" or give up on the survey. Make it optional.',
        )


# --- personal data -----------------------------------------------------------------------------------


def _explains_personal(keywords: tuple[str, ...], reason_text: str) -> bool:
    """Whether the purpose, introduction or consent text names the data item and gives a reason for it."""
    lowered = reason_text.casefold()
    return any(keyword in lowered for keyword in keywords) and WORDS.personal_reason.search(reason_text) is not None


@question_rule("personal-data", "Personal details are asked for only with a stated reason.")
def personal_data(q: QuestionContext) -> Iterator[Flag]:
    for item in WORDS.personal:
        if (
            item.pattern.search(q.text)
            and not WORDS.personal_reason.search(q.help_text)
            and not _explains_personal(item.keywords, q.reason_text)
        ):
            yield Flag(
                "warning",
                f"This asks for a {item.label}. Personal details make answers identifiable, so people answer less "
                "honestly, and you must protect what you collect. Ask only if you need it and say why in the "
                "question's help text or the consent text (for example \"so we can contact you about a case "
                'study"), and make it optional.'
                + (" Never collect patients' NHS numbers in a survey." if item.label == "NHS number" else ""),
            )
            return
