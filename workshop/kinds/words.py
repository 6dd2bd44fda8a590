"""Word clouds (issue 16), pure: one to three short words per person, checked, folded and counted.

Folding makes "Librarians", "librarian" and "LIBRARIAN" one word: the key is the casefolded word
without spaces, hyphens or apostrophes, its last English plural taken off by a few careful rules
(words that only look plural, such as "news", "bus", "analysis" or "series", keep their "s"). The
cloud shows each word as most people typed it. A rule that is unsure leaves the word alone: two
forms shown apart is a small miss, two different words counted as one would be wrong.

No Flask, no database: the operations and the wall hand in plain lists.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from workshop.common.text import clean_text, has_words

MAX_WORDS = 3
WORD_LENGTH = 30
SIZES = 5  # the wall draws a word in one of this many sizes, by its count


class BadWords(ValueError):
    """The words cannot go into the cloud; the message is written for the participant."""


# Words that end like a plural and are not one (or whose singular would read wrongly).
_KEEP = frozenset(
    """news series species means lens gas bias alias atlas canvas pancreas christmas whereas perhaps always
    towards afterwards besides sometimes nevertheless chaos ethos kudos pathos thanks yes does goes
    physics mathematics economics politics ethics athletics logistics analytics statistics genetics
    diabetes herpes measles mumps rabies scabies shingles""".split()
)
_IRREGULAR = {
    "analyses": "analysis", "crises": "crisis", "theses": "thesis", "diagnoses": "diagnosis",
    "hypotheses": "hypothesis", "emphases": "emphasis", "prognoses": "prognosis", "syntheses": "synthesis",
    "criteria": "criterion", "phenomena": "phenomenon", "children": "child", "women": "woman", "men": "man",
    "mice": "mouse", "geese": "goose", "teeth": "tooth", "feet": "foot",
    "heroes": "hero", "potatoes": "potato", "tomatoes": "tomato", "echoes": "echo", "vetoes": "veto",
    "movies": "movie", "cookies": "cookie", "calories": "calorie", "zombies": "zombie", "selfies": "selfie",
    "rookies": "rookie", "hoodies": "hoodie", "smoothies": "smoothie", "headaches": "headache",
    "niches": "niche", "caches": "cache", "quizzes": "quiz",
}  # fmt: skip
# Words ending in "us" whose plural adds "es" ("buses"), unlike "causes" or "houses" (which add "s").
_US_WORDS = frozenset(
    """bus status focus virus campus bonus census consensus corpus syllabus prospectus apparatus stimulus
    surplus nexus plus genius thesaurus impetus minibus omnibus circus sinus""".split()
)
_ASCII_WORD = re.compile(r"[a-z]+")
_JOINERS = re.compile(r"[\s\-‐‑‒–—'’`]+")
_EDGE_PUNCTUATION = ".,;:!?\"“”‘’'()[]{}«»…"


def _singular(word: str) -> str:
    """``word`` (casefolded ASCII letters) without its English plural ending, when that is safe."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or word in _KEEP or word.endswith(("ss", "us", "is", "os")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"  # policies, communities, stories
    if word.endswith("uses") and word[:-2] in _US_WORDS:
        return word[:-2]  # buses, statuses, focuses
    if word.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return word[:-2]  # processes, boxes, coaches, wishes
    if word.endswith("s"):
        return word[:-1]  # librarians, outcomes, causes, keys
    return word


def clean_word(value: str) -> str:
    """One word as it will be shown: one line, spaces collapsed, outer punctuation dropped."""
    text = re.sub(r"\s+", " ", clean_text(value, single_line=True))
    return text.strip(_EDGE_PUNCTUATION + " ")


def fold(word: str) -> str:
    """The key two spellings of one word share: "Librarians", "librarian", "co-production"/"coproduction"."""
    text = unicodedata.normalize("NFKC", clean_word(word)).casefold()
    parts = [part for part in _JOINERS.split(text) if part]
    if parts and _ASCII_WORD.fullmatch(parts[-1]):
        parts[-1] = _singular(parts[-1])
    return "".join(parts)


def check_words(values: Iterable[str], *, max_words: int = MAX_WORDS) -> list[str]:
    """A participant's words, cleaned: blanks dropped, the same word twice kept once, 1 to ``max_words``.

    Raises BadWords with words for the participant: nothing typed, too many, too long, or only
    symbols (a cloud of emoji or punctuation says nothing to the room).
    """
    words: list[str] = []
    seen: set[str] = set()
    for value in values:
        word = clean_word(value)
        if not word:
            continue
        if len(word) > WORD_LENGTH:
            raise BadWords(f"Keep each word to {WORD_LENGTH} characters or fewer: “{word[:WORD_LENGTH]}…” is longer.")
        if not has_words(word):
            raise BadWords("Type a word with letters or numbers in it, not only symbols.")
        key = fold(word)
        if key in seen:
            continue
        seen.add(key)
        words.append(word)
    if not words:
        raise BadWords("Type a word before you send it.")
    if len(words) > max_words:
        raise BadWords(f"Send up to {max_words} words." if max_words > 1 else "Send one word.")
    return words


@dataclass(frozen=True)
class WordCount:
    key: str  # the folded word: what the facilitator hides
    word: str  # as most people typed it (the first typed, on a tie)
    count: int  # how many people sent it
    size: int  # 1 (fewest) to SIZES (most), for the wall


@dataclass(frozen=True)
class WordCloud:
    words: list[WordCount]  # most sent first, then alphabetically
    people: int  # how many people sent words
    hidden: int  # how many different words the facilitator hid


def tally_words(answers: Iterable[Iterable[str]], hidden: Iterable[str] = ()) -> WordCloud:
    """Each folded word with how many people sent it, most first; words whose key is in ``hidden`` left out."""
    hidden_keys = set(hidden)
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    first_seen: dict[str, dict[str, int]] = {}
    people = 0
    order = 0
    for answer in answers:
        keys_of_person: set[str] = set()
        for word in answer:
            key = fold(word)
            if not key or key in keys_of_person:
                continue
            keys_of_person.add(key)
            counts[key] += 1
            spellings.setdefault(key, Counter())[word] += 1
            first_seen.setdefault(key, {}).setdefault(word, order)
            order += 1
        if keys_of_person:
            people += 1
    shown = [key for key in counts if key not in hidden_keys]
    top = max((counts[key] for key in shown), default=0)
    words = []
    for key in shown:
        spelt = spellings[key]
        word = min(spelt, key=lambda w: (-spelt[w], first_seen[key][w]))
        # Every word sent once is no word smaller than another: the middle size, readable from the back.
        size = 1 + round((SIZES - 1) * (counts[key] - 1) / (top - 1)) if top > 1 else (SIZES + 1) // 2
        words.append(WordCount(key, word, counts[key], size))
    words.sort(key=lambda w: (-w.count, w.key))
    return WordCloud(words, people, len(hidden_keys & counts.keys()))
