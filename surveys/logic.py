"""Skip logic: which questions a respondent sees, how the form splits into pages, what paper says.

A question with a ``Condition`` is shown only when an earlier answer is (or is not) one of some
options; a section with one shows all its questions only then (and each question's own condition
must hold too). On a phone without JavaScript the form cannot react as people tick, so it is split into
pages: a new page starts before a question whose condition depends on an answer given on the
current page. On paper the same rule becomes an instruction ("Answer this only if you answered
Yes to question 4") and, on the earlier question, where to go next ("If you answered No, go to
question 7"). Pure: plain data in, plain data out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from surveys.design import OTHER_SUFFIX, Condition, NumberedQuestion, SurveyDesign


def conditions_of(design: SurveyDesign, numbered: NumberedQuestion) -> tuple[Condition, ...]:
    """Every condition a question waits for: its section's, then its own."""
    section = design.sections[numbered.ref[0]].condition
    own = numbered.question.condition
    return tuple(condition for condition in (section, own) if condition is not None)


def visible_keys(design: SurveyDesign, answers: Mapping[str, Any]) -> set[str]:
    """The keys of the questions a respondent with these answers sees, in one pass in order.

    A skipped question's answer does not count, so a chain of conditions behaves as people expect.
    """
    shown: set[str] = set()
    for numbered in design.numbered():
        if all(
            condition.holds(answers.get(condition.question) if condition.question in shown else None)
            for condition in conditions_of(design, numbered)
        ):
            shown.add(numbered.key)
    return shown


def pages(design: SurveyDesign) -> list[list[NumberedQuestion]]:
    """The questions split into pages, so no condition depends on an answer on its own page."""
    result: list[list[NumberedQuestion]] = [[]]
    on_page: set[str] = set()
    for numbered in design.numbered():
        sources = {condition.question for condition in conditions_of(design, numbered)}
        if sources & on_page and result[-1]:
            result.append([])
            on_page = set()
        result[-1].append(numbered)
        on_page.add(numbered.key)
    return result if result[0] else []


def _quoted(options: tuple[str, ...]) -> str:
    words = [f"“{option}”" for option in options]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _shown_only_if(condition: Condition, number: Mapping[str, int]) -> str:
    which = f"question {number[condition.question]}" if condition.question in number else "a removed question"
    verb = "is not" if condition.negate else "is"
    return f"Shown only if the answer to {which} {verb} {_quoted(condition.options)}."


def describe(design: SurveyDesign) -> dict[str, str]:
    """A sentence per conditional question, for the builder: "Shown only if question 2 is “No”."."""
    number = {n.key: n.number for n in design.numbered()}
    return {
        item.key: _shown_only_if(item.question.condition, number)
        for item in design.numbered()
        if item.question.condition is not None
    }


def describe_sections(design: SurveyDesign) -> dict[int, str]:
    """A sentence per conditional section (by its index), for the builder."""
    number = {n.key: n.number for n in design.numbered()}
    return {
        index: _shown_only_if(section.condition, number)
        for index, section in enumerate(design.sections)
        if section.condition is not None
    }


def section_instructions(design: SurveyDesign) -> dict[int, str]:
    """For the printed form, under a conditional section's heading: when to answer it."""
    number = {n.key: n.number for n in design.numbered()}
    found: dict[int, str] = {}
    for index, section in enumerate(design.sections):
        condition = section.condition
        if condition is None or condition.question not in number:
            continue
        verb = "did not answer" if condition.negate else "answered"
        found[index] = (
            f"Answer the questions of this section only if you {verb} {_quoted(condition.options)} "
            f"to question {number[condition.question]}."
        )
    return found


def _destination(design: SurveyDesign, numbered: list[NumberedQuestion], end: int) -> str:
    """Where paper respondents go to skip up to ``end``: a question, or a section when one starts there."""
    if end >= len(numbered):
        return "you have finished"
    target = numbered[end]
    s_index, q_index = target.ref
    if q_index == 0 and numbered[end - 1].ref[0] != s_index and len(design.sections) > 1:
        title = design.sections[s_index].title
        if not title:  # the printed form heads an untitled section "Part N"
            return f"go to part {s_index + 1}, question {target.number}"
        return f"go to section {s_index + 1} (“{title}”), question {target.number}"
    return f"go to question {target.number}"


def paper_instructions(design: SurveyDesign) -> tuple[dict[str, str], dict[str, str]]:
    """For the printed form: instructions before and after questions, by key, where skip logic needs them.

    Before a conditional question: when to answer it (a conditional section says so under its
    heading, see ``section_instructions``). After the question it depends on, when the questions
    or sections it controls follow it directly: where to go for the answers that skip them.
    """
    numbered = list(design.numbered())
    number = {n.key: n.number for n in numbered}
    options_of = {n.key: n.question.options for n in numbered}
    # The condition that decides whether a question is reached: its own, or else its section's.
    deciding = [n.question.condition or design.sections[n.ref[0]].condition for n in numbered]
    before: dict[str, str] = {}
    after: dict[str, list[str]] = {}
    for index, item in enumerate(numbered):
        condition = item.question.condition
        if condition is not None and condition.question in number:
            which = number[condition.question]
            verb = "did not answer" if condition.negate else "answered"
            before[item.key] = (
                f"Answer this question only if you {verb} {_quoted(condition.options)} to question {which}."
            )
        condition = deciding[index]
        if condition is None or condition.question not in number or not index:
            continue
        if numbered[index - 1].key != condition.question:
            continue
        # The conditional questions right after the earlier one: skip them all at once.
        end = index
        while end < len(numbered) and deciding[end] == condition:
            end += 1
        skipping = [o for o in options_of[condition.question] if condition.holds(o) is False]
        if skipping:
            target = _destination(design, numbered, end)
            after.setdefault(condition.question, []).append(f"If you answered {_quoted(tuple(skipping))}, {target}.")
    return before, {key: " ".join(parts) for key, parts in after.items()}


@dataclass(frozen=True)
class Step:
    """Where a respondent goes after pressing a button on a page of a survey with skip logic.

    ``page`` is the page to show (None: everything is answered, store the response); ``shown``
    the questions to show on it; ``answers`` what is kept (answers to questions that the
    respondent's own answers have since skipped are dropped); ``errors`` what to fix first.
    """

    page: int | None
    shown: frozenset[str]
    answers: dict[str, Any]
    errors: dict[str, str]
    last: bool  # no page after this one


def step(
    design: SurveyDesign, answers: Mapping[str, Any], errors: Mapping[str, str], current: int, action: str
) -> Step:
    """The next page after ``action`` ("start", "stay", "back", "next" or "send") on page ``current``."""
    split = pages(design) or [[]]
    visible = visible_keys(design, answers)
    kept = {key: value for key, value in answers.items() if key.removesuffix(OTHER_SUFFIX) in visible}
    page_of = {n.key: index for index, page in enumerate(split) for n in page}

    def showing(index: int) -> frozenset[str]:
        return frozenset(n.key for n in split[index] if n.key in visible)

    def at(index: int, problems: Mapping[str, str] | None = None) -> Step:
        return Step(index, showing(index), kept, dict(problems or {}), index >= len(split) - 1)

    current = min(max(current, 0), len(split) - 1)
    if action == "start":
        first = next((i for i in range(len(split)) if showing(i)), 0)
        return at(first)
    if action == "stay":
        return at(current)
    if action == "back":
        earlier = next((i for i in range(current - 1, -1, -1) if showing(i)), 0)
        return at(earlier)
    relevant = {key: error for key, error in errors.items() if key in visible}
    here = {key: error for key, error in relevant.items() if page_of.get(key, 0) <= current}
    if here:
        return at(min(page_of.get(key, 0) for key in here), here)
    following = next((i for i in range(current + 1, len(split)) if showing(i)), None)
    if following is not None:
        return at(following)
    if relevant:
        return at(min(page_of.get(key, 0) for key in relevant), relevant)
    return Step(None, frozenset(), kept, {}, True)
