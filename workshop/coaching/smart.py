"""SMART hints for a "When I get back to work, I'm going to…" statement, checked as it is typed.

A commitment is more likely to happen when it says what will be done, how much, by when and
with whom (the Specific, Measurable and Time-bound parts of SMART; Achievable and Relevant need a
human). This module looks for those four parts with plain patterns and suggests, gently, what could
be added. It never blocks a statement and never judges it: hints are questions, and an empty or
junk text gets none. The rules are deliberately transparent (regular expressions and word lists,
no model) so a facilitator can explain why a hint appeared, and they are deterministic, fast and
offline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workshop.common.text import clean_text

__all__ = ["HINT_ACTION", "HINT_MEASURE", "HINT_TIME", "HINT_WHO", "SmartReport", "smart_hints"]

HINT_ACTION = (
    "Could you start with the first thing you'll actually do — for example "
    "'Arrange a meeting with…', 'Write…' or 'Send a survey to…'?"
)
HINT_MEASURE = (
    "Could you add how you'll know it's done — a number or amount, for example "
    "'3 case studies' or 'at least 20 responses'?"
)
HINT_TIME = "Could you add when you'll do this — for example 'by the end of March'?"
HINT_WHO = "Could you add who you'll do this with or for — for example 'with my team' or 'the Head of Transformation'?"


@dataclass(frozen=True)
class SmartReport:
    """Which parts of a SMART commitment a statement already has, and gentle hints for the rest."""

    has_action: bool
    has_measure: bool
    has_time: bool
    has_who: bool
    hints: tuple[str, ...]

    @property
    def score(self) -> int:
        """How many of the four parts are present (0 to 4), for a small progress indicator."""
        return sum((self.has_action, self.has_measure, self.has_time, self.has_who))


_EMPTY = SmartReport(has_action=False, has_measure=False, has_time=False, has_who=False, hints=())

# --- action -------------------------------------------------------------------------------------

# Verbs that name something a colleague could watch you do. Kept in their base form; simple
# inflections ("writing", "arranged", "meets") are derived below.
_CONCRETE_VERBS = frozenset(
    """
    activate add advertise analyse analyze apply approach arrange ask attend audit begin blog book
    build call capture choose circulate collect compile complete contact count create deliver
    demonstrate design develop display distribute draft e-mail edit email encourage establish
    feed film find finish follow gather hold host identify include increase interview introduce
    invite join launch list log make map measure meet monitor offer open organise organize pick
    pilot pitch plan post prepare present print produce promote propose publish put re-jig record
    recruit redesign redo rejig report request revise rewrite review run schedule select send set
    share show speak start submit summarise summarize survey talk teach tell test track train trial
    tweet update upload use visit write
    """.split()
)

# Verbs that describe thinking about doing rather than doing: they are where most good intentions
# stall, so a statement that starts with one gets the action hint even if a concrete verb follows.
_VAGUE_VERBS = frozenset(
    """
    aim consider contemplate enhance explore figure focus hope improve investigate learn look
    maybe perhaps ponder reflect see think try understand want wish wonder
    """.split()
)
_VAGUE_PHRASES = re.compile(
    r"^(?:(?:take|have)\s+(?:a|another)\s+(?:\w+\s+){0,3}(?:look|think)"
    r"|work\s+(?:out|on\s+ways)|find\s+out\s+(?:if|whether))\b"
)

_PREAMBLE = re.compile(
    r"""^(?:
        [\s"'\u2018\u2019\u201c\u201d\u2022*\u00b7\-\u2013\u2014.:\u2026]+
      | when\s+i\s+get\s+back\s+to\s+work,?\s*
      | (?:i|we)\b\s*(?:am|are|'m|'re)\s+going\s+to\s+
      | (?:i|we)\b\s*(?:will|'ll|shall|would\s+like\s+to|'d\s+like\s+to|want\s+to|plan\s+to|
          intend\s+to|hope\s+to|aim\s+to|need\s+to|must|should|can|could)\s+
      | (?:am|are|'m|'re)?\s*going\s+to\s+
      | to\s+
      | (?:also|then|first|firstly|finally|definitely|actually|really|just|now|soon|
          immediately|personally|hopefully)\b[,\s]*
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_WORD = re.compile(r"[a-z]+(?:[-'][a-z]+)*")


def _inflections(verb: str) -> set[str]:
    forms = {verb, verb + "s", verb + "es", verb + "ed", verb + "ing", verb + "d"}
    if verb.endswith("e"):
        forms |= {verb[:-1] + "ing"}
    if verb.endswith("y"):
        forms |= {verb[:-1] + "ies", verb[:-1] + "ied"}
    if re.search(r"[^aeiou][aeiou][bdglmnprt]$", verb):
        forms |= {verb + verb[-1] + "ing", verb + verb[-1] + "ed"}
    return forms


_CONCRETE_FORMS = frozenset(form for verb in _CONCRETE_VERBS for form in _inflections(verb)) | {
    "wrote",
    "written",
    "met",
    "made",
    "ran",
    "sent",
    "told",
    "found",
    "held",
    "built",
    "spoke",
    "began",
    "chose",
    "taught",
}
_VAGUE_FORMS = frozenset(form for verb in _VAGUE_VERBS for form in _inflections(verb)) | {
    "thought",
    "tried",
    "took",
}


def _strip_preamble(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = _PREAMBLE.sub("", text, count=1)
    return text


def _has_action(lowered: str) -> bool:
    rest = _strip_preamble(lowered)
    if _VAGUE_PHRASES.match(rest):
        return False
    first = _WORD.match(rest)
    if first is None:
        return False
    word = first.group()
    if word in _VAGUE_FORMS:
        return False
    return word in _CONCRETE_FORMS


# --- time ---------------------------------------------------------------------------------------

_MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
)
_DAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_SEASONS = (
    r"(?:christmas|easter|summer|spring|autumn|winter|new\s+year|half[-\s]term|holidays|"
    r"year[-\s]end|month[-\s]end|financial\s+year)"
)
_UNITS = r"(?:hour|day|week|fortnight|month|quarter|term|year|financial\s+year|semester)"
_NUMBER_WORDS = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|dozen)"
)

# "a story a month", "each term": a rhythm, unless it is a duration ("in a month", "for a week").
_FREQUENCY = (
    r"(?<!\bin\s)(?<!\bwithin\s)(?<!\bfor\s)(?<!\bafter\s)(?<!\bover\s)"
    r"\b(?:a|an|each)\s+(?:week|fortnight|month|quarter|term|year)\b"
)

_TIME_PATTERNS = re.compile(
    rf"""
      \b(?:by|before|until|till|in|during|from|at|on|for|over|ahead\s+of|in\s+time\s+for|
          no\s+later\s+than)
        \s+(?:the\s+)?(?:(?:end|start|beginning|middle|close)\s+of\s+(?:the\s+)?)?
        (?:{_MONTHS}|{_SEASONS}|{_DAYS})\b
    | \b(?:next|this|coming|following)\s+(?:{_UNITS}|{_MONTHS}|{_SEASONS}|{_DAYS})\b
    | \b(?:within|in|over|after)\s+(?:the\s+(?:next|coming|first)\s+)?
        (?:\d+|{_NUMBER_WORDS}|a|an|a\s+few|a\s+couple\s+of)\s+{_UNITS}s?\b
    | \b(?:end|start|beginning|middle)\s+of\s+(?:the\s+)?(?:{_UNITS}|{_MONTHS}|q[1-4])\b
    | \b(?:daily|weekly|fortnightly|monthly|quarterly|annually|yearly|bi-?weekly|bi-?monthly)\b
    | \bevery\s+(?:other\s+|\d+\s+|{_NUMBER_WORDS}\s+)?(?:{_UNITS}|{_DAYS}|morning|evening)s?\b
    | \b(?:once|twice|\d+\s+times|{_NUMBER_WORDS}\s+times)\s+(?:a|per|each|every)\s+{_UNITS}\b
    | \bper\s+{_UNITS}\b
    | {_FREQUENCY}
    | (?<![\d/])\d{{1,2}}[/.]\d{{1,2}}(?:[/.]\d{{2,4}})?(?![\d/])
    | \b\d{{4}}-\d{{2}}-\d{{2}}\b
    | \b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\b
    | \b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\b
    | \b{_MONTHS}\s+(?:19|20)\d{{2}}\b
    | \b(?:by|in|before|during|for|until|from)\s+(?:19|20)\d{{2}}(?:/\d{{2}})?\b
    | \b(?:19|20)\d{{2}}/\d{{2}}\b
    | \b(?:today|tomorrow|tonight|straight\s+away|right\s+away|immediately)\b
    | \bq[1-4]\b
    | \b(?:first|1st)\s+(?:day|week|month)\s+back\b
    | \b(?:at|in|before|after|by)\s+(?:the|my|our)\s+(?:next\s+|first\s+)?(?:[\w-]+\s+){{0,2}}
        (?:meeting|session|huddle|away\s?day|conference|review|appraisal|one-to-one|supervision)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
# "24/7" is opening hours, not a date; it must not count as a deadline or be read as a number.
_NOT_A_DATE = re.compile(r"\b24\s*/\s*7\b|\b24x7\b", re.IGNORECASE)


def _valid_numeric_date(match: str) -> bool:
    parts = re.split(r"[/.]", match)
    if len(parts) < 2 or not parts[0].isdigit() or not parts[1].isdigit():
        return True
    day, month = int(parts[0]), int(parts[1])
    return 1 <= day <= 31 and 1 <= month <= 12


def _time_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for match in _TIME_PATTERNS.finditer(text):
        found = match.group()
        if re.fullmatch(r"\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?", found) and not _valid_numeric_date(found):
            continue
        spans.append(match.span())
    return spans


# --- measure ------------------------------------------------------------------------------------

_MEASURE_PHRASES = re.compile(
    rf"""
      %|\bper\s*cent\b|\bpercent(?:age)?\b
    | \b(?:at\s+least|at\s+most|no\s+(?:fewer|less)\s+than|more\s+than|fewer\s+than|up\s+to)\b
    | \b(?:double|doubling|triple|treble|halve|halving)\b
    | \bevery\s+(?:other\s+)?(?:{_UNITS}|{_DAYS}|morning|evening)s?\b
    | \b(?:once|twice|\d+\s+times|{_NUMBER_WORDS}\s+times)\s+(?:a|per|each|every)\s+{_UNITS}\b
    | \bper\s+{_UNITS}\b
    | {_FREQUENCY}
    | \b(?:daily|weekly|fortnightly|monthly|quarterly|annually|yearly)\b
    | \b(?:target|response\s+rate)\s+of\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
# The workshop's own method is "five easy steps": naming it is not a measure.
_METHOD_NAME = re.compile(r"\b(?:the\s+)?(?:5|five)\s+(?:easy\s+)?steps?\b", re.IGNORECASE)
_NUMBER = re.compile(
    r"""
      (?<![\w/])\d+(?:[.,]\d+)?(?![\w/])
    | \b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|
          fifty|sixty|seventy|eighty|ninety|hundred|thousand|dozen|a\s+dozen)\b
    | (?<!\bno\s)(?<!\bany\s)(?<!\bthe\s)\bone\b(?!-)(?!\s+(?:of|day|another|more\s+thing|thing))
    """,
    re.IGNORECASE | re.VERBOSE,
)


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _has_measure(text: str, time_spans: list[tuple[int, int]]) -> bool:
    if _MEASURE_PHRASES.search(text):
        return True
    remaining = _blank(text, time_spans)
    remaining = _METHOD_NAME.sub(" ", remaining)
    remaining = _NOT_A_DATE.sub(" ", remaining)
    return _NUMBER.search(remaining) is not None


# --- who ----------------------------------------------------------------------------------------

_WHO = re.compile(
    r"""
      \b(?:team|teams|colleague|colleagues|stakeholder|stakeholders|manager|managers|director|
          directors|committee|committees|chair|chief\s+executive|ceo|executives?|exec|execs|
          leads|clinicians?|consultants?|doctors?|nurses?|matrons?|midwi(?:fe|ves)|pharmacists?|
          physios?|therapists?|ahps?|surgeons?|gps|juniors?|residents?|trainees?|students?|learners?|
          librarians?|staff|users?|customers?|patients?|members?|governors?|trustees?|volunteers?|
          champions?|partners?|peers?|mentors?|mentees?|supervisors?|boss|dean|tutors?|educators?|
          everyone|comms|communications|marketing|hr|steering\s+group|working\s+group|network|
          workforce|readers?|clients?|starters|researchers?|academics?|managers?)\b
    | \bhead\s+of\b
    | \b(?:the|our|trust|executive|hospital|management|programme|project|partnership)\s+board\b
    | \bboard\s+(?:members?|meetings?|papers?|of\s+directors)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
# "with Sarah", "with NHS England", "with the Trust's QI lead": a capitalised name after "with".
_WITH_NAME = re.compile(r"\b[Ww]ith\s+(?:the\s+|our\s+|my\s+)?(?:[A-Z][a-z]+|[A-Z]{2,})\b")
_NOT_PEOPLE = frozenset({"Twitter", "Facebook", "Instagram", "LinkedIn", "YouTube", "TikTok", "Bluesky", "Excel"})


def _has_who(text: str) -> bool:
    if _WHO.search(text):
        return True
    for match in _WITH_NAME.finditer(text):
        name = match.group().split()[-1]
        if name not in _NOT_PEOPLE:
            return True
    return False


# --- report -------------------------------------------------------------------------------------

_CURLY_APOSTROPHES = str.maketrans({"\u2018": "'", "\u2019": "'"})
_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")


def smart_hints(text: str) -> SmartReport:
    """Check a statement for an action, a measure, a time and the people involved.

    Returns every flag False and no hints for an empty or junk text (fewer than two words of
    letters): there is nothing to coach yet, and a hint would only nag someone who is still typing.
    """
    cleaned = clean_text(text, single_line=True).translate(_CURLY_APOSTROPHES)
    if len(_LETTER_WORD.findall(cleaned)) < 2:
        return _EMPTY
    lowered = cleaned.lower()
    time_spans = _time_spans(_NOT_A_DATE.sub(lambda m: " " * len(m.group()), cleaned))
    has_action = _has_action(lowered)
    has_measure = _has_measure(cleaned, time_spans)
    has_time = bool(time_spans)
    has_who = _has_who(cleaned)
    hints = tuple(
        hint
        for present, hint in (
            (has_action, HINT_ACTION),
            (has_measure, HINT_MEASURE),
            (has_time, HINT_TIME),
            (has_who, HINT_WHO),
        )
        if not present
    )
    return SmartReport(
        has_action=has_action,
        has_measure=has_measure,
        has_time=has_time,
        has_who=has_who,
        hints=hints,
    )
