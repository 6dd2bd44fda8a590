"""Benchmark of the "shout about it" cards page (issue 12, finding 16): 515 shared statements.

Usage:  python bench/cards_page.py [--statements 515] [--renders 10]

Before the fix the page drew all 1,030 PNGs (two sizes a statement) on every view, 41 s. Now it
lists 24 statements a page as image URLs and each PNG is drawn when the browser asks for it.
Prints the page's median and max time (first, middle and last page), then one PNG drawn cold,
again from the cache, and answered 304. No assertions: the numbers are the output.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time

from scratch import scratch_kit  # bench/scratch.py, beside this script

from workshop.extensions import db
from workshop.models import Statement, StatementStatus, WorkshopState
from workshop.operations import WorkshopSettings, create_workshop


def timed(action) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = action()
    return (time.perf_counter() - start) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=515)
    parser.add_argument("--renders", type=int, default=10)
    args = parser.parse_args()

    with scratch_kit() as (app, owner):
        workshop = create_workshop(owner, WorkshopSettings(title="Bench cards"), state=WorkshopState.CLOSED)
        db.session.add_all(
            Statement(
                workshop=workshop,
                text=f"I am going to write case study {n} with my team by the end of March",
                status=StatementStatus.VISIBLE,
                share_consent=True,
            )
            for n in range(args.statements)
        )
        db.session.commit()
        code, owner_id = workshop.code, owner.get_id()

        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = owner_id
            session["_fresh"] = True
        print(f"{args.statements} shared statements; {args.renders} renders per page (SQLite, test client)")
        first = client.get(f"/facilitate/w/{code}/cards").get_data(as_text=True)
        pages = int(re.search(r"Page 1 of (\d+)", first).group(1)) if "Page 1 of" in first else 1  # type: ignore[union-attr]
        for number in sorted({1, (pages + 1) // 2, pages}):
            times = [
                timed(lambda page=number: client.get(f"/facilitate/w/{code}/cards?page={page}"))[0]
                for _ in range(args.renders)
            ]
            print(f"page {number:>2} of {pages}   median {statistics.median(times):7.1f} ms   max {max(times):7.1f} ms")
        url = re.findall(r'<img src="([^"]+statement-[^"]+)"', first)[0].replace("&amp;", "&")
        cold, response = timed(lambda: client.get(url))
        warm, _ = timed(lambda: client.get(url))
        etag = response.headers["ETag"]  # type: ignore[attr-defined]
        revalidated, _ = timed(lambda: client.get(url, headers={"If-None-Match": etag}))
        print(f"one PNG: drawn {cold:.1f} ms, from the cache {warm:.1f} ms, 304 {revalidated:.1f} ms")


if __name__ == "__main__":
    main()
