"""The public entry points: group statements, list engines, serve the ``themes group`` command."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .embedding import Embedder, ModelUnavailable, default_embedder
from .engine import ENGINE_CONCEPTS, ENGINE_TFIDF, group_with_concepts, group_with_tfidf
from .lexicon import Lexicon, load_lexicon
from .meaning import ENGINE_MEANING, group_by_meaning
from .model import Grouping, Theme

DEFAULT_ENGINE = ENGINE_MEANING

logger = logging.getLogger(__name__)


def available_engines() -> tuple[str, ...]:
    """Engines this installation can run, the default first.

    ``meaning`` (default): sentence embeddings with the domain lexicon (``meaning.py``).
    ``concepts``: the domain lexicon plus shared words; no model; the fallback when the sentence
    model is missing or refused.
    ``tfidf``: TF-IDF + k-means, the baseline they are measured against; kept for comparison.
    """
    return (ENGINE_MEANING, ENGINE_CONCEPTS, ENGINE_TFIDF)


def group_statements(
    texts: Sequence[str],
    *,
    n_themes: int | None = None,
    engine: str | None = None,
    lexicon: Lexicon | str | Path | None = None,
    vectors: Sequence[np.ndarray | None] | None = None,
    embedder: Embedder | None = None,
) -> Grouping:
    """Group statements into themes with readable labels and an unsorted lane.

    ``texts``: the statements, any text (blank or junk ones end up unsorted).
    ``n_themes``: how many themes the facilitator wants; None chooses automatically. It is
    honoured as far as the statements allow (you cannot get 10 themes from 3 statements).
    ``engine``: one of ``available_engines()``; None means the default.
    ``lexicon``: a compiled lexicon or the path of a TOML file in the format of
    ``concepts.toml``; None uses the kit's own.
    ``vectors``: stored sentence embeddings, one per statement (None where missing: those are
    embedded now). ``embedder``: the model to use; None means the process's own.

    When the ``meaning`` engine cannot load its model, the ``concepts`` engine groups instead
    (the result's ``engine`` says so, and a warning is logged once).
    Deterministic: the same arguments always give the same result.
    """
    if isinstance(texts, str):
        raise TypeError("texts must be a sequence of statements, not one string")
    if n_themes is not None and (not isinstance(n_themes, int) or n_themes < 1):
        raise ValueError("n_themes must be a positive integer or None")
    name = engine or DEFAULT_ENGINE
    if name not in available_engines():
        raise ValueError(f"unknown engine {name!r}; available: {', '.join(available_engines())}")
    cleaned = [t if isinstance(t, str) else "" for t in texts]
    if not cleaned:
        return Grouping(engine=name, themes=(), unsorted=())
    if vectors is not None and len(vectors) != len(cleaned):
        raise ValueError("one vector (or None) per statement is needed")
    compiled = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)
    if name == ENGINE_TFIDF:
        grouping = group_with_tfidf(cleaned, n_themes)
    elif name == ENGINE_MEANING:
        try:
            grouping = group_by_meaning(cleaned, n_themes, compiled, embedder or default_embedder(), vectors)
        except ModelUnavailable:
            grouping = group_with_concepts(cleaned, n_themes, compiled)
    else:
        grouping = group_with_concepts(cleaned, n_themes, compiled)
    logger.debug(
        "grouped %d statements into %d themes (%d unsorted) with %s",
        len(cleaned),
        len(grouping.themes),
        len(grouping.unsorted),
        grouping.engine,
    )
    return grouping


def group_lines(lines: Sequence[str], *, n_themes: int | None = None, engine: str | None = None) -> Grouping:
    """Group the lines of a file, one statement a line, keeping 0-based line numbers.

    Blank lines (empty or white space only) count as lines, so numbers match the file, but they
    are ignored: they appear neither in a theme nor in the unsorted lane.
    """
    kept = [i for i, line in enumerate(lines) if line.strip()]
    grouping = group_statements([lines[i] for i in kept], n_themes=n_themes, engine=engine)
    themes = tuple(
        Theme(label=t.label, members=tuple(kept[m] for m in t.members), keywords=t.keywords) for t in grouping.themes
    )
    return Grouping(grouping.engine, themes, tuple(kept[m] for m in grouping.unsorted))


def grouping_to_json(grouping: Grouping, *, keywords: bool = True) -> dict:
    """The JSON shape of ``themes group --json``.

    ``{"engine": "concepts", "themes": [{"label": "Social media", "statements": [0, 3, 7],
    "keywords": ["twitter", ...]}], "unsorted": [5]}``
    """
    themes = []
    for theme in grouping.themes:
        entry: dict = {"label": theme.label, "statements": list(theme.members)}
        if keywords:
            entry["keywords"] = list(theme.keywords)
        themes.append(entry)
    return {"engine": grouping.engine, "themes": themes, "unsorted": list(grouping.unsorted)}


def group_file_to_json(path: str | Path, *, n_themes: int | None = None, engine: str | None = None) -> dict:
    """Read a UTF-8 file of statements (one a line) and return ``grouping_to_json`` of it."""
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline ending the last line does not start another
    return grouping_to_json(group_lines(lines, n_themes=n_themes, engine=engine))
