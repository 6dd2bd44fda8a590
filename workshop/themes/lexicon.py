"""The editable concept lexicon and the matcher that finds its concepts in a statement.

Why a lexicon: workshop statements are one line long and rarely share words with others of the
same theme ("Set up an Insta page", "Tweet about the new service"). A small, curated list of
domain concepts bridges that gap without a heavy model, stays explainable ("grouped because:
instagram, twitter") and can be edited by a host. Misspellings are caught by a symmetric-delete
index (one edit away, words of 5+ letters), which costs a few dictionary look-ups per word.
"""

from __future__ import annotations

import logging
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .text import STOP_WORDS, stem, words

logger = logging.getLogger(__name__)

DEFAULT_LEXICON_PATH = Path(__file__).with_name("concepts.toml")
"""The lexicon shipped with the kit; a host may pass another path of the same format."""

PHRASE_WEIGHT = 1.5
WORD_WEIGHT = 1.0
WEAK_WEIGHT = 0.5
FUZZY_FACTOR = 0.8
FUZZY_MIN_LENGTH = 5
FUZZY_MIN_TARGET = 6
MAX_PHRASE_WORDS = 5


@dataclass(frozen=True, slots=True)
class Concept:
    """One concept of the lexicon: a stable key, the label it gives a theme, its signal terms."""

    key: str
    label: str
    terms: tuple[str, ...]
    weak: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Hit:
    """A concept found in a statement: which concept, how strongly, through which words."""

    concept: int
    weight: float
    surface: str
    position: int


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Lexicon:
    """Concepts compiled for matching: stemmed words, stemmed phrases and a fuzzy index."""

    def __init__(self, concepts: tuple[Concept, ...]) -> None:
        if not concepts:
            raise ValueError("a lexicon needs at least one concept")
        self.concepts = concepts
        self.labels = tuple(c.label for c in concepts)
        self._words: dict[str, dict[int, float]] = defaultdict(dict)
        self._phrases: dict[tuple[str, ...], dict[int, float]] = defaultdict(dict)
        for index, concept in enumerate(concepts):
            for term, weight in [(t, WORD_WEIGHT) for t in concept.terms] + [(t, WEAK_WEIGHT) for t in concept.weak]:
                key = tuple(stem(w) for w in words(term))
                if not key:
                    continue
                if len(key) == 1:
                    table = self._words[key[0]]
                else:
                    table = self._phrases[key[:MAX_PHRASE_WORDS]]
                    weight *= PHRASE_WEIGHT
                table[index] = max(table.get(index, 0.0), weight)
        # The fuzzy index holds the written forms of lexicon words (not stems: "presence" is
        # one edit from the stem "present" but not from any written word), 6+ letters long.
        self._fuzzy: dict[str, set[str]] = defaultdict(set)
        self._surface_stem: dict[str, str] = {}
        for concept in concepts:
            for term in concept.terms + concept.weak:
                for word in words(term):
                    if len(word) >= FUZZY_MIN_TARGET and word.isalpha():
                        self._surface_stem[word] = stem(word)
        for word in self._surface_stem:
            self._fuzzy[word].add(word)
            for deleted in _deletes(word):
                self._fuzzy[deleted].add(word)
        self._fuzzy_cache: dict[str, str | None] = {}
        self._first_words = {p[0] for p in self._phrases}
        self._phrase_words = {w for p in self._phrases for w in p}

    def knows(self, word_stem: str) -> bool:
        """True if the stem is a lexicon word or part of a lexicon phrase."""
        return word_stem in self._words or word_stem in self._phrase_words

    def __len__(self) -> int:
        return len(self.concepts)

    def correct(self, token: str) -> str | None:
        """The stem of the lexicon word that ``token`` (a written word) misspells, or None.

        One edit away (insertion, deletion, substitution, adjacent swap); stop-words are never
        corrected. Ties are broken alphabetically so the result never depends on set order.
        """
        if len(token) < FUZZY_MIN_LENGTH or not token.isalpha() or token in STOP_WORDS:
            return None
        cached = self._fuzzy_cache.get(token, "")
        if cached != "":
            return cached
        candidates: set[str] = set(self._fuzzy.get(token, ()))
        for deleted in _deletes(token):
            candidates |= self._fuzzy.get(deleted, set())
        # a deletion on both sides may be two edits apart ("abcd" vs "abdc" is fine, "xbcd" vs
        # "abce" is not): keep only true single edits or adjacent transpositions.
        good = sorted(c for c in candidates if _one_edit(token, c))
        result = self._surface_stem[good[0]] if good else None
        self._fuzzy_cache[token] = result
        return result

    def match(self, token_stems: list[str], raw_words: list[str]) -> list[Hit]:
        """Concept hits in one statement, given its stems and the words they came from.

        Phrases are matched first and their words are not counted again as single words, so
        "social media" is one strong signal, not three.
        """
        hits: list[Hit] = []
        used = [False] * len(token_stems)
        sequence = [
            s if s in self._words or s in self._first_words else (self.correct(w) or s)
            for s, w in zip(token_stems, raw_words, strict=True)
        ]
        for start, first in enumerate(sequence):
            if first not in self._first_words:
                continue
            for length in range(min(MAX_PHRASE_WORDS, len(sequence) - start), 1, -1):
                key = tuple(sequence[start : start + length])
                table = self._phrases.get(key)
                if table and not any(used[start : start + length]):
                    surface = " ".join(raw_words[start : start + length])
                    for concept, weight in table.items():
                        hits.append(Hit(concept, weight, surface, start))
                    for i in range(start, start + length):
                        used[i] = True
                    break
        for position, token in enumerate(sequence):
            if used[position]:
                continue
            table = self._words.get(token)
            if not table:
                continue
            factor = 1.0 if token == token_stems[position] else FUZZY_FACTOR
            for concept, weight in table.items():
                hits.append(Hit(concept, weight * factor, raw_words[position], position))
        return hits


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diffs = [i for i in range(la) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
        )
    short, long_ = (a, b) if la < lb else (b, a)
    for i in range(len(long_)):
        if long_[:i] + long_[i + 1 :] == short:
            return True
    return False


def parse_lexicon(data: dict) -> Lexicon:
    """Build a lexicon from parsed TOML/JSON data of the documented shape."""
    concepts = []
    for entry in data.get("concept", []):
        label = str(entry["label"]).strip()
        if not 2 <= len(label.split()) <= 4:
            raise ValueError(f"concept label must be 2-4 words: {label!r}")
        concepts.append(
            Concept(
                key=str(entry["key"]),
                label=label,
                terms=tuple(str(t) for t in entry.get("terms", [])),
                weak=tuple(str(t) for t in entry.get("weak", [])),
            )
        )
    return Lexicon(tuple(concepts))


@lru_cache(maxsize=8)
def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Load and compile a concept lexicon (the kit's own when ``path`` is None); cached."""
    source = Path(path) if path is not None else DEFAULT_LEXICON_PATH
    with source.open("rb") as handle:
        data = tomllib.load(handle)
    lexicon = parse_lexicon(data)
    logger.debug("loaded %d concepts from %s", len(lexicon), source)
    return lexicon
