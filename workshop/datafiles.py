"""CSV and JSON of a workshop's statements (pure functions over plain rows).

CSV cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage
return) are prefixed with an apostrophe, so opening the file in Excel runs nothing.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([spreadsheet_safe(row.get(column, "")) for column in columns])
    # A byte-order mark makes Excel read the file as UTF-8 (emoji, accents, right-to-left text).
    return "\ufeff" + buffer.getvalue()


def to_json(document: Mapping[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, default=str)


def download_name(title: str, day: date | None, kind: str, extension: str) -> str:
    """A meaningful, ASCII-safe file name, e.g. ``map-on-tour-taunton-2026-11-20-report.docx``."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].strip("-") or "workshop"
    parts = [slug, day.isoformat() if day else "", kind]
    return "-".join(part for part in parts if part) + "." + extension
