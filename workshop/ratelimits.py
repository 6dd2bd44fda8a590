"""Rate limits: the limiter, who a request counts as, and the limits on guessing codes and links.

Limits per client address are wrong at a venue, where hundreds of phones share one public
address: route limits key on the browser's signed session (:func:`rate_limit_key`), and the
application-wide limit per address is only a generous backstop (:func:`address_key`).

This module imports nothing of the project's models, so the extensions, the participant identity
and the models can all be imported without a cycle.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable

from flask import Flask, current_app, request, session
from flask.typing import ResponseReturnValue
from flask_limiter import ApplicationLimit, Limiter
from flask_login import current_user
from limits import parse_many
from limits.storage import MemoryStorage

#: The session key under which ``workshop.identity`` keeps this browser's participants.
PARTICIPANTS_SESSION_KEY = "participants"


def rate_limit_key() -> str:
    """This browser's signed session when it has one, else the client address.

    Every page with a form puts a random CSRF secret in the session, and a POST only passes CSRF
    with it, so it names one phone from its first page onwards: before its first statement (when it
    has no participant yet) as after, and apart from the hundreds of phones sharing a venue's
    address. Clearing cookies makes a new identity, as it makes a new participant; the per-address
    backstop bounds what that gains.
    """
    browser_secret = session.get("csrf_token") if session else None
    if browser_secret:
        return "s:" + hashlib.sha256(str(browser_secret).encode()).hexdigest()[:24]
    known = session.get(PARTICIPANTS_SESSION_KEY) if session else None
    if known:
        return "p:" + ",".join(f"{k}={v}" for k, v in sorted(known.items()))
    if current_user and current_user.is_authenticated:
        return f"f:{current_user.get_id()}"
    return address_key()


def address_key() -> str:
    return "a:" + (request.remote_addr or "unknown")


class ThreadSafeMemoryStorage(MemoryStorage):
    """``memory://`` (the laptop default) made safe for gunicorn's threads.

    limits 5.8's MemoryStorage restarts its expiry timer on every hit without a lock: two request
    threads that both find the timer stopped make two timers and both start the second, and the
    second ``start()`` raises "threads can only be started once": a 500 for a phone voting or
    posting in a burst (tests/test_security_races.py saw it). It also sweeps 10 ms after a hit,
    which started a thread for nearly every request; this one sweeps at most once a second
    (``SWEEP_SECONDS``). Declaring the same scheme makes ``memory://`` build this class.
    """

    STORAGE_SCHEME = ["memory"]
    SWEEP_SECONDS = 1.0
    """How soon after a hit the counters whose window ended are swept from memory. limits sweeps
    10 ms after a hit, so nearly every limited request started a thread (a tenth of the CPU of a
    phone's room-moved poll, bench/profile_requests.py); a window that ended is already read as
    empty by ``get``, so sweeping once a second only frees the memory a little later."""
    _expiry_lock = threading.Lock()

    def _MemoryStorage__schedule_expiry(self) -> None:  # the parent's private method, by its mangled name
        with self._expiry_lock:
            if not self.timer.is_alive():
                self.timer = threading.Timer(self.SWEEP_SECONDS, self._MemoryStorage__expire_events)  # type: ignore[attr-defined]
                self.timer.daemon = True  # a sweep never keeps a stopping server waiting
                self.timer.start()


limiter = Limiter(
    key_func=rate_limit_key,
    default_limits=[],
    application_limits=[ApplicationLimit(lambda: current_app.config["ADDRESS_RATE_LIMIT"], key_function=address_key)],
)


# --- new participant identities -------------------------------------------------------------------


def new_phone_allowed() -> bool:
    """Count one new participant identity for this address; False once it reached its cap.

    Clearing cookies makes a new participant, so fresh cookie jars would multiply one person. The
    cap (``NEW_PHONE_ADDRESS_LIMIT``) is per address and generous, since a venue's phones share
    one; it is counted in the limiter's storage (memory, or Redis shared by every process). The
    one rule for every kind of new identity: a phone joining a workshop
    (``workshop.operations.new_participant``) and a survey's new respondent
    (``surveys.operations.submit_response``) count on the same counter.
    """
    if not limiter.enabled:
        return True
    address = address_key()
    for item in parse_many(current_app.config["NEW_PHONE_ADDRESS_LIMIT"]):
        if not limiter.limiter.hit(item, "new-phone", address):
            return False
    return True


# --- guessing codes and private links ------------------------------------------------------------

GUESSING_MESSAGE = (
    "That is a lot of wrong codes in a short time, so we have paused joining for a few minutes. "
    "Wait five minutes and try again, or scan the QR code on the screen: it never needs typing."
)


def _count_failed_lookup(response: object) -> bool:
    return getattr(response, "status_code", 200) == 404


_GUESSING_LIMITS = (
    # Per browser (its signed session, else its address), then a generous per-address backstop.
    # Only "not found" answers count, and they count across every URL that takes a code or a
    # private-link token, so no URL is an unlimited oracle for guessing them.
    limiter.shared_limit(
        lambda: current_app.config["JOIN_FAILURE_RATE_LIMIT"],
        scope="guessing",
        key_func=rate_limit_key,
        deduct_when=_count_failed_lookup,
        error_message=GUESSING_MESSAGE,
    ),
    limiter.shared_limit(
        lambda: current_app.config["JOIN_FAILURE_ADDRESS_LIMIT"],
        scope="guessing-address",
        key_func=address_key,
        deduct_when=_count_failed_lookup,
        error_message=GUESSING_MESSAGE,
    ),
)


def guessing_limited(view: Callable[..., ResponseReturnValue]) -> Callable[..., ResponseReturnValue]:
    """Limit how many wrong codes or tokens one browser, and one address, may try.

    The lookups themselves are in ``workshop.access``; a view that takes a code or a token from
    the URL wears this decorator, and its 404 answers count.
    """
    if getattr(view, "guessing_limited", False):
        return view
    for limit in _GUESSING_LIMITS:
        view = limit(view)
    view.guessing_limited = True  # type: ignore[attr-defined]
    return view


#: URL parts that name a workshop, survey or private link: whoever can guess one gets in.
SECRET_URL_PARTS = frozenset({"code", "token"})


def limit_every_lookup(app: Flask) -> None:
    """Put every view whose URL takes a code or a token behind the guessing limit.

    Run once all blueprints are registered: a route added later, in any package, is covered
    without remembering the decorator (tests/test_security_devices.py finds them from the URL map).
    """
    for rule in app.url_map.iter_rules():
        if SECRET_URL_PARTS & set(rule.arguments):
            app.view_functions[rule.endpoint] = guessing_limited(app.view_functions[rule.endpoint])  # type: ignore[arg-type]  # async views are not used here
