"""Tokens for grouping: lower case words, light stems and the words that carry no theme.

The grouping works on short, informal statements typed on phones, so the rules favour recall over
linguistic precision: Unicode words, apostrophes dropped, a conservative suffix stripper (so that
"surveys", "surveying" and "survey" meet) and a stop-word list that also holds the words every
impact-workshop statement shares ("going", "impact", "library"), which cannot tell themes apart.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

STOP_WORDS: frozenset[str] = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing done down during each etc few for
    from further get gets getting got had has have having he her here hers herself him himself his
    how i i'm if in into is it its itself just let lets like ll me might more most much must my
    myself no nor not now of off on once only or other our ours ourselves out over own per re
    really s same she should so some such t than that the their theirs them themselves then there
    these they this those through to too under until up us ve very via was we were what when where
    which while who whom why will with would you your yours yourself yourselves
    im ill ive id dont cant wont isnt thats theres weve were youre e g eg ie i.e. vs
    going go gonna want wanted try trying tried will shall need needs maybe perhaps definitely
    back work workplace return returning when get think thinking thought look looking idea ideas
    way ways make making made use using used start started starting new more better bit lot lots
    thing things really great good love loved nice well also able one two first next
    impact impacts library libraries lks service services our we us trust nhs today session
    something everyone people see find out sure keep put take give set up day days week weeks
    month months year years time times every each whole
    do add ask check run send write create help offer show find tell bring sort
    """.split()
)
"""Words too common or too generic to group or to name a theme (compared after lower-casing)."""

_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("ational", "ate"),
    ("isation", "ise"),
    ("ization", "ise"),
    ("ations", "ate"),
    ("ation", "ate"),
    ("iveness", "ive"),
    ("fulness", "ful"),
    ("ies", "y"),
    ("ied", "y"),
    ("ying", "y"),
    ("ings", ""),
    ("ing", ""),
    ("edly", ""),
    ("ed", ""),
    ("ers", "er"),
    ("sses", "ss"),
    ("es", "e"),
    ("s", ""),
)


def clean(text: str) -> str:
    """Text with control characters removed and Unicode compatibility forms folded (NFKC)."""
    return unicodedata.normalize("NFKC", _CONTROL.sub(" ", text or ""))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light, deterministic stem: strip one common English suffix, keep at least 3 letters.

    Deliberately weaker than Porter: statements are short and misspelt, and over-stemming
    ("organ" for "organisation") would join unrelated themes.
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) + len(replacement) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            base = word[: len(word) - len(suffix)] + replacement
            if suffix in {"ing", "ed", "ings", "edly"} and len(base) >= 4 and base[-1] == base[-2]:
                base = base[:-1]  # "planning" -> "plann" -> "plan"
            return base.rstrip("e") if suffix in {"ing", "ed", "ings"} else base.rstrip("e")
    return word.rstrip("e") if len(word) > 4 else word


def words(text: str) -> list[str]:
    """Lower-case word tokens of ``text`` (apostrophes joined: "what's" -> "whats")."""
    lowered = clean(text).lower().replace("'", "").replace("\u2019", "")
    return _WORD.findall(lowered)


def stems(text: str) -> list[str]:
    """Stems of every word of ``text``, stop-words included (phrases need them)."""
    return [stem(w) for w in words(text)]


def is_content_word(word: str) -> bool:
    """True for a word that may group or name a theme: not a stop-word, not a number, 2+ letters."""
    return len(word) >= 2 and word not in STOP_WORDS and not word.isdigit()
