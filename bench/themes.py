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

Scoring: adjusted Rand index (ARI) and normalised mutual information (NMI) between the true and
the predicted themes. Every unsorted statement, true or predicted, counts as its own singleton
cluster: "unsorted" means "belongs with nothing", so putting junk in the unsorted lane costs
nothing, and lumping it into a theme costs a little. Reported side by side in one run:
  concepts auto   - the default engine, NOT told the number of themes (the target figure)
  concepts k      - the default engine told the true number of themes
  tfidf+km k      - baseline: TF-IDF + k-means told the true number of themes
  tfidf auto      - TF-IDF + k-means with k chosen by silhouette
Statements are also shuffled (fixed seed) to check that order does not change the result.
The speed curve groups 10, 100, 1,000 and 5,000 synthetic statements (variants of the labelled
ones) on one core (OMP/BLAS threads set to 1), best of 3 runs for the smaller sizes.
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

from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score  # noqa: E402

from workshop.themes import group_statements  # noqa: E402
from workshop.themes.model import Grouping  # noqa: E402

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


def order_invariant(workshop: Workshop) -> bool:
    """Same partition when the statements are shuffled?"""
    order = list(range(len(workshop.texts)))
    random.Random(1).shuffle(order)
    base = group_statements(workshop.texts)
    shuffled = group_statements([workshop.texts[i] for i in order])
    a = {frozenset(t.members) for t in base.themes}
    b = {frozenset(order[m] for m in t.members) for t in shuffled.themes}
    return a == b


def quality(workshops: list[Workshop]) -> None:
    runs = {
        "concepts auto": lambda w, k: group_statements(w.texts),
        "concepts k": lambda w, k: group_statements(w.texts, n_themes=k),
        "tfidf+km k": lambda w, k: group_statements(w.texts, n_themes=k, engine="tfidf"),
        "tfidf auto": lambda w, k: group_statements(w.texts, engine="tfidf"),
    }
    header = f"{'workshop':34} {'split':7} {'n':>3} {'k':>2} {'found':>5} {'unsrt':>5}"
    header += "".join(f" | {name:>13} ARI  NMI" for name in runs)
    print(header)
    results: dict[str, list[tuple[str, float, float]]] = {name: [] for name in runs}
    for w in workshops:
        k = len({t for t in w.themes if t})
        auto = group_statements(w.texts)
        line = f"{w.name[:34]:34} {w.split:7} {len(w.texts):>3} {k:>2} {len(auto.themes):>5} {len(auto.unsorted):>5}"
        for name, run in runs.items():
            ari, nmi = score(w, run(w, k))
            results[name].append((w.split, ari, nmi))
            line += f" | {'':>13} {ari:4.2f} {nmi:4.2f}"
        print(line)
    print()
    for split in ("all", *sorted({w.split for w in workshops})):
        line = f"{'mean ' + split:34} {'':7} {'':>3} {'':>2} {'':>5} {'':>5}"
        for name in runs:
            chosen = [(a, m) for s, a, m in results[name] if split in ("all", s)]
            line += (
                f" | {'':>13} {statistics.mean(a for a, _ in chosen):4.2f} {statistics.mean(m for _, m in chosen):4.2f}"
            )
        print(line)
    invariant = sum(order_invariant(w) for w in workshops)
    print(f"\norder-invariant (shuffled input gives the same themes): {invariant}/{len(workshops)} workshops")


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


def speed(pool: list[str]) -> None:
    print("\nspeed (default engine, one core; excludes the one-off lexicon load):")
    group_statements(pool[:20])  # warm-up: lexicon load, imports
    previous = None
    for n in (10, 100, 1000, 5000):
        texts = synthetic(n, pool)
        repeats = 3 if n <= 1000 else 1
        best = min(_timed(texts) for _ in range(repeats))
        growth = f"x{best / previous[1]:.1f} for x{n // previous[0]} statements" if previous else ""
        grouping = group_statements(texts)
        print(f"  {n:>5} statements: {best:7.3f} s  {len(grouping.themes):>3} themes  {growth}")
        previous = (n, best)


def _timed(texts: list[str]) -> float:
    start = time.perf_counter()
    group_statements(texts)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path, help="extra labelled workshops (files or directories)")
    parser.add_argument("--only", action="store_true", help="score only PATHS, not the kit's own workshops")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed curve")
    args = parser.parse_args(argv)
    sources = list(args.paths) if args.only else [DEFAULT_DATA, *args.paths]
    workshops = [w for path in sources for w in load(path)]
    if not workshops:
        parser.error("no labelled workshops found")
    quality(workshops)
    if not args.no_speed:
        speed([t for w in workshops for t in w.texts if w.themes])
    return 0


if __name__ == "__main__":
    sys.exit(main())
