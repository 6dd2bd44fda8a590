"""File names people download: meaningful, sortable by date, and safe on every file system.

A facilitator downloads a dozen files after a day of workshops, so names say which workshop,
which day and which document, in ASCII slugs (``map-on-tour-taunton-2026-11-20-statements.csv``).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date


def slugify(value: str | None, *, fallback: str = "", max_length: int = 60) -> str:
    """Lower-case ASCII words joined by hyphens; accents are dropped, other scripts vanish.

    Cut at a word boundary below ``max_length`` so names stay readable in a file list.
    """
    text = unicodedata.normalize("NFKD", value or "")
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(text) > max_length:
        cut = text[:max_length]
        text = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return text or fallback


def download_name(title: str, day: date | None, kind: str, extension: str) -> str:
    """A meaningful, ASCII-safe file name, e.g. ``map-on-tour-taunton-2026-11-20-statements.csv``."""
    parts = [slugify(title, fallback="workshop"), day.isoformat() if day else "", kind]
    return "-".join(part for part in parts if part) + "." + extension
