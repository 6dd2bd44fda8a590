"""Per-statement features shared by the engines: tokens, concept scores, word TF-IDF."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from .lexicon import Lexicon
from .text import is_content_word, stem, words

POSITION_DECAY = 0.3
"""How much less a concept counts at the end of a statement than at its start: the first action
named ("Tweet about our case studies") is usually the one the person means to do."""


@dataclass(slots=True)
class Statement:
    """One statement, tokenised: written words, stems, content stems and their surface forms."""

    raw: list[str]
    stems: list[str]
    content: list[str]
    surface: dict[str, str] = field(default_factory=dict)


def prepare(texts: Sequence[str]) -> list[Statement]:
    """Tokenise every statement once (stems are cached across statements)."""
    prepared = []
    for text in texts:
        raw = words(text)
        stemmed = [stem(w) for w in raw]
        content = [s for w, s in zip(raw, stemmed, strict=True) if is_content_word(w) and is_content_word(s)]
        surface: dict[str, str] = {}
        for w, s in zip(raw, stemmed, strict=True):
            surface.setdefault(s, w)
        prepared.append(Statement(raw, stemmed, content, surface))
    return prepared


def concept_scores(
    statements: Sequence[Statement], lexicon: Lexicon
) -> tuple[np.ndarray, list[dict[int, Counter[str]]]]:
    """Matrix (statements x concepts) of concept evidence, and the words that gave it."""
    scores = np.zeros((len(statements), len(lexicon)), dtype=np.float64)
    evidence: list[dict[int, Counter[str]]] = []
    for row, statement in enumerate(statements):
        found: dict[int, Counter[str]] = {}
        span = max(1, len(statement.stems) - 1)
        for hit in lexicon.match(statement.stems, statement.raw):
            factor = 1.0 - POSITION_DECAY * hit.position / span
            scores[row, hit.concept] += hit.weight * factor
            found.setdefault(hit.concept, Counter())[hit.surface] += 1
        evidence.append(found)
    return scores, evidence


def _analyzer(statement_content: list[str]) -> list[str]:
    grams = list(statement_content)
    grams.extend(f"{a} {b}" for a, b in zip(statement_content, statement_content[1:], strict=False))
    return grams


def word_tfidf(statements: Sequence[Statement]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF of content stems and their adjacent pairs (rows may be all zero)."""
    vectorizer = TfidfVectorizer(analyzer=_analyzer, sublinear_tf=True, min_df=1, dtype=np.float64)
    contents = [s.content for s in statements]
    if not any(contents):
        return sparse.csr_matrix((len(statements), 1))
    return vectorizer.fit_transform(contents).tocsr()
