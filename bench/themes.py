"""Benchmark of the themes grouping core: quality on labelled workshops, and speed.

Usage:
  python bench/themes.py                      # the kit's labelled workshops + the speed curve
  python bench/themes.py more/ extra.csv      # also score other labelled workshops
  python bench/themes.py --only more/         # score only those (e.g. unseen workshops)

Labelled workshop formats (a directory is searched for *.json, *.csv, *.tsv):

  JSON  {"name": "...", "description": "...", "split": "dev" | "heldout",
         "statements": [{"text": "Set up an Insta page", "theme": "Social media"}, ...]}
        "split" is optional (default "extra"); "name" defaults to the file name.
  CSV / TSV  two columns, text and theme, with or without a header row "text,theme"
        (tab-separated when the file ends in .tsv). One file is one workshop.

  A theme of "unsorted" (any case) or empty marks a statement that fits no theme.

Scoring: adjusted Rand index (ARI) between the true and the predicted themes. Every unsorted
statement, true or predicted, counts as its own singleton cluster. Reported side by side in one run:
  old: concepts auto - the engine before this one (lexicon + shared words), not told the number
  floor: issue 11    - issue 11's measured floor, not told the number: the unit MiniLM embedding
                       beside the unit IDF-weighted concept vector (weight 1), k-means with k by
                       silhouette over 2-12 (the default engine must beat it)
  NEW: meaning auto  - the default engine, NOT told the number of themes (the target figure)
  meaning told k     - the default engine asked for the true number of themes
  tfidf+km told k    - baseline: TF-IDF + k-means told the true number of themes
with means and minimums per split: "dev" workshops were looked at while tuning, "heldout" ones
never were. A label table follows (does the label name the true theme? judged by acceptable
words per theme written in each data file's "label_words"). Then the speed: loading the model,
embedding one statement (as in the posting request), embedding and grouping 10 to 5,000
statements on one core, and the server time of pressing "Group" on 300 and 1,000 statements
through the board's own operation (SQLite, vectors stored when the statements were written).
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import argparse  # noqa: E402
import csv  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score  # noqa: E402

from workshop.themes import group_statements, load_lexicon  # noqa: E402
from workshop.themes.embedding import Embedder, default_embedder  # noqa: E402
from workshop.themes.meaning import prepare_workshop  # noqa: E402
from workshop.themes.model import Grouping, Theme  # noqa: E402

# NMI warns when most labels are singletons (the unsorted lane): expected here, not a problem
warnings.filterwarnings("ignore", message="The number of unique classes", category=UserWarning)

DEFAULT_DATA = Path(__file__).resolve().parent / "data" / "themes"
UNSORTED = "unsorted"


@dataclass
class Workshop:
    name: str
    split: str
    texts: list[str]
    themes: list[str]  # "" for unsorted
    label_words: dict[str, list[str]] | None = None  # acceptable words in a label, per true theme


def load(path: Path) -> list[Workshop]:
    """Labelled workshops from a file or directory (JSON, CSV or TSV)."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in {".json", ".csv", ".tsv"})
        return [w for f in files for w in load(f)]
    if path.suffix.lower() == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        items = data["statements"]
        return [
            Workshop(
                data.get("name", path.stem),
                data.get("split", "extra"),
                [str(i["text"]) for i in items],
                [_theme(i.get("theme")) for i in items],
                data.get("label_words"),
            )
        ]
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.reader(handle, delimiter=delimiter) if r and any(c.strip() for c in r)]
    if rows and [c.strip().lower() for c in rows[0][:2]] == ["text", "theme"]:
        rows = rows[1:]
    return [Workshop(path.stem, "extra", [r[0] for r in rows], [_theme(r[1] if len(r) > 1 else "") for r in rows])]


def _theme(value: object) -> str:
    text = str(value or "").strip()
    return "" if text.lower() == UNSORTED else text


def labels_of(grouping: Grouping, n: int) -> list[str]:
    """Predicted cluster per statement; unsorted ones become singletons."""
    labels = [f"u{i}" for i in range(n)]
    for t, theme in enumerate(grouping.themes):
        for m in theme.members:
            labels[m] = f"t{t}"
    return labels


def truth_of(workshop: Workshop) -> list[str]:
    return [theme if theme else f"u{i}" for i, theme in enumerate(workshop.themes)]


def score(workshop: Workshop, grouping: Grouping) -> tuple[float, float]:
    truth, predicted = truth_of(workshop), labels_of(grouping, len(workshop.texts))
    return adjusted_rand_score(truth, predicted), normalized_mutual_info_score(truth, predicted)


def order_invariant(workshop: Workshop, vectors) -> bool:
    """Same partition when the statements are shuffled?"""
    order = list(range(len(workshop.texts)))
    random.Random(1).shuffle(order)
    base = group_statements(workshop.texts, vectors=vectors)
    shuffled = group_statements([workshop.texts[i] for i in order], vectors=[vectors[i] for i in order])
    a = {frozenset(t.members) for t in base.themes}
    b = {frozenset(order[m] for m in t.members) for t in shuffled.themes}
    return a == b


def _unit(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)


def floor_groups(ready, lexicon_columns: int) -> list[list[int]]:
    """Issue 11's floor recipe on a prepared workshop: [unit embedding, 1 x unit IDF-weighted
    concept vector (the lexicon's concepts and the workshop's shared words)], k-means (10 starts,
    seed 0) for every k from 2 to 12, the k of the best (Euclidean) silhouette. Content-free
    statements stay unsorted, as in the engine; nothing else does."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    del lexicon_columns  # the recipe weighs the lexicon's and the shared words' columns as one
    order = ready.order
    if len(order) < 3:
        return [list(order)] if order else []
    matrix = np.hstack([_unit(ready.embeddings[order].astype(np.float64)), _unit(ready.concepts[order])])
    best = None
    for k in range(2, min(12, len(order) - 1) + 1):
        labels = KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(matrix)
        value = silhouette_score(matrix, labels) if len(set(labels)) > 1 else -1.0
        if best is None or value > best[0]:
            best = (value, labels)
    assert best is not None  # noqa: S101 - at least k=2 was tried
    groups: dict[int, list[int]] = {}
    for index, label in zip(order, best[1].tolist(), strict=True):
        groups.setdefault(label, []).append(index)
    return [sorted(g) for g in groups.values()]


def floor(texts: list[str], vectors) -> Grouping:
    lexicon = load_lexicon()
    ready = prepare_workshop(texts, lexicon, default_embedder(), vectors)
    groups = floor_groups(ready, len(lexicon))
    grouped = {i for g in groups for i in g}
    themes = tuple(Theme(label="", members=tuple(g), keywords=()) for g in groups)
    return Grouping("floor", themes, tuple(i for i in range(len(texts)) if i not in grouped))


RUNS = {
    "old: concepts auto": lambda w, k, v: group_statements(w.texts, engine="concepts"),
    "floor: issue 11": lambda w, k, v: floor(w.texts, v),
    "NEW: meaning auto": lambda w, k, v: group_statements(w.texts, vectors=v),
    "meaning told k": lambda w, k, v: group_statements(w.texts, n_themes=k, vectors=v),
    "tfidf+km told k": lambda w, k, v: group_statements(w.texts, n_themes=k, engine="tfidf"),
}


def quality(workshops: list[Workshop], embedder: Embedder) -> dict[str, list[Grouping]]:
    """ARI per workshop and engine, means per split (dev = tuned on, heldout = never tuned on)."""
    print("Adjusted Rand index (ARI) on labelled workshops; 'auto' = not told the number of themes.")
    print("split: dev = used while tuning the engine; heldout = never looked at while tuning.\n")
    header = f"{'workshop':28} {'split':7} {'n':>3} {'k':>2} {'found':>5} {'unsrt':>5}"
    header += "".join(f" | {name:>19}" for name in RUNS)
    print(header)
    results: dict[str, list[tuple[str, float]]] = {name: [] for name in RUNS}
    groupings: dict[str, list[Grouping]] = {name: [] for name in RUNS}
    vectors = {w.name: list(embedder.embed(w.texts)) for w in workshops}
    for w in workshops:
        k = len({t for t in w.themes if t})
        line = ""
        found = unsorted = 0
        for name, run in RUNS.items():
            grouping = run(w, k, vectors[w.name])
            groupings[name].append(grouping)
            ari, _ = score(w, grouping)
            results[name].append((w.split, ari))
            line += f" | {ari:19.2f}"
            if name.startswith("NEW"):
                found, unsorted = len(grouping.themes), len(grouping.unsorted)
        print(f"{w.name[:28]:28} {w.split:7} {len(w.texts):>3} {k:>2} {found:>5} {unsorted:>5}" + line)
    print()
    for split in ("all", *sorted({w.split for w in workshops})):
        for what, fn in (("mean", statistics.mean), ("min", min)):
            line = f"{what + ' ' + split:28} {'':7} {'':>3} {'':>2} {'':>5} {'':>5}"
            for name in RUNS:
                chosen = [a for s, a in results[name] if split in ("all", s)]
                line += f" | {fn(chosen):19.2f}"
            print(line)
    invariant = sum(order_invariant(w, vectors[w.name]) for w in workshops)
    print(f"\norder-invariant (shuffled input gives the same themes, new engine): {invariant}/{len(workshops)}")
    return groupings


def _names_theme(label: str, words: list[str]) -> bool:
    lowered = " " + " ".join(label.lower().replace("(", " ").replace(")", " ").split()) + " "
    return any(f" {w.lower()}" in lowered for w in words)


def label_table(workshops: list[Workshop], groupings: list[Grouping]) -> None:
    """How often the label of the theme holding most of a true theme names that theme.

    The acceptable words per true theme are the developer's judgement, written in the data files
    ("label_words"), before looking at the engine's labels; a word matches at a word start, so
    "break" accepts "Breaks and rest" and "Lunch break" but "ai" does not accept "Email".
    """
    print("\nLabels of the new engine: does the theme holding most of a true theme name it?")
    print(f"{'workshop':28} {'named':>9}  examples (true theme -> label)")
    total = named = 0
    by_split: dict[str, list[int]] = {}
    for w, grouping in zip(workshops, groupings, strict=True):
        if not w.label_words:
            continue
        hits = 0
        examples = []
        for theme, words in w.label_words.items():
            members = {i for i, t in enumerate(w.themes) if t == theme}
            best = max(grouping.themes, key=lambda g: len(members & set(g.members)), default=None)
            label = best.label if best is not None and members & set(best.members) else "(unsorted)"
            ok = _names_theme(label, words)
            hits += ok
            examples.append(f"{theme} -> {label}{'' if ok else ' ✗'}")
        total += len(w.label_words)
        named += hits
        split = by_split.setdefault(w.split, [0, 0])
        split[0] += hits
        split[1] += len(w.label_words)
        print(f"{w.name[:28]:28} {hits:>4}/{len(w.label_words):<4}  " + "; ".join(examples))
    if total:
        for split, (hits, count) in sorted(by_split.items()):
            print(f"{split:28} {hits:>4}/{count:<4}  {100 * hits / count:.0f}%")
        print(f"{'all':28} {named:>4}/{total:<4}  {100 * named / total:.0f}% of true themes named by their label")


def synthetic(n: int, pool: list[str]) -> list[str]:
    """``n`` distinct-ish statements: labelled ones with words borrowed from another one."""
    rng = random.Random(0)
    vocabulary = sorted({w for text in pool for w in text.split() if w.isalpha() and len(w) > 3})
    result = []
    for _ in range(n):
        base = rng.choice(pool)
        extra = " ".join(rng.sample(vocabulary, rng.randint(0, 3)))
        result.append(f"{base} {extra}".strip())
    return result


def speed(pool: list[str], embedder: Embedder) -> None:
    """Time to embed (as when statements are written) and to group with the stored vectors."""
    print("\nspeed (one core; model already loaded; 'group' uses vectors stored when statements were written):")
    start = time.perf_counter()
    probe = Embedder()
    probe.embed(["warm"])
    print(f"  model load (files hashed, session built): {time.perf_counter() - start:.2f} s")
    single = pool[:50]
    start = time.perf_counter()
    for text in single:
        embedder.embed([text])
    per_statement = (time.perf_counter() - start) / len(single) * 1000
    print(f"  embed one statement (as in the posting request): {per_statement:.1f} ms")
    print(f"  {'statements':>10} {'embed all':>10} {'group (meaning)':>16} {'group (concepts)':>17} {'themes':>7}")
    for n in (10, 100, 300, 1000, 5000):
        texts = synthetic(n, pool)
        start = time.perf_counter()
        vectors = list(embedder.embed(texts))
        embed_time = time.perf_counter() - start
        repeats = 3 if n <= 1000 else 1
        best = min(_timed(lambda t=texts, v=vectors: group_statements(t, vectors=v)) for _ in range(repeats))
        old = min(_timed(lambda t=texts: group_statements(t, engine="concepts")) for _ in range(repeats))
        grouping = group_statements(texts, vectors=vectors)
        print(f"  {n:>10} {embed_time:>9.2f}s {best:>15.3f}s {old:>16.3f}s {len(grouping.themes):>7}")


def press_group(pool: list[str]) -> None:
    """Server time of pressing "Group" on a real workshop (SQLite, the board's own operation)."""
    from scratch import scratch_kit  # bench/scratch.py, beside this script

    from workshop.board import operations
    from workshop.embeddings import wait_for_embeddings
    from workshop.extensions import db
    from workshop.models import WorkshopState
    from workshop.operations import WorkshopSettings, create_workshop, import_statements

    print("\npressing Group (workshop.board.operations.group_workshop + commit, SQLite, vectors stored at import):")
    for n in (300, 1000):
        with scratch_kit() as (app, owner):
            workshop = create_workshop(owner, WorkshopSettings(title="Bench"), state=WorkshopState.OPEN)
            start = time.perf_counter()
            import_statements(workshop, synthetic(n, pool))
            db.session.commit()
            written = time.perf_counter() - start
            start = time.perf_counter()
            wait_for_embeddings()  # the process's embedding thread stores each vector after the commit
            embedded = time.perf_counter() - start
            start = time.perf_counter()
            result = operations.group_workshop(workshop)
            db.session.commit()
            first = time.perf_counter() - start
            start = time.perf_counter()
            operations.group_workshop(workshop, len(result.themes) + 1)
            db.session.commit()
            more = time.perf_counter() - start
            print(
                f"  {n:>5} statements: written {written / n * 1000:.1f} ms each, embedded by the thread "
                f"{embedded / n * 1000:.1f} ms each; "
                f"Group {first:.2f} s ({len(result.themes)} themes, {result.engine}); More {more:.2f} s"
            )
            db.engine.dispose()


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path, help="extra labelled workshops (files or directories)")
    parser.add_argument("--only", action="store_true", help="score only PATHS, not the kit's own workshops")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed curve")
    args = parser.parse_args(argv)
    sources = list(args.paths) if args.only else [DEFAULT_DATA, *args.paths]
    workshops = [w for source in sources for w in load(source)]
    if not workshops:
        parser.error("no labelled workshops found")
    embedder = default_embedder()
    if not embedder.available():
        print(f"the sentence model is unavailable ({embedder.problem}): the new engine falls back to concepts")
        return 1
    groupings = quality(workshops, embedder)
    label_table(workshops, groupings["NEW: meaning auto"])
    if not args.no_speed:
        pool = [t for w in workshops for t in w.texts if w.themes]
        speed(pool, embedder)
        press_group(pool)
    return 0


if __name__ == "__main__":
    sys.exit(main())
