"""Join codes: short, typed on phones, read aloud in a room, so drawn from an unambiguous alphabet."""

from __future__ import annotations

import secrets

# No 0/O, 1/I/L; no vowels beyond A/E/U either, so that codes do not spell words by accident.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6


def new_code(length: int = CODE_LENGTH) -> str:
    """A random code of ``length`` characters from :data:`ALPHABET`."""
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise_code(typed: str | None) -> str:
    """What a person typed, as a code: upper case, with spaces, dashes and other separators dropped."""
    if not typed:
        return ""
    return "".join(ch for ch in typed.upper() if ch.isascii() and ch.isalnum())


def is_valid_code(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(ch in ALPHABET for ch in code)
