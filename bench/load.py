"""Load benchmark: simulated phones and walls against the real server (gunicorn), loopback only.

Usage:
  python bench/load.py                                   # 100, 300, 500, 1000 participants, SQLite
  python bench/load.py -n 500 2000 --scenario poll       # a quick poll current instead of statements
  python bench/load.py -n 2000 --postgres postgresql+psycopg://postgres@127.0.0.1:5432/iwk_bench
  python bench/load.py -n 2000 --servers 2 --postgres URL --redis redis://127.0.0.1:6379/0 --json out.jsonl

For each number of participants N and each database, the bench prepares an empty database
(``flask db upgrade``, as ``make serve`` does), starts ``--servers`` gunicorn servers with the
checked-in ``gunicorn.conf.py`` on free ports of 127.0.0.1 (sharing the database, and Redis for
rate limits when given), creates a facilitator and an open workshop with the host commands, then:

1. measures ``/healthz`` throughput (closed loop, 32 connections, 4 s): the machine's yardstick;
2. runs the workshop: N phones, spread over the servers, arrive over ``--ramp`` seconds; each
   opens the join page and fetches what it links (stylesheet, scripts, icon) as a browser with an
   empty cache does, then posts 3 statements through the real form (CSRF token and idempotency
   key taken from the page, htmx headers as a browser sends them) a few seconds apart, and polls
   its themes section as the page does: with the version it shows, after the seconds the last
   answer's ``X-Poll-Seconds`` said. Each server has a signed-in wall polling the feed every
   second. Two thirds into the run the facilitator groups the statements, shares the themes and
   opens voting; each phone's next poll brings the themes and the phone votes for one. With two
   servers a probe posts on one and times how long the other's wall takes to show it. A POST
   that fails at the connection level is retried with the same idempotency key, as a person
   tapping Send again would;
3. measures submit capacity (closed loop: 32 phones posting as fast as the servers answer);
4. reads every statement back through the facilitator's JSON export and compares statements
   stored with statements accepted (they must be equal, with no duplicate).

With ``--scenario poll`` phase 2 is a quick poll instead (issue 16): the facilitator adds a poll
after the statements (so the agenda has two activities and phones ask at
``PHONE_ROOM_POLL_SECONDS`` whether the room moved); N phones arrive over ``--ramp`` seconds, open
the join page and its files, and poll the room's state as the page does (``/j/<code>/state``,
204 while the room is where they show it, after the seconds ``X-Poll-Seconds`` said); 5 s after
the last arrival the facilitator presses Next on the remote; each phone's next poll brings the
poll, and every phone answers it through the real form within 30 s of the move (after
``--answer-min`` to ``--answer-within`` seconds). Answers stored (read from the shared database)
must equal answers accepted, one per phone. It prints how soon the phones showed the poll and
when the answers were in. Phase 3 and 4 are skipped (no statements).

It prints per-route throughput and latency p50/p95/p99 of phase 2, the errors, stored versus
accepted, submit capacity / healthz throughput (a ratio comparable across machines), and the CPU
the load generator, the app servers and the whole machine used during phase 2. Everything is
bounded: N is capped at 4,000, phases have fixed durations, and every request has a timeout. The
load generator shares the machine's cores with the server, so figures are conservative. All
phones share 127.0.0.1, so the server's per-address backstop (``ADDRESS_RATE_LIMIT``) is raised
for the bench; per-participant limits stay as configured.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import resource
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
CSRF = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|"X-CSRFToken": "([^"]+)"|name="csrf_token" value="([^"]+)"'
)
IDEMPOTENCY = re.compile(r'name="idempotency_key" type="hidden" value="([^"]+)"')
VERSION = re.compile(r'data-version="(\d+)"')
PHONE_POLL = re.compile(r'hx-get="(/j/[^"]+/themes\?v=\d+[^"]*)"')
POLL_SECONDS = re.compile(r'data-poll-seconds="(\d+)"')
ASSETS = re.compile(r'(?:href|src)="(/(?:static|assets)/[^"]+)"')
VOTE = re.compile(r'action="(/j/[^"]+/themes/t/\d+/vote)"')
STATE_POLL = re.compile(r'hx-get="(/j/[^"]+/state\?[^"]+)"[^>]*data-poll-seconds="(\d+(?:\.\d+)?)"')
ANSWER_FORM = re.compile(r'action="(/j/[^"]+/a/(\d+))"')
POLL_OPTION = re.compile(r'name="choice" value="(\d+)"')
ANSWER_NOTICES = ("Thank you: your answer is in", "We have that answer already", "Your answer is changed")
SEED = (ROOT / "tests" / "data" / "map-on-tour-statements.txt").read_text(encoding="utf-8").splitlines()
PASSWORD = secrets.token_urlsafe(16)  # a fresh facilitator password for each run
EMAIL = "bench@example.org"
MAX_PARTICIPANTS = 4000
REQUEST_TIMEOUT = aiohttp.ClientTimeout(total=30)
ACCEPTED_NOTICES = ("Thank you", "We already had that one")


# --------------------------------------------------------------------------- server and database


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare_postgres(url: str) -> None:
    """Create the bench database if needed and empty it (never the test suite's database)."""
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://")
    base, _, name = plain.rpartition("/")
    if name in {"test", "postgres", ""}:
        raise SystemExit(f"refusing to use database {name!r} for the bench: name a bench database")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


def flask_cli(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    result = subprocess.run(
        [str(VENV_BIN / "flask"), "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if result.returncode != 0:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


@dataclass
class Server:
    database_url: str
    workdir: Path
    redis_url: str = ""
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN_", "FLASK_"))}
        env.update(
            DATABASE_URL=self.database_url,
            SECRET_KEY="bench-" + "k" * 40,
            HOST="127.0.0.1",
            PORT=str(self.port),
            ADDRESS_RATE_LIMIT="1000000 per minute",
            NEW_PHONE_ADDRESS_LIMIT="1000000 per minute",  # every simulated phone is new, on 127.0.0.1
            REDIS_URL=self.redis_url,
            GUNICORN_ACCESS_LOG=str(self.workdir / "access.log"),
            PYTHONUNBUFFERED="1",
        )
        return env

    def prepare(self) -> str:
        """Migrate, create the facilitator and an open workshop; return its code."""
        env = self.env()
        flask_cli(env, "db", "upgrade")
        flask_cli(env, "facilitator", "create", EMAIL, "--password-stdin", stdin=PASSWORD + "\n")
        out = flask_cli(env, "workshop", "create", "Load bench workshop", "--facilitator", EMAIL)
        match = re.search(r"code: (\S+)", out)
        assert match, out
        return match.group(1)

    def start(self) -> None:
        log = (self.workdir / "server.log").open("ab")
        self.process = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "--config", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {self.workdir / 'server.log'}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return
            time.sleep(0.2)
        raise SystemExit("gunicorn did not start within 30 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# --------------------------------------------------------------------------- measurements


@dataclass
class Recorder:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_kinds: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    started: float = 0.0
    finished: float = 0.0

    def ok(self, route: str, seconds: float) -> None:
        self.latencies[route].append(seconds)

    def error(self, route: str, kind: str) -> None:
        self.errors[route] += 1
        self.error_kinds[f"{route}: {kind}"] += 1


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


async def timed(
    recorder: Recorder,
    route: str,
    session: aiohttp.ClientSession,
    method: str,
    url: str,
    *,
    expect: tuple[int, ...] = (200,),
    **kwargs: object,
) -> tuple[int, str, dict[str, str]] | None:
    """One request: its latency under ``route``, or an error (bad status, timeout, reset)."""
    start = time.perf_counter()
    try:
        async with session.request(method, url, allow_redirects=False, **kwargs) as response:  # type: ignore[arg-type]
            body = await response.text()
            status = response.status
            headers = dict(response.headers)
    except (TimeoutError, aiohttp.ClientError) as problem:
        recorder.error(route, type(problem).__name__)
        return None
    elapsed = time.perf_counter() - start
    if status not in expect:
        recorder.error(route, f"HTTP {status}")
        return status, body, headers
    recorder.ok(route, elapsed)
    return status, body, headers


def new_session(limit: int = 1) -> aiohttp.ClientSession:
    """A phone: its own cookie jar and its own keep-alive connection."""
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=limit, force_close=False),
        cookie_jar=aiohttp.CookieJar(unsafe=True),  # cookies for 127.0.0.1 (an IP address)
        timeout=REQUEST_TIMEOUT,
        headers={"User-Agent": "iwk-bench/1", "Accept-Encoding": "gzip"},
    )


def csrf_of(html: str) -> str:
    match = CSRF.search(html)
    return next((group for group in match.groups() if group), "") if match else ""


async def sign_in(base: str, session: aiohttp.ClientSession) -> None:
    async with session.get(f"{base}/auth/sign-in") as page:
        token = csrf_of(await page.text())
    async with session.post(
        f"{base}/auth/sign-in",
        data={"csrf_token": token, "email": EMAIL, "password": PASSWORD},
        allow_redirects=False,
    ) as response:
        if response.status != 302:
            raise SystemExit(f"facilitator sign-in failed: HTTP {response.status}")


@dataclass
class Ledger:
    """What the server told the phones it accepted: (phone, statement number) → text."""

    accepted: dict[tuple[str, int], str] = field(default_factory=dict)
    posts_sent: int = 0
    votes: int = 0


async def post_statement(
    base: str, code: str, session: aiohttp.ClientSession, html: str, text: str, recorder: Recorder, route: str
) -> str | None:
    """Send one statement through the form as htmx does; retry a dropped connection with the same key."""
    token, key_match = csrf_of(html), IDEMPOTENCY.search(html)
    data = {"csrf_token": token, "text": text, "idempotency_key": key_match.group(1) if key_match else ""}
    headers = {"HX-Request": "true", "HX-Current-URL": f"{base}/j/{code}", "X-CSRFToken": token}
    for attempt in range(3):
        result = await timed(recorder, route, session, "POST", f"{base}/j/{code}", data=data, headers=headers)
        if result is not None:
            status, body, _ = result
            return body if status == 200 and any(n in body for n in ACCEPTED_NOTICES) else None
        await asyncio.sleep(0.5 * (attempt + 1))
    return None


async def first_visit_assets(base: str, session: aiohttp.ClientSession, html: str, recorder: Recorder) -> None:
    """What a browser with an empty cache fetches after the page: its stylesheet, scripts and icon."""
    for path in dict.fromkeys(ASSETS.findall(html)):
        await timed(recorder, "GET static (first visit)", session, "GET", base + path.replace("&amp;", "&"))


async def phone(
    base: str,
    code: str,
    number: int,
    arrival: float,
    stop_at: float,
    args: argparse.Namespace,
    recorder: Recorder,
    ledger: Ledger,
) -> tuple[int, list[str]]:
    """One participant: join, then 3 statements a few seconds apart, polling when the server says.

    The participant page polls its themes section (``/j/<code>/themes?v=N...``, 204 while
    nothing changed) after the number of seconds the last answer's ``X-Poll-Seconds`` said (the
    page's ``data-poll-seconds`` at first), as static/app.js does. Once the facilitator shares
    the themes with voting on, the phone's poll brings them, and it votes for one theme.
    """
    rng = random.Random(number)  # noqa: S311 - timing jitter, not security
    accepted: list[str] = []
    await asyncio.sleep(arrival)
    async with new_session() as session:
        result = await timed(recorder, "GET /j/<code> (join page)", session, "GET", f"{base}/j/{code}")
        if result is None:
            return number, accepted
        html = result[1]
        await first_visit_assets(base, session, html, recorder)
        poll_url = _poll_url(base, html) or f"{base}/j/{code}/themes"
        wait = _poll_seconds(html, args.phone_poll)
        voted = False

        async def vote(fragment: str) -> None:
            nonlocal voted, poll_url, wait
            actions = VOTE.findall(fragment)
            if not actions:
                return
            voted = True
            token = csrf_of(fragment)
            headers = {"HX-Request": "true", "X-CSRFToken": token}
            data = {"csrf_token": token, "action": "vote"}
            answer = await timed(
                recorder, "POST vote", session, "POST", base + rng.choice(actions), data=data, headers=headers
            )
            if answer is not None and answer[0] == 200:
                ledger.votes += 1
                poll_url = _poll_url(base, answer[1]) or poll_url

        async def poll_until(deadline: float) -> None:
            nonlocal poll_url, wait
            while time.monotonic() + wait < deadline:
                await asyncio.sleep(wait)
                polled = await timed(
                    recorder,
                    "GET /j/<code>/themes (phone poll)",
                    session,
                    "GET",
                    poll_url,
                    headers={"HX-Request": "true"},
                    expect=(200, 204),
                )
                if polled is None:
                    continue
                status, body, headers = polled
                wait = float(headers.get("X-Poll-Seconds") or wait)
                if status == 200:
                    poll_url = _poll_url(base, body) or poll_url
                    if not voted:
                        await vote(body)

        for index in range(3):
            if time.monotonic() >= stop_at:
                break  # a server that fell behind: the run still ends on time
            wait_until = time.monotonic() + rng.uniform(*args.think)
            await poll_until(wait_until)
            await asyncio.sleep(max(0.0, wait_until - time.monotonic()))
            text = f"Phone {number} statement {index + 1}: {rng.choice(SEED)}"
            body = await post_statement(base, code, session, html, text, recorder, "POST /j/<code> (statement)")
            if body is not None:
                accepted.append(text)
                html = body
                poll_url = _poll_url(base, body) or poll_url
        await poll_until(stop_at)
    return number, accepted


@dataclass
class PollLedger:
    """The quick-poll scenario: which phones the server told their answer was in, and when."""

    activity_id: int = 0
    moved_at: float = 0.0  # when the facilitator's "Next" (room onto the poll) was answered
    accepted: set[int] = field(default_factory=set)
    answer_seconds: list[float] = field(default_factory=list)  # from the move to the accepted answer
    followed_seconds: list[float] = field(default_factory=list)  # from the move to the phone showing the poll


def _state_poll(base: str, html: str) -> tuple[str, float] | None:
    """The room-state poll the page's htmx would request next, and after how many seconds."""
    match = STATE_POLL.search(html)
    return (base + match.group(1).replace("&amp;", "&"), float(match.group(2))) if match else None


async def poll_phone(
    base: str,
    code: str,
    number: int,
    arrival: float,
    stop_at: float,
    args: argparse.Namespace,
    recorder: Recorder,
    ledger: PollLedger,
) -> None:
    """One participant in a quick poll: join, follow the room by its state poll, answer the poll.

    The page polls ``/j/<code>/state?s=..&t=..&a=..`` after the seconds the last answer's
    ``X-Poll-Seconds`` said (the element's ``data-poll-seconds`` at first), as static/app.js does;
    204 while the room is where the phone shows it. When the facilitator moves the room onto the
    poll, the next poll brings the panel with the poll's form; the phone answers after a person's
    few seconds (all within 30 s of the move) through the real form (CSRF token, htmx headers),
    retrying a dropped connection with the same choice (answering again stores it once).
    """
    rng = random.Random(number)  # noqa: S311 - timing jitter, not security
    await asyncio.sleep(arrival)
    async with new_session() as session:
        result = await timed(recorder, "GET /j/<code> (join page)", session, "GET", f"{base}/j/{code}")
        if result is None:
            return
        html = result[1]
        await first_visit_assets(base, session, html, recorder)
        state = _state_poll(base, html)
        if state is None:
            recorder.error("GET /j/<code> (join page)", "no state poll on the page")
            return
        poll_url, wait = state
        answer_due: float | None = None
        answered = False

        def showing(panel: str) -> None:
            nonlocal html, poll_url, answer_due
            html = panel
            if (found := _state_poll(base, panel)) is not None:
                poll_url = found[0]
            form = ANSWER_FORM.search(panel)
            if form and int(form.group(2)) == ledger.activity_id and answer_due is None and not answered:
                ledger.followed_seconds.append(time.monotonic() - ledger.moved_at)
                # a person reads, chooses and taps: within 30 s of the room moving
                chosen_at = ledger.moved_at + rng.uniform(args.answer_min, args.answer_within)
                answer_due = max(time.monotonic() + args.answer_min / 2, chosen_at)

        showing(html)
        while time.monotonic() < stop_at:
            next_poll = time.monotonic() + wait
            if answer_due is not None and not answered and answer_due < next_poll:
                await asyncio.sleep(max(0.0, answer_due - time.monotonic()))
                panel = await _answer_poll(base, session, html, rng, recorder, ledger, number)
                answered = panel is not None
                answer_due = None  # answered; or refused, and it answers again when a panel shows the poll
                if panel is not None:
                    showing(panel)  # the answer is the fresh panel, with its state poll
                continue
            await asyncio.sleep(max(0.0, next_poll - time.monotonic()))
            polled = await timed(
                recorder,
                "GET /j/<code>/state (room poll)",
                session,
                "GET",
                poll_url,
                headers={"HX-Request": "true"},
                expect=(200, 204, 286),
            )
            if polled is None:
                continue
            status, body, headers = polled
            wait = float(headers.get("X-Poll-Seconds") or wait)
            if status in (200, 286):
                showing(body)


async def _answer_poll(
    base: str,
    session: aiohttp.ClientSession,
    html: str,
    rng: random.Random,
    recorder: Recorder,
    ledger: PollLedger,
    number: int,
) -> str | None:
    """Send the phone's choice through the poll's form; the panel that came back when it was taken."""
    form = ANSWER_FORM.search(html)
    options = POLL_OPTION.findall(html)
    if form is None or not options:
        return None
    token = csrf_of(html)
    data = {"csrf_token": token, "choice": rng.choice(options)}
    headers = {"HX-Request": "true", "X-CSRFToken": token}
    for attempt in range(3):
        result = await timed(
            recorder,
            "POST /j/<code>/a/<id> (poll answer)",
            session,
            "POST",
            base + form.group(1),
            data=data,
            headers=headers,
        )
        if result is not None:
            status, body, _ = result
            if status == 200 and any(notice in body for notice in ANSWER_NOTICES):
                ledger.accepted.add(number)
                ledger.answer_seconds.append(time.monotonic() - ledger.moved_at)
                return body
            return None
        await asyncio.sleep(0.5 * (attempt + 1))
    return None


def _poll_url(base: str, html: str) -> str | None:
    """The themes poll URL (with its version) that the page's htmx would request next."""
    match = PHONE_POLL.search(html)
    return base + match.group(1).replace("&amp;", "&") if match else None


def _poll_seconds(html: str, default: float) -> float:
    match = POLL_SECONDS.search(html)
    return float(match.group(1)) if match else default


async def wall(base: str, code: str, stop_at: float, recorder: Recorder) -> int:
    """A projector wall: poll the feed every second with the version it shows."""
    updates = 0
    async with new_session() as session:
        await sign_in(base, session)
        version = "0"
        while time.monotonic() < stop_at:
            tick = time.monotonic()
            result = await timed(
                recorder,
                "GET /wall/<code>/feed (wall poll)",
                session,
                "GET",
                f"{base}/wall/{code}/feed",
                params={"v": version},
                headers={"HX-Request": "true"},
                expect=(200, 204),
            )
            if result is not None and result[0] == 200:
                match = VERSION.search(result[1])
                version = match.group(1) if match else version
                updates += 1
            await asyncio.sleep(max(0.0, 1.0 - (time.monotonic() - tick)))
    return updates


async def facilitator(base: str, code: str, at: float, recorder: Recorder) -> None:
    """Two thirds into the run the facilitator groups the statements, shares the themes and opens voting."""
    await asyncio.sleep(max(0.0, at - time.monotonic()))
    board = f"{base}/facilitate/w/{code}/themes"
    async with new_session() as session:
        for _attempt in range(3):  # a starved server may time the sign-in out: count it, try again
            try:
                await sign_in(base, session)
                break
            except (TimeoutError, aiohttp.ClientError) as problem:
                recorder.error("POST sign-in (facilitator)", type(problem).__name__)
        else:
            return
        page = await timed(recorder, "GET board (facilitator)", session, "GET", board)
        if page is None:
            return
        token = csrf_of(page[1])
        for route, path, data in (
            ("POST group themes (facilitator)", "/group", {"size": "auto"}),
            ("POST share + voting (facilitator)", "/share", {"state": "on"}),
            ("POST share + voting (facilitator)", "/voting", {"state": "on"}),
        ):
            await timed(
                recorder, route, session, "POST", board + path, data={"csrf_token": token, **data}, expect=(303,)
            )


async def add_poll(base: str, code: str) -> int:
    """Before the phones come: the facilitator adds a quick poll after the statements; its activity id."""
    async with new_session() as session:
        await sign_in(base, session)
        new = f"{base}/facilitate/w/{code}/activities/new?kind=poll"
        async with session.get(new) as page:
            token = csrf_of(await page.text())
        data = {
            "csrf_token": token,
            "title": "Bench poll",
            "prompt": "Which step of demonstrating impact is hardest for you?",
            "options": "Setting the aim\nFinding the evidence\nTelling the story\nKeeping it going",
            "multiple": "single",
        }
        async with session.post(new, data=data, allow_redirects=False) as response:
            if response.status != 303:
                raise SystemExit(f"adding the poll failed: HTTP {response.status}")
            match = re.search(r"#a(\d+)$", response.headers.get("Location", ""))
            if match is None:
                raise SystemExit(f"adding the poll: no activity in {response.headers.get('Location')!r}")
            return int(match.group(1))


async def move_room(base: str, code: str, at: float, recorder: Recorder, ledger: PollLedger) -> None:
    """At ``at`` the facilitator presses Next: the room moves from the statements onto the poll."""
    await asyncio.sleep(max(0.0, at - time.monotonic()))
    async with new_session() as session:
        for _attempt in range(3):
            try:
                await sign_in(base, session)
                break
            except (TimeoutError, aiohttp.ClientError) as problem:
                recorder.error("POST sign-in (facilitator)", type(problem).__name__)
        else:
            return
        page = await timed(recorder, "GET remote (facilitator)", session, "GET", f"{base}/facilitate/w/{code}/remote")
        if page is None:
            return
        ledger.moved_at = time.monotonic()  # phones that poll during the request may see it already
        await timed(
            recorder,
            "POST room next (facilitator)",
            session,
            "POST",
            f"{base}/facilitate/w/{code}/room",
            data={"csrf_token": csrf_of(page[1]), "action": "next", "back": "remote"},
            expect=(303,),
        )


def stored_poll_answers(database_url: str, activity_id: int) -> tuple[int, int]:
    """(answers, distinct participants) stored for the poll, read from the database the servers share."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            row = connection.execute(
                text("SELECT count(*), count(DISTINCT participant_id) FROM poll_answer WHERE activity_id = :a"),
                {"a": activity_id},
            ).one()
    finally:
        engine.dispose()
    return int(row[0]), int(row[1])


async def cross_server_probe(post_base: str, wall_base: str, code: str, stop_at: float, ledger: Ledger) -> list[float]:
    """Post on one server, watch a wall served by the other (polling every second, as the wall does).

    Returns the seconds from "the post was answered" to "the other server's wall showed it".
    """
    delays: list[float] = []
    recorder = Recorder()
    async with new_session() as watcher:
        await sign_in(wall_base, watcher)
        number = 0
        while time.monotonic() + 8 < stop_at:
            number += 1
            text = f"Probe {number}: posted on one server, shown by the other within 2 s."
            async with new_session() as poster:
                page = await timed(recorder, "probe page", poster, "GET", f"{post_base}/j/{code}")
                if page is None:
                    continue
                version = "0"
                first = await timed(
                    recorder,
                    "probe wall",
                    watcher,
                    "GET",
                    f"{wall_base}/wall/{code}/feed",
                    headers={"HX-Request": "true"},
                    params={"v": "0"},
                )
                if first is not None:
                    match = VERSION.search(first[1])
                    version = match.group(1) if match else version
                if await post_statement(post_base, code, poster, page[1], text, recorder, "probe post") is None:
                    continue
                ledger.accepted[(f"probe{number}", 0)] = text
                posted = time.monotonic()
                await asyncio.sleep(random.uniform(0, 1))  # noqa: S311 - the wall's poll phase
                while time.monotonic() - posted < 10:
                    shown = await timed(
                        recorder,
                        "probe wall",
                        watcher,
                        "GET",
                        f"{wall_base}/wall/{code}/feed",
                        headers={"HX-Request": "true"},
                        params={"v": version},
                        expect=(200, 204),
                    )
                    if shown is not None and shown[0] == 200:
                        match = VERSION.search(shown[1])
                        version = match.group(1) if match else version
                        if text in shown[1]:
                            delays.append(time.monotonic() - posted)
                            break
                    await asyncio.sleep(1.0)
            await asyncio.sleep(4.0)
    return delays


async def closed_loop(seconds: float, concurrency: int, worker) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    """Run ``worker(deadline)`` on ``concurrency`` tasks; each returns how many requests succeeded."""
    start = time.perf_counter()
    deadline = time.monotonic() + seconds
    done = await asyncio.gather(*(worker(deadline, i) for i in range(concurrency)))
    return sum(done), time.perf_counter() - start


async def healthz_throughput(bases: list[str], seconds: float, concurrency: int) -> float:
    recorder = Recorder()

    async def worker(deadline: float, slot: int) -> int:
        count = 0
        base = bases[slot % len(bases)]
        async with new_session() as session:
            while time.monotonic() < deadline:
                if await timed(recorder, "healthz", session, "GET", f"{base}/healthz") is not None:
                    count += 1
        return count

    count, elapsed = await closed_loop(seconds, concurrency, worker)
    return count / elapsed


async def submit_capacity(
    bases: list[str], code: str, seconds: float, concurrency: int, ledger: Ledger
) -> tuple[float, Recorder]:
    """Phones posting as fast as the server answers: new participant, page, 3 posts, repeat."""
    recorder = Recorder()

    async def worker(deadline: float, slot: int) -> int:
        posted = 0
        round_ = 0
        base = bases[slot % len(bases)]
        while time.monotonic() < deadline:
            round_ += 1
            async with new_session() as session:
                result = await timed(recorder, "join", session, "GET", f"{base}/j/{code}")
                if result is None:
                    continue
                html = result[1]
                for index in range(3):
                    if time.monotonic() >= deadline:
                        break
                    text = f"Capacity {slot}.{round_} statement {index + 1}: a SMART plan for outreach."
                    ledger.posts_sent += 1
                    body = await post_statement(base, code, session, html, text, recorder, "submit")
                    if body is not None:
                        ledger.accepted[(f"c{slot}.{round_}", index)] = text
                        html = body
                        posted += 1
        return posted

    count, elapsed = await closed_loop(seconds, concurrency, worker)
    return count / elapsed, recorder


async def stored_statements(base: str, code: str) -> list[str]:
    async with new_session() as session:
        await sign_in(base, session)
        async with session.get(f"{base}/facilitate/w/{code}/statements.json") as response:
            document = json.loads(await response.text())
    return [row["text"] for row in document["statements"]]


def _machine_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine since boot, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def _process_tree_ticks(root: int) -> int:
    """CPU ticks used by ``root`` (gunicorn's master), its live workers and the workers it reaped."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parts = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(stat.parent.name), int(parts[1])
        if pid == root:
            total += sum(int(x) for x in parts[11:15])  # utime, stime, cutime, cstime
        elif ppid == root:
            total += int(parts[11]) + int(parts[12])
    return total


async def run_once(
    bases: list[str], server_pids: list[int], code: str, participants: int, args: argparse.Namespace
) -> dict[str, object]:
    load_before = os.getloadavg()
    healthz = await healthz_throughput(bases, args.healthz_seconds, 32)

    recorder = Recorder()
    ledger = Ledger()
    rng = random.Random(participants)  # noqa: S311
    phone_span = args.ramp + 3 * args.think[1] + 2 * args.phone_poll
    own_cpu = resource.getrusage(resource.RUSAGE_SELF)
    machine_before, servers_before = _machine_ticks(), [_process_tree_ticks(pid) for pid in server_pids]
    recorder.started = time.monotonic()
    stop_at = recorder.started + phone_span
    arrivals = sorted(rng.uniform(0, args.ramp) for _ in range(participants))
    walls = [asyncio.create_task(wall(base, code, stop_at, recorder)) for base in bases]
    themes = asyncio.create_task(facilitator(bases[0], code, recorder.started + phone_span * 2 / 3, recorder))
    probe = (
        asyncio.create_task(cross_server_probe(bases[0], bases[1], code, stop_at, ledger)) if len(bases) > 1 else None
    )
    phones = await asyncio.gather(
        *(
            phone(bases[i % len(bases)], code, i, arrivals[i], stop_at, args, recorder, ledger)
            for i in range(participants)
        )
    )
    wall_updates = await asyncio.gather(*walls)
    await themes
    delays = await probe if probe is not None else []
    recorder.finished = time.monotonic()
    own_after = resource.getrusage(resource.RUSAGE_SELF)
    machine_after, servers_after = _machine_ticks(), [_process_tree_ticks(pid) for pid in server_pids]
    for number, texts in phones:
        for index, text in enumerate(texts):
            ledger.accepted[(f"p{number}", index)] = text

    capacity_before = _machine_ticks(), [_process_tree_ticks(pid) for pid in server_pids]
    capacity_started = time.monotonic()
    capacity, capacity_recorder = await submit_capacity(bases, code, args.capacity_seconds, 32, ledger)
    capacity_seconds = time.monotonic() - capacity_started
    capacity_after = _machine_ticks(), [_process_tree_ticks(pid) for pid in server_pids]
    capacity_server_seconds = sum(
        a - b for a, b in zip(capacity_after[1], capacity_before[1], strict=True)
    ) / os.sysconf("SC_CLK_TCK")
    stored = await stored_statements(bases[0], code)
    duration = recorder.finished - recorder.started
    accepted_texts = list(ledger.accepted.values())
    result = _common_result(
        recorder,
        participants,
        bases,
        duration,
        load_before,
        healthz,
        own_cpu,
        own_after,
        machine_before,
        machine_after,
        servers_before,
        servers_after,
    )
    result.update(
        scenario="statements",
        errors=dict(recorder.error_kinds) | {f"capacity {k}": v for k, v in capacity_recorder.error_kinds.items()},
        accepted=len(accepted_texts),
        stored=len(stored),
        duplicates=len(stored) - len(set(stored)),
        missing=len(set(accepted_texts) - set(stored)),
        votes=ledger.votes,
        wall_updates=sum(wall_updates),
        cross_server_delays_s=delays,
        submit_capacity_per_second=capacity,
        submit_p95_ms_at_capacity=percentile(capacity_recorder.latencies["submit"], 0.95) * 1000,
        ratio=capacity / healthz if healthz else float("nan"),
        # While 32 phones post flat out: the app servers' share of the machine and their CPU per
        # post. A share well under the machine's means the posts wait on something (a lock), not the CPU.
        capacity_servers_cpu=capacity_server_seconds / capacity_seconds / (os.cpu_count() or 1),
        capacity_machine_cpu=(capacity_after[0][0] - capacity_before[0][0])
        / max(1, capacity_after[0][1] - capacity_before[0][1]),
        capacity_cpu_ms_per_post=capacity_server_seconds * 1000 / max(1, capacity * capacity_seconds),
    )
    return result


async def run_poll_once(
    bases: list[str], server_pids: list[int], code: str, participants: int, args: argparse.Namespace, database_url: str
) -> dict[str, object]:
    """The quick-poll scenario: phones join and follow the room; the room moves onto a poll; all answer in 30 s."""
    load_before = os.getloadavg()
    healthz = await healthz_throughput(bases, args.healthz_seconds, 32)
    ledger = PollLedger(activity_id=await add_poll(bases[0], code))
    recorder = Recorder()
    rng = random.Random(participants)  # noqa: S311
    own_cpu = resource.getrusage(resource.RUSAGE_SELF)
    machine_before, servers_before = _machine_ticks(), [_process_tree_ticks(pid) for pid in server_pids]
    recorder.started = time.monotonic()
    move_at = recorder.started + args.ramp + 5
    stop_at = move_at + args.answer_within + 5
    arrivals = sorted(rng.uniform(0, args.ramp) for _ in range(participants))
    walls = [asyncio.create_task(wall(base, code, stop_at, recorder)) for base in bases]
    mover = asyncio.create_task(move_room(bases[0], code, move_at, recorder, ledger))
    await asyncio.gather(
        *(
            poll_phone(bases[i % len(bases)], code, i, arrivals[i], stop_at, args, recorder, ledger)
            for i in range(participants)
        )
    )
    wall_updates = await asyncio.gather(*walls)
    await mover
    recorder.finished = time.monotonic()
    own_after = resource.getrusage(resource.RUSAGE_SELF)
    machine_after, servers_after = _machine_ticks(), [_process_tree_ticks(pid) for pid in server_pids]
    stored, people = stored_poll_answers(database_url, ledger.activity_id)
    duration = recorder.finished - recorder.started
    within = sum(1 for seconds in ledger.answer_seconds if seconds <= 30.0)
    result = _common_result(
        recorder,
        participants,
        bases,
        duration,
        load_before,
        healthz,
        own_cpu,
        own_after,
        machine_before,
        machine_after,
        servers_before,
        servers_after,
    )
    result.update(
        scenario="poll",
        errors=dict(recorder.error_kinds),
        accepted=len(ledger.accepted),
        stored=stored,
        duplicates=stored - people,
        missing=max(0, len(ledger.accepted) - people),
        answered_within_30s=within,
        answer_p95_s=percentile(ledger.answer_seconds, 0.95),
        answer_max_s=max(ledger.answer_seconds, default=float("nan")),
        followed=len(ledger.followed_seconds),
        follow_p95_s=percentile(ledger.followed_seconds, 0.95),
        follow_max_s=max(ledger.followed_seconds, default=float("nan")),
        wall_updates=sum(wall_updates),
    )
    return result


def _common_result(
    recorder: Recorder,
    participants: int,
    bases: list[str],
    duration: float,
    load_before: tuple[float, float, float],
    healthz: float,
    own_cpu: resource.struct_rusage,
    own_after: resource.struct_rusage,
    machine_before: tuple[int, int],
    machine_after: tuple[int, int],
    servers_before: list[int],
    servers_after: list[int],
) -> dict[str, object]:
    """What every scenario reports: each route's latencies, the machine's load, who used the CPU."""
    ticks = os.sysconf("SC_CLK_TCK")
    cores = os.cpu_count() or 1
    routes = {}
    for route, values in sorted(recorder.latencies.items()):
        routes[route] = {
            "count": len(values),
            "per_second": len(values) / duration,
            "p50_ms": percentile(values, 0.50) * 1000,
            "p95_ms": percentile(values, 0.95) * 1000,
            "p99_ms": percentile(values, 0.99) * 1000,
            "max_ms": max(values) * 1000,
            "errors": recorder.errors.get(route, 0),
        }
    own_seconds = (own_after.ru_utime + own_after.ru_stime) - (own_cpu.ru_utime + own_cpu.ru_stime)
    return {
        "participants": participants,
        "servers": len(bases),
        "duration_s": duration,
        "load_average_before": load_before[0],
        "load_averages_before": list(load_before),
        "load_average_after": os.getloadavg()[0],
        "load_averages_after": list(os.getloadavg()),
        "routes": routes,
        "requests_per_second": sum(len(v) for v in recorder.latencies.values()) / duration,
        "healthz_per_second": healthz,
        # Share of the whole machine (all cores) during the workshop phase.
        "load_generator_cpu": own_seconds / duration / cores,
        "servers_cpu": sum(a - b for a, b in zip(servers_after, servers_before, strict=True))
        / ticks
        / duration
        / cores,
        "machine_cpu": (machine_after[0] - machine_before[0]) / max(1, machine_after[1] - machine_before[1]),
        # The app servers' CPU per request they answered: what a request costs, whatever share of a
        # busy shared machine the servers got (latencies alone depend on that share).
        "server_cpu_ms_per_request": sum(a - b for a, b in zip(servers_after, servers_before, strict=True))
        / ticks
        * 1000
        / max(1, sum(len(v) for v in recorder.latencies.values())),
    }


def report(database: str, result: dict[str, object]) -> None:
    routes: dict[str, dict[str, float]] = result["routes"]  # type: ignore[assignment]
    servers = f", {result['servers']} servers" if result["servers"] != 1 else ""
    before, after = result["load_averages_before"], result["load_averages_after"]
    print(
        f"\n== {database}, {result['scenario']} current{servers}: {result['participants']} participants, "
        f"{result['duration_s']:.0f} s (load average before {before[0]:.1f} {before[1]:.1f} {before[2]:.1f}, "  # type: ignore[index]
        f"after {after[0]:.1f} {after[1]:.1f} {after[2]:.1f})"  # type: ignore[index]
    )
    print(
        f"{'route':40} {'count':>7} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>6}"
    )
    for route, row in routes.items():
        print(
            f"{route:40} {row['count']:7d} {row['per_second']:7.1f} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} "
            f"{row['p99_ms']:8.1f} {row['max_ms']:8.1f} {row['errors']:6d}"
        )
    print(
        f"CPU during the workshop phase, share of the whole machine: load generator {result['load_generator_cpu']:.0%},"
        f" app servers {result['servers_cpu']:.0%}, machine {result['machine_cpu']:.0%} (database and others included);"
        f" app servers' CPU per request answered {result['server_cpu_ms_per_request']:.2f} ms"
    )
    if result["scenario"] == "poll":
        print(f"all routes: {result['requests_per_second']:.1f} req/s; wall updates received: {result['wall_updates']}")
        print(
            f"poll answers accepted {result['accepted']}, stored {result['stored']}, missing {result['missing']}, "
            f"duplicates {result['duplicates']}; answered within 30 s of the move: {result['answered_within_30s']} "
            f"of {result['participants']} (p95 {result['answer_p95_s']:.1f} s, max {result['answer_max_s']:.1f} s)"
        )
        print(
            f"phones showing the poll after the move: {result['followed']} (p95 {result['follow_p95_s']:.1f} s, "
            f"max {result['follow_max_s']:.1f} s); healthz {result['healthz_per_second']:.0f} req/s"
        )
        print(f"errors: {result['errors'] or 'none'}")
        return
    print(f"all routes: {result['requests_per_second']:.1f} req/s; wall updates received: {result['wall_updates']}")
    print(
        f"statements accepted {result['accepted']}, stored {result['stored']}, "
        f"missing {result['missing']}, duplicates {result['duplicates']}; votes accepted {result['votes']}"
    )
    print(
        f"healthz {result['healthz_per_second']:.0f} req/s; submit capacity {result['submit_capacity_per_second']:.0f}"
        f" posts/s (p95 {result['submit_p95_ms_at_capacity']:.0f} ms); ratio {result['ratio']:.3f}"
    )
    print(
        f"while posting flat out: app servers {result['capacity_servers_cpu']:.0%} of the machine,"
        f" machine {result['capacity_machine_cpu']:.0%}; app servers' CPU per post"
        f" {result['capacity_cpu_ms_per_post']:.1f} ms"
    )
    delays: list[float] = result["cross_server_delays_s"]  # type: ignore[assignment]
    if delays:
        print(
            f"posted on one server, on the other's wall after: max {max(delays):.2f} s, "
            f"median {percentile(delays, 0.5):.2f} s ({len(delays)} probes; walls poll every 1 s)"
        )
    print(f"errors: {result['errors'] or 'none'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--participants", type=int, nargs="+", default=[100, 300, 500, 1000])
    parser.add_argument("--sqlite", action="store_true", help="run on SQLite (the default unless --postgres)")
    parser.add_argument("--postgres", metavar="URL", help="also (or only) run on this PostgreSQL bench database")
    parser.add_argument("--redis", metavar="URL", default="", help="REDIS_URL for the server's rate limits")
    parser.add_argument("--servers", type=int, default=1, help="gunicorn servers on one database (phones spread)")
    parser.add_argument("--ramp", type=float, default=30.0, help="seconds over which phones arrive")
    parser.add_argument("--think", type=float, nargs=2, default=(5.0, 20.0), help="seconds between statements")
    parser.add_argument("--phone-poll", type=float, default=3.0, help="seconds between a phone's polls (as the page)")
    parser.add_argument(
        "--scenario",
        choices=["statements", "poll"],
        default="statements",
        help="statements current (posts, themes, votes), or a quick poll every phone answers within 30 s",
    )
    parser.add_argument("--answer-min", type=float, default=3.0, help="poll: earliest answer, seconds after the move")
    parser.add_argument("--answer-within", type=float, default=27.0, help="poll: latest answer, seconds after the move")
    parser.add_argument("--healthz-seconds", type=float, default=4.0)
    parser.add_argument("--capacity-seconds", type=float, default=6.0)
    parser.add_argument("--json", type=Path, help="append each result as a JSON line to this file")
    args = parser.parse_args()
    # Stopped from outside (timeout, Ctrl-C): still stop the gunicorn servers it started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if any(n < 1 or n > MAX_PARTICIPANTS for n in args.participants):
        parser.error(f"participants must be between 1 and {MAX_PARTICIPANTS}")
    databases: list[str] = []
    if args.sqlite or not args.postgres:
        databases.append("sqlite")
    if args.postgres:
        databases.append("postgresql")

    failed = False
    for database in databases:
        for participants in args.participants:
            with tempfile.TemporaryDirectory(prefix="iwk-bench-") as tmp:
                workdir = Path(tmp)
                if database == "sqlite":
                    url = f"sqlite:///{workdir / 'bench.sqlite3'}"
                else:
                    url = args.postgres
                    prepare_postgres(url)
                servers = []
                for number in range(args.servers):
                    (workdir / str(number)).mkdir()
                    servers.append(Server(url, workdir / str(number), redis_url=args.redis))
                code = servers[0].prepare()
                try:
                    for server in servers:
                        server.start()
                    pids = [server.process.pid for server in servers if server.process]
                    bases = [s.url for s in servers]
                    if args.scenario == "poll":
                        result = asyncio.run(run_poll_once(bases, pids, code, participants, args, url))
                    else:
                        result = asyncio.run(run_once(bases, pids, code, participants, args))
                finally:
                    for server in servers:
                        server.stop()
                result["database"] = database
                report(database, result)
                sys.stdout.flush()
                if args.json:
                    with args.json.open("a") as out:
                        out.write(json.dumps(result) + "\n")
                failed |= bool(result["missing"] or result["duplicates"] or result["accepted"] != result["stored"])
    print(f"\nmachine: {os.cpu_count()} cores; load generator on the same machine; run id {secrets.token_hex(3)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
