"""The word lists of the checks, read once from ``words.toml`` and compiled into patterns.

The lists are data so that people who know survey practice, not Python, can review and extend them;
this module only turns them into regular expressions, so a malformed entry fails at import time
rather than in the middle of someone's survey.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

WORDS_PATH: Final = Path(__file__).with_name("words.toml")


def _words(alternatives: list[str]) -> str:
    return "|".join(alternatives)


def _ci(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@dataclass(frozen=True)
class PersonalItem:
    label: str
    pattern: re.Pattern[str]
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Words:
    clinical: re.Pattern[str]
    leading: tuple[tuple[re.Pattern[str], str], ...]
    loaded: re.Pattern[str]
    praise_of_ours: re.Pattern[str]
    and_new_question: re.Pattern[str]
    two_qualities: re.Pattern[str]
    verb_forms: dict[str, str]  # each form of an impact verb -> its stem ("saved" -> "save")
    two_actions: re.Pattern[str]
    opt_out: re.Pattern[str]
    prefer_not: re.Pattern[str]
    neutral: re.Pattern[str]
    negative: re.Pattern[str]
    positive: re.Pattern[str]
    end_intensifiers: re.Pattern[str]
    opposites: dict[str, str]  # positive end -> its negative mirror, both casefolded
    sensitive: re.Pattern[str]
    plain_acronyms: frozenset[str]
    capital_words: frozenset[str]
    acronyms: dict[str, str]
    jargon_terms: dict[str, str]
    personal: tuple[PersonalItem, ...]
    personal_reason: re.Pattern[str]
    consent_data: re.Pattern[str]
    broad_target: re.Pattern[str]
    needs_not_applicable: re.Pattern[str]


def load_words(path: Path = WORDS_PATH) -> Words:
    """The compiled word lists of ``path`` (the kit's own by default)."""
    raw: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    double = raw["double_barrelled"]
    evaluative = _words(double["evaluative"])
    verb_forms = {form: stem for stem, forms in double["verbs"].items() for form in forms.split()}
    verbs = "|".join(sorted(verb_forms, key=len, reverse=True))
    praise = raw["praise"]
    scales = raw["scales"]
    return Words(
        clinical=_ci(raw["length"]["clinical"]),
        leading=tuple((_ci(item["pattern"]), item["why"]) for item in raw["leading"]),
        loaded=_ci(rf"\b({_words(praise['loaded'])})\b"),
        praise_of_ours=_ci(
            rf"\bour\s+(?:[\w'-]+\s+){{0,2}}?({_words(praise['mild'])}|{_words(praise['loaded'])})"
            rf"\s+(?:[\w'-]+\s+){{0,2}}?({_words(praise['ours'])})\b"
        ),
        and_new_question=_ci(rf"\b(and|as well as)\s+(also\s+)?({_words(double['auxiliaries'])})\b"),
        two_qualities=_ci(
            rf"\b({evaluative})\b(?:\s+[\w'-]+){{0,3}}?\s*,?\s+(?:and|as well as)\s+(?:\w+\s+)?({evaluative})\b"
        ),
        verb_forms=verb_forms,
        two_actions=_ci(rf"\b({verbs})\b(?:\s+[\w'-]+){{1,6}}?\s*,?\s+and\s+(?:also\s+|then\s+)?({verbs})\s+\w"),
        opt_out=_ci(scales["opt_out"]),
        prefer_not=_ci(scales["prefer_not"]),
        neutral=_ci(scales["neutral"]),
        negative=_ci(scales["negative"]),
        positive=_ci(scales["positive"]),
        end_intensifiers=_ci(scales["end_intensifiers"]),
        opposites={k.casefold(): v.casefold() for k, v in scales["opposites"].items()},
        sensitive=_ci(raw["sensitive"]["topics"]),
        plain_acronyms=frozenset(raw["jargon"]["plain_acronyms"]),
        capital_words=frozenset(raw["jargon"]["capital_words"]),
        acronyms=dict(raw["jargon"]["acronyms"]),
        jargon_terms=dict(raw["jargon"]["terms"]),
        personal=tuple(
            PersonalItem(item["label"], _ci(item["pattern"]), tuple(item["keywords"])) for item in raw["personal"]
        ),
        personal_reason=_ci(raw["reasons"]["personal"]),
        consent_data=_ci(raw["reasons"]["consent"]),
        broad_target=_ci(raw["target"]["broad"]),
        needs_not_applicable=_ci(raw["bank_notes"]["needs_not_applicable"]),
    )


WORDS: Final = load_words()
