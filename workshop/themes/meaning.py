"""The default engine, ``meaning``: sentence embeddings plus the lexicon's concepts.

Why this combination (measured by ``bench/themes.py`` on labelled workshops, mean adjusted Rand
index, not told the number of themes): sentence embeddings understand statements on any topic
but cluster a workshop's statements loosely, because everything said in one workshop is about
one subject; the lexicon is sharp inside library and impact work and silent outside it. So:

1. Each statement's embedding is centred on the workshop's mean (the shared subject cancels
   out, what differs remains) and re-normalised; its lexicon concepts (IDF-weighted, from
   ``features``) are normalised and weighted by ``CONCEPT_WEIGHT``, and the words this workshop
   shares that the lexicon does not know, normalised apart, by ``EMERGENT_WEIGHT``. The three
   are concatenated.
2. Spectral clustering of the cosine affinity between near neighbours: one eigendecomposition, then a deterministic
   QR-based assignment for each candidate number of themes; the silhouette picks the number
   (2 to 8 for a workshop-sized set, more for a large one; the best silhouette) unless the facilitator asked for one,
   in which case that exact number is made.
3. Content-free statements ("great session!", "?", an emoji: only the filler words of
   ``labels.FILLER_WORDS``, whatever the lexicon says of them) and, when the number was chosen
   automatically, themes of one statement go to the unsorted lane.

Statements are processed in a canonical order (sorted by text), so the themes do not depend on
the order statements arrived in, and the result is deterministic.
"""

from __future__ import annotations

import logging
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import linalg, sparse

from .embedding import Embedder
from .engine import _emergent_words, _word_columns, min_theme_size
from .features import Statement, concept_scores, prepare
from .labels import STRONG_EVIDENCE, name_groups
from .lexicon import Lexicon
from .model import Grouping, Theme
from .text import clean

logger = logging.getLogger(__name__)

ENGINE_MEANING = "meaning"

CONCEPT_WEIGHT = 0.7
"""Weight of the (unit) lexicon-concept vector against the (unit) embedding; tuned on the dev sets."""
EMERGENT_WEIGHT = 0.35
"""Weight of the (unit) vector of shared words the lexicon does not know. They are the only
words on a topic the lexicon is silent about, and a noisy signal: on the dev sets with the
lexicon emptied (a stand-in for an unknown topic) mean ARI 0.22 at 0.7 (their old weight, inside
the concept vector), 0.30 at 0.35, 0.28 without them; with the lexicon, no change."""
CENTRE_FULL = 30
SMALL = 10
"""Up to this many statements, themes are statements closer than ``SMALL_SIMILARITY`` (average
linkage): a silhouette cannot say that three statements are one theme."""
SMALL_SIMILARITY = 0.3
SINGLETON_HOME = 0.0
"""Mean similarity to a theme above which a statement alone in its cluster joins that theme."""
MIN_AUTO_THEMES = 2
MAX_AUTO_THEMES = 8
"""Most themes chosen automatically for a workshop-sized set (``max_auto_themes``); "More" and an
exact number go beyond. A wall reads best with a handful of themes, and workshops of 40-50
statements grouped by hand come out in 5-8; on the dev sets, 12 as the most had found 9 themes
where people had found 6 (mean ARI, not told the number, 0.57 at 12 with the 0.01 tolerance
below, 0.63 at 8 with none; with the dev topics' concepts out of the lexicon 0.35 and 0.37;
held-out sets, printed after choosing, 0.26 and 0.26)."""
GRAPH_NEIGHBOURS = 7
"""Neighbours each statement keeps in the affinity graph (up to ``DENSE_LIMIT`` statements).
Chosen on the dev sets: a 7-neighbour graph beat the full cosine matrix with the lexicon (mean
ARI 0.53 -> 0.59, worst 0.39 -> 0.49) and with it emptied (0.32 -> 0.35); 5, 6, 8, 10 and 15
neighbours did no better."""
DIRECT_EIGEN_FROM = 300
"""From this many statements the spectral vectors come from a direct eigendecomposition: at
1,000 statements it halved the time of grouping (shift-invert solved with a 1,000 x 1,000 LU
factor at every step). Below it, for workshop-sized sets, the labelled sets' figures were made
with sklearn's shift-invert; the two differ where eigenvalues repeat (a graph in islands), and
on the dev sets the direct one scored lower (mean ARI 0.53 against 0.59), so workshops keep it."""
DENSE_LIMIT = 1500
"""Above this many statements the affinity keeps only each statement's nearest neighbours."""
NEIGHBOURS = 15
SILHOUETTE_SAMPLE = 1000
SILHOUETTE_TOLERANCE = 0.0
"""The fewest themes whose silhouette is within this of the best. 0.01 until 6 December, with up
to 12 themes; with at most 8 (``MAX_AUTO_THEMES``) the best silhouette itself did better on the
dev sets (mean ARI 0.63 against 0.62 at 0.005; with the dev topics' concepts taken out of the
lexicon 0.37 against 0.35)."""


def concept_vectors(statements: Sequence[Statement], lexicon: Lexicon) -> tuple[np.ndarray, np.ndarray, list]:
    """Concept evidence per statement (lexicon concepts + emergent shared words): IDF-weighted,
    raw (how strongly each statement says it), and the words that gave it."""
    from .engine import MIN_CONCEPT_EVIDENCE, SHORT_STATEMENT_WORDS

    n = len(statements)
    raw, evidence = concept_scores(statements, lexicon)
    short = np.array([len(s.content) < SHORT_STATEMENT_WORDS for s in statements], dtype=bool)
    if n:
        raw[short & (raw.max(axis=1) < MIN_CONCEPT_EVIDENCE)] = 0.0
    emergent = _emergent_words(statements, lexicon, min_theme_size(n))
    if emergent:
        raw = np.hstack([raw, _word_columns(statements, emergent, evidence, len(lexicon))])
    frequency = (raw > 0).sum(axis=0)
    idf = np.log((n + 1) / (frequency + 1)) + 1.0
    return raw * idf, raw, evidence


def _unit(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)


def features(embeddings: np.ndarray, concepts: np.ndarray, lexicon_columns: int) -> np.ndarray:
    """The vectors clustered: centred unit embedding beside the weighted unit lexicon-concept
    vector (the first ``lexicon_columns`` of ``concepts``) and the weighted unit vector of the
    workshop's own shared words (the rest).

    A handful of statements may all be one theme: centring them fully would push them apart, so
    the mean is removed in full only from ``CENTRE_FULL`` statements on.
    """
    share = min(1.0, len(embeddings) / CENTRE_FULL)
    centred = _unit(embeddings - share * embeddings.mean(axis=0))
    known, emergent = concepts[:, :lexicon_columns], concepts[:, lexicon_columns:]
    return _unit(np.hstack([centred, CONCEPT_WEIGHT * _unit(known), EMERGENT_WEIGHT * _unit(emergent)]))


def _affinity(vectors: np.ndarray) -> np.ndarray | sparse.csr_matrix:
    """Cosine affinity kept only between near neighbours (symmetric: either one's neighbour).

    The full cosine matrix of one workshop is flat (everything said is about one subject), so
    spectral clustering of it blurs themes; a nearest-neighbour graph keeps what is close.
    """
    n = len(vectors)
    if n <= DENSE_LIMIT:
        similarity = np.clip(vectors @ vectors.T, 0.0, None)
        np.fill_diagonal(similarity, 1.0)
        if n <= GRAPH_NEIGHBOURS + 1:
            return similarity
        nearest = np.argpartition(-similarity, GRAPH_NEIGHBOURS, axis=1)[:, : GRAPH_NEIGHBOURS + 1]
        kept = np.zeros_like(similarity)
        np.put_along_axis(kept, nearest, np.take_along_axis(similarity, nearest, axis=1), axis=1)
        kept = np.maximum(kept, kept.T)
        np.fill_diagonal(kept, 1.0)
        return kept
    rows, cols, values = [], [], []
    for start in range(0, n, 1000):  # blocks keep memory flat for thousands of statements
        block = vectors[start : start + 1000] @ vectors.T
        nearest = np.argpartition(-block, NEIGHBOURS, axis=1)[:, : NEIGHBOURS + 1]
        rows.append(np.repeat(np.arange(start, start + len(block)), nearest.shape[1]))
        cols.append(nearest.ravel())
        values.append(np.clip(np.take_along_axis(block, nearest, axis=1), 0.0, None).ravel())
    graph = sparse.csr_matrix((np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n))
    return graph.maximum(graph.T).tocsr()


def _dense_spectral(vectors: np.ndarray, width: int) -> np.ndarray:
    """The first ``width`` vectors of the normalised Laplacian of the cosine affinity (sklearn's
    shift-invert for a workshop; a direct eigendecomposition from ``DIRECT_EIGEN_FROM`` on)."""
    if len(vectors) >= DIRECT_EIGEN_FROM:
        return _direct_spectral(np.asarray(_affinity(vectors)), width)
    from sklearn.manifold import spectral_embedding

    with warnings.catch_warnings():
        # a workshop's graph may fall apart into islands, and a small one may ask for as many
        # vectors as statements: both are expected here, and the assignment handles them
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        return spectral_embedding(
            _affinity(vectors), n_components=width, random_state=0, drop_first=False, eigen_tol=1e-6
        )


def _direct_spectral(affinity: np.ndarray, width: int) -> np.ndarray:
    """The same vectors from LAPACK's eigendecomposition of the normalised affinity (its largest
    eigenvalues are the Laplacian's smallest): no factorisation to solve with at every step."""
    from sklearn.utils.extmath import _deterministic_vector_sign_flip

    scale = 1.0 / np.sqrt(np.maximum(affinity.sum(axis=1), 1e-12))
    normalised = affinity * scale[:, None] * scale[None, :]
    n = len(affinity)
    width = min(width, n)
    _, found = linalg.eigh(normalised, subset_by_index=[n - width, n - 1])
    return _deterministic_vector_sign_flip(found[:, ::-1].T).T * scale[:, None]


def _sparse_spectral(graph: sparse.csr_matrix, width: int) -> np.ndarray:
    """The same vectors for a large nearest-neighbour graph, as the largest eigenvectors of the
    normalised affinity (matrix products only: shift-invert needs a factorisation that costs
    seconds at 5,000 statements)."""
    from scipy.sparse.linalg import eigsh

    degree = np.asarray(graph.sum(axis=1)).ravel()
    scale = 1.0 / np.sqrt(np.maximum(degree, 1e-12))
    normalised = sparse.diags(scale) @ graph @ sparse.diags(scale)
    start = np.random.default_rng(0).uniform(-1.0, 1.0, graph.shape[0])
    values, found = eigsh(normalised, k=width, which="LA", v0=start, tol=1e-4)
    return found[:, np.argsort(-values)] * scale[:, None]


def _cluster_qr(maps: np.ndarray) -> np.ndarray:
    """Damle, Minden and Ying's QR assignment of spectral vectors to clusters (as in sklearn)."""
    k = maps.shape[1]
    _, _, pivots = linalg.qr(maps.T, pivoting=True)
    left, _, right = linalg.svd(maps[pivots[:k], :].T)
    return np.abs(maps @ (left @ right.conj())).argmax(axis=1)


def _silhouette(distance: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette from a precomputed distance matrix (one matrix product per candidate k:
    scoring 11 candidates must not cost 11 passes over every pair of statements)."""
    k = int(labels.max()) + 1
    if k < 2:
        return -1.0
    onehot = np.zeros((len(labels), k))
    onehot[np.arange(len(labels)), labels] = 1.0
    counts = onehot.sum(axis=0)
    sums = distance @ onehot  # each statement's summed distance to each cluster
    own = counts[labels]
    a = sums[np.arange(len(labels)), labels] / np.maximum(own - 1, 1)
    others = np.where(onehot > 0, np.inf, sums / np.maximum(counts, 1))
    b = others.min(axis=1)
    score = np.where(own > 1, (b - a) / np.maximum(np.maximum(a, b), 1e-12), 0.0)
    return float(score.mean())


def max_auto_themes(n: int) -> int:
    """Most themes chosen automatically: 8 for a workshop, growing slowly for huge sets."""
    return max(MAX_AUTO_THEMES, min(30, round(math.sqrt(n) / 2)))


def cluster(vectors: np.ndarray, n_themes: int | None) -> np.ndarray:
    """Cluster labels (0..k-1) for unit vectors; ``n_themes`` exact when given."""
    n = len(vectors)
    if n == 1 or n_themes == 1:
        return np.zeros(n, dtype=int)
    if n_themes is None and n <= SMALL:
        from sklearn.cluster import AgglomerativeClustering

        distance = np.clip(1.0 - vectors @ vectors.T, 0.0, 2.0)
        labels = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage="average", distance_threshold=1.0 - SMALL_SIMILARITY
        ).fit_predict(distance)
        return _relabel(labels)
    if n_themes is not None:
        candidates = [min(n_themes, n)]
    else:
        candidates = list(range(MIN_AUTO_THEMES, min(max_auto_themes(n), n - 1) + 1)) or [1]
    if candidates == [1]:
        return np.zeros(n, dtype=int)
    width = max(candidates)
    maps = _sparse_spectral(_affinity(vectors), width) if n > DENSE_LIMIT else _dense_spectral(vectors, width)
    if len(candidates) == 1:
        return _relabel(_cluster_qr(maps[:, : candidates[0]]))
    sample = np.arange(n)
    if n > SILHOUETTE_SAMPLE:
        sample = np.sort(np.random.default_rng(0).choice(n, SILHOUETTE_SAMPLE, replace=False))
    distance = np.clip(1.0 - vectors[sample] @ vectors[sample].T, 0.0, 2.0)
    np.fill_diagonal(distance, 0.0)
    scored = []
    for k in candidates:
        labels = _relabel(_cluster_qr(maps[:, :k]))
        scored.append((_silhouette(distance, _relabel(labels[sample])), k, labels))
    top = max(score for score, _, _ in scored)
    return next(labels for score, _, labels in scored if score >= top - SILHOUETTE_TOLERANCE)


def _relabel(labels: np.ndarray) -> np.ndarray:
    """Labels numbered by first appearance, so equal partitions compare equal."""
    mapping: dict[int, int] = {}
    return np.array([mapping.setdefault(int(label), len(mapping)) for label in labels], dtype=int)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A workshop's statements ready to cluster: tokens, concept evidence, embeddings, and the
    statements that carry content (``order``: their indices in the canonical order)."""

    statements: list[Statement]
    concepts: np.ndarray
    raw: np.ndarray
    evidence: list
    embeddings: np.ndarray
    order: list[int]


def prepare_workshop(
    texts: Sequence[str],
    lexicon: Lexicon,
    embedder: Embedder,
    vectors: Sequence[np.ndarray | None] | None = None,
) -> Prepared:
    """Tokens, concepts and embeddings of every statement (stored vectors used, missing ones made
    now), and which statements have content, in the canonical order (sorted by text)."""
    n = len(texts)
    statements = prepare(texts)
    concepts, raw, evidence = concept_vectors(statements, lexicon)
    # a lexicon word alone ("thanks") is not content; a lexicon phrase of common words is ("get out")
    known = len(lexicon)
    meaningful = [
        i
        for i, s in enumerate(statements)
        if _has_content(s) or (not s.content and known and raw[i][:known].max() >= STRONG_EVIDENCE)
    ]
    embeddings = np.zeros((n, 384), dtype=np.float32)
    missing = []
    for i in meaningful:
        stored = vectors[i] if vectors is not None else None
        if stored is None:
            missing.append(i)
        else:
            embeddings[i] = stored
    if missing:
        embeddings[missing] = embedder.embed([texts[i] for i in missing])
    order = sorted(meaningful, key=lambda i: (texts[i].strip().lower(), texts[i], i))
    return Prepared(statements, concepts, raw, evidence, embeddings, order)


def partition(matrix: np.ndarray, order: Sequence[int], n_themes: int | None) -> list[list[int]]:
    """Groups (statement indices) from the rows of ``matrix``, which are the statements ``order``:
    clustered, and when the number was chosen automatically a statement left alone joins the
    theme it is closest to (``_home_singletons``)."""
    if not len(order):
        return []
    labels = cluster(matrix, n_themes)
    by_label: dict[int, list[int]] = {}
    for index, label in zip(order, labels.tolist(), strict=True):
        by_label.setdefault(label, []).append(index)
    groups = [sorted(g) for g in by_label.values()]
    if n_themes is None and len(order) > SMALL:
        position = {index: row for row, index in enumerate(order)}
        groups = _home_singletons(groups, matrix, position)
    return groups


def group_by_meaning(
    texts: Sequence[str],
    n_themes: int | None,
    lexicon: Lexicon,
    embedder: Embedder,
    vectors: Sequence[np.ndarray | None] | None = None,
) -> Grouping:
    """The ``meaning`` engine (module docstring). ``vectors``: stored embeddings, None where missing.

    Raises ``ModelUnavailable`` when embeddings are missing and the model cannot be used.
    """
    n = len(texts)
    ready = prepare_workshop(texts, lexicon, embedder, vectors)
    order = ready.order
    groups: list[list[int]] = []
    if order:
        matrix = features(ready.embeddings[order].astype(np.float64), ready.concepts[order], len(lexicon))
        groups = partition(matrix, order, n_themes)
    grouped = {i for g in groups for i in g}
    unsorted = sorted(set(range(n)) - grouped)
    groups.sort(key=lambda g: (-len(g), g[0]))
    labels_, keywords = name_groups(
        groups,
        ready.statements,
        ready.concepts,
        ready.raw,
        ready.evidence,
        lexicon,
        ready.embeddings,
        [clean(t) for t in texts],
        embedder.embed_phrases,
    )
    themes = tuple(
        Theme(label=label, members=tuple(g), keywords=kw)
        for label, g, kw in zip(labels_, groups, keywords, strict=True)
    )
    return Grouping(engine=ENGINE_MEANING, themes=themes, unsorted=tuple(unsorted))


def _home_singletons(groups: list[list[int]], matrix: np.ndarray, position: dict[int, int]) -> list[list[int]]:
    """A statement left alone joins the theme it is closest to on average, if close enough;
    only a true singleton (close to no theme) goes to the unsorted lane."""
    themes = [g for g in groups if len(g) >= 2]
    if not themes:
        return []
    for group in groups:
        if len(group) >= 2:
            continue
        row = matrix[position[group[0]]]
        closeness = [float(np.mean(matrix[[position[i] for i in theme]] @ row)) for theme in themes]
        best = int(np.argmax(closeness))
        if closeness[best] >= SINGLETON_HOME:
            themes[best].append(group[0])
    return [sorted(g) for g in themes]


def _has_content(statement: Statement) -> bool:
    """Has at least one word that can carry a theme (not only thanks, praise, the day itself,
    emoji, punctuation). Words are compared as stems: "Amazing morning" is "amaz morn"."""
    from .labels import filler_stems

    fillers = filler_stems()
    return any(word not in fillers for word in statement.content)
