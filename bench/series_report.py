"""Benchmark: the report of a series of 10 workshops with 3,000 statements (target: under 3 s).

Usage:  python bench/series_report.py [--workshops 10] [--statements 3000]

Two figures, best of 3 each: the pure builder on a synthetic snapshot (``samples.synthetic_series``),
and the whole download as the series page and ``export series`` make it (``documents.series_report``:
the snapshot read from a scratch SQLite database, then the builder) for a series whose statements
were imported and grouped across the series by the kit's engine. It also prints how long that
grouping took and how long the series page takes to render, for information. Prints PASS or FAIL
against the target for the download.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from samples import synthetic_series  # bench/samples.py, beside this script
from scratch import scratch_kit  # bench/scratch.py, beside this script
from themes_view import statements  # the labelled statements, cycled to any size

from exports import documents
from exports.builders.series import build_series_report
from workshop.extensions import db
from workshop.models import WorkshopState
from workshop.operations import WorkshopSettings, create_series, create_workshop, import_statements
from workshop.series.operations import group_series

TARGET_SECONDS = 3.0


def best_of(runs: int, action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workshops", type=int, default=10)
    parser.add_argument("--statements", type=int, default=3000)
    args = parser.parse_args()

    snapshot = synthetic_series(args.workshops, args.statements)
    pure = best_of(3, lambda: build_series_report(snapshot))
    size = len(build_series_report(snapshot))
    print(
        f"series of {args.workshops} workshops, {len(snapshot.statements):,} statements, {len(snapshot.themes)} themes"
    )
    print(f"  pure builder (snapshot in, .docx out)      {pure:6.2f} s   {size / 1024:.0f} KB")

    with scratch_kit() as (app, owner):
        texts = statements(args.statements)
        per = args.statements // args.workshops
        workshops = []
        for n in range(args.workshops):
            workshop = create_workshop(
                owner, WorkshopSettings(title="Impact workshop", venue=f"Place {n + 1}"), state=WorkshopState.CLOSED
            )
            import_statements(workshop, texts[n * per : (n + 1) * per])
            workshops.append(workshop)
        series = create_series(owner, "Bench tour", workshops)
        db.session.commit()
        start = time.perf_counter()
        result = group_series(series)
        db.session.commit()
        grouping = time.perf_counter() - start
        print(
            f"  grouping the series ({result.engine}, {len(result.themes)} themes)  {grouping:6.2f} s   (information)"
        )

        download = best_of(3, lambda: documents.series_report(series))
        print(f"  download: snapshot from SQLite + builder   {download:6.2f} s")

        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = owner.get_id()
            session["_fresh"] = True
        url = f"/facilitate/series/{series.id}"

        def page() -> None:
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        print(f"  series page render (test client)           {best_of(3, page):6.2f} s   (information)")
        verdict = "PASS" if download < TARGET_SECONDS else "FAIL"
        print(f"{verdict}: the series report downloads in {download:.2f} s (target under {TARGET_SECONDS:.0f} s)")


if __name__ == "__main__":
    main()
