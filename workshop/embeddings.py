"""Sentence embeddings stored on statements: made when a text is written, read when grouping.

Why stored: the model embeds one statement in a few milliseconds, but a whole workshop in seconds;
embedding each statement in the request that writes it makes pressing "Group" instant. Nothing
here may cost a statement: when the model is missing, refused or fails, the statement is stored
without a vector (the grouping then falls back, or embeds it later) and a warning is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from workshop.models import Statement
from workshop.themes.embedding import MODEL_ID, Embedder, ModelUnavailable, default_embedder, from_bytes, to_bytes

log = logging.getLogger(__name__)


def embed_statement(statement: Statement, embedder: Embedder | None = None) -> None:
    """(Re)make the statement's vector from its current text; on any failure, leave none."""
    statement.embedding = None
    statement.embedding_model = ""
    try:
        vector = (embedder or default_embedder()).embed([statement.text])[0]
    except ModelUnavailable:
        return  # logged once, when the load failed
    except Exception:  # noqa: BLE001 - an embedding is an optimisation: never lose the statement for it
        log.exception("could not embed a statement; it is stored without a vector")
        return
    statement.embedding = to_bytes(vector)
    statement.embedding_model = MODEL_ID


def vectors_of(statements: Sequence[Statement], embedder: Embedder | None = None) -> list[np.ndarray | None]:
    """Each statement's stored vector; missing or stale ones are made now, in one batch, and
    stored (statements from before embeddings, or written while the model was unavailable).
    None where the model cannot be used."""
    vectors: list[np.ndarray | None] = [
        from_bytes(s.embedding) if s.embedding_model == MODEL_ID else None for s in statements
    ]
    missing = [i for i, v in enumerate(vectors) if v is None]
    if not missing:
        return vectors
    try:
        made = (embedder or default_embedder()).embed([statements[i].text for i in missing])
    except ModelUnavailable:
        return vectors
    for i, vector in zip(missing, made, strict=True):
        statements[i].embedding = to_bytes(vector)
        statements[i].embedding_model = MODEL_ID
        vectors[i] = from_bytes(statements[i].embedding)
    log.info("embedded %d statements that had no stored vector", len(missing))
    return vectors
