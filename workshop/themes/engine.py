"""Grouping engines without a model: statements in, themes with labels and an unsorted lane out.

The ``concepts`` engine (the default before ``meaning``, and its fallback when the sentence model
is missing or refused) is built for what workshop statements are: one short line,
informal, often misspelt, and sharing few words with the others of their theme. It works in
three passes, each linear in the number of statements:

1. Concepts. Each statement is matched against the editable domain lexicon
   (``concepts.toml``); its strongest concept, weighted by how rare that concept is in this
   workshop (inverse document frequency), is its candidate theme.
2. Pruning. A concept that holds fewer statements than a minimum theme size (2 for a workshop
   of up to 100 statements, about 3% of them beyond) is dissolved, smallest first, and its
   statements move to their next-best concept. This is how the number of themes is chosen
   automatically; asking for ``n_themes`` keeps dissolving (or splits the largest theme) until
   that many remain.
3. Words. Statements no concept claims are grouped by shared words (TF-IDF, average-linkage
   clustering) or attached to the theme whose words they share; the rest are unsorted.

Measured on the labelled workshops in ``bench/data/themes`` (see ``bench/themes.py``), this
scores far above TF-IDF + k-means even when k-means is told the true number of themes.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from .features import Statement, concept_scores, prepare, word_tfidf
from .labels import name_groups
from .lexicon import Lexicon, load_lexicon
from .model import Grouping, Theme
from .text import clean

logger = logging.getLogger(__name__)

ENGINE_CONCEPTS = "concepts"
ENGINE_TFIDF = "tfidf"

ATTACH_SIMILARITY = 0.2
"""Cosine similarity of words above which a statement without a concept joins a theme."""
CLUSTER_DISTANCE = 0.8
"""Average-linkage cosine distance below which concept-less statements form a theme of words."""
MAX_WORD_CLUSTER_SAMPLE = 1500
"""Concept-less statements clustered pairwise at most; the rest are assigned (keeps it linear)."""
MIN_CONCEPT_EVIDENCE = 0.55
SHORT_STATEMENT_WORDS = 3
"""A short statement ("Thanks all!") with only weak concept words is not claimed by a concept."""
EMERGENT_MIN_STATEMENTS = 3
EMERGENT_MAX_SHARE = 0.25
EMERGENT_MAX_WORDS = 60
EMERGENT_WEIGHT = 1.0


def _emergent_words(statements: Sequence[Statement], lexicon: Lexicon, minimum: int) -> list[str]:
    """Words this workshop shares that the lexicon does not know: ad-hoc concepts.

    A workshop has its own topics ("summaries", "captions"); a content word used in several
    statements but not in most of them competes with the lexicon's concepts as a theme seed.
    """
    n = len(statements)
    frequency: Counter[str] = Counter()
    for statement in statements:
        frequency.update(set(statement.content))
    floor = max(EMERGENT_MIN_STATEMENTS, minimum)
    candidates = [
        (word, count)
        for word, count in frequency.items()
        if floor <= count <= max(floor, EMERGENT_MAX_SHARE * n) and len(word) >= 3 and not lexicon.knows(word)
    ]
    candidates.sort(key=lambda item: (-item[1], item[0]))
    return sorted(word for word, _ in candidates[:EMERGENT_MAX_WORDS])


def _word_columns(
    statements: Sequence[Statement], emergent: list[str], evidence: list[dict[int, Counter[str]]], offset: int
) -> np.ndarray:
    columns = np.zeros((len(statements), len(emergent)))
    index = {word: k for k, word in enumerate(emergent)}
    for row, statement in enumerate(statements):
        for word in set(statement.content):
            k = index.get(word)
            if k is not None:
                columns[row, k] = EMERGENT_WEIGHT
                evidence[row].setdefault(offset + k, Counter())[statement.surface.get(word, word)] += 1
    return columns


def min_theme_size(n: int) -> int:
    """Smallest group that counts as a theme when the number of themes is chosen automatically."""
    return max(2, math.ceil(0.03 * n))


def group_with_concepts(texts: Sequence[str], n_themes: int | None = None, lexicon: Lexicon | None = None) -> Grouping:
    """The default engine (see the module docstring)."""
    lexicon = lexicon or load_lexicon()
    statements = prepare(texts)
    n = len(statements)
    raw_scores, evidence = concept_scores(statements, lexicon)
    # weak words alone ("thanks", "ask") do not make a statement part of a concept
    short = np.array([len(s.content) < SHORT_STATEMENT_WORDS for s in statements], dtype=bool)
    raw_scores[short & (raw_scores.max(axis=1) < MIN_CONCEPT_EVIDENCE)] = 0.0
    emergent = _emergent_words(statements, lexicon, min_theme_size(n))
    if emergent:
        raw_scores = np.hstack([raw_scores, _word_columns(statements, emergent, evidence, len(lexicon))])
    present = raw_scores > 0
    frequency = present.sum(axis=0)
    idf = np.log((n + 1) / (frequency + 1)) + 1.0
    scores = raw_scores * idf

    meaningful = np.array([bool(s.content) or bool(e) for s, e in zip(statements, evidence, strict=True)])
    tfidf = word_tfidf(statements)
    minimum = 1 if n_themes is not None else min_theme_size(n)

    active = set(np.flatnonzero(frequency > 0).tolist())
    assignment = _assign(scores, active)
    active, assignment = _prune(scores, active, assignment, minimum)

    word_groups, assignment = _word_themes(assignment, meaningful, tfidf, minimum)
    groups: list[list[int]] = _collect(assignment, active, word_groups)

    if n_themes is not None:
        groups = _fit_count(groups, max(1, n_themes), scores, tfidf)

    unsorted = sorted(set(range(n)) - {i for g in groups for i in g})
    groups = [sorted(g) for g in groups if g]
    cleaned = [clean(t) for t in texts]
    return _build(ENGINE_CONCEPTS, groups, unsorted, statements, cleaned, scores, raw_scores, evidence, lexicon)


def _assign(scores: np.ndarray, active: set[int]) -> np.ndarray:
    """Each statement's strongest active concept, -1 for none (ties: the lexicon's order)."""
    if not active:
        return np.full(scores.shape[0], -1)
    mask = np.full(scores.shape[1], -np.inf)
    mask[sorted(active)] = 0.0
    masked = np.where(scores > 0, scores + mask, -np.inf)
    best = np.argmax(masked, axis=1)
    best[~np.isfinite(masked.max(axis=1))] = -1
    return best


def _prune(scores: np.ndarray, active: set[int], assignment: np.ndarray, minimum: int) -> tuple[set[int], np.ndarray]:
    """Dissolve concepts holding fewer than ``minimum`` statements, smallest first."""
    active = set(active)
    support = (scores > 0).sum(axis=0)
    while active:
        counts = {c: int((assignment == c).sum()) for c in active}
        small = [c for c, k in counts.items() if k < minimum]
        if not small:
            break
        # the least supported goes first: fewest statements now, then fewest that mention it at
        # all (a concept three statements share outlives one that only won a single statement)
        weakest = min(
            small,
            key=lambda c: (counts[c], int(support[c]), float(scores[assignment == c, c].sum()), -c),
        )
        active.discard(weakest)
        assignment = _assign(scores, active)
    return active, assignment


def _word_themes(
    assignment: np.ndarray, meaningful: np.ndarray, tfidf: sparse.csr_matrix, minimum: int
) -> tuple[list[list[int]], np.ndarray]:
    """Group statements no concept claimed by shared words; attach loners to word-similar themes.

    Returns the new word-based groups, and the assignment where loners attached to a concept
    theme carry that concept. Loners that share nothing stay -1 (unsorted).
    """
    assignment = assignment.copy()
    rest = np.flatnonzero((assignment < 0) & meaningful)
    word_groups: list[list[int]] = []
    if len(rest) >= 2 and tfidf.shape[1] > 1:
        word_groups = _cluster_words(rest, tfidf, minimum)
    grouped = {i for g in word_groups for i in g}
    loners = [int(i) for i in rest if int(i) not in grouped]
    if loners:
        # a loner joins the group of the statement it shares most words with (nearest neighbour),
        # if they share enough; centroids would dilute one shared word in a large theme
        owner = np.full(tfidf.shape[0], -1)
        for c in sorted({int(c) for c in assignment if c >= 0}):
            owner[assignment == c] = c
        offset = scores_width = int(max(assignment.max(), 0)) + 1
        for k, g in enumerate(word_groups):
            owner[g] = offset + k
        claimed = np.flatnonzero(owner >= 0)
        if len(claimed):
            similarity = (tfidf[loners] @ tfidf[claimed].T).toarray()
            for row, index in enumerate(loners):
                best = int(np.argmax(similarity[row]))
                if similarity[row, best] >= ATTACH_SIMILARITY:
                    target = int(owner[claimed[best]])
                    if target < scores_width:
                        assignment[index] = target
                    else:
                        word_groups[target - offset].append(index)
    return word_groups, assignment


def _cluster_words(rest: np.ndarray, tfidf: sparse.csr_matrix, minimum: int) -> list[list[int]]:
    """Average-linkage clusters of concept-less statements; only clusters of ``minimum`` or more."""
    from sklearn.cluster import AgglomerativeClustering

    sample = rest[:MAX_WORD_CLUSTER_SAMPLE]
    vectors = tfidf[sample]
    nonzero = np.asarray(vectors.getnnz(axis=1)).ravel() > 0
    sample = sample[nonzero]
    if len(sample) < 2:
        return []
    dense = tfidf[sample].toarray()
    distance = np.clip(1.0 - dense @ dense.T, 0.0, 2.0)
    labels = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=CLUSTER_DISTANCE
    ).fit_predict(distance)
    clusters: dict[int, list[int]] = {}
    for index, label in zip(sample.tolist(), labels.tolist(), strict=True):
        clusters.setdefault(label, []).append(index)
    groups = sorted((sorted(g) for g in clusters.values() if len(g) >= minimum), key=lambda g: g[0])
    if len(rest) > len(sample) and groups:
        # beyond the sample: join the most word-similar cluster, if similar enough
        centroids = np.vstack([np.asarray(tfidf[g].mean(axis=0)).ravel() for g in groups])
        centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
        extra = rest[MAX_WORD_CLUSTER_SAMPLE:]
        similarity = np.asarray(tfidf[extra] @ centroids.T)
        for row, index in enumerate(extra.tolist()):
            best = int(np.argmax(similarity[row]))
            if similarity[row, best] >= ATTACH_SIMILARITY:
                groups[best].append(index)
    return groups


def _collect(assignment: np.ndarray, active: set[int], word_groups: list[list[int]]) -> list[list[int]]:
    groups = [np.flatnonzero(assignment == c).tolist() for c in sorted(active)]
    return [g for g in groups if g] + [sorted(g) for g in word_groups if g]


def _fit_count(groups: list[list[int]], target: int, scores: np.ndarray, tfidf: sparse.csr_matrix) -> list[list[int]]:
    """Merge away the smallest groups, or split the largest, until ``target`` groups remain.

    A dissolved group's statements go to the remaining group whose concepts they share most, or
    failing that whose words they share most; with nothing shared they go to the unsorted lane.
    """
    groups = [list(g) for g in groups if g]
    while len(groups) > target:
        groups.sort(key=lambda g: (-len(g), g[0]))
        dissolved = groups.pop()
        profiles = np.vstack([scores[g].mean(axis=0) for g in groups])
        word_centroids = np.vstack([np.asarray(tfidf[g].mean(axis=0)).ravel() for g in groups])
        for index in dissolved:
            concept_fit = profiles @ scores[index]
            word_fit = word_centroids @ np.asarray(tfidf[index].toarray()).ravel()
            if concept_fit.max() > 0:
                groups[int(np.argmax(concept_fit))].append(index)
            elif word_fit.max() > 0:
                groups[int(np.argmax(word_fit))].append(index)
    while groups and len(groups) < target:
        groups.sort(key=lambda g: (-len(g), g[0]))
        halves = _split(groups[0], scores, tfidf)
        if halves is None:
            break
        groups = [halves[0], halves[1]] + groups[1:]
    return [sorted(g) for g in groups]


def _split(members: list[int], scores: np.ndarray, tfidf: sparse.csr_matrix) -> tuple[list[int], list[int]] | None:
    """Split one group in two by 2-means on its statements' concepts and words (deterministic)."""
    if len(members) < 2:
        return None
    from sklearn.cluster import KMeans

    concept_part = scores[members]
    concept_part = concept_part / np.maximum(np.linalg.norm(concept_part, axis=1, keepdims=True), 1e-12)
    features = np.hstack([concept_part, tfidf[members].toarray()])
    if np.allclose(features, features[0]):
        return None
    labels = KMeans(n_clusters=2, n_init=4, random_state=0).fit_predict(features)
    first = [m for m, lab in zip(members, labels, strict=True) if lab == labels[0]]
    second = [m for m, lab in zip(members, labels, strict=True) if lab != labels[0]]
    if not second:
        return None
    return first, second


def _build(
    engine: str,
    groups: list[list[int]],
    unsorted: list[int],
    statements: Sequence[Statement],
    texts: Sequence[str],
    scores: np.ndarray | None = None,
    raw: np.ndarray | None = None,
    evidence: list[dict[int, Counter[str]]] | None = None,
    lexicon: Lexicon | None = None,
) -> Grouping:
    """Name the groups with the kit's one labeller (``labels.name_groups``, as the ``meaning``
    engine does) and order everything deterministically. Without concept scores (the TF-IDF
    baseline) the kit's lexicon is read for naming only."""
    groups = sorted((sorted(g) for g in groups if g), key=lambda g: (-len(g), g[0]))
    if scores is None or raw is None or evidence is None or lexicon is None:
        lexicon = load_lexicon()
        raw, evidence = concept_scores(statements, lexicon)
        scores = raw
    labels, keywords = name_groups(groups, statements, scores, raw, evidence, lexicon, None, texts)
    themes = tuple(
        Theme(label=label, members=tuple(members), keywords=kw)
        for label, members, kw in zip(labels, groups, keywords, strict=True)
    )
    return Grouping(engine=engine, themes=themes, unsorted=tuple(sorted(unsorted)))


def group_with_tfidf(texts: Sequence[str], n_themes: int | None = None) -> Grouping:
    """The baseline: TF-IDF + k-means (k given, or 2..12 chosen by silhouette). For comparison."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    statements = prepare(texts)
    n = len(statements)
    tfidf = word_tfidf(statements)
    rows = np.flatnonzero(np.asarray(tfidf.getnnz(axis=1)).ravel() > 0)
    unsorted = sorted(set(range(n)) - set(rows.tolist()))
    if len(rows) == 0:
        return Grouping(ENGINE_TFIDF, (), tuple(range(n)))
    matrix = tfidf[rows]
    if n_themes is not None:
        k = max(1, min(n_themes, len(rows)))
    else:
        best_k, best_score = 1, -1.0
        for candidate in range(2, min(12, len(rows) - 1) + 1):
            labels_ = KMeans(n_clusters=candidate, n_init=4, random_state=0).fit_predict(matrix)
            if len(set(labels_)) > 1:
                score = silhouette_score(matrix, labels_, metric="cosine")
                if score > best_score:
                    best_k, best_score = candidate, score
        k = best_k
    labels_ = KMeans(n_clusters=k, n_init=4, random_state=0).fit_predict(matrix)
    groups: dict[int, list[int]] = {}
    for index, label in zip(rows.tolist(), labels_.tolist(), strict=True):
        groups.setdefault(label, []).append(index)
    return _build(ENGINE_TFIDF, list(groups.values()), unsorted, statements, [clean(t) for t in texts])
