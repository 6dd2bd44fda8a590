"""A warning before a statement that contains someone's personal data is posted.

Statements go up on a projected wall and into reports sent to stakeholders, so an e-mail address,
a phone number, a colleague's full name or, worst of all, a patient's NHS number should not be in
them. This module finds the likely ones so the phone can ask "did you mean to share this?" before
posting. It warns, never blocks or rewrites: the person decides.

The patterns prefer missing a rare case over crying wolf on ordinary workshop text: years,
counts, "24/7" and dates are not phone numbers; an NHS number must pass its mod-11 check digit; a
name is two capitalised words (or a title and a surname) after a word such as "with" or "ask", and
not an organisation or a role ("with NHS England", "with Head of Transformation").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["MESSAGES", "Finding", "FindingKind", "find_personal_data", "is_valid_nhs_number"]

FindingKind = Literal["email", "phone", "nhs_number", "name", "postcode"]

MESSAGES: dict[FindingKind, str] = {
    "email": (
        "This looks like an e-mail address. Statements can be shown on the wall and in reports, "
        "so you may want to leave it out."
    ),
    "phone": (
        "This looks like a phone number. Statements can be shown on the wall and in reports, "
        "so you may want to leave it out."
    ),
    "nhs_number": (
        "This looks like an NHS number. Please don't share patient details here: take it out before posting."
    ),
    "name": (
        "This looks like someone's name. Unless they're happy to be named, you could use their "
        "role instead, for example 'the Head of Transformation'."
    ),
    "postcode": ("This looks like a postcode. If it's someone's home address, you may want to leave it out."),
}


@dataclass(frozen=True)
class Finding:
    """One likely piece of personal data: what kind, where it is (``text[start:end]``) and why."""

    kind: FindingKind
    start: int
    end: int
    text: str
    message: str


# --- e-mail -------------------------------------------------------------------------------------

_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]*[A-Za-z0-9_%+-])?@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}\b"
)

# --- NHS number ---------------------------------------------------------------------------------

# Ten digits, together or grouped 3-3-4 by spaces or hyphens, not part of a longer number. NHS
# numbers are never issued with a leading zero, which keeps 10-digit phone numbers out.
_NHS_CANDIDATE = re.compile(r"(?<![\w+/.-])([1-9]\d{2})([ -]?)(\d{3})\2(\d{4})(?![\w/]|[.,-]\d)")


def is_valid_nhs_number(digits: str) -> bool:
    """Whether ten digits form a valid NHS number (the mod-11 check digit used since 1996)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    weights = range(10, 1, -1)
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], weights, strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


# --- phone --------------------------------------------------------------------------------------

# Where a UK number may start: +44 / 0044 (optionally "(0)"), or a 0, possibly inside brackets.
_PHONE_START = re.compile(r"(?<![\w+/.])(?:(?:\+|00)44[ -]?(?:\(0\)[ -]?)?|\(0|0(?=\d))")
# Digit groups after the start, separated by one space or hyphen, an area code possibly bracketed.
_PHONE_GROUP = re.compile(r"\)?[ -]?\(?(\d+)\)?")


def _phone_at(text: str, start_match: re.Match[str]) -> tuple[int, int] | None:
    """The longest run of digit groups from ``start_match`` that makes a plausible UK number."""
    prefix = start_match.group()
    if prefix == "0":
        position = start_match.start()  # the first group takes the leading 0
    elif prefix == "(0":
        position = start_match.start() + 1
    else:
        position = start_match.end()  # +44 / 0044: the national number follows
    digits = ""
    best: int | None = None
    while (group := _PHONE_GROUP.match(text, position)) is not None:
        digits += group.group(1)
        position = group.end()
        national = digits[1:] if digits.startswith("0") else digits
        if len(national) > 10:
            break
        if _plausible_national(national) and not re.match(r"[/\w]|[.,]\d", text[position:]):
            best = position
    if best is None:
        return None
    start = start_match.start()
    if prefix == "(0" and ")" not in text[start:best]:
        start += 1  # "(07700 900123, …)": the bracket opens an aside, not an area code
    return start, best


def _plausible_national(national: str) -> bool:
    """UK national significant numbers: mobiles and most landlines have 10 digits, a few have 9."""
    if not national or national[0] not in "12378":
        return False
    if len(national) == 10:
        return True
    return len(national) == 9 and national[0] in "18"


# --- postcode -----------------------------------------------------------------------------------

# The Royal Mail format (outward code A9, A99, AA9, AA99, A9A or AA9A, then 9AA), upper case only:
# "b2 1st" in lower case is more likely a room and a date than an address.
_POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW]?|[A-HK-Y]\d[ABEHMNPRVWXY]?|\d\d|[A-HK-Y]\d\d)"
    r" ?\d[ABD-HJLNP-UW-Z]{2})\b"
)

# --- names --------------------------------------------------------------------------------------

_TRIGGERS = (
    r"with|tell|told|ask|asked|email|e-mail|emailed|call|called|ring|phone|meet|meeting|met|"
    r"thank|thanks|thanked|contact|invite|invited|see|speak\s+to|speak\s+with|talk\s+to|"
    r"talk\s+with|message|text|cc|copy\s+in|chase|remind|introduce|visit|thank\s+you\s+to"
)
_TITLE = r"(?:Dr|Dr\.|Mr|Mr\.|Mrs|Mrs\.|Ms|Ms\.|Miss|Mx|Prof|Prof\.|Professor|Sir|Dame)"
_NAME_WORD = r"(?:Mc|Mac|O'|O\u2019)?[A-Z][a-z]+(?:[-'\u2019][A-Z][a-z]+)?\b"
_NAME = re.compile(
    rf"(?<![\w-])(?i:{_TRIGGERS})\s+(?:(?i:with|to)\s+)?"
    rf"(?P<name>(?:{_TITLE}\s+)?{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})"
)
_TITLED = re.compile(rf"(?<![\w-])(?P<name>{_TITLE}\s+{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})")
"""A title and a capitalised name ("Who is Dr Priya Sharma's contact?") is a person wherever it
stands, with or without a word like "ask" before it."""
_MORE_NAMES = re.compile(
    rf"\s*(?:,\s*(?:and\s+)?|\s+(?:and|&)\s+)"
    rf"(?P<name>(?:{_TITLE}\s+)?{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})"
)

# Capitalised words that are organisations, roles, places, products, days or ordinary words at the
# start of a phrase: a "name" containing any of them is not treated as a person's name.
_NOT_NAMES = frozenset(
    """
    A About Academy Access Advanced Agency All Allied An And Annual April Assistant Associate
    August Autumn Bank Blog Bluesky Board Book Care Case Centre Center Chair Champion Champions
    Chief Christmas Clinical College Comms Commission Committee Communications Community
    Conference Consultant Consultants Council Cymru Data Day Dean Deputy December Department
    Dept Development Digital Director Directors Doctor Doctors East Easter Education Educator
    Emergency England Estates Evidence Executive Experience Facebook Family February Finance
    Forms Forum Foundation Friday Friends General Google Governance Governor Governors Group
    Hall Head Health Healthcare Her His Hospital Hospitals Hub Impact Improvement Information
    Innovation Instagram Institute Integrated Intranet It January July June Junior Kingdom
    Knowledge Lead Leads Learning Librarian Librarians Libraries Library LinkedIn London Manager
    Managers March Marketing Mastodon Matron May Media Medical Medicine Meeting Mental Microsoft
    Midlands Midwifery Midwives Monday Month My National Network New News Newsletter North
    Northern November Nurse Nurses Nursing October Officer Operations Our Outlook Panel
    Partnership Patient Patients People Pharmacy Plan Please Policy Practice Practitioner
    Primary Professional Professionals Programme Project Public Quality Region Regional Research
    Royal Saturday Scotland Senior September Service Services Sharepoint SharePoint Social
    Society South Specialist Spring Staff Strategy Studies Study Summer Sunday Support Surgery
    Survey System Team Teams The Their Them They This Thursday TikTok Today Toolkit Training
    Transformation Trust Tuesday Twitter Unit United University Wales Ward Wednesday Week
    Wellbeing Wellness West Winter Workforce Workshop Year Yammer You YouTube Your Zoom
    """.split()
)


def _person_words(name: str) -> list[re.Match[str]]:
    """The words of ``name`` up to the first that is not part of a person's name."""
    words = list(re.finditer(r"\S+", name))
    has_title = re.fullmatch(_TITLE, words[0].group()) is not None
    kept = words[:1] if has_title else []
    for word in words[len(kept) :]:
        if word.group() in _NOT_NAMES:
            break
        kept.append(word)
    people = len(kept) - (1 if has_title else 0)
    if people == 0 or (not has_title and people < 2):
        return []
    return kept


def _name_findings(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    position = 0
    while (match := _NAME.search(text, position)) is not None:
        position = match.end()
        kept = _person_words(match.group("name"))
        if not kept:
            continue
        offset = match.start("name")
        spans.append((offset, offset + kept[-1].end()))
        # "meet with Sarah Jones and Tom Brown": the names that follow in a list are names too.
        while (more := _MORE_NAMES.match(text, spans[-1][1])) is not None:
            kept = _person_words(more.group("name"))
            if not kept:
                break
            offset = more.start("name")
            spans.append((offset, offset + kept[-1].end()))
        position = max(position, spans[-1][1])
    for match in _TITLED.finditer(text):
        kept = _person_words(match.group("name"))
        start = match.start("name")
        if kept and not any(begin <= start < end for begin, end in spans):
            spans.append((start, start + kept[-1].end()))
    return sorted(spans)


# --- all together -------------------------------------------------------------------------------


def find_personal_data(text: str) -> tuple[Finding, ...]:
    """Likely personal data in ``text``, in reading order, with no two findings overlapping.

    Earlier kinds win an overlap (an e-mail address contains a name, an NHS number looks like a
    phone number), in this order: e-mail, NHS number, phone, postcode, name.
    """
    if not text:
        return ()
    candidates: list[tuple[FindingKind, int, int]] = []
    candidates += [("email", m.start(), m.end()) for m in _EMAIL.finditer(text)]
    for match in _NHS_CANDIDATE.finditer(text):
        digits = match.group(1) + match.group(3) + match.group(4)
        if is_valid_nhs_number(digits):
            candidates.append(("nhs_number", match.start(), match.end()))
    for start_match in _PHONE_START.finditer(text):
        span = _phone_at(text, start_match)
        if span is not None:
            candidates.append(("phone", *span))
    candidates += [("postcode", m.start(), m.end()) for m in _POSTCODE.finditer(text)]
    candidates += [("name", start, end) for start, end in _name_findings(text)]

    taken: list[tuple[int, int]] = []
    findings: list[Finding] = []
    for kind, start, end in candidates:
        if any(start < other_end and other_start < end for other_start, other_end in taken):
            continue
        taken.append((start, end))
        findings.append(Finding(kind, start, end, text[start:end], MESSAGES[kind]))
    return tuple(sorted(findings, key=lambda finding: finding.start))


#: How each kind of finding is named in a sentence shown to the participant ("It looks like this contains …").
KIND_PHRASES: dict[str, str] = {
    "email": "an email address",
    "phone": "a phone number",
    "nhs_number": "an NHS number",
    "name": "someone's full name",
    "postcode": "a postcode",
}


@dataclass(frozen=True)
class PersonalDataWarning:
    """Likely personal data in a statement, and the sentence that tells the participant so."""

    findings: tuple[Finding, ...]

    @property
    def kinds(self) -> tuple[str, ...]:
        """Each kind found once, in reading order."""
        return tuple(dict.fromkeys(finding.kind for finding in self.findings))

    @property
    def stored_kinds(self) -> str:
        """The comma-separated kinds kept in ``Statement.personal_data`` for the moderator."""
        return ",".join(self.kinds)[:120]

    @property
    def sentence(self) -> str:
        phrases = [KIND_PHRASES.get(kind, kind) for kind in self.kinds]
        listed = phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " and " + phrases[-1]
        return (
            f"It looks like this contains {listed}. What you send can appear on the wall and in reports, "
            "so you may want to take it out or say it another way."
        )

    @property
    def details(self) -> tuple[str, ...]:
        """The pieces found, quoted, so the participant can spot them in a long text."""
        return tuple(dict.fromkeys(f"“{finding.text}”" for finding in self.findings))


def personal_data_warning(text: str) -> PersonalDataWarning | None:
    """A warning when ``text`` likely contains personal data; None when it looks fine."""
    findings = find_personal_data(text or "")
    return PersonalDataWarning(findings) if findings else None
