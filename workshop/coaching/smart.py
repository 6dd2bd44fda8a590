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
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from workshop.common.text import clean_text

__all__ = [
    "HINT_ACTION",
    "HINT_MEASURE",
    "HINT_TIME",
    "HINT_WHO",
    "PARTS",
    "SmartReport",
    "smart_hints",
    "topic_of",
]

# The four parts, in SMART order: hints come in this order, and the phone shows the first one.
PARTS = ("action", "measure", "time", "who")


@dataclass(frozen=True)
class _Examples:
    """Examples that fit one kind of commitment: a hint's example must sound like the statement."""

    action: str
    measure: str
    who: str


# Topics a workshop statement is about, each with examples that fit it. The topic is the one whose
# words come first in the statement ("find a customer for a case study, share it on social media"
# is about the case study). The generic examples serve statements about anything else.
_GENERIC = _Examples(
    action="'Arrange a meeting with…', 'Write…' or 'Send a survey to…'",
    measure="'at least 20 people' or '3 teams'",
    who="'with my team' or 'the Head of Transformation'",
)
_TOPICS: tuple[tuple[str, re.Pattern[str], _Examples], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE), examples)
    for name, pattern, examples in (
        (
            "social",
            r"\b(?:twitter|tweets?|retweets?|facebook|instagram|insta|linkedin|social\s+media|followers?|"
            r"bluesky|tiktok|youtube|mastodon|hashtags?)\b",
            _Examples(
                action="'Post…', 'Set up the account and…' or 'Ask the comms team to…'",
                measure="'a post a week' or '50 new followers'",
                who="'with the comms team' or 'for staff who follow the Trust'",
            ),
        ),
        (
            "survey",
            r"\b(?:surveys?|questionnaires?|polls?|responses?|response\s+rate)\b",
            _Examples(
                action="'Draft 5 questions…' or 'Send a survey to…'",
                measure="'at least 20 responses' or '3 wards'",
                who="'ward nurses' or 'junior doctors'",
            ),
        ),
        (
            "story",
            r"\b(?:case\s+stud(?:y|ies)|stor(?:y|ies)|testimonials?)\b",
            _Examples(
                action="'Ask a ward manager for…' or 'Write up…'",
                measure="'3 case studies' or 'one story a month'",
                who="'a team that used our searches' or 'with my manager'",
            ),
        ),
        (
            "meeting",
            r"\b(?:meet|meets|meeting|meetings|talk\s+to|talk\s+with|speak\s+to|speak\s+with|discuss|coffee|"
            r"catch-?ups?|one-to-ones?)\b",
            _Examples(
                action="'Book a meeting with…' or 'Email… to ask for 20 minutes'",
                measure="'3 examples of impact to share' or 'meet 2 ward managers'",
                who="'the Head of Transformation' or 'the ward managers'",
            ),
        ),
        (
            "training",
            r"\b(?:present|presents|presenting|presentations?|training|train|teach|teaching|sessions?|"
            r"drop-?ins?|events?|fairs?|inductions?|workshops?|webinars?)\b",
            _Examples(
                action="'Book a room for…' or 'Prepare 5 slides on…'",
                measure="'2 sessions' or '20 staff trained'",
                who="'for new starters' or 'for the nursing team'",
            ),
        ),
        (
            "feedback",
            r"\b(?:feedback|comments?|suggestions?|evaluations?)\b",
            _Examples(
                action="'Put up a feedback board…' or 'Ask every user…'",
                measure="'10 comments a month' or 'feedback from 3 teams'",
                who="'from library users' or 'from the wards we support'",
            ),
        ),
        (
            "writing",
            r"\b(?:newsletters?|blogs?|articles?|bulletins?|intranet|reports?|reporting|summary|summaries|"
            r"posters?|videos?|leaflets?|write-?ups?)\b",
            _Examples(
                action="'Draft…' or 'Write…'",
                measure="'one article a month' or 'a 2-page summary'",
                who="'for the executive team' or 'for all staff'",
            ),
        ),
        (
            "competition",
            r"\b(?:competitions?|quiz|quizzes|prizes?|awards?)\b",
            _Examples(
                action="'Choose a prize…' or 'Announce…'",
                measure="'20 entries' or '3 stories to publish'",
                who="'for all staff' or 'with the comms team'",
            ),
        ),
        (
            "plan",
            r"\b(?:plans?|planning|projects?|pilots?)\b",
            _Examples(
                action="'Write the plan…' or 'Book an hour to…'",
                measure="'a plan with 3 actions' or 'one page per project'",
                who="'with my line manager' or 'with the project team'",
            ),
        ),
    )
)


def topic_of(text: str) -> str:
    """What a statement is mostly about ("social", "survey"…, or "" for anything else)."""
    best, where = "", len(text) + 1
    for name, pattern, _ in _TOPICS:
        found = pattern.search(text)
        if found is not None and found.start() < where:
            best, where = name, found.start()
    return best


def _examples(topic: str) -> _Examples:
    return next((examples for name, _, examples in _TOPICS if name == topic), _GENERIC)


def _hint(part: str, examples: _Examples) -> str:
    """The question for a missing part, with examples that fit the statement's topic."""
    if part == "action":
        return f"Could you start with the first thing you'll actually do — for example {examples.action}?"
    if part == "measure":
        return f"Could you add how you'll know it's done — a number or amount, for example {examples.measure}?"
    if part == "time":
        return "Could you add when you'll do this — for example 'by the end of March' or 'within a month'?"
    return f"Could you add who you'll do this with or for — for example {examples.who}?"


HINT_ACTION, HINT_MEASURE, HINT_TIME, HINT_WHO = (_hint(part, _GENERIC) for part in PARTS)


@dataclass(frozen=True)
class SmartReport:
    """Which parts of a SMART commitment a statement already has, and gentle hints for the rest."""

    has_action: bool
    has_measure: bool
    has_time: bool
    has_who: bool
    hints: tuple[str, ...]
    topic: str = ""

    @property
    def score(self) -> int:
        """How many of the four parts are present (0 to 4), for a small progress indicator."""
        return sum((self.has_action, self.has_measure, self.has_time, self.has_who))

    @property
    def missing(self) -> tuple[str, ...]:
        """The parts a hint is given for, in SMART order (what the hints' benchmark scores)."""
        if not self.hints:
            return ()
        present = (self.has_action, self.has_measure, self.has_time, self.has_who)
        return tuple(part for part, found in zip(PARTS, present, strict=True) if not found)


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
    phone pilot pitch plan post prepare present print produce promote propose publish put re-jig record
    reach recruit redesign redo rejig retweet ring report request revise rewrite review run schedule select send set
    share show speak start submit summarise summarize survey talk teach tell test text track train trial
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
      | as\s+soon\s+as\s+(?:i|we)(?:'m|'re|\s+am|\s+are|\s+get|\s+go)\s+back\b[,\s]*
      | after\s+(?:the|this|today's)\s+(?:workshop|session|event|course|conference)\b[,\s]*
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


# A statement may open with its date or its people before the verb ("By the end of March, run 3
# focus groups", "With my team, we will…"): skipped, so the verb after them is the one judged.
_LEADING_WHO = re.compile(r"^with\s+(?:my|our|the)\s+[\w' &-]{1,40}?\s*[,:;\u2013\u2014-]\s*")
_LEADING_JOINER = re.compile(r"^[\s,:;\u2013\u2014-]*")
# "By the end of next week, …", "By next Friday …": the deadline word and its "the end of" come off
# when what follows them is a time.
_LEADING_DEADLINE = re.compile(
    r"^(?:by|before|until|till|no\s+later\s+than)\s+(?:the\s+)?"
    r"(?:(?:end|start|beginning|middle|close)\s+of\s+(?:the\s+)?)?"
)
# "I'll have drafted …": the perfect tense still names the action.
_PERFECT = re.compile(r"^ha(?:ve|s)\s+(?=[a-z])")


def _strip_preamble(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = _PREAMBLE.sub("", text, count=1)
        deadline = _LEADING_DEADLINE.match(text)
        after_deadline = text[deadline.end() :] if deadline is not None else ""
        leading_time = _TIME_PATTERNS.match(text) or _TIME_PATTERNS.match(after_deadline)
        if leading_time is not None:
            rest = text if leading_time.string is text else after_deadline
            text = _LEADING_JOINER.sub("", rest[leading_time.end() :], count=1)
        text = _LEADING_WHO.sub("", text, count=1)
        text = _PERFECT.sub("", text, count=1)
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
    | (?:\b(?:by|on|before|until|till|from)\s+)?(?<![\d/])\d{{1,2}}[/.]\d{{1,2}}(?:[/.]\d{{2,4}})?(?![\d/])
    | \b(?:by|on|before|until|till|from)\s+(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)\b
    | \b(?:at\s+)?\d{{1,2}}(?:[.:]\d{{2}})?\s*(?:am|pm)\b
    | \b(?:at\s+)?\d{{1,2}}:\d{{2}}\b
    | \b\d{{4}}-\d{{2}}-\d{{2}}\b
    | \b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\b
    | \b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\b
    | \b{_MONTHS}\s+(?:19|20)\d{{2}}\b
    | \b(?:by|in|before|during|for|until|from)\s+(?:19|20)\d{{2}}(?:/\d{{2}})?\b
    | \b(?:19|20)\d{{2}}/\d{{2}}\b
    | \b(?:today|tomorrow|tonight|straight\s+away|right\s+away|immediately)\b
    | \b(?:(?:by|in|during|before|from|until)\s+(?:the\s+(?:end|start)\s+of\s+)?)?q[1-4]\b
    | \b(?:first|1st)\s+(?:day|week|month)\s+back\b
    | \b(?:at|in|before|after|by|to|for)\s+(?:the|my|our)\s+(?:next\s+|first\s+)?(?:[\w-]+\s+){{0,2}}
        (?:meeting|session|huddle|away\s?day|conference|review|appraisal|one-to-one|supervision|agm|
          induction(?:\s+day)?)\b
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


_NUMERIC_DATE = re.compile(r"(?:[a-z]+\s+)?(\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?)", re.IGNORECASE)


def _time_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for match in _TIME_PATTERNS.finditer(text):
        numeric = _NUMERIC_DATE.fullmatch(match.group())
        if numeric and not _valid_numeric_date(numeric.group(1)):
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


# Numbers that count nothing: phone numbers and extensions, years, and numbers that name a thing
# ("Band 5 nurses", "Ward 10", "Year 3 students", "COVID-19"). A librarian would not call any of
# them a measure of the work.
_NOT_A_MEASURE = re.compile(
    r"""
      (?:\+\d{1,3}|\b0)[\d\s()-]{7,16}\d\b
    | \b(?:ext|extn|extension|x|bleep|tel|phone)\.?\s*\d{3,6}\b
    | \b(?:19[5-9]\d|20[0-4]\d)(?:\s*[/-]\s*\d{2,4})?\b
    | \b(?:band|ward|room|level|floor|step|stage|page|version|phase|year|building|bay|unit|module|
          chapter|bed|clinic|theatre|cohort|wave|f|st|ct)\s*\d+[a-z]?\b
    | \b[a-z]+-\d+\b
    """,
    re.IGNORECASE | re.VERBOSE,
)


def _has_measure(text: str, time_spans: list[tuple[int, int]]) -> bool:
    if _MEASURE_PHRASES.search(text):
        return True
    remaining = _blank(text, time_spans)
    for not_a_measure in (_METHOD_NAME, _NOT_A_DATE, _NOT_A_MEASURE):
        remaining = not_a_measure.sub(" ", remaining)
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
          workforce|readers?|clients?|starters|researchers?|academics?|managers?|followers?|
          (?:out|in)?patients?|sisters?|matrons?|registrars?|(?:qi|clinical|team|service|project|education|
          library|ward|practice|quality|governance|digital)\s+leads?)\b
    | \bhead\s+of\b
    | \b(?:the|our|trust|executive|hospital|management|programme|project|partnership)\s+board\b
    | \bboard\s+(?:members?|meetings?|papers?|of\s+directors)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
# "with Sarah", "with NHS England", "with the Trust's QI lead": a capitalised name after "with".
_WITH_NAME = re.compile(r"\b[Ww]ith\s+(?:the\s+|our\s+|my\s+)?(?:[A-Z][a-z]+|[A-Z]{2,})\b")
_NOT_PEOPLE = frozenset({"Twitter", "Facebook", "Instagram", "LinkedIn", "YouTube", "TikTok", "Bluesky", "Excel"})


# "Ring Sam", "email Priya": a capitalised name straight after a verb of getting in touch.
_CONTACT_NAME = re.compile(
    r"\b(?i:call|ring|phone|email|e-mail|text|ask|meet|contact|tell|invite|thank|message)\s+([A-Z][a-z]+)\b"
)
_NOT_NAMES = frozenset(
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
)


def _has_who(text: str) -> bool:
    if _WHO.search(text):
        return True
    for match in _WITH_NAME.finditer(text):
        name = match.group().split()[-1]
        if name not in _NOT_PEOPLE:
            return True
    return any(m.group(1) not in _NOT_PEOPLE | _NOT_NAMES for m in _CONTACT_NAME.finditer(text))


# --- report -------------------------------------------------------------------------------------

_CURLY_APOSTROPHES = str.maketrans({"\u2018": "'", "\u2019": "'"})
_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")


def _mostly_latin(text: str) -> bool:
    """At least half of the letters are Latin (English, and "café" or "Łódź" too)."""
    letters = [char for char in text if char.isalpha()]
    latin = sum(1 for char in letters if unicodedata.name(char, "").startswith("LATIN"))
    return 2 * latin >= len(letters)


@lru_cache(maxsize=1024)  # a post reads its text twice (stored flags, then the hint shown): once is enough
def smart_hints(text: str) -> SmartReport:
    """Check a statement for an action, a measure, a time and the people involved.

    Returns every flag False and no hints for an empty or junk text (fewer than two words of
    letters): there is nothing to coach yet, and a hint would only nag someone who is still typing.
    The same for a statement written mostly in another script (Arabic, Chinese, ...): the checks
    read English, and an English hint under an Arabic statement would be noise.
    """
    cleaned = clean_text(text, single_line=True).translate(_CURLY_APOSTROPHES)
    if len(_LETTER_WORD.findall(cleaned)) < 2 or not _mostly_latin(cleaned):
        return _EMPTY
    lowered = cleaned.lower()
    time_spans = _time_spans(_NOT_A_DATE.sub(lambda m: " " * len(m.group()), cleaned))
    has_action = _has_action(lowered)
    has_measure = _has_measure(cleaned, time_spans)
    has_time = bool(time_spans)
    has_who = _has_who(cleaned)
    topic = topic_of(cleaned)
    examples = _examples(topic)
    present = (has_action, has_measure, has_time, has_who)
    hints = tuple(_hint(part, examples) for part, found in zip(PARTS, present, strict=True) if not found)
    return SmartReport(
        has_action=has_action,
        has_measure=has_measure,
        has_time=has_time,
        has_who=has_who,
        hints=hints,
        topic=topic,
    )
