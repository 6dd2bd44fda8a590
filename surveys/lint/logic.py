"""Checks of skip logic: conditions on later questions, loops, and conditions that can never be true."""

from __future__ import annotations

from collections.abc import Iterator

from surveys.lint.rules import Flag, SurveyContext, survey_rule


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
    depends = {key: n.question.condition.question for key, n in numbered.items() if n.question.condition}
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


@survey_rule("condition-never-true", "Every condition can be met by some answer.")
def condition_never_true(s: SurveyContext) -> Iterator[Flag]:
    numbered = {n.key: n for n in s.design.numbered()}
    for item in numbered.values():
        condition = item.question.condition
        if condition is None or condition.question not in numbered:
            continue
        source = numbered[condition.question]
        offered = set(source.question.options)
        named = set(condition.options)
        why = None
        if source.question.qtype == "free_text" or not offered:
            why = f"question {source.number} is answered in words, not by choosing an option"
        elif not condition.negate and not named & offered:
            why = f"none of the answers it waits for is offered by question {source.number} any more"
        elif condition.negate and offered <= named:
            why = f"it waits for an answer to question {source.number} that is none of the answers offered"
        if why:
            yield Flag(
                "warning",
                f"Question {item.number} can never be shown: {why}. Choose the answers of question "
                f"{source.number} that should show it.",
                item.ref,
            )
