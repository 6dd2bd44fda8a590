"""Good-practice checks for a survey design, explained in plain words next to each question.

Impact surveys in NHS library and knowledge services work best when they are short, aimed at a
clear group, neutral in wording, balanced in their scales, honest about opt-outs and clear about
how answers are used. These checks nudge a survey's author towards that while they write. They are
heuristics: each finding says why it matters and how to fix it, and the author stays in charge.
A finding is ``"warning"`` when the survey is likely to collect misleading or unusable answers,
``"advice"`` when it could simply be better.

Each rule is one function registered against its code (``surveys.lint.rules``); the words they
look for are data (``words.toml``). Pure: takes a ``SurveyDesign`` (or one ``Question``), returns
findings; no Flask, no database.
"""

from __future__ import annotations

import importlib
from typing import Final

from surveys.design import Question, SurveyDesign
from surveys.lint.jargon import jargon_terms, unexplained_in_opening
from surveys.lint.rules import REGISTRY, Finding, Flag, QuestionContext, Rule, Severity, SurveyContext, norm
from surveys.lint.survey import estimated_seconds

#: Importing a rule module registers its rules; findings are listed in this order.
RULE_MODULES: Final = ("survey", "questions", "logic", "jargon")
for _module in RULE_MODULES:
    importlib.import_module(f"surveys.lint.{_module}")

__all__ = ["RULES", "Finding", "Severity", "estimated_seconds", "lint", "lint_question"]


def _module_rank(rule: Rule) -> int:
    functions = [f for f in (rule.survey, rule.question) if f is not None]
    return min(RULE_MODULES.index(f.__module__.rsplit(".", 1)[-1]) for f in functions)


#: The rules in the order their findings are listed (the order of ``RULE_MODULES``, then of each module).
ORDERED_RULES: Final = tuple(sorted(REGISTRY.values(), key=_module_rank))

#: One line per check, for a "what we check" help page next to the builder.
RULES: Final[dict[str, str]] = {rule.code: rule.summary for rule in ORDERED_RULES}


def _finding(code: str, flag: Flag, ref: tuple[int, int] | None) -> Finding:
    return Finding(code, flag.severity, flag.message, flag.ref if flag.ref is not None else ref)


def _question_findings(context: QuestionContext) -> list[Finding]:
    findings: list[Finding] = []
    for rule in ORDERED_RULES:
        if rule.question is None or (not context.text and not rule.on_empty_question):
            continue
        findings.extend(_finding(rule.code, flag, context.ref) for flag in rule.question(context))
    return findings


def lint_question(
    question: Question,
    *,
    ref: tuple[int, int] | None = None,
    survey_text: str = "",
    reason_text: str = "",
    explained_elsewhere: frozenset[str] = frozenset(),
) -> list[Finding]:
    """Findings about one question on its own: what the builder shows next to it as it is written.

    ``survey_text`` is the rest of the survey, where an acronym may be explained; ``reason_text`` is
    the purpose, introduction and consent text, which may say why personal details are asked for;
    ``explained_elsewhere`` lists terms already reported once, so each is reported where it first appears.
    """
    context = QuestionContext.of(
        question, ref, survey_text=survey_text, reason_text=reason_text, explained_elsewhere=explained_elsewhere
    )
    return _question_findings(context)


def lint(design: SurveyDesign) -> list[Finding]:
    """Every finding for ``design``: survey-level ones first, then by question order.

    Each jargon term is reported once, where it first appears, so a survey that repeats an
    abbreviation does not drown in identical findings.
    """
    survey = SurveyContext.of(design)
    findings: list[Finding] = []
    for rule in ORDERED_RULES:
        if rule.survey is not None:
            findings.extend(_finding(rule.code, flag, None) for flag in rule.survey(survey))
    reason_text = "\n".join((survey.purpose, survey.consent, norm(design.introduction)))
    reported = {term for _, term in unexplained_in_opening(survey)}
    for numbered in design.numbered():
        findings.extend(
            lint_question(
                numbered.question,
                ref=numbered.ref,
                survey_text=survey.survey_text,
                reason_text=reason_text,
                explained_elsewhere=frozenset(reported),
            )
        )
        reported.update(jargon_terms(norm(numbered.question.text) + "\n" + "\n".join(numbered.question.options)))
        reported.update(jargon_terms(norm(numbered.question.help_text)))
    return findings
