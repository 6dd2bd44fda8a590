"""Good-practice checks for a survey design, explained in plain words next to each question.

Impact surveys in NHS library and knowledge services work best when they are short, aimed at a
clear group, neutral in wording, balanced in their scales, honest about opt-outs and clear about
how answers are used. These checks nudge a survey's author towards that while they write. They are
heuristics: each finding says why it matters and how to fix it, and the author stays in charge.
A finding is ``"warning"`` when the survey is likely to collect misleading or unusable answers,
``"advice"`` when it could simply be better.

Pure: takes a ``SurveyDesign`` (or one ``Question``), returns findings; no Flask, no database.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

from surveys.model import CHOICE_TYPES, SCALE_TYPES, Question, SurveyDesign
from workshop.common.text import clean_text

Severity = Literal["advice", "warning"]


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str  # plain English: what is wrong, why it matters, how to fix it
    question_ref: tuple[int, int] | None = None  # (section index, question index); None: whole survey


#: One line per check, for a "what we check" help page next to the builder.
RULES: Final[dict[str, str]] = {
    "no-purpose": "The survey says what it is for.",
    "no-target-group": "The survey names the group of people it is for.",
    "broad-target-group": "The target group is specific rather than a whole organisation.",
    "no-audience-size": "The number of people invited is known, so the response rate can be reported honestly.",
    "missing-consent": "Respondents are told that taking part is voluntary and how their answers are used.",
    "consent-incomplete": "The consent text says how answers are stored and whether they are anonymous.",
    "no-questions": "The survey has at least one question.",
    "too-long": "The survey is short enough for its audience to finish.",
    "free-text-overuse": "Free-text questions are used sparingly.",
    "empty-question": "Every question has wording.",
    "too-few-options": "Choice questions offer at least two options.",
    "duplicate-options": "No option is listed twice.",
    "leading-wording": "Questions are worded neutrally, without suggesting the answer.",
    "double-barrelled": "Each question asks about one thing only.",
    "unbalanced-scale": "Rating scales have as many negative options as positive ones.",
    "overlapping-ranges": "Number ranges in the options do not overlap.",
    "range-gap": "Number ranges in the options leave no gaps.",
    "missing-not-applicable": "Scales offer a way out such as 'Not applicable' or 'Don't know'.",
    "missing-prefer-not-to-say": "Sensitive questions offer 'Prefer not to say'.",
    "jargon": "Acronyms and library jargon are explained or avoided.",
    "personal-data": "Personal details are asked for only with a stated reason.",
}

# --- survey length ----------------------------------------------------------------------------------

#: Rough seconds a respondent needs per question type, from common survey-design guidance.
SECONDS_PER_TYPE: Final[dict[str, int]] = {
    "agreement5": 8,
    "frequency": 8,
    "yes_no_na": 5,
    "rating10": 8,
    "single": 10,
    "multiple": 15,
    "free_text": 45,
}
READING_SECONDS: Final = 20  # the introduction and consent text

CLINICAL_LIMITS: Final = (12, 5 * 60)  # questions, seconds: busy clinical staff
GENERAL_LIMITS: Final = (20, 10 * 60)

_CLINICAL = re.compile(
    r"\b(clinician|clinical|doctor|consultant|registrar|surgeon|physician|nurse|nursing|midwi(fe|ves|fery)"
    r"|gps?|general practitioner|pharmacist|paramedic|therapist|allied health|foundation|resident|junior|"
    r"ward|theatre|emergency|on[- ]call)",
    re.IGNORECASE,
)


def estimated_seconds(design: SurveyDesign) -> int:
    """How long the survey takes to complete, roughly, so its length can be judged in minutes."""
    seconds = READING_SECONDS if (design.introduction or design.consent_text) else 0
    for numbered in design.numbered():
        seconds += SECONDS_PER_TYPE.get(numbered.question.qtype, 10)
    return seconds


# --- word lists -------------------------------------------------------------------------------------

_LEADING_PATTERNS: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    (
        re.compile(
            r"\b(don't|do not|wouldn't|would not|won't|isn't|aren't|didn't|doesn't|shouldn't|can't|haven't)"
            r" you\b",
            re.IGNORECASE,
        ),
        "asks the question so that agreeing is the expected answer",
    ),
    (re.compile(r"\bwouldn't\b|\bisn't it\b|\bdon't you\b", re.IGNORECASE), "suggests the expected answer"),
    (re.compile(r"\b(surely|obviously|of course|clearly)\b", re.IGNORECASE), "tells people what to think"),
    (
        re.compile(r"\b(do|would) you agree (that|with)\b", re.IGNORECASE),
        "asks only whether people agree, not what they think",
    ),
    (
        re.compile(
            r"\bhow (much|greatly|far) (did|has|have|does|do|will)\b[^?.]{0,80}?\b(help|improv|benefit|enhanc|boost)",
            re.IGNORECASE,
        ),
        "assumes there was a benefit and only asks how big it was",
    ),
)

_LOADED_WORDS: Final = re.compile(
    r"\b(excellent|amazing|invaluable|indispensable|vital|outstanding|fantastic|wonderful|brilliant|superb|"
    r"exceptional|fabulous|incredible|awesome|marvell?ous|first[- ]class|world[- ]class|award[- ]winning|"
    r"dedicated|hard[- ]?working|life[- ]saving|terrible|awful|useless|appalling)\b",
    re.IGNORECASE,
)

_AUXILIARIES = r"how|did|do|does|was|were|is|are|would|will|has|have|had|what|why|when|where|which|who|can|could|should"
_AND_NEW_QUESTION: Final = re.compile(rf"\b(and|as well as)\s+(also\s+)?({_AUXILIARIES})\b", re.IGNORECASE)

_EVALUATIVE = (
    r"useful|helpful|relevant|timely|accurate|quick|fast|clear|easy|friendly|accessible|reliable|valuable|"
    r"comprehensive|up[- ]to[- ]date|professional|efficient|prompt|knowledgeable|courteous|satisfied|"
    r"informative|interesting|convenient|affordable|concise|thorough|well[- ]organi[sz]ed|confident"
)
_TWO_QUALITIES: Final = re.compile(
    rf"\b({_EVALUATIVE})\b(?:\s+[\w'-]+){{0,3}}?\s*,?\s+(?:and|as well as)\s+(?:\w+\s+)?({_EVALUATIVE})\b",
    re.IGNORECASE,
)

_VERB_STEMS: Final[dict[str, str]] = {
    "change": "change changes changed changing",
    "save": "save saves saved saving",
    "improve": "improve improves improved improving",
    "help": "help helps helped helping",
    "inform": "inform informs informed informing",
    "support": "support supports supported supporting",
    "reduce": "reduce reduces reduced reducing",
    "confirm": "confirm confirms confirmed confirming",
    "affect": "affect affects affected affecting",
    "influence": "influence influences influenced influencing",
    "share": "share shares shared sharing",
    "recommend": "recommend recommends recommended recommending",
    "use": "use uses used using",
    "find": "find finds found finding",
    "prevent": "prevent prevents prevented preventing",
    "avoid": "avoid avoids avoided avoiding",
    "lead": "lead leads led leading",
    "contribute": "contribute contributes contributed contributing",
    "enable": "enable enables enabled enabling",
    "apply": "apply applies applied applying",
    "attend": "attend attends attended attending",
    "learn": "learn learns learned learnt learning",
    "teach": "teach teaches taught teaching",
}
#: Each form of the verbs that name an impact, mapped to its stem ("saved" -> "save").
_VERB_FORMS: Final[dict[str, str]] = {form: stem for stem, forms in _VERB_STEMS.items() for form in forms.split()}
_VERBS = "|".join(sorted(_VERB_FORMS, key=len, reverse=True))
_TWO_ACTIONS: Final = re.compile(
    rf"\b({_VERBS})\b(?:\s+[\w'-]+){{1,6}}?\s*,?\s+and\s+(?:also\s+|then\s+)?({_VERBS})\s+\w",
    re.IGNORECASE,
)

_OPT_OUT: Final = re.compile(
    r"^\s*(not applicable|n/?a|prefer not to (say|answer)|don't know|do not know|not sure|unsure|"
    r"no opinion|did not use|didn't use|i have not used|not used|too early to say|none of these)\b",
    re.IGNORECASE,
)
_PREFER_NOT: Final = re.compile(r"prefer not to (say|answer)|rather not say", re.IGNORECASE)
_NEUTRAL: Final = re.compile(
    r"\b(neither|neutral|no opinion|unsure|not sure|average|fair|about the same|no (difference|change)|"
    r"mixed|undecided)\b",
    re.IGNORECASE,
)
_NEGATIVE: Final = re.compile(
    r"\b(disagree|dissatisfied|unsatisfied|unsatisfactory|poor|bad|terrible|worse|worst|unlikely|unhelpful|"
    r"useless|difficult|hard|unacceptable|inadequate|negative|irrelevant|unimportant|not|never|no)\b",
    re.IGNORECASE,
)
_POSITIVE: Final = re.compile(
    r"\b(agree|satisfied|good|excellent|great|outstanding|better|best|likely|helpful|useful|easy|valuable|"
    r"important|relevant|positive|fantastic|effective|happy|pleased|superb|brilliant)\b",
    re.IGNORECASE,
)

_SENSITIVE: Final = re.compile(
    r"\b(age|age group|how old|gender|sex|ethnic|ethnicity|disabilit(y|ies)|disabled|religio(n|us)|belief|"
    r"sexual orientation|pregnan\w*|salary|pay band|band|income|health condition|long[- ]term condition|"
    r"caring responsibilities)\b",
    re.IGNORECASE,
)

#: Acronyms that almost everyone in the NHS reads without thinking.
PLAIN_ACRONYMS: Final[frozenset[str]] = frozenset(
    {"NHS", "GP", "UK", "A&E", "IT", "PC", "PDF", "OK", "TV", "COVID", "QR", "AM", "PM", "ID"}
)
#: Words written in capitals for emphasis, not acronyms.
_CAPITAL_WORDS: Final[frozenset[str]] = frozenset(
    {"NOT", "DO", "ALL", "AND", "OR", "ANY", "NO", "YES", "ONLY", "NEVER", "PLEASE", "THE", "ONE", "NONE"}
)
#: Known acronyms with their expansion: written out anywhere in the survey, they are explained.
KNOWN_ACRONYMS: Final[dict[str, str]] = {
    "LKS": "library and knowledge services",
    "CPD": "continuing professional development",
    "HEE": "Health Education England",
    "NICE": "National Institute for Health and Care Excellence",
    "NHSE": "NHS England",
    "KFH": "Knowledge for Healthcare",
    "MDT": "multidisciplinary team",
    "CQC": "Care Quality Commission",
    "ICB": "integrated care board",
    "ICS": "integrated care system",
    "QI": "quality improvement",
    "AHP": "allied health professional",
    "EBP": "evidence-based practice",
    "RCT": "randomised controlled trial",
    "PICO": "population, intervention, comparison, outcome",
    "BNF": "British National Formulary",
    "CKS": "Clinical Knowledge Summaries",
    "ILL": "inter-library loan",
    "EBM": "evidence-based medicine",
}
#: Library jargon that is not an acronym, with plain alternatives.
JARGON_TERMS: Final[dict[str, str]] = {
    "knowledgeshare": "our email updates on new evidence",
    "openathens": "your NHS library login",
    "athens": "your NHS library login",
    "current awareness": "regular updates on new evidence",
    "horizon scanning": "looking out for new developments",
    "document supply": "getting a copy of an article",
    "inter-library loan": "borrowing from another library",
    "mediated search": "a search done for you by library staff",
    "discovery service": "the library search",
    "bibliographic database": "a database of published research",
}
_ACRONYM: Final = re.compile(r"(?<![\w&])([A-Z][A-Za-z0-9&]{0,5}[A-Z0-9])(?:'?s)?(?![\w&])")

_PERSONAL_DATA: Final[tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...]] = (
    (
        "NHS number",
        re.compile(r"\bnhs (number|no\.?)(?!\w)", re.IGNORECASE),
        ("nhs number",),
    ),
    (
        "date of birth",
        re.compile(r"\bdate of birth\b|\bbirth ?date\b|\bd\.?o\.?b\b", re.IGNORECASE),
        ("date of birth", "birth"),
    ),
    (
        "staff number",
        re.compile(r"\b(staff|employee|payroll|assignment|personnel) (number|no\.?|id)(?!\w)", re.IGNORECASE),
        ("staff number", "employee number", "payroll"),
    ),
    ("postcode", re.compile(r"\bpost ?codes?\b", re.IGNORECASE), ("postcode", "post code")),
    (
        "email address",
        re.compile(r"\be-?mail address(es)?\b|\byour e-?mail\b|^\s*e-?mail\b", re.IGNORECASE),
        ("email", "e-mail", "contact details"),
    ),
    (
        "phone number",
        re.compile(r"\b(phone|telephone|mobile) (number|no\.?)(?!\w)|\byour (phone|mobile)\b", re.IGNORECASE),
        ("phone", "mobile", "contact details"),
    ),
    ("home address", re.compile(r"\b(home|postal|your) address\b", re.IGNORECASE), ("address",)),
    (
        "name",
        re.compile(r"\b(your|full|first|last|family|sur) ?names?\b|^\s*names?\s*[:?]?\s*$", re.IGNORECASE),
        ("name",),
    ),
)
_REASON: Final = re.compile(
    r"\b(so (that )?(we|I|the library)|because|in order to|to contact|to send|to reply|prize draw|follow[- ]?up|"
    r"to arrange|we will use|only be used|used only)\b",
    re.IGNORECASE,
)

_BROAD_TARGET: Final = re.compile(
    r"\b(everyone|everybody|anyone|anybody|all (staff|employees|users|colleagues|nhs staff|trust staff|"
    r"members of staff|people|the staff))\b(?!\s+(on|in|at|of|who|whom|from|working|attending|that|with|"
    r"based|taking|using|joining|starting|trained))"
    r"|\b(whole|entire) (trust|organi[sz]ation|workforce|hospital|nhs|region|system)\b"
    r"|^\s*(the )?(trust|organi[sz]ation|staff|public|general public|workforce|nhs)\s*\.?\s*$"
    r"|\b(everyone|everybody|anyone|anybody|all( \w+){1,2}) (in|across|at|of|throughout) (the |our )?"
    r"(whole |entire )?(trust|organi[sz]ation|nhs|hospital|workforce|region|system)\b",
    re.IGNORECASE,
)

_CONSENT_DATA: Final = re.compile(
    r"\b(anonym\w*|confidential\w*|privacy|data protection|gdpr|stored?|kept|keep|delet\w*|"
    r"personal data|identif\w*|used? (only )?(for|to)|will be used|how we use|retain\w*)\b",
    re.IGNORECASE,
)


def _norm(text: str | None) -> str:
    """Cleaned single-line text with typographic apostrophes made plain, for matching only."""
    return clean_text(text, single_line=True).replace("\u2019", "'").replace("\u2018", "'")


# --- question-level checks ----------------------------------------------------------------------


def _classify(option: str) -> str:
    """``opt_out``, ``neutral``, ``negative``, ``positive`` or ``other``: where an option sits on a scale."""
    if _OPT_OUT.search(option):
        return "opt_out"
    if _NEUTRAL.search(option):
        return "neutral"
    if _NEGATIVE.search(option):
        return "negative"
    if _POSITIVE.search(option):
        return "positive"
    return "other"


def _looks_like_scale(options: Iterable[str]) -> tuple[int, int]:
    kinds = [_classify(option) for option in options]
    return kinds.count("positive"), kinds.count("negative")


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


def _range_findings(question: Question, ref: tuple[int, int] | None) -> list[Finding]:
    by_unit: dict[str, list[_Interval]] = {}
    for option in question.options:
        interval = _interval(_norm(option))
        if interval and interval.low <= interval.high:
            by_unit.setdefault(interval.unit, []).append(interval)
    findings: list[Finding] = []
    for intervals in by_unit.values():
        if len(intervals) < 2:
            continue
        intervals.sort(key=lambda i: (i.low, not i.low_closed))
        for before, after in zip(intervals, intervals[1:], strict=False):
            overlap = after.low < before.high or (after.low == before.high and after.low_closed and before.high_closed)
            if overlap:
                findings.append(
                    Finding(
                        "overlapping-ranges",
                        "warning",
                        f'The options "{before.option}" and "{after.option}" overlap, so someone whose answer '
                        "falls in both cannot choose correctly and the counts cannot be trusted. Make each range "
                        'start after the previous one ends, for example "1 to 5" then "6 to 10".',
                        ref,
                    )
                )
                return findings
            integers = all(float(x).is_integer() for x in (before.high, after.low) if math.isfinite(x))
            if (
                integers
                and math.isfinite(before.high)
                and after.low_closed
                and before.high_closed
                and after.low > before.high + 1
            ):
                findings.append(
                    Finding(
                        "range-gap",
                        "advice",
                        f'Nothing between "{before.option}" and "{after.option}" covers the numbers in between, '
                        "so some people will have no option to choose. Close the gap between the ranges.",
                        ref,
                    )
                )
                return findings
    return findings


def _jargon_terms(text: str) -> list[str]:
    """Acronyms and jargon words in ``text`` that are not in everyday use, in order of appearance."""
    found: list[str] = []
    for match in _ACRONYM.finditer(text):
        word = match.group(1)
        if sum(ch.isupper() for ch in word) < 2 or word in PLAIN_ACRONYMS or word in _CAPITAL_WORDS:
            continue
        if word not in found:
            found.append(word)
    lowered = text.casefold()
    for term in JARGON_TERMS:
        if re.search(rf"\b{re.escape(term)}\b", lowered) and term not in found:
            if term == "athens" and "openathens" in found:
                continue
            found.append(term)
    return found


def _explained(term: str, survey_text: str) -> bool:
    """Whether the survey spells ``term`` out somewhere, as "words (ACR)", "ACR (words)" or the expansion."""
    lowered = survey_text.casefold()
    if term in JARGON_TERMS:
        return re.search(rf"\b{re.escape(term)}\s*\(", lowered) is not None
    if f"({term.casefold()})" in lowered.replace("( ", "(").replace(" )", ")"):
        return True
    if re.search(rf"(?<![\w&]){re.escape(term)}\s*\(", survey_text):
        return True
    expansion = KNOWN_ACRONYMS.get(term.upper())
    return bool(expansion and expansion.casefold() in lowered)


def _jargon_message(term: str) -> str:
    if term in JARGON_TERMS:
        return (
            f'The term "{term}" is library jargon that many respondents will not recognise, so they may guess or skip the '
            f'question. Say it in everyday words (for example "{JARGON_TERMS[term]}") or explain it in brackets.'
        )
    expansion = KNOWN_ACRONYMS.get(term.upper())
    hint = f' ("{expansion}")' if expansion else ""
    return (
        f'The abbreviation "{term}" is not explained. Not everyone knows it, and people who do not may answer '
        f"a different question from the one you meant. Write it out in full{hint}, or give the full words once "
        f'with the abbreviation in brackets, for example "words in full ({term})".'
    )


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
    findings: list[Finding] = []
    text = _norm(question.text)
    help_text = _norm(question.help_text)
    options = tuple(_norm(option) for option in question.options)

    def add(code: str, severity: Severity, message: str) -> None:
        findings.append(Finding(code, severity, message, ref))

    if not text:
        add("empty-question", "warning", "This question has no wording yet. Write the question or remove it.")
        return findings

    # Leading or loaded wording.
    for pattern, why in _LEADING_PATTERNS:
        if match := pattern.search(text):
            add(
                "leading-wording",
                "warning",
                f'The wording "{match.group(0)}" {why}, so answers will look better than they really are. Ask neutrally, '
                'for example "How useful, if at all, was the information?" with a balanced scale.',
            )
            break
    else:
        if match := _LOADED_WORDS.search(f"{text} {help_text}"):
            add(
                "leading-wording",
                "warning",
                f'The word "{match.group(0)}" praises (or condemns) the service inside the question, which '
                "pushes people towards one answer. Remove it and let the answers speak: "
                '"How useful was the literature search?" rather than "How useful was our excellent search?"',
            )

    # Double-barrelled: two questions in one.
    double = None
    if text.count("?") >= 2:
        double = "it contains more than one question mark"
    elif match := _AND_NEW_QUESTION.search(text):
        double = f'"{match.group(0)}" starts a second question'
    elif (match := _TWO_QUALITIES.search(text)) and match.group(1).casefold() != match.group(2).casefold():
        double = f'it asks about "{match.group(1)}" and "{match.group(2)}" at once'
    elif (match := _TWO_ACTIONS.search(text)) and (
        _VERB_FORMS[match.group(1).casefold()] != _VERB_FORMS[match.group(2).casefold()]
    ):
        double = f'it asks whether it did two things ("{match.group(1)}" and "{match.group(2)}")'
    if double:
        add(
            "double-barrelled",
            "warning",
            f"This looks like two questions in one: {double}. Someone who would answer each part differently "
            "cannot answer honestly, and you cannot tell which part the answer is about. Split it into two "
            "questions, or keep the part that matters most.",
        )

    # Balanced scales and number ranges.
    if question.qtype in {"single", "agreement5", "frequency"} and options:
        positive, negative = _looks_like_scale(options)
        if positive >= 2 and positive != negative:
            add(
                "unbalanced-scale",
                "warning",
                f"The answer options look like a rating scale with {positive} positive and {negative} negative "
                "choices. An unbalanced scale pushes answers to the fuller side and makes results look better "
                "(or worse) than they are. Offer the same number of options on each side of a neutral middle, "
                'for example "Very satisfied, Satisfied, Neither, Dissatisfied, Very dissatisfied".',
            )
    if question.qtype in CHOICE_TYPES:
        findings.extend(_range_findings(question, ref))

    # Choice questions need real choices.
    if question.qtype in CHOICE_TYPES | SCALE_TYPES:
        filled = [option for option in options if option]
        if len(filled) < 2:
            add(
                "too-few-options",
                "warning",
                "This question offers fewer than two answers, so nobody has a real choice. Add the missing "
                "options, or make it a free-text question.",
            )
        seen: set[str] = set()
        for option in filled:
            if option.casefold() in seen:
                add(
                    "duplicate-options",
                    "warning",
                    f'The option "{option}" is listed more than once, which confuses people and splits the '
                    "counts. Remove the repeat.",
                )
                break
            seen.add(option.casefold())

    # Opt-outs.
    sensitive = _SENSITIVE.search(text)
    has_opt_out = any(_OPT_OUT.search(option) for option in options)
    if sensitive:
        if question.qtype in CHOICE_TYPES | SCALE_TYPES and not any(_PREFER_NOT.search(o) for o in options):
            add(
                "missing-prefer-not-to-say",
                "warning",
                f'This question touches on something personal ("{sensitive.group(0)}"). Without a "Prefer not to '
                'say" option some people will give a false answer or leave the survey. Add "Prefer not to say".',
            )
        elif question.qtype == "free_text" and question.required:
            add(
                "missing-prefer-not-to-say",
                "warning",
                f'This question touches on something personal ("{sensitive.group(0)}") but must be answered. '
                "Make it optional so people can choose not to say.",
            )
    if not has_opt_out and not sensitive:
        is_scale = question.qtype in SCALE_TYPES
        looks_like_scale = question.qtype == "single" and sum(_looks_like_scale(options)) >= 3
        if is_scale or looks_like_scale:
            add(
                "missing-not-applicable",
                "advice",
                'There is no "Not applicable" or "Don\'t know" option. People to whom the question does not '
                "apply will pick an answer at random or in the middle, which blurs the results. Add "
                '"Not applicable" (or "Don\'t know" for questions of fact).',
            )

    # Personal data.
    for label, pattern, keywords in _PERSONAL_DATA:
        if pattern.search(text) and not _REASON.search(help_text) and not _explains_personal(keywords, reason_text):
            add(
                "personal-data",
                "warning",
                f"This asks for a {label}. Personal details make answers identifiable, so people answer less "
                "honestly, and you must protect what you collect. Ask only if you need it and say why in the "
                "question's help text or the consent text (for example \"so we can contact you about a case "
                'study"), and make it optional.'
                + (" Never collect patients' NHS numbers in a survey." if label == "NHS number" else ""),
            )
            break

    # Jargon.
    own_text = "\n".join((text, help_text, *options))
    for term in _jargon_terms(own_text):
        if term in explained_elsewhere or _explained(term, f"{own_text}\n{survey_text}"):
            continue
        add("jargon", "advice", _jargon_message(term))
    return findings


def _explains_personal(keywords: tuple[str, ...], reason_text: str) -> bool:
    """Whether the purpose, introduction or consent text names the data item and gives a reason for it."""
    lowered = reason_text.casefold()
    return any(keyword in lowered for keyword in keywords) and _REASON.search(reason_text) is not None


# --- survey-level checks ----------------------------------------------------------------------------


def _survey_findings(design: SurveyDesign) -> list[Finding]:
    findings: list[Finding] = []

    def add(code: str, severity: Severity, message: str) -> None:
        findings.append(Finding(code, severity, message, None))

    purpose = _norm(design.purpose)
    target = _norm(design.target_group)
    consent = _norm(design.consent_text)

    if len(purpose) < 15:
        add(
            "no-purpose",
            "warning",
            'Say what the survey is for, in a sentence or two, for example "to find out whether our literature '
            'searches change patient care on the stroke unit". A clear purpose keeps the questions focused and '
            "tells people why their answers matter, which raises response rates.",
        )
    if not target:
        add(
            "no-target-group",
            "warning",
            'Name the group of people this survey is for, for example "nurses who asked for a literature search '
            'in the last six months". A survey aimed at a specific group gets more responses and answers you can '
            "act on.",
        )
    elif match := _BROAD_TARGET.search(target):
        add(
            "broad-target-group",
            "warning",
            f'The target group "{match.group(0).strip()}" is very broad. Surveys sent to a whole organisation get low '
            "response rates and answers that are hard to act on. Focus on a specific group that used a "
            'service, for example "foundation doctors who attended search training this year".',
        )
    if design.audience_size is None or design.audience_size <= 0:
        add(
            "no-audience-size",
            "advice",
            "Enter roughly how many people you will invite. Without it the results cannot show a response "
            "rate, and honest reporting of how many people answered is part of a credible impact report.",
        )
    if len(consent) < 20:
        add(
            "missing-consent",
            "warning",
            "Add a short consent and data-protection statement: that taking part is voluntary, whether answers "
            "are anonymous, how they will be used and stored, and whom to contact with questions. People need "
            "this to decide whether to take part, and data-protection law expects it.",
        )
    elif not _CONSENT_DATA.search(consent):
        add(
            "consent-incomplete",
            "advice",
            "The consent text does not say how answers will be used or stored, or whether they are anonymous. "
            'Add a sentence such as "Answers are anonymous, stored securely by the library service and used '
            'only to improve the service."',
        )

    total = design.question_count
    if total == 0:
        add("no-questions", "warning", "The survey has no questions yet. Add some from the question bank.")
        return findings

    clinical = bool(_CLINICAL.search(target))
    max_questions, max_seconds = CLINICAL_LIMITS if clinical else GENERAL_LIMITS
    seconds = estimated_seconds(design)
    if total > max_questions or seconds > max_seconds:
        minutes = max(1, round(seconds / 60))
        who = "busy clinical staff" if clinical else "most people"
        add(
            "too-long",
            "warning",
            f"This survey has {total} questions and takes about {minutes} minutes. For {who} aim for at most "
            f"{max_questions} questions and {max_seconds // 60} minutes: long surveys are abandoned half-way "
            "and fewer people start them. Keep the questions that serve the purpose and drop the rest.",
        )

    free = sum(1 for numbered in design.numbered() if numbered.question.qtype == "free_text")
    if free > 3 or (total >= 3 and free * 3 > total):
        add(
            "free-text-overuse",
            "advice",
            f"{free} of the {total} questions ask for free text. Writing takes effort, so many people skip them, "
            "and the answers take long to analyse. Keep one or two free-text questions for stories and quotes, "
            "and turn the rest into choice questions.",
        )

    for label, value in (("introduction", design.introduction), ("purpose", design.purpose)):
        if match := _LOADED_WORDS.search(_norm(value)):
            add(
                "leading-wording",
                "advice",
                f'The {label} describes the service as "{match.group(0)}". Praise before the questions can nudge '
                "people to answer kindly rather than honestly. Describe the survey neutrally.",
            )
            break
    return findings


def lint(design: SurveyDesign) -> list[Finding]:
    """Every finding for ``design``: survey-level ones first, then by question order.

    Each jargon term is reported once, where it first appears, so a survey that repeats an
    abbreviation does not drown in identical findings.
    """
    findings = _survey_findings(design)
    survey_text = clean_text(design.survey_text())
    reason_text = "\n".join((_norm(design.purpose), _norm(design.consent_text), _norm(design.introduction)))

    reported: set[str] = set()
    for label, value in (("introduction", design.introduction), ("purpose", design.purpose)):
        for term in _jargon_terms(_norm(value)):
            if term not in reported and not _explained(term, survey_text):
                reported.add(term)
                findings.append(Finding("jargon", "advice", f"In the {label}: {_jargon_message(term)}", None))

    for numbered in design.numbered():
        question_findings = lint_question(
            numbered.question,
            ref=numbered.ref,
            survey_text=survey_text,
            reason_text=reason_text,
            explained_elsewhere=frozenset(reported),
        )
        findings.extend(question_findings)
        for term in _jargon_terms(_norm(numbered.question.text) + "\n" + "\n".join(numbered.question.options)):
            reported.add(term)
        reported.update(_jargon_terms(_norm(numbered.question.help_text)))
    return findings
