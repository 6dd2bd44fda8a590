"""Cleaning of text typed by people, before it is stored or reaches a document.

What is stored must be exactly what the person meant: control characters are removed and line
endings made uniform, nothing else changes (no Unicode normalisation, no trimming inside the text,
emoji sequences, combining marks and right-to-left marks are kept). The same rules make text safe
for XML 1.0, which python-docx requires.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

# C0 controls except TAB and LF, DEL, C1 controls, lone surrogates and the two XML non-characters.
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str | None, *, single_line: bool = False) -> str:
    """Return ``value`` with control characters removed and surrounding white space trimmed.

    ``single_line`` folds line breaks and tabs into single spaces, for titles and names.
    """
    if not value:
        return ""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = _UNWANTED.sub("", text)
    if single_line:
        text = re.sub(r"[\n\t]+", " ", text)
    return text.strip()


def has_words(text: str) -> bool:
    """Does the text hold at least one letter or digit, in any script (not only emoji or symbols)?"""
    return any(unicodedata.category(char)[0] in "LN" for char in text)


def xml_safe(value: str | None) -> str:
    """Text that python-docx and any XML 1.0 writer accept, keeping line breaks and tabs."""
    if not value:
        return ""
    return _UNWANTED.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def is_rtl(text: str) -> bool:
    """Whether the first letter with a strong direction is right-to-left (Arabic, Hebrew, …).

    Such paragraphs get Word's paragraph direction set, so punctuation and numbers sit where a
    reader of that script expects them.
    """
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


_KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")


def idempotency_key(value: str | None) -> str | None:
    """A form's idempotency key as stored, or ``None`` for anything a page of ours did not make.

    Our pages make hex or URL-safe random keys; anything else (NUL bytes, other control characters,
    an over-long value) would reach the database's unique index, so it counts as no key at all.
    """
    key = (value or "").strip()
    return key if _KEY.fullmatch(key) else None


def whole_percent(share: float) -> int:
    """``share`` (0-1) as a whole percentage, halves rounded up as people do: 5 of 8 is 63 %, not
    Python's banker's 62."""
    return int((Decimal(repr(share)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# The openings people type before their action when the prompt ends "going to…" or "will…".
_PROMPT_OPENINGS = ("i am going to", "i'm going to", "im going to", "i will", "i'll")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def _words_of(text: str) -> list[tuple[str, int]]:
    """Each word, folded (case, curly apostrophes), with where it ends in ``text``."""
    return [(m.group().casefold().replace("’", "'"), m.end()) for m in _WORD.finditer(text)]


def without_prompt(statement: str, prompt: str) -> str:
    """The statement without a repeat of the prompt it answers.

    People often type the prompt's words themselves ("When I get back to work I'm going to
    look at…", "I am going to think about…"); under the prompt, on the wall or a card, that
    reads twice. Words are compared, not characters: a comma or a curly apostrophe more or
    less still matches. A statement that is only the prompt is kept whole.
    """
    text = statement.strip()
    said = _words_of(text)
    core = [word for word, _ in _words_of(prompt)]
    openings = [core]
    if core[-2:] == ["going", "to"] or core[-1:] == ["will"]:
        openings += [[word for word, _ in _words_of(o)] for o in _PROMPT_OPENINGS]
    for opening in openings:
        if opening and len(said) > len(opening) and [word for word, _ in said[: len(opening)]] == opening:
            rest = text[said[len(opening) - 1][1] :].lstrip(" ,.:;…-–—")
            rest = rest.removeprefix("...").lstrip()
            if has_words(rest):
                return rest
    return text
