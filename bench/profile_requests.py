"""Where a phone's requests spend their time: pyinstrument profiles of a poll and a post, in-process.

Usage (pyinstrument is a dev-only tool: ``pip install pyinstrument``):
  python bench/profile_requests.py                       # SQLite in a temporary folder
  python bench/profile_requests.py --postgres postgresql+psycopg://postgres@127.0.0.1:5432/iwk_bench
  python bench/profile_requests.py --html profile-dir    # also write the HTML profiles there

It builds the real app (``create_app``) on an empty migrated database, opens a workshop, and
sends through Flask's test client (no HTTP, no gunicorn: the app's own cost only):

- ``--polls`` phone polls of the themes section while nothing changed (htmx, with the version),
- as many polls of "has the session opened or closed?" while it has not (``/j/<code>/state``),
- ``--posts`` phones that open the join page and post two statements (htmx): the first post
  (which makes the phone's participant) and the second are costed apart,
- ``--posts`` join pages (a new phone each),
- as many ``/healthz`` requests as polls, the yardstick;
- then with a quick poll current (issue 16): the room-state poll while the room stays (2
  activities), the same poll from a phone still showing the previous activity (the panel drawn),
  and ``--posts`` phones answering the poll twice (the first answer makes the participant).

It prints each kind's mean CPU cost in milliseconds (process time, so a busy shared machine skews
it less; for posts the requesting thread's own time), the CPU per statement the embedding thread
spent making vectors after the commits, and the profile of the poll and the post
(pyinstrument's call tree, trimmed to the frames that take at least 3 % of the time).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the repository, for its migrations/

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
IDEMPOTENCY = re.compile(r'name="idempotency_key" type="hidden" value="([^"]+)"')
PHONE_POLL = re.compile(r'hx-get="(/j/[^"]+/themes\?v=\d+[^"]*)"')
STATE_POLL = re.compile(r'hx-get="(/j/[^"]+/state\?[^"]+)"')  # s=, t= (timer) and a= (the room's activity)
ANSWER_FORM = re.compile(r'action="(/j/[^"]+/a/\d+)"')
FORM_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')  # the poll's form writes its input so


def build(database_url: str):  # type: ignore[no-untyped-def]
    from flask_migrate import upgrade

    from workshop import operations
    from workshop.app import create_app
    from workshop.extensions import db
    from workshop.models import Facilitator, WorkshopState

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "profile-" + "k" * 40,
            "ADDRESS_RATE_LIMIT": "1000000 per minute",
            "NEW_PHONE_ADDRESS_LIMIT": "1000000 per minute",
            "STATEMENT_RATE_LIMIT": "1000 per minute",
        }
    )
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        facilitator = Facilitator(email="profile@example.org", name="Profile")
        facilitator.set_password("profile-password")
        db.session.add(facilitator)
        workshop = operations.create_workshop(
            facilitator, operations.WorkshopSettings(title="Profile workshop"), state=WorkshopState.OPEN
        )
        db.session.commit()
        code = workshop.code
    return app, code


def repeat(actions, costs: dict, profiles: dict) -> None:  # type: ignore[no-untyped-def]
    """Each (name, action, count): warm up once, then its mean process CPU in ms over ``count``, profiled."""
    from pyinstrument import Profiler

    for name, action, count in actions:
        action()
        profiler = Profiler(interval=0.0005)
        start = time.process_time()
        profiler.start()
        for _ in range(count):
            action()
        profiler.stop()
        costs[name] = (time.process_time() - start) / count * 1000
        profiles[name] = profiler


def quick_poll_costs(app, code: str, args: argparse.Namespace, costs: dict, profiles: dict) -> None:  # type: ignore[no-untyped-def]
    """A quick poll current (issue 16): the room-state poll while nothing moved (2 activities, so
    phones ask at ``PHONE_ROOM_POLL_SECONDS``), the same poll right after the room moved (the
    panel, drawn for each phone), and a phone's answer (its first, which makes its participant,
    and a second one that changes it)."""
    from pyinstrument import Profiler

    from workshop.activities import agenda
    from workshop.extensions import db
    from workshop.models import ActivityKind, Workshop

    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        statements_id = workshop.current_activity.id
        options = ["Setting the aim", "Finding the evidence", "Telling the story", "Keeping it going"]
        poll = agenda.add(workshop, ActivityKind.POLL, "Poll", "Which step is hardest?", {"options": options})
        agenda.go_to(workshop, poll)
        db.session.commit()
    htmx = {"HX-Request": "true"}
    phone = app.test_client()
    page = phone.get(f"/j/{code}").get_data(as_text=True)
    match = STATE_POLL.search(page)
    assert match, "no state poll on the page"
    state_url = match.group(1).replace("&amp;", "&")
    moved_url = re.sub(r"a=\d+", f"a={statements_id}", state_url)  # a phone still showing the statements

    def nothing_new() -> None:
        assert phone.get(state_url, headers=htmx).status_code == 204

    def moved() -> None:
        assert phone.get(moved_url, headers=htmx).status_code == 200

    repeat(
        (("room poll, nothing new", nothing_new, args.polls), ("room poll, room moved", moved, args.posts)),
        costs,
        profiles,
    )

    profiler = Profiler(interval=0.0005)
    spent = {"poll answer (first)": 0.0, "poll answer (changed)": 0.0}
    for number in range(args.posts):
        client = app.test_client()
        html = client.get(f"/j/{code}").get_data(as_text=True)
        for index, kind in enumerate(spent):
            token, form = FORM_CSRF.search(html), ANSWER_FORM.search(html)
            assert token and form
            data = {"csrf_token": token.group(1), "choice": str((number + index) % len(options))}
            start = time.thread_time()
            profiler.start()
            response = client.post(form.group(1), data=data, headers=htmx | {"X-CSRFToken": token.group(1)})
            profiler.stop()
            spent[kind] += time.thread_time() - start
            assert response.status_code == 200, response.status_code
            html = response.get_data(as_text=True)
    for kind, seconds in spent.items():
        costs[kind] = seconds / args.posts * 1000
    profiles["poll answer"] = profiler


def main() -> int:
    from pyinstrument import Profiler

    try:
        from workshop.embeddings import wait_for_embeddings
    except ImportError:  # before statements were embedded off the request
        wait_for_embeddings = None  # type: ignore[assignment]

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL bench database (emptied first)")
    parser.add_argument("--polls", type=int, default=2000)
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--html", type=Path, help="a folder for the HTML profiles")
    parser.add_argument("--costs-only", action="store_true", help="no profiler: the costs without its overhead")
    args = parser.parse_args()
    if args.costs_only:
        Profiler.start = Profiler.stop = lambda self, *a, **k: None  # type: ignore[method-assign]

    with tempfile.TemporaryDirectory(prefix="iwk-profile-") as tmp:
        if args.postgres:
            from load import prepare_postgres  # the load bench's "empty the bench database"

            prepare_postgres(args.postgres)
            url = args.postgres
        else:
            url = f"sqlite:///{Path(tmp) / 'profile.sqlite3'}"
        app, code = build(url)
        htmx = {"HX-Request": "true"}

        phone = app.test_client()
        page = phone.get(f"/j/{code}").get_data(as_text=True)
        match = PHONE_POLL.search(page)
        poll_url = match.group(1).replace("&amp;", "&") if match else f"/j/{code}/themes"

        state_match = STATE_POLL.search(page)
        state_url = state_match.group(1).replace("&amp;", "&") if state_match else f"/j/{code}/state?s=open"

        def state_poll() -> None:
            status = phone.get(state_url, headers=htmx).status_code
            assert status == 204, status

        def healthz() -> None:
            assert app.test_client().get("/healthz").status_code == 200

        def poll() -> None:
            status = phone.get(poll_url, headers=htmx).status_code
            assert status == 204, status

        costs: dict[str, float] = {}
        profiles: dict[str, Profiler] = {}

        def join_page() -> None:
            assert app.test_client().get(f"/j/{code}").status_code == 200

        repeat(
            (
                ("healthz", healthz, args.polls),
                ("phone poll", poll, args.polls),
                ("open/closed poll", state_poll, args.polls),
                ("join page", join_page, args.posts),
            ),
            costs,
            profiles,
        )

        # Each phone posts twice: its first post (which makes its participant) and a second one.
        profiler = Profiler(interval=0.0005)
        spent = {"post (first)": 0.0, "post (again)": 0.0}
        phase_process, phase_thread = time.process_time(), time.thread_time()
        for number in range(args.posts):
            client = app.test_client()
            html = client.get(f"/j/{code}").get_data(as_text=True)
            for kind in spent:
                token, key = CSRF.search(html), IDEMPOTENCY.search(html)
                assert token and key
                data = {
                    "csrf_token": token.group(1),
                    "idempotency_key": key.group(1),
                    "text": f"Phone {number} {kind}: I will write an impact case study with my team by June.",
                }
                headers = htmx | {"X-CSRFToken": token.group(1)}
                start = time.thread_time()  # this thread's: the request runs here, the embedding does not
                profiler.start()
                response = client.post(f"/j/{code}", data=data, headers=headers)
                profiler.stop()
                spent[kind] += time.thread_time() - start
                assert response.status_code == 200, response.status_code
                html = response.get_data(as_text=True)
                costs.setdefault("post response KB", len(response.get_data()) / 1024)
        for kind, seconds in spent.items():
            costs[kind] = seconds / args.posts * 1000
        profiles["post"] = profiler
        quick_poll_costs(app, code, args, costs, profiles)
        if wait_for_embeddings is not None:
            wait_for_embeddings()  # the vectors, made after the commits by the embedding thread
            other = (time.process_time() - phase_process) - (time.thread_time() - phase_thread)
            costs["embedding, per statement, off the request"] = other / (2 * args.posts) * 1000

        for name, value in costs.items():
            unit = "" if name.endswith("KB") else " ms"
            print(f"{name:42} {value:8.2f}{unit}")
        shown = ("phone poll", "join page", "post", "room poll, nothing new", "room poll, room moved", "poll answer")
        for name in () if args.costs_only else shown:
            print(f"\n===== profile: {name}")
            print(profiles[name].output_text(time="percent_of_total"))
            flat = profiles[name].output_text(flat=True, flat_time="total", show_all=True, time="percent_of_total")
            print("\n".join(flat.splitlines()[:40]))  # inclusive time per function, the costliest first
            if args.html:
                args.html.mkdir(parents=True, exist_ok=True)
                (args.html / f"{name.replace(' ', '-')}.html").write_text(profiles[name].output_html())
    return 0


if __name__ == "__main__":
    sys.exit(main())
