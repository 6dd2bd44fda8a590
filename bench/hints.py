"""Precision and recall of each SMART hint kind on the hand-written cases.

Usage:  python bench/hints.py [cases.tsv]

A hint kind (action, measure, time, who) "fires" for a statement when the checker finds that
part missing. Against the expected outcomes a librarian wrote for each statement:
precision = of the hints shown, how many were deserved; recall = of the hints deserved, how many
were shown. The topic line scores whether the hints' examples fit the statement. Also times the
checker, since it runs on every pause in typing.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from smart_cases import CASES_FILE, SEED_COUNT, Case, load_cases  # bench/smart_cases.py, beside this script

from workshop.coaching.smart import PARTS, smart_hints


def score(title: str, cases: list[Case]) -> None:
    """Print precision and recall of each hint kind, and how often the examples fit, for ``cases``."""
    print(f"\n{title}: {len(cases)} statements")
    print(f"{'hint':<8} {'expected':>8} {'shown':>6} {'right':>6} {'precision':>10} {'recall':>7}")
    reports = [smart_hints(case.text) for case in cases]
    for part in PARTS:
        expected = {i for i, case in enumerate(cases) if part in case.expected_missing}
        shown = {i for i, report in enumerate(reports) if part in report.missing}
        right = expected & shown
        precision = len(right) / len(shown) if shown else 1.0
        recall = len(right) / len(expected) if expected else 1.0
        print(f"{part:<8} {len(expected):>8} {len(shown):>6} {len(right):>6} {precision:>10.3f} {recall:>7.3f}")
        for i in sorted(shown ^ expected):
            kind = "extra" if i in shown else "missed"
            print(f"    {kind}: {cases[i].text.strip()}")
    judged = [(case, report) for case, report in zip(cases, reports, strict=True) if case.topic is not None]
    fitting = sum(1 for case, report in judged if report.topic == case.topic)
    print(f"examples fit the topic: {fitting} of {len(judged)} judged statements")
    for case, report in judged:
        if report.topic != case.topic:
            print(f"    {report.topic or 'generic'} instead of {case.topic}: {case.text.strip()}")


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else CASES_FILE
    cases = load_cases(path)
    print(f"{len(cases)} statements in {path.name}, {SEED_COUNT} of them from the seed")
    score("all", cases)
    score("seed (MAP on tour)", cases[:SEED_COUNT])
    score("tuned on", [case for case in cases if not case.held_out])
    score("held out", [case for case in cases if case.held_out])
    texts = [case.text for case in cases] * 20
    started = time.perf_counter()
    for text in texts:
        smart_hints(text)
    elapsed = time.perf_counter() - started
    print(f"\nspeed: {len(texts)} statements in {elapsed * 1000:.0f} ms ({elapsed / len(texts) * 1e6:.0f} µs each)")


if __name__ == "__main__":
    main()
