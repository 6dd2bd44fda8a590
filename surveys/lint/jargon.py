"""Acronyms and library jargon: finding them, deciding whether the survey explains them, saying so."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from surveys.lint.rules import Flag, QuestionContext, SurveyContext, norm, question_rule, survey_rule
from surveys.lint.words import WORDS

_ACRONYM: Final = re.compile(r"(?<![\w&])([A-Z][A-Za-z0-9&]{0,5}[A-Z0-9])(?:'?s)?(?![\w&])")


def jargon_terms(text: str) -> list[str]:
    """Acronyms and jargon words in ``text`` that are not in everyday use, in order of appearance."""
    found: list[str] = []
    for match in _ACRONYM.finditer(text):
        word = match.group(1)
        if sum(ch.isupper() for ch in word) < 2 or word in WORDS.plain_acronyms or word in WORDS.capital_words:
            continue
        if word not in found:
            found.append(word)
    lowered = text.casefold()
    for term in WORDS.jargon_terms:
        if re.search(rf"\b{re.escape(term)}\b", lowered) and term not in found:
            if term == "athens" and "openathens" in found:
                continue
            found.append(term)
    return found


def explained(term: str, survey_text: str) -> bool:
    """Whether the survey spells ``term`` out somewhere, as "words (ACR)", "ACR (words)" or the expansion."""
    lowered = survey_text.casefold()
    if term in WORDS.jargon_terms:
        return re.search(rf"\b{re.escape(term)}\s*\(", lowered) is not None
    if f"({term.casefold()})" in lowered.replace("( ", "(").replace(" )", ")"):
        return True
    if re.search(rf"(?<![\w&]){re.escape(term)}\s*\(", survey_text):
        return True
    expansion = WORDS.acronyms.get(term.upper())
    return bool(expansion and expansion.casefold() in lowered)


def _message(term: str) -> str:
    if term in WORDS.jargon_terms:
        return (
            f'The term "{term}" is library jargon that many respondents will not recognise, so they may guess or skip the '
            f'question. Say it in everyday words (for example "{WORDS.jargon_terms[term]}") or explain it in brackets.'
        )
    expansion = WORDS.acronyms.get(term.upper())
    hint = f' ("{expansion}")' if expansion else ""
    return (
        f'The abbreviation "{term}" is not explained. Not everyone knows it, and people who do not may answer '
        f"a different question from the one you meant. Write it out in full{hint}, or give the full words once "
        f'with the abbreviation in brackets, for example "words in full ({term})".'
    )


def unexplained_in_opening(survey: SurveyContext) -> Iterator[tuple[str, str]]:
    """(where, term) for each unexplained term of the introduction and purpose, each term once."""
    seen: set[str] = set()
    for label, value in (("introduction", survey.design.introduction), ("purpose", survey.design.purpose)):
        for term in jargon_terms(norm(value)):
            if term not in seen and not explained(term, survey.survey_text):
                seen.add(term)
                yield label, term


@survey_rule("jargon", "Acronyms and library jargon are explained or avoided.")
def jargon_in_opening(survey: SurveyContext) -> Iterator[Flag]:
    for label, term in unexplained_in_opening(survey):
        yield Flag("advice", f"In the {label}: {_message(term)}")


@question_rule("jargon")
def jargon_in_question(q: QuestionContext) -> Iterator[Flag]:
    own_text = "\n".join((q.text, q.help_text, *q.options))
    for term in jargon_terms(own_text):
        if term in q.explained_elsewhere or explained(term, f"{own_text}\n{q.survey_text}"):
            continue
        yield Flag("advice", _message(term))
