"""Benchmark: server time of the themes views for a 300-statement workshop (target: under 200 ms).

Usage:  python bench/themes_view.py [--statements 300] [--renders 30]

Builds a workshop in a temporary SQLite database from the labelled statements in
bench/data/themes/ (cycled with small variations to reach the size), groups it, shares the themes
and opens voting with some votes, then renders each view through the test client, signed in as
the owner: the facilitator's board (page and htmx fragment), the projector's themes view (page
and feed fragment) and a phone's themes fragment. Prints median, p95 and max per view, and the
time of grouping and re-grouping.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from scratch import scratch_kit  # bench/scratch.py, beside this script
from sqlalchemy import select

from workshop.board import operations
from workshop.extensions import db
from workshop.models import Participant, Theme, Vote, Workshop, WorkshopState
from workshop.operations import WorkshopSettings, create_workshop, import_statements

ROOT = Path(__file__).resolve().parent.parent

VARIATIONS = ["", " this year", " with the team", " before the summer", " for our Trust", " next month"]


def statements(count: int) -> list[str]:
    texts: list[str] = []
    for path in sorted((ROOT / "bench" / "data" / "themes").glob("*.json")):
        texts.extend(item["text"] for item in json.loads(path.read_text(encoding="utf-8"))["statements"])
    out = []
    for i in range(count):
        base = texts[i % len(texts)]
        out.append(base + VARIATIONS[(i // len(texts)) % len(VARIATIONS)])
    return out


def timed(fn: Callable[[], object], renders: int) -> list[float]:
    fn()  # warm up: template compilation, first connection
    samples = []
    for _ in range(renders):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def report(name: str, samples: list[float]) -> None:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    print(f"{name:<38} median {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms   max {ordered[-1]:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=300)
    parser.add_argument("--renders", type=int, default=30)
    args = parser.parse_args()

    with scratch_kit() as (app, owner):
        workshop = create_workshop(owner, WorkshopSettings(title="Bench"), state=WorkshopState.OPEN)
        import_statements(workshop, statements(args.statements))
        db.session.commit()

        start = time.perf_counter()
        result = operations.group_workshop(workshop)
        db.session.commit()
        first = (time.perf_counter() - start) * 1000
        themes = db.session.scalars(select(Theme).where(Theme.workshop_id == workshop.id)).all()
        operations.rename_theme(themes[0], "Named by the facilitator")
        operations.set_locked(themes[1], True)
        start = time.perf_counter()
        operations.group_workshop(workshop)
        db.session.commit()
        again = (time.perf_counter() - start) * 1000
        operations.set_sharing(workshop, True)
        operations.set_voting(workshop, True)
        participants = db.session.scalars(select(Participant).where(Participant.workshop_id == workshop.id)).all()
        theme_ids = [t.id for t in db.session.scalars(select(Theme).where(Theme.workshop_id == workshop.id))]
        for i, participant in enumerate(participants):
            for k in range(3):
                db.session.add(Vote(theme_id=theme_ids[(i + k) % len(theme_ids)], participant_id=participant.id))
        db.session.commit()
        code, owner_id = workshop.code, owner.get_id()
        n_themes = len(theme_ids)
        version = db.session.scalar(select(Workshop.version).where(Workshop.id == workshop.id))
        print(
            f"{args.statements} statements, {n_themes} themes, {len(result.unsorted)} unsorted after the first "
            f"grouping; {args.renders} renders per view (SQLite, test client, one process)"
        )
        print(f"{'group (first time)':<38} {first:7.1f} ms")
        print(f"{'group again (a name and a lock kept)':<38} {again:7.1f} ms")

        facilitator = app.test_client()
        with facilitator.session_transaction() as session:
            session["_user_id"] = owner_id  # "id.nonce": sign-in is revocable
            session["_fresh"] = True
        phone = app.test_client()
        htmx = {"HX-Request": "true"}

        def get(client, url: str, headers: dict[str, str] | None = None, status: int = 200) -> Callable[[], object]:
            def fetch() -> object:
                response = client.get(url, headers=headers or {})
                assert response.status_code == status, (url, response.status_code)
                return response.data

            return fetch

        views = [
            ("board page", get(facilitator, f"/facilitate/w/{code}/themes")),
            ("board fragment (htmx)", get(facilitator, f"/facilitate/w/{code}/themes", htmx)),
            ("projector themes page", get(facilitator, f"/wall/{code}/themes")),
            ("projector feed fragment (changed)", get(facilitator, f"/wall/{code}/themes/feed", htmx)),
            ("projector feed, unchanged (204)", get(facilitator, f"/wall/{code}/themes/feed?v={version}", htmx, 204)),
            ("phone themes fragment (shared, voting)", get(phone, f"/j/{code}/themes", htmx)),
            ("phone page with themes", get(phone, f"/j/{code}")),
        ]
        sizes = {}
        for name, fetch in views:
            report(name, timed(fetch, args.renders))
            sizes[name] = len(fetch())  # type: ignore[arg-type]
        print("response sizes: " + ", ".join(f"{name} {size / 1024:.0f} KiB" for name, size in sizes.items()))
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
