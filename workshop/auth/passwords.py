"""The password rule, in one place: the sign-up form, the change-password page and the host commands.

NCSC and NIST guidance: length matters more than character classes, and the passwords attackers
try first must be refused. The list of common passwords is the 30,000-entry list that ships with
``zxcvbn`` (Dropbox's password-strength estimator, drawn from leaked password sets); it is read
once, lowercased. A common password with digits or symbols stuck on either end ("Liverpool2026!")
is refused too, because guessing tools try exactly those variants first.
"""

from __future__ import annotations

import re
from functools import cache

from flask import current_app, has_app_context
from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 12
MAX_LENGTH = 200
RULE = (
    f"Use at least {MIN_LENGTH} characters: a few unrelated words work well. Not a common password, "
    "and not your name from your email address."
)

_DECORATION = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_NAME_PARTS = re.compile(r"[._+\-]+")


@cache
def _common() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(word.lower() for word in FREQUENCY_LISTS["passwords"])


def _names(email: str) -> list[str]:
    local = email.strip().lower().split("@", 1)[0]
    return [part for part in _NAME_PARTS.split(local) if len(part) >= 3]


def problem(password: str, email: str) -> str | None:
    """Why ``password`` is not acceptable for the account ``email``, or ``None`` when it is."""
    if len(password) < MIN_LENGTH:
        return f"The password must have at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"The password must have at most {MAX_LENGTH} characters."
    lowered = password.lower()
    squeezed = re.sub(r"\s+", "", lowered)
    if {lowered, squeezed, _DECORATION.sub("", squeezed)} & _common():
        return "That is one of the most common passwords, which attackers try first: choose another."
    for name in _names(email):
        if name in squeezed:
            return f"The password must not contain your name from your email address ({name})."
    return None


# Werkzeug's default (scrypt, n=2**15, r=8, p=1: about 0.1 s and 32 MB a hash). The app's
# PASSWORD_HASH_METHOD may name another werkzeug method; the tests lower it to a cheap one.
DEFAULT_METHOD = "scrypt"


def _method() -> str:
    if has_app_context():
        return str(current_app.config.get("PASSWORD_HASH_METHOD") or DEFAULT_METHOD)
    return DEFAULT_METHOD


def hash_password(password: str) -> str:
    """The stored form of ``password``: the one place a password is hashed."""
    return generate_password_hash(password, method=_method())


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash("not a password anyone has: used to spend the same time", method=method)


def spend_a_check(password: str) -> None:
    """Check ``password`` against a dummy hash: an unknown e-mail costs what a wrong password costs."""
    check_password_hash(_dummy_hash(_method()), password)
