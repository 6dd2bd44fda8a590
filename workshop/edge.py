"""Cheap answers in front of the Flask app for the requests a full room sends most.

At a 2,000-person plenary every phone polls its themes section every few seconds: hundreds of
requests a second that, through Flask, each open the signed session, check the rate limiter,
query the workshop through the ORM and run the after-request hooks (about 1.4 ms of CPU, more
than ``/healthz``; bench/profile_requests.py). Almost all of them should hear "nothing new".
This WSGI layer answers those, and the static files every phone fetches once, without entering
Flask at all:

- ``GET /j/<code>/themes`` from htmx: 204 when nothing the phone shows can have changed, decided
  from a small per-process copy of the workshop's row (:class:`PulseCache`, re-read from the
  database at most every ``PULSE_SECONDS``, and dropped at once when this process commits a
  change to it). The database stays the one shared truth, so any number of processes and
  servers agree with no extra service. Every answer carries ``X-Poll-Seconds``: how long the
  page should wait before asking again (rarely while the themes are not shared, since nothing
  can change on a phone then; often while they are). Anything else goes to Flask, which renders.
- ``GET /static/<name>.<hash>.<ext>`` and ``/assets/<name>.<hash>.js``: files named by their
  content, served from memory (gzipped once) with ``Cache-Control: immutable`` for a year.
  ``url_for('static', ...)`` writes those names (:meth:`StaticFiles.hashed_name`), so a new
  release changes the URL and no phone ever runs yesterday's script.

The per-address backstop limit is not counted for these answers: they cost less than the check.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import math
import mimetypes
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from flask import Flask, current_app, has_app_context
from sqlalchemy import bindparam, event, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from workshop.codes import normalise_code
from workshop.models import Activity, Workshop, WorkshopState, activity_stamp, results_shown_in, utcnow
from workshop.security import baseline_headers
from workshop.timer import stamp_of

log = logging.getLogger(__name__)

PULSE_SECONDS = 0.5
"""How stale a process's copy of a workshop's row may be: a change made through another process
or server reaches the phones of this one at most this much later (the wall reads the database)."""

_Start = Callable[[str, list[tuple[str, str]]], Any]


@dataclass(frozen=True)
class Pulse:
    """What a poll needs to know of a workshop, read in one small query."""

    id: int
    version: int
    state: str
    themes_shared: bool
    voting: bool
    timer: str = "0"  # the timer's end as epoch seconds (workshop.timer.stamp_of), "0" with none
    timer_due: bool = False  # a timer that was to close submissions has run out: Flask closes them
    activity: str = "0"  # the room's activity as the phones' poll says it (workshop.models.activity_stamp)
    moving: bool = False  # the agenda has more than one activity: the room can move, phones ask often
    results_shown: bool | None = None  # the room's activity shows its results (None: the room is on no chosen one)


def phone_poll_seconds(config: dict[str, Any], themes_shared: bool) -> int:
    """How long a phone waits before its next themes poll: one rule for the page and the edge.

    While the themes are not shared nothing on a phone can change (its own statements come back
    in the answer to its post), so it asks rarely; once they are shared it asks often.
    """
    return int(config["PHONE_THEMES_POLL_SECONDS"] if themes_shared else config["PHONE_IDLE_POLL_SECONDS"])


def results_poll_seconds(config: dict[str, Any]) -> int:
    """How soon a phone showing the room's results (or that they are hidden) asks again."""
    return int(config["PHONE_RESULTS_POLL_SECONDS"])


def state_poll_seconds(config: dict[str, Any], state: str, moving: bool = False) -> int:
    """How soon a phone asks again whether its session opened (people wait), the room moved to
    another activity (``moving``: its agenda has more than one; the room follows within seconds)
    or the session closed (no hurry)."""
    if state == WorkshopState.DRAFT.value:
        key = "PHONE_WAITING_POLL_SECONDS"
    else:
        key = "PHONE_ROOM_POLL_SECONDS" if moving else "PHONE_IDLE_POLL_SECONDS"
    return int(config[key])


PACE_WINDOW = 5.0
"""Seconds over which a process counts a workshop's polls before it re-paces them."""
LONGEST_POLL_SECONDS = 60
"""However many phones ask, none is told to wait longer than this."""


BUSY_SHARE = 0.75
"""A process that spent more than this share of a core over the last window is busy: its polls stretch."""
IDLE_SHARE = 0.5
"""Below this share the stretch eases off again, a step a window, down to the room's own pace."""
CROWD_SHARE = 0.1
"""A busy process stretches only the polls of a crowd: rooms asking at least this share of the
rate budget at their own pace (30 polls a second by default). A busy laptop's ten phones keep theirs."""


class ProcessLoad:
    """The share of one core this process spent over the last window (a Python process uses about one).

    Measured with the process's own CPU clock, so it works the same on Linux and Windows and sees
    the answers, renders and embeddings the process does, whatever they are.
    """

    def __init__(
        self,
        window: float = PACE_WINDOW,
        clock: Callable[[], float] = time.monotonic,
        cpu_clock: Callable[[], float] = time.process_time,
    ) -> None:
        self._window = window
        self._clock = clock
        self._cpu_clock = cpu_clock
        self._since = (clock(), cpu_clock())
        self.share = 0.0

    def sample(self) -> float:
        now = self._clock()
        started, spent = self._since
        if now - started >= self._window:
            cpu = self._cpu_clock()
            self.share = (cpu - spent) / (now - started)
            self._since = (now, cpu)
        return self.share


class Pacer:
    """How far to stretch a workshop's poll intervals in this process, from how often they come.

    Each poll has an interval that keeps the room live (1 s while the room can move, 3 s while
    themes are shared). 2,000 phones at those intervals ask for more than a 2-core server can
    answer (bench/load.py: room polls p95 9.9 s, 1,197 of 2,000 phones answered a poll in 30 s).
    Rather than let every phone fall behind, the process stretches the intervals it tells a
    workshop's phones (``X-Poll-Seconds``), from two measures taken every ``window``:

    - how often they ask: at most about ``per_second`` polls a second are asked for;
    - how busy the process is (``ProcessLoad``): past ``BUSY_SHARE`` of a core the stretch grows by
      half each window, below ``IDLE_SHARE`` it eases by a fifth, so when a room's answers, renders
      or the sentence model need the CPU, a crowd's polls give way to them (``CROWD_SHARE``).

    Phones then follow the room a few seconds later, and the process's CPU goes first to what
    they send (on two cores this did not keep 2,000 phones from queueing: README, Performance).
    Per process and per server, with nothing shared: each one paces what it answers itself.
    """

    def __init__(
        self,
        per_second: float,
        window: float = PACE_WINDOW,
        clock: Callable[[], float] = time.monotonic,
        load: ProcessLoad | None = None,
    ) -> None:
        self._per_second = per_second
        self._window = window
        self._clock = clock
        self._load = load
        self._counts: dict[str, list[float]] = {}  # code -> [window start, hits, factor]

    def hit(self, code: str) -> float:
        """Count one of ``code``'s polls; the factor its intervals are stretched by now (1: none)."""
        if self._per_second <= 0:
            return 1.0
        now = self._clock()
        entry = self._counts.get(code)
        if entry is None:
            if len(self._counts) > 10_000:  # codes guessed at random must not grow memory for ever
                self._counts.clear()
            entry = self._counts[code] = [now, 0.0, 1.0]
        entry[1] += 1
        elapsed = now - entry[0]
        if elapsed >= self._window:
            factor = entry[2]
            asked = entry[1] / elapsed * factor  # what the phones would ask at their own intervals
            wanted = max(1.0, asked / self._per_second)
            share = self._load.sample() if self._load is not None else 0.0
            if share > BUSY_SHARE and asked >= self._per_second * CROWD_SHARE:
                factor *= 1.5
            elif share < IDLE_SHARE:
                factor *= 0.8
            if wanted > factor:
                factor = (factor + wanted) / 2  # towards what the rate asks, damped: phones adopt it one poll late
            factor = min(factor, float(LONGEST_POLL_SECONDS))
            entry[0], entry[1], entry[2] = now, 0.0, max(1.0, factor)
        return entry[2]

    def factor(self, code: str) -> float:
        """The stretch of ``code``'s intervals, without counting a poll."""
        entry = self._counts.get(code)
        return 1.0 if entry is None else entry[2]


def stretched(seconds: float, factor: float) -> int:
    """An interval stretched by ``factor``, in whole seconds, never more than LONGEST_POLL_SECONDS."""
    if factor <= 1.0:
        return int(seconds)
    return int(min(max(seconds, LONGEST_POLL_SECONDS), math.ceil(seconds * factor)))


class PulseCache:
    """Per-process copy of each workshop's version and sharing switches, for a short time.

    It also remembers which version was current a while ago (``settled``), so that a phone
    showing the themes is re-rendered at most once every ``PHONE_THEMES_REFRESH_SECONDS`` while
    statements and votes keep arriving, instead of on every poll: the tally on a phone may lag
    a few seconds (the projector's is live), the phone's own vote never does (it comes back in
    the answer to the vote).
    """

    def __init__(self, engine_of: Callable[[], Engine], ttl: float = PULSE_SECONDS) -> None:
        self._engine_of = engine_of
        self._ttl = ttl
        self._entries: dict[str, tuple[float, Pulse | None]] = {}
        self._history: dict[str, deque[tuple[float, int]]] = {}
        self._lock = threading.Lock()
        self._query = select(
            Workshop.id,
            Workshop.version,
            Workshop.state,
            Workshop.themes_shared,
            Workshop.voting,
            Workshop.timer_ends_at,
            Workshop.timer_closes,
            Workshop.current_activity_id,
            select(func.count(Activity.id))
            .where(Activity.workshop_id == Workshop.id)
            .correlate(Workshop)
            .scalar_subquery()
            .label("activities"),
            select(Activity.settings_json)
            .where(Activity.id == Workshop.current_activity_id)
            .correlate(Workshop)
            .scalar_subquery()
            .label("settings"),
        ).where(Workshop.code == bindparam("code"))

    def get(self, code: str) -> Pulse | None:
        now = time.monotonic()
        entry = self._entries.get(code)
        if entry is not None and now - entry[0] < self._ttl:
            return entry[1]
        pulse = self._read(code)
        with self._lock:
            self._entries[code] = (now, pulse)
            if pulse is not None:
                history = self._history.setdefault(code, deque(maxlen=256))
                if not history or history[-1][1] != pulse.version:
                    history.append((now, pulse.version))
            if len(self._entries) > 10_000:  # codes guessed at random must not grow memory for ever
                self._entries.clear()
                self._history.clear()
        return pulse

    def settled(self, code: str, seconds: float) -> int:
        """The version that was current ``seconds`` ago (or the oldest this process knows)."""
        with self._lock:  # another thread may be appending: iterate over a copy
            history = list(self._history.get(code, ()))
        if not history:
            return 0
        cutoff = time.monotonic() - seconds
        settled = history[0][1]
        for seen_at, version in history:
            if seen_at > cutoff:
                break
            settled = version
        return settled

    def forget(self, codes: Iterable[str]) -> None:
        for code in codes:
            self._entries.pop(code, None)

    def _read(self, code: str) -> Pulse | None:
        with self._engine_of().connect() as connection:
            row = connection.execute(self._query, {"code": code}).first()
        if row is None:
            return None
        state = row.state.value if isinstance(row.state, WorkshopState) else str(row.state)
        ends = row.timer_ends_at
        due = bool(row.timer_closes) and ends is not None and ends <= utcnow()
        return Pulse(
            int(row.id),
            int(row.version or 0),
            state,
            bool(row.themes_shared),
            bool(row.voting),
            stamp_of(ends),
            due,
            activity_stamp(row.current_activity_id),
            int(row.activities or 0) > 1,
            None if row.settings is None else _results_shown(row.settings),
        )


class StaticFiles:
    """The site's own static files and the npm files it serves, by content-hashed name, in memory."""

    def __init__(self, app: Flask) -> None:
        self._app = app
        self._lock = threading.Lock()
        self._loaded = False
        self._names: dict[tuple[str, str], str] = {}  # (endpoint, plain name) -> hashed name
        self._files: dict[str, tuple[bytes, bytes | None, str, str]] = {}  # URL path -> body, gzip, type, etag

    def hashed_name(self, endpoint: str, name: str) -> str:
        self._load()
        return self._names.get((endpoint, name), name)

    def lookup(self, path: str) -> tuple[bytes, bytes | None, str, str] | None:
        if not self._loaded:
            self._load()
        return self._files.get(path)

    def _load(self) -> None:
        if self._loaded:
            return
        with self._lock:
            if self._loaded:
                return
            from workshop.assets import PACKAGES, SCRIPTS, scripts

            static = Path(self._app.static_folder or "")
            static_url = self._app.static_url_path or "/static"
            for file in sorted(static.rglob("*")) if static.is_dir() else []:
                if file.is_file():
                    relative = file.relative_to(static).as_posix()
                    self._add("static", relative, file.read_bytes(), static_url)
            modules = Path(self._app.config["NODE_MODULES"])
            for public, (package, inner) in PACKAGES.items():
                file = modules / package / inner
                if file.is_file():
                    self._add("assets.package_file", public, file.read_bytes(), "/assets")
            self._add("assets.package_file", SCRIPTS, scripts(self._app), "/assets")
            self._loaded = True

    def _add(self, endpoint: str, name: str, body: bytes, url_prefix: str) -> None:
        digest = hashlib.sha256(body).hexdigest()[:12]
        stem, dot, suffix = name.rpartition(".")
        hashed = f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}"
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type in {"application/javascript", "image/svg+xml"}:
            content_type += "; charset=utf-8" if "charset" not in content_type else ""
            packed: bytes | None = gzip.compress(body, 9, mtime=0)
        else:
            packed = None
        self._names[(endpoint, name)] = hashed
        self._files[f"{url_prefix}/{hashed}"] = (body, packed, content_type, f'"{digest}"')


class Edge:
    """The WSGI layer itself: answers what it can, hands everything else to Flask unchanged."""

    def __init__(self, app: Flask, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self._app = app
        self._wsgi_app = wsgi_app
        self.pulses = PulseCache(self._engine)
        self.load = ProcessLoad()
        self.polls = Pacer(float(app.config["PHONE_POLLS_PER_SECOND"]), load=self.load)
        self.redraws = Pacer(float(app.config["PHONE_REDRAWS_PER_SECOND"]), load=self.load)
        self.static = StaticFiles(app)
        self._engine_ref: Engine | None = None
        self._headers = baseline_headers()

    def _engine(self) -> Engine:
        if self._engine_ref is None:
            from workshop.extensions import db

            with self._app.app_context():
                self._engine_ref = db.engine
        return self._engine_ref

    def __call__(self, environ: dict[str, Any], start_response: _Start) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") in {"GET", "HEAD"}:
            path: str = environ.get("PATH_INFO", "")
            if path.startswith(("/static/", "/assets/")):
                found = self.static.lookup(path)
                if found is not None:
                    return self._static(environ, start_response, *found)
            elif path.startswith("/j/") and environ.get("HTTP_HX_REQUEST") == "true":
                code, _, kind = path[3:].partition("/")
                poll = self._POLLS.get(kind)
                if poll is not None and code and "/" not in code:
                    code = normalise_code(code)
                    factor = self.polls.hit(code)
                    paced = _paced(start_response, factor)
                    answered = poll(self, environ, paced, code)
                    if answered is not None:
                        return answered
                    if kind in self._REDRAWN:
                        self.redraws.hit(code)
                    return self._wsgi_app(environ, paced)
        return self._wsgi_app(environ, start_response)

    def _state_poll(self, environ: dict[str, Any], start_response: _Start, code: str) -> Iterable[bytes] | None:
        """204 while the session is still in the state the phone shows (draft or open); else Flask renders."""
        pulse = self.pulses.get(code)
        query = parse_qs(environ.get("QUERY_STRING", ""))
        shown = (query.get("s") or [""])[0]
        shown_timer = (query.get("t") or ["0"])[0]
        shown_activity = (query.get("a") or ["0"])[0]
        if (
            pulse is None
            or pulse.state != shown
            or pulse.timer != shown_timer
            or pulse.activity != shown_activity
            or pulse.timer_due
        ):
            return None  # opened, closed, the room moved, a timer started, changed or stopped, or one is to close now
        seconds = state_poll_seconds(self._app.config, pulse.state, pulse.moving)
        return self._nothing_new(start_response, seconds)

    def _results_poll(
        self, environ: dict[str, Any], start_response: _Start, code: str, *, listed: bool = False
    ) -> Iterable[bytes] | None:
        """204 while a phone's results section can show nothing new; ``None`` lets Flask redraw it.

        Revealed or hidden again: at once. A tally that changed: once this phone's copy is older
        than ``PHONE_RESULTS_REFRESH_SECONDS`` (as shared themes are). The room moved: 204, the
        state poll redraws the whole panel. ``listed``: a phone's list of the room's questions,
        which it shows whether or not the wall hides them (it votes there), so only its version counts.
        The refresh period is stretched as the redraws are paced (``Pacer``).
        """
        pulse = self.pulses.get(code)
        if pulse is None or pulse.state == WorkshopState.ARCHIVED.value or pulse.results_shown is None:
            return None
        query = parse_qs(environ.get("QUERY_STRING", ""))
        shown_activity = (query.get("a") or ["0"])[0]
        shown_version = (query.get("v") or [""])[0]
        results_shown = True if listed else pulse.results_shown
        saw_results = listed or (query.get("shown") or [""])[0] == "1"
        config = self._app.config
        if shown_activity == pulse.activity:
            if saw_results != results_shown:
                return None
            if results_shown and shown_version != str(pulse.version):
                refresh = float(config["PHONE_RESULTS_REFRESH_SECONDS"]) * self.redraws.factor(code)
                if not shown_version.isdigit() or int(shown_version) < self.pulses.settled(code, refresh):
                    return None
        return self._nothing_new(start_response, results_poll_seconds(config))

    def _questions_poll(self, environ: dict[str, Any], start_response: _Start, code: str) -> Iterable[bytes] | None:
        return self._results_poll(environ, start_response, code, listed=True)

    _POLLS: dict[str, Callable[..., Iterable[bytes] | None]] = {}  # filled below the class
    _REDRAWN = frozenset({"themes", "results", "questions"})  # what a poll that reaches Flask redraws

    def _nothing_new(self, start_response: _Start, seconds: int) -> Iterable[bytes]:
        """The answer to almost every poll: 204, never cached, and when to ask again."""
        headers = [
            *self._headers,
            ("Vary", "HX-Request"),
            ("Cache-Control", "no-store"),
            ("X-Poll-Seconds", str(seconds)),
        ]
        start_response("204 NO CONTENT", headers)
        return []

    def _phone_poll(self, environ: dict[str, Any], start_response: _Start, code: str) -> Iterable[bytes] | None:
        """204 when nothing the phone shows can have changed; ``None`` lets Flask render."""
        pulse = self.pulses.get(code)
        if pulse is None or pulse.state == WorkshopState.ARCHIVED.value:
            return None  # Flask answers 404 with its page
        query = parse_qs(environ.get("QUERY_STRING", ""))
        shown_version = (query.get("v") or [""])[0]
        saw_shared = (query.get("shared") or query.get("shown") or [""])[0] == "1"
        saw_voting = (query.get("voting") or [""])[0] == "1"
        if saw_shared != pulse.themes_shared or (pulse.themes_shared and saw_voting != pulse.voting):
            return None  # the facilitator shared, withdrew, opened or closed voting: show it now
        config = self._app.config
        if pulse.themes_shared and shown_version != str(pulse.version):
            refresh = float(config["PHONE_THEMES_REFRESH_SECONDS"]) * self.redraws.factor(code)
            behind = not shown_version.isdigit() or int(shown_version) < self.pulses.settled(code, refresh)
            if behind:
                return None  # changed, and this phone's copy is old enough to redraw
        seconds = phone_poll_seconds(config, pulse.themes_shared)
        return self._nothing_new(start_response, seconds)

    def _static(
        self,
        environ: dict[str, Any],
        start_response: _Start,
        body: bytes,
        packed: bytes | None,
        content_type: str,
        etag: str,
    ) -> Iterable[bytes]:
        headers = [
            *self._headers,
            ("Content-Type", content_type),
            ("Cache-Control", "public, max-age=31536000, immutable"),
            ("ETag", etag),
            ("Vary", "Accept-Encoding"),
        ]
        if environ.get("HTTP_IF_NONE_MATCH") == etag:
            start_response("304 NOT MODIFIED", headers)
            return []
        if packed is not None and "gzip" in environ.get("HTTP_ACCEPT_ENCODING", ""):
            body = packed
            headers.append(("Content-Encoding", "gzip"))
        headers.append(("Content-Length", str(len(body))))
        start_response("200 OK", headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]


Edge._POLLS.update(
    {
        "themes": Edge._phone_poll,
        "state": Edge._state_poll,
        "results": Edge._results_poll,
        "questions": Edge._questions_poll,
    }
)


def _paced(start_response: _Start, factor: float) -> _Start:
    """``start_response`` with its ``X-Poll-Seconds`` stretched by ``factor`` (the edge's and Flask's answers alike)."""
    if factor <= 1.0:
        return start_response

    def start(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
        headers = [
            (name, str(stretched(float(value), factor)) if name.lower() == "x-poll-seconds" else value)
            for name, value in headers
        ]
        return start_response(status, headers, *args)

    return start


def _results_shown(settings_json: str) -> bool:
    try:
        settings = json.loads(settings_json or "{}")
    except ValueError:
        return True
    return results_shown_in(settings if isinstance(settings, dict) else {})


def _changed_workshops(session: Session, _context: object, _instances: object) -> None:
    codes = session.info.setdefault("edge_workshops", set())
    codes.update(obj.code for obj in session.dirty if isinstance(obj, Workshop))


def _forget_committed(session: Session) -> None:
    codes = session.info.pop("edge_workshops", None)
    if codes and has_app_context():
        edge = current_app.extensions.get("edge")
        if edge is not None:
            edge.pulses.forget(codes)


def _drop_pending(session: Session, _previous: object = None) -> None:
    session.info.pop("edge_workshops", None)


def init_app(app: Flask) -> None:
    """Put the edge in front of ``app`` and let ``url_for`` write content-hashed static names.

    A commit in this process that changed a workshop drops its cached row at once, so a
    facilitator's "share the themes" reaches the phones this process serves at their next poll;
    other processes see it within ``PULSE_SECONDS``.
    """
    edge = Edge(app, app.wsgi_app)
    app.wsgi_app = edge  # type: ignore[method-assign]
    app.extensions["edge"] = edge

    @app.url_defaults
    def _hashed_static(endpoint: str, values: dict[str, Any]) -> None:
        if app.debug:
            return  # files change while developing: plain names, re-read on every request
        if endpoint == "static" and "filename" in values:
            values["filename"] = edge.static.hashed_name(endpoint, values["filename"])
        elif endpoint == "assets.package_file" and "name" in values:
            values["name"] = edge.static.hashed_name(endpoint, values["name"])

    app.jinja_env.globals["phone_poll_seconds"] = lambda themes_shared: phone_poll_seconds(app.config, themes_shared)
    if not event.contains(Session, "before_flush", _changed_workshops):
        event.listen(Session, "before_flush", _changed_workshops)
        event.listen(Session, "after_commit", _forget_committed)
        event.listen(Session, "after_soft_rollback", _drop_pending)
