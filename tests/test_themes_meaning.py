"""Grouping by meaning: the pinned model files, the fallback when they are wrong, and vectors
stored on statements when they are written (so that "Group" does not wait for the model)."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from tests.board_helpers import board_url, group, seeded_workshop
from workshop.embeddings import vectors_of, wait_for_embeddings
from workshop.extensions import db
from workshop.models import Statement
from workshop.themes import group_statements
from workshop.themes.embedding import (
    MODEL_FILE,
    MODEL_ID,
    MODEL_PACKAGE,
    MODEL_SHA256,
    TOKENIZER_FILE,
    TOKENIZER_PACKAGE,
    Embedder,
    ModelFiles,
    configure,
    default_files,
    from_bytes,
    installed_file,
    sha256_of,
)

DATA = Path(__file__).resolve().parent.parent / "bench" / "data" / "themes"
WELLBEING = [s["text"] for s in json.loads((DATA / "staff-wellbeing.json").read_text(encoding="utf-8"))["statements"]]


@pytest.fixture()
def wrong_model(tmp_path):
    """A real file in the model's place that is not the model: the tokenizer's JSON, renamed."""
    path = tmp_path / "model.onnx"
    shutil.copyfile(default_files().tokenizer, path)
    return ModelFiles(model=path, tokenizer=default_files().tokenizer)


@pytest.fixture()
def broken_default(wrong_model):
    """The whole process uses the wrong file until the test ends."""
    configure(wrong_model)
    yield
    configure(None)


def test_the_installed_model_is_the_pinned_one():
    path = installed_file(MODEL_PACKAGE, MODEL_FILE)
    assert sha256_of(path) == MODEL_SHA256
    assert installed_file(TOKENIZER_PACKAGE, TOKENIZER_FILE).name == "tokenizer.json"
    embedder = Embedder()
    vectors = embedder.embed(["Take a proper lunch break", "", "Eat lunch away from my desk", "Learn MeSH"])
    assert vectors.shape == (4, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[[0, 2, 3]], axis=1), 1.0, atol=1e-5)
    assert not vectors[1].any()  # nothing to embed
    assert vectors[0] @ vectors[2] > vectors[0] @ vectors[3]  # lunch is nearer lunch than MeSH
    assert embedder.load_seconds is not None and embedder.load_seconds < 30


def test_a_wrong_model_file_is_refused_and_grouping_falls_back(wrong_model, caplog):
    embedder = Embedder(wrong_model)
    with caplog.at_level(logging.WARNING, logger="workshop.themes.embedding"):
        assert not embedder.available()
    assert "refused" in (embedder.problem or "")
    assert "falling back to shared words" in caplog.text
    grouping = group_statements(["Set up an Insta page", "Tweet about the new service"], embedder=embedder)
    assert grouping.engine == "concepts"
    assert grouping.themes and grouping.themes[0].label == "Social media"


def test_a_missing_model_file_falls_back(tmp_path):
    embedder = Embedder(ModelFiles(model=tmp_path / "absent.onnx", tokenizer=default_files().tokenizer))
    grouping = group_statements(WELLBEING[:10], embedder=embedder)
    assert grouping.engine == "concepts"
    assert "missing" in (embedder.problem or "")


def test_an_exact_number_of_themes_is_made():
    for wanted in (2, 3, 5, 8, 12):
        assert len(group_statements(WELLBEING, n_themes=wanted).themes) == wanted


def test_stored_vectors_give_the_same_themes_as_fresh_ones():
    vectors = list(Embedder().embed(WELLBEING))
    half = [v if i % 2 else None for i, v in enumerate(vectors)]
    assert (
        group_statements(WELLBEING, vectors=vectors)
        == group_statements(WELLBEING)
        == group_statements(WELLBEING, vectors=half)
    )


def _statement(app, text):
    wait_for_embeddings()  # vectors are made by the process's embedding thread, just after the commit
    with app.app_context():
        statement = db.session.scalar(select(Statement).where(Statement.text == text))
        return statement.id, statement.embedding, statement.embedding_model


def test_a_posted_statement_is_embedded_and_edits_embed_it_again(signed_in, app):
    code = signed_in.workshop()
    phone = signed_in.phone_for(code)
    assert phone.post("Take my lunch break away from my desk").status_code in (200, 302, 303)
    statement_id, stored, model = _statement(app, "Take my lunch break away from my desk")
    assert model == MODEL_ID and from_bytes(stored) is not None
    url = f"/facilitate/w/{code}/s/{statement_id}/edit"
    assert signed_in.post_form(url, {"text": "Learn to use MeSH headings"}).status_code == 302
    _, edited, _ = _statement(app, "Learn to use MeSH headings")
    assert edited is not None and edited != stored
    fresh = Embedder().embed(["Learn to use MeSH headings"])[0]
    assert float(from_bytes(edited) @ fresh) > 0.999  # float16 storage keeps the direction


def test_statements_stored_before_embeddings_are_embedded_on_first_grouping(signed_in, app):
    code = seeded_workshop(signed_in)
    with app.app_context():
        for statement in db.session.scalars(select(Statement)):
            statement.embedding, statement.embedding_model = None, ""
        db.session.commit()
    group(signed_in, code)
    with app.app_context():
        statements = list(db.session.scalars(select(Statement)))
        assert statements and all(s.embedding_model == MODEL_ID for s in statements)
        assert all(v is not None for v in vectors_of(statements))


def test_posting_and_grouping_still_work_when_the_model_is_refused(signed_in, app, broken_default):
    code = seeded_workshop(signed_in)
    phone = signed_in.phone_for(code)
    assert phone.post("Start a LinkedIn presence").status_code in (200, 302, 303)
    _, stored, model = _statement(app, "Start a LinkedIn presence")
    assert stored is None and model == ""
    group(signed_in, code)
    page = signed_in.client.get(board_url(code)).get_data(as_text=True)
    assert "Grouped by shared words" in page
    assert "grouping by meaning is not available on this server" in page
