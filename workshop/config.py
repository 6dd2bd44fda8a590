"""Configuration: safe defaults, then the instance folder's ``config.py``, then the environment.

Hosts configure the kit with environment variables (see README "Configuration"). The secret key
comes from ``SECRET_KEY`` or is generated once into the instance folder; it is never in the code.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED = Path(__file__).resolve().parent / "_bundled"
"""In a built wheel (setup.py copies them there): the npm packages and the migrations, which live at
the repository's top level in a source checkout."""


def _from_checkout_or_bundle(name: str) -> Path:
    """``name`` at the top of a source checkout, else the copy a built wheel carries."""
    checkout = PROJECT_ROOT / name
    if (PROJECT_ROOT / "pyproject.toml").exists() and checkout.exists():
        return checkout
    return BUNDLED / name


def migrations_dir() -> Path:
    return _from_checkout_or_bundle("migrations")


def node_modules_dir() -> Path:
    return _from_checkout_or_bundle("node_modules")


DEFAULTS: dict[str, Any] = {
    # The domains built on the core, each wired by its module's ``init_app(app)``. Named here rather
    # than imported so that the core never imports them (tests/test_architecture.py).
    "DOMAINS": ("surveys.wiring", "exports.wiring"),
    # hide_parameters: an error message never carries the values of a query (what people typed, tokens).
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
    "MAX_CONTENT_LENGTH": 1 * 1024 * 1024,
    # A phone left on the join page all day must still be able to post: tie the CSRF token to the
    # session cookie rather than to a clock.
    "WTF_CSRF_TIME_LIMIT": None,
    "WTF_CSRF_SSL_STRICT": False,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "iwk_session",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    # Two weeks: a facilitator preparing a tour signs in once a fortnight at most, and a cookie left
    # on a shared or lost laptop stops working by itself soon after (sign-out revokes it at once).
    "REMEMBER_COOKIE_DURATION": 60 * 60 * 24 * 14,
    "PERMANENT_SESSION_LIFETIME": 60 * 60 * 24 * 90,
    "PUBLIC_BASE_URL": "",
    "ALLOW_REGISTRATION": False,
    "REDIS_URL": "",
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_HEADERS_ENABLED": False,
    "STATEMENT_RATE_LIMIT": "12 per minute",
    # New participant identities (fresh phones, or cleared cookies) from one address: generous, as
    # a venue's phones share one address (docs/security.md, "New phones per address").
    "NEW_PHONE_ADDRESS_LIMIT": "60 per minute",
    "ADDRESS_RATE_LIMIT": "30000 per minute",
    "JOIN_FAILURE_RATE_LIMIT": "20 per 5 minutes",
    # Wrong codes from one address, all browsers together: generous, as a venue's phones share it.
    "JOIN_FAILURE_ADDRESS_LIMIT": "200 per 5 minutes",
    # Registration posts from one address (sign-in counts wrong passwords only, below).
    "LOGIN_RATE_LIMIT": "10 per minute",
    # Wrong passwords for one account, from anywhere: the windows widen, so a guesser waits a
    # minute, then a quarter of an hour, then an hour, then a day. Right passwords never count.
    "LOGIN_ACCOUNT_FAILURE_LIMIT": "5 per minute;10 per 15 minutes;20 per hour;40 per day",
    # Wrong passwords from one address, all accounts together: generous, a venue shares one address.
    "LOGIN_ADDRESS_FAILURE_LIMIT": "30 per 5 minutes;100 per hour",
    "NODE_MODULES": str(node_modules_dir()),
    "WALL_POLL_SECONDS": 1,
    # How long the wall and the themes projector show each page when everything does not fit at once.
    "WALL_PAGE_SECONDS": 12,
    "PHONE_THEMES_POLL_SECONDS": 3,
    # Phones ask rarely while the themes are not shared (nothing can change on them), and redraw
    # shared themes at most this often while statements and votes keep changing them.
    "PHONE_IDLE_POLL_SECONDS": 15,
    "PHONE_THEMES_REFRESH_SECONDS": 10,
    # A phone that joined before the session opened asks this often whether it has opened
    # (people are waiting); an open session's phones ask PHONE_IDLE_POLL_SECONDS whether it closed.
    "PHONE_WAITING_POLL_SECONDS": 5,
    # While the agenda has more than one activity, an open session's phones ask this often whether
    # the room moved (issue 16: they follow within 2 s; the edge answers almost every ask with 204).
    "PHONE_ROOM_POLL_SECONDS": 1,
    # A phone that answered shows the room's results (or that they are hidden): it asks this often
    # whether they changed, and redraws a changing tally at most every PHONE_RESULTS_REFRESH_SECONDS
    # (the wall's is live; a reveal shows at the next ask).
    "PHONE_RESULTS_POLL_SECONDS": 3,
    "PHONE_RESULTS_REFRESH_SECONDS": 3,
    # Pacing (workshop.edge.Pacer): each server process answers a workshop's phone polls at most
    # about this often a second, stretching the intervals above when more phones ask or the process
    # is busy (phones then follow the room a few seconds later), and redraws their themes
    # or results at most PHONE_REDRAWS_PER_SECOND a second, stretching the refresh periods. 0: off.
    "PHONE_POLLS_PER_SECOND": 300,
    "PHONE_REDRAWS_PER_SECOND": 30,
    # Survey answers per respondent.
    "SURVEY_RESPONSE_RATE_LIMIT": "20 per minute",
    # "E-mail me my plan": per private link, enough to fix a typo in the address, too few to use
    # the kit as a mailer.
    "EMAIL_PLAN_RATE_LIMIT": "3 per 10 minutes",
    # Per client address, as a backstop only: a venue's phones all share one public address.
    "EMAIL_PLAN_ADDRESS_RATE_LIMIT": "100 per hour",
    # Per workshop and for the whole server: a room of 200 asks once or twice each, no more.
    "EMAIL_PLAN_WORKSHOP_RATE_LIMIT": "400 per hour",
    "EMAIL_PLAN_GLOBAL_RATE_LIMIT": "2000 per hour",
    # The plan can be mailed while the workshop is open and this many days after it closed.
    "EMAIL_PLAN_DAYS_AFTER_CLOSE": 7,
    "COMPRESS_MIMETYPES": [
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "image/svg+xml",
    ],
    "COMPRESS_MIN_SIZE": 256,
    "SMTP_HOST": "",
    # werkzeug's method for facilitators' passwords (workshop/auth/passwords.py); the tests lower it.
    "PASSWORD_HASH_METHOD": "scrypt",
}

# Environment variables read as they are, and the type they are converted to.
_ENV: dict[str, type] = {
    "SECRET_KEY": str,
    "PUBLIC_BASE_URL": str,
    "ALLOW_REGISTRATION": bool,
    "REDIS_URL": str,
    "RATELIMIT_ENABLED": bool,
    "SESSION_COOKIE_SECURE": bool,
    "PREFERRED_URL_SCHEME": str,
    "SMTP_HOST": str,
    "SMTP_PORT": int,
    "SMTP_USERNAME": str,
    "SMTP_PASSWORD": str,
    "SMTP_FROM": str,
    "TRUSTED_PROXIES": int,
    # Rate limits ("12 per minute"): hosts tune them, and the load benchmark raises the per-address
    # backstop because all its simulated phones share 127.0.0.1.
    "STATEMENT_RATE_LIMIT": str,
    "NEW_PHONE_ADDRESS_LIMIT": str,
    "ADDRESS_RATE_LIMIT": str,
    "JOIN_FAILURE_RATE_LIMIT": str,
    "JOIN_FAILURE_ADDRESS_LIMIT": str,
    "LOGIN_RATE_LIMIT": str,
    "LOGIN_ACCOUNT_FAILURE_LIMIT": str,
    "LOGIN_ADDRESS_FAILURE_LIMIT": str,
    "SURVEY_RESPONSE_RATE_LIMIT": str,
    "WALL_POLL_SECONDS": int,
    "WALL_PAGE_SECONDS": float,
    "PHONE_THEMES_POLL_SECONDS": int,
    "PHONE_IDLE_POLL_SECONDS": int,
    "PHONE_THEMES_REFRESH_SECONDS": int,
    "PHONE_WAITING_POLL_SECONDS": int,
    "PHONE_ROOM_POLL_SECONDS": int,
    "PHONE_RESULTS_POLL_SECONDS": int,
    "PHONE_RESULTS_REFRESH_SECONDS": int,
    "PHONE_POLLS_PER_SECOND": float,
    "PHONE_REDRAWS_PER_SECOND": float,
    "EMAIL_PLAN_RATE_LIMIT": str,
    "EMAIL_PLAN_ADDRESS_RATE_LIMIT": str,
    "EMAIL_PLAN_WORKSHOP_RATE_LIMIT": str,
    "EMAIL_PLAN_GLOBAL_RATE_LIMIT": str,
    "EMAIL_PLAN_DAYS_AFTER_CLOSE": int,
    # The instance folder (database, generated secret): create_app reads it before the app exists.
    "IMPACT_KIT_INSTANCE": str,
    # Copies of the grouping model's files for a host without the packages (workshop/themes/embedding.py,
    # a pure core, asks environment_setting below for them; the hashes still apply).
    "THEMES_MODEL_PATH": str,
    "THEMES_TOKENIZER_PATH": str,
}


def _as_bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def from_environment(environ: os._Environ[str] | dict[str, str] | None = None) -> dict[str, Any]:
    """The settings that the environment gives, converted to their types."""
    settings: dict[str, Any] = {}
    for name in _ENV:
        value = environment_setting(name, environ)
        if value is not None:
            settings[name] = value
    if url := _raw("DATABASE_URL", environ):
        settings["SQLALCHEMY_DATABASE_URI"] = database_url(url)
    return settings


def _raw(name: str, environ: os._Environ[str] | dict[str, str] | None) -> str:
    """The text of one environment variable ("" when unset): the kit's one reader of the environment."""
    return (os.environ if environ is None else environ).get(name, "")


def environment_setting(name: str, environ: os._Environ[str] | dict[str, str] | None = None) -> Any:
    """One variable of the table, converted to its type; None when unset or empty.

    The one place the kit reads the environment: pure cores (the themes' model paths) call this,
    without Flask, rather than reading the process environment themselves.
    """
    raw = _raw(name, environ)
    if raw == "":
        return None
    kind = _ENV[name]
    return _as_bool(raw) if kind is bool else kind(raw)


def database_url(url: str) -> str:
    """Accept the common spellings of a PostgreSQL URL and use the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def instance_secret(instance_path: str) -> str:
    """The secret generated into the instance folder on first use, so that sessions survive restarts."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        private_folder(path.parent)
        # Created with mode 0600 from the first byte: never readable by others, not even briefly.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as secret:
            secret.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def private_folder(folder: Path) -> None:
    """Make ``folder`` (mode 0700) if it is missing: it holds the secret key and the SQLite database."""
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True)
        folder.chmod(0o700)  # mkdir's mode is filtered by the umask


def private_sqlite_file(database_uri: str) -> None:
    """Create an SQLite database file as 0600 (in a 0700 folder when new) before SQLite opens it.

    It holds password hashes and private-link tokens. SQLite gives its -wal and -shm files the
    database file's mode, so they are private too. An existing file with group or other access
    (made by an earlier version) is narrowed to 0600.
    """
    prefix = "sqlite:///"
    if not database_uri.startswith(prefix) or ":memory:" in database_uri:
        return
    path = Path(database_uri[len(prefix) :].split("?", 1)[0])
    private_folder(path.parent)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    elif path.stat().st_mode & 0o077:
        path.chmod(0o600)


def derive_settings(settings: dict[str, Any]) -> None:
    """Settings that follow others unless set themselves: the remember cookie is as Secure as the session."""
    settings.setdefault("REMEMBER_COOKIE_SECURE", bool(settings.get("SESSION_COOKIE_SECURE")))


class InsecureConfiguration(RuntimeError):
    """Raised at start-up when a production configuration would be unsafe."""


def check_production_settings(settings: dict[str, Any]) -> None:
    """Refuse to serve outside debugging and testing with a weak secret key."""
    if settings.get("TESTING"):
        return
    # Not even with FLASK_DEBUG=1: a debugging server reachable from the venue's network with a
    # known key lets anyone forge a facilitator's session. Unset, a strong key is generated.
    key = str(settings.get("SECRET_KEY") or "")
    weak = len(key) < 32 or len(set(key)) < 6 or key.lower() in {"dev", "change-me", "secret", "changeme"}
    if weak:
        raise InsecureConfiguration(
            "SECRET_KEY is too short or a well-known value: set a random value of at least 32 "
            "characters (not one character repeated), or leave it unset to have one generated into "
            "the instance folder."
        )
