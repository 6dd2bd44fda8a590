"""Benchmark of the Word builders: how the report and the plan ZIPs grow with size.

Usage:  python bench/export_documents.py

Targets (issue 4): the report of a 1,000-statement workshop in under 2 s (docs/field-notes.md measured
4.05 s with straightforward python-docx), a ZIP of 300 personal plans in under 15 s.
Figures are the best of 3 runs for the smaller sizes; no assertions, the numbers are the output.

(Named so that it does not shadow the ``exports`` or ``surveys`` package: Python puts this
script's folder first on ``sys.path``.)
"""

from __future__ import annotations

import time
from collections.abc import Callable

from samples import participants_of, synthetic_workshop  # bench/samples.py, beside this script

from exports.builders import (
    build_impact_plan,
    build_plans_zip,
    build_report,
    build_smart_plan,
    build_story_template,
)


def best_of(runs: int, action: Callable[[], bytes]) -> tuple[float, int]:
    """The fastest of ``runs`` timings, and the size of what was built."""
    best, size = float("inf"), 0
    for _ in range(runs):
        start = time.perf_counter()
        size = len(action())
        best = min(best, time.perf_counter() - start)
    return best, size


def main() -> None:
    build_story_template(None)  # the prepared template is built once per process; not measured

    print("Session report (12 themes, a table per theme, chart):")
    print(f"  {'statements':>10}  {'seconds':>8}  {'ms/stmt':>8}  {'size KB':>8}")
    for count in (100, 300, 1_000, 3_000):
        workshop = synthetic_workshop(count)
        seconds, size = best_of(3 if count <= 1_000 else 1, lambda w=workshop: build_report(w))
        print(f"  {count:>10,}  {seconds:>8.3f}  {1000 * seconds / count:>8.3f}  {size / 1024:>8.0f}")

    print("\nOne document:")
    person = participants_of(synthetic_workshop(20))[0]
    for name, build in (
        ("SMART plan", lambda: build_smart_plan(person)),
        ("impact plan", lambda: build_impact_plan(person)),
        ("story template", lambda: build_story_template(person.workshop)),
    ):
        seconds, size = best_of(5, build)
        print(f"  {name:<15} {1000 * seconds:>7.1f} ms  {size / 1024:>5.0f} KB")

    print("\nZIP of personal plans:")
    print(f"  {'plans':>6}  {'SMART s':>8}  {'impact s':>8}  {'ms/plan':>8}  {'size KB':>8}")
    for count in (30, 100, 300):
        people = participants_of(synthetic_workshop(count * 2))[:count]
        smart, size = best_of(1, lambda p=people: build_plans_zip(p, build_smart_plan))
        impact, _ = best_of(1, lambda p=people: build_plans_zip(p, build_impact_plan))
        print(f"  {count:>6}  {smart:>8.2f}  {impact:>8.2f}  {1000 * smart / count:>8.1f}  {size / 1024:>8.0f}")


if __name__ == "__main__":
    main()
