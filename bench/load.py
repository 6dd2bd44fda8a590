"""Load benchmark: simulated phones and walls against the real server (gunicorn), loopback only.

Usage:
  python bench/load.py                                   # 100, 300, 500, 1000 participants, SQLite
  python bench/load.py -n 500 --postgres postgresql+psycopg://postgres@127.0.0.1:5432/iwk_bench
  python bench/load.py -n 100 300 --sqlite --postgres URL --json results.jsonl

For each number of participants N and each database, the bench prepares an empty database
(``flask db upgrade``, as ``make serve`` does), starts gunicorn with the checked-in
``gunicorn.conf.py`` on a free port of 127.0.0.1, creates a facilitator and an open workshop with
the host commands, then:

1. measures ``/healthz`` throughput (closed loop, 32 connections, 4 s): the machine's yardstick;
2. runs the workshop: N phones arrive over ``--ramp`` seconds; each opens the join page, then
   posts 3 statements through the real form (CSRF token and idempotency key taken from the page,
   htmx headers as a browser sends them) a few seconds apart, and polls as the open page does
   (its themes section, with the version it shows, every ``--phone-poll`` seconds); 2 walls, each a signed-in
   facilitator, poll the wall feed every second with the version they show (204 when nothing
   changed). A POST that fails at the connection level is retried with the same idempotency key,
   as a person tapping Send again would;
3. measures submit capacity (closed loop: 32 phones posting as fast as the server answers);
4. reads every statement back through the facilitator's JSON export and compares statements
   stored with statements accepted (they must be equal, with no duplicate).

It prints per-route throughput and latency p50/p95/p99 of phase 2, the errors, stored versus
accepted, and submit capacity / healthz throughput (a ratio comparable across machines).
Everything is bounded: N is capped at 2,000, phases have fixed durations, and every request has a
timeout. The load generator shares the machine's cores with the server, so figures are
conservative. All phones share 127.0.0.1, so the server's per-address backstop
(``ADDRESS_RATE_LIMIT``) is raised for the bench; per-participant limits stay as configured.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
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
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|"X-CSRFToken": "([^"]+)"')
IDEMPOTENCY = re.compile(r'name="idempotency_key" type="hidden" value="([^"]+)"')
VERSION = re.compile(r'data-version="(\d+)"')
PHONE_POLL = re.compile(r'hx-get="(/j/[^"]+/themes\?v=\d+[^"]*)"')
PASSWORD = secrets.token_urlsafe(16)  # a fresh facilitator password for each run
EMAIL = "bench@example.org"
MAX_PARTICIPANTS = 2000
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
) -> tuple[int, str] | None:
    """One request: its latency under ``route``, or an error (bad status, timeout, reset)."""
    start = time.perf_counter()
    try:
        async with session.request(method, url, allow_redirects=False, **kwargs) as response:  # type: ignore[arg-type]
            body = await response.text()
            status = response.status
    except (TimeoutError, aiohttp.ClientError) as problem:
        recorder.error(route, type(problem).__name__)
        return None
    elapsed = time.perf_counter() - start
    if status not in expect:
        recorder.error(route, f"HTTP {status}")
        return status, body
    recorder.ok(route, elapsed)
    return status, body


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
    return (match.group(1) or match.group(2)) if match else ""


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
            status, body = result
            return body if status == 200 and any(n in body for n in ACCEPTED_NOTICES) else None
        await asyncio.sleep(0.5 * (attempt + 1))
    return None


async def phone(
    base: str, code: str, number: int, arrival: float, stop_at: float, args: argparse.Namespace, recorder: Recorder
) -> tuple[int, list[str]]:
    """One participant: join, then 3 statements a few seconds apart, polling as the open page does.

    The participant page polls its themes section (``/j/<code>/themes?v=N``, 204 while nothing
    changed) every few seconds; the bench polls that same URL with the version the page last
    showed, so it costs what a real phone costs.
    """
    rng = random.Random(number)  # noqa: S311 - timing jitter, not security
    accepted: list[str] = []
    await asyncio.sleep(arrival)
    async with new_session() as session:
        result = await timed(recorder, "GET /j/<code> (join page)", session, "GET", f"{base}/j/{code}")
        if result is None:
            return number, accepted
        html = result[1]
        poll_url = _poll_url(base, html) or f"{base}/j/{code}/themes"

        async def poll_until(deadline: float) -> None:
            nonlocal poll_url
            while time.monotonic() + args.phone_poll < deadline:
                await asyncio.sleep(args.phone_poll)
                polled = await timed(
                    recorder,
                    "GET /j/<code>/themes (phone poll)",
                    session,
                    "GET",
                    poll_url,
                    headers={"HX-Request": "true"},
                    expect=(200, 204),
                )
                if polled is not None and polled[0] == 200:
                    poll_url = _poll_url(base, polled[1]) or poll_url

        for index in range(3):
            wait_until = time.monotonic() + rng.uniform(*args.think)
            await poll_until(wait_until)
            await asyncio.sleep(max(0.0, wait_until - time.monotonic()))
            text = f"Phone {number} statement {index + 1}: I will write an impact case study with my team by June."
            body = await post_statement(base, code, session, html, text, recorder, "POST /j/<code> (statement)")
            if body is not None:
                accepted.append(text)
                html = body
                poll_url = _poll_url(base, body) or poll_url
        await poll_until(stop_at)
    return number, accepted


def _poll_url(base: str, html: str) -> str | None:
    """The themes poll URL (with its version) that the page's htmx would request next."""
    match = PHONE_POLL.search(html)
    return base + match.group(1).replace("&amp;", "&") if match else None


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


async def closed_loop(seconds: float, concurrency: int, worker) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    """Run ``worker(deadline)`` on ``concurrency`` tasks; each returns how many requests succeeded."""
    start = time.perf_counter()
    deadline = time.monotonic() + seconds
    done = await asyncio.gather(*(worker(deadline, i) for i in range(concurrency)))
    return sum(done), time.perf_counter() - start


async def healthz_throughput(base: str, seconds: float, concurrency: int) -> float:
    recorder = Recorder()

    async def worker(deadline: float, _: int) -> int:
        count = 0
        async with new_session() as session:
            while time.monotonic() < deadline:
                if await timed(recorder, "healthz", session, "GET", f"{base}/healthz") is not None:
                    count += 1
        return count

    count, elapsed = await closed_loop(seconds, concurrency, worker)
    return count / elapsed


async def submit_capacity(
    base: str, code: str, seconds: float, concurrency: int, ledger: Ledger
) -> tuple[float, Recorder]:
    """Phones posting as fast as the server answers: new participant, page, 3 posts, repeat."""
    recorder = Recorder()

    async def worker(deadline: float, slot: int) -> int:
        posted = 0
        round_ = 0
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


async def run_once(base: str, code: str, participants: int, args: argparse.Namespace) -> dict[str, object]:
    load_before = os.getloadavg()[0]
    healthz = await healthz_throughput(base, args.healthz_seconds, 32)

    recorder = Recorder()
    ledger = Ledger()
    rng = random.Random(participants)  # noqa: S311
    phone_span = args.ramp + 3 * args.think[1] + 2 * args.phone_poll
    recorder.started = time.monotonic()
    stop_at = recorder.started + phone_span
    arrivals = sorted(rng.uniform(0, args.ramp) for _ in range(participants))
    walls = [asyncio.create_task(wall(base, code, stop_at, recorder)) for _ in range(2)]
    phones = await asyncio.gather(
        *(phone(base, code, i, arrivals[i], stop_at, args, recorder) for i in range(participants))
    )
    wall_updates = await asyncio.gather(*walls)
    recorder.finished = time.monotonic()
    for number, texts in phones:
        for index, text in enumerate(texts):
            ledger.accepted[(f"p{number}", index)] = text

    capacity, capacity_recorder = await submit_capacity(base, code, args.capacity_seconds, 32, ledger)
    stored = await stored_statements(base, code)
    duration = recorder.finished - recorder.started
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
    accepted_texts = list(ledger.accepted.values())
    return {
        "participants": participants,
        "duration_s": duration,
        "load_average_before": load_before,
        "routes": routes,
        "requests_per_second": sum(len(v) for v in recorder.latencies.values()) / duration,
        "errors": dict(recorder.error_kinds) | {f"capacity {k}": v for k, v in capacity_recorder.error_kinds.items()},
        "accepted": len(accepted_texts),
        "stored": len(stored),
        "duplicates": len(stored) - len(set(stored)),
        "missing": len(set(accepted_texts) - set(stored)),
        "wall_updates": sum(wall_updates),
        "healthz_per_second": healthz,
        "submit_capacity_per_second": capacity,
        "submit_p95_ms_at_capacity": percentile(capacity_recorder.latencies["submit"], 0.95) * 1000,
        "ratio": capacity / healthz if healthz else float("nan"),
    }


def report(database: str, result: dict[str, object]) -> None:
    routes: dict[str, dict[str, float]] = result["routes"]  # type: ignore[assignment]
    print(
        f"\n== {database}: {result['participants']} participants, {result['duration_s']:.0f} s "
        f"(1-minute load average before: {result['load_average_before']:.1f})"
    )
    print(
        f"{'route':40} {'count':>7} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>6}"
    )
    for route, row in routes.items():
        print(
            f"{route:40} {row['count']:7d} {row['per_second']:7.1f} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} "
            f"{row['p99_ms']:8.1f} {row['max_ms']:8.1f} {row['errors']:6d}"
        )
    print(f"all routes: {result['requests_per_second']:.1f} req/s; wall updates received: {result['wall_updates']}")
    print(
        f"statements accepted {result['accepted']}, stored {result['stored']}, "
        f"missing {result['missing']}, duplicates {result['duplicates']}"
    )
    print(
        f"healthz {result['healthz_per_second']:.0f} req/s; submit capacity {result['submit_capacity_per_second']:.0f}"
        f" posts/s (p95 {result['submit_p95_ms_at_capacity']:.0f} ms); ratio {result['ratio']:.3f}"
    )
    print(f"errors: {result['errors'] or 'none'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--participants", type=int, nargs="+", default=[100, 300, 500, 1000])
    parser.add_argument("--sqlite", action="store_true", help="run on SQLite (the default unless --postgres)")
    parser.add_argument("--postgres", metavar="URL", help="also (or only) run on this PostgreSQL bench database")
    parser.add_argument("--redis", metavar="URL", default="", help="REDIS_URL for the server's rate limits")
    parser.add_argument("--ramp", type=float, default=30.0, help="seconds over which phones arrive")
    parser.add_argument("--think", type=float, nargs=2, default=(5.0, 20.0), help="seconds between statements")
    parser.add_argument("--phone-poll", type=float, default=3.0, help="seconds between a phone's polls (as the page)")
    parser.add_argument("--healthz-seconds", type=float, default=4.0)
    parser.add_argument("--capacity-seconds", type=float, default=6.0)
    parser.add_argument("--json", type=Path, help="append each result as a JSON line to this file")
    args = parser.parse_args()
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
                server = Server(url, workdir, redis_url=args.redis)
                code = server.prepare()
                server.start()
                try:
                    result = asyncio.run(run_once(server.url, code, participants, args))
                finally:
                    server.stop()
                result["database"] = database
                report(database, result)
                if args.json:
                    with args.json.open("a") as out:
                        out.write(json.dumps(result) + "\n")
                failed |= bool(result["missing"] or result["duplicates"] or result["accepted"] != result["stored"])
    print(f"\nmachine: {os.cpu_count()} cores; load generator on the same machine; run id {secrets.token_hex(3)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
