"""Checks of skip logic: conditions on later questions, loops, conditions that can never be true, rankings.

Questions and whole sections may carry a condition; each check has one function for questions and
one for sections, registered against their own codes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from surveys.design import Condition, NumberedQuestion, SurveyDesign
from surveys.lint.rules import Flag, SurveyContext, survey_rule


def _sections_with_conditions(design: SurveyDesign) -> Iterator[tuple[int, Condition, list[NumberedQuestion]]]:
    """(section index, its condition, its questions) of every conditional section."""
    numbered = list(design.numbered())
    for index, section in enumerate(design.sections):
        if section.condition is not None:
            yield index, section.condition, [n for n in numbered if n.ref[0] == index]


@survey_rule("condition-order", "A question's condition depends on an earlier question.")
def condition_order(s: SurveyContext) -> Iterator[Flag]:
    numbered = list(s.design.numbered())
    position = {n.key: n.number for n in numbered}
    for item in numbered:
        condition = item.question.condition
        if condition is None:
            continue
        if condition.question not in position:
            yield Flag(
                "warning",
                f"Question {item.number} is shown only after an answer to a question that is no longer in the "
                "survey, so nobody will see it. Choose another question for its condition, or remove the condition.",
                item.ref,
            )
        elif position[condition.question] >= item.number:
            yield Flag(
                "warning",
                f"Question {item.number} depends on the answer to question {position[condition.question]}, which "
                "comes later (or is the question itself), so respondents cannot have answered it yet. Move the "
                "question after the one it depends on, or base the condition on an earlier question.",
                item.ref,
            )


@survey_rule("condition-loop", "Conditions never depend on each other in a circle.")
def condition_loop(s: SurveyContext) -> Iterator[Flag]:
    numbered = {n.key: n for n in s.design.numbered()}
    # What each question waits for: its own condition's question, else its section's.
    depends = {
        key: condition.question
        for key, n in numbered.items()
        if (condition := n.question.condition or s.design.sections[n.ref[0]].condition) is not None
    }
    reported: set[str] = set()
    for start in depends:
        chain = [start]
        while (following := depends.get(chain[-1])) is not None and following in numbered:
            if following in chain:
                circle = chain[chain.index(following) :]
                if not reported & set(circle):
                    reported.update(circle)
                    names = " → ".join(f"question {numbered[k].number}" for k in [*circle, following])
                    yield Flag(
                        "warning",
                        f"These conditions depend on each other in a circle ({names}), so none of these questions "
                        "can ever be shown. Remove one of the conditions.",
                        numbered[circle[0]].ref,
                    )
                break
            chain.append(following)


def _never_true(condition: Condition, numbered: Mapping[str, NumberedQuestion]) -> str | None:
    """Why no answer can ever meet ``condition``, or None when some answer can (or its question is gone)."""
    source = numbered.get(condition.question)
    if source is None:
        return None
    offered = set(source.question.options)
    named = set(condition.options)
    if source.question.qtype == "free_text" or not offered:
        return f"question {source.number} is answered in words, not by choosing an option"
    if not condition.negate and not named & offered:
        return f"none of the answers it waits for is offered by question {source.number} any more"
    if condition.negate and offered <= named:
        return f"it waits for an answer to question {source.number} that is none of the answers offered"
    return None


@survey_rule("section-condition-order", "A section's condition depends on a question before the section.")
def section_condition_order(s: SurveyContext) -> Iterator[Flag]:
    position = {n.key: n for n in s.design.numbered()}
    for index, condition, questions in _sections_with_conditions(s.design):
        ref = questions[0].ref if questions else None
        source = position.get(condition.question)
        if source is None:
            yield Flag(
                "warning",
                f"Section {index + 1} is shown only after an answer to a question that is no longer in the survey, "
                "so nobody will see it. Choose another question for its condition, or remove the condition.",
                ref,
            )
        elif source.ref[0] >= index:
            yield Flag(
                "warning",
                f"Section {index + 1} depends on the answer to question {source.number}, which is in the section "
                "itself or comes after it, so respondents cannot have answered it yet. Base the condition on a "
                "question of an earlier section, or move the section.",
                ref,
            )


@survey_rule("section-condition-never-true", "Every section's condition can be met by some answer.")
def section_condition_never_true(s: SurveyContext) -> Iterator[Flag]:
    numbered = {n.key: n for n in s.design.numbered()}
    for index, condition, questions in _sections_with_conditions(s.design):
        why = _never_true(condition, numbered)
        if why:
            yield Flag(
                "warning",
                f"Section {index + 1} can never be shown: {why}. Choose the answers that should show it.",
                questions[0].ref if questions else None,
            )


@survey_rule("condition-never-true", "Every condition can be met by some answer.")
def condition_never_true(s: SurveyContext) -> Iterator[Flag]:
    numbered = {n.key: n for n in s.design.numbered()}
    for item in numbered.values():
        condition = item.question.condition
        if condition is None or condition.question not in numbered:
            continue
        source = numbered[condition.question]
        why = _never_true(condition, numbered)
        if why:
            yield Flag(
                "warning",
                f"Question {item.number} can never be shown: {why}. Choose the answers of question "
                f"{source.number} that should show it.",
                item.ref,
            )


@survey_rule("condition-on-ranking", "Skip logic never depends on a ranking, whose answer holds every item.")
def condition_on_ranking(s: SurveyContext) -> Iterator[Flag]:
    """A ranking cannot decide who sees what: everyone ranks every item, so "is one of" always holds."""
    numbered = {n.key: n for n in s.design.numbered()}
    advice = "it cannot tell respondents apart. Base the condition on a choice question instead."

    def ranked(condition: Condition) -> NumberedQuestion | None:
        source = numbered.get(condition.question)
        return source if source is not None and source.question.qtype == "ranking" else None

    for index, condition, questions in _sections_with_conditions(s.design):
        if (source := ranked(condition)) is not None:
            yield Flag(
                "warning",
                f"Section {index + 1} depends on question {source.number}, a ranking: everyone ranks every "
                f"item, so {advice}",
                questions[0].ref if questions else None,
            )
    for item in numbered.values():
        own = item.question.condition
        if own is not None and (source := ranked(own)) is not None:
            yield Flag(
                "warning",
                f"Question {item.number} depends on question {source.number}, a ranking: everyone ranks every "
                f"item, so {advice}",
                item.ref,
            )
