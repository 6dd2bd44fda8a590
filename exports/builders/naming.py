"""File names of the exports.

A facilitator downloads a dozen files after a day of workshops: names must say which workshop,
which day and which document, sort by date, and survive every file system and e-mail client,
so they are ASCII slugs (``impact-workshop-taunton-2026-11-20-report.docx``).
"""

from __future__ import annotations

from exports.data import WorkshopData
from workshop.common.naming import slugify

__all__ = ["KINDS", "filename_for", "series_filename"]

#: Each export kind and its file extension.
KINDS: dict[str, str] = {
    "report": "docx",
    "smart-plan": "docx",
    "impact-plan": "docx",
    "story-template": "docx",
    "story": "docx",  # a story prefilled from one follow-up answer
    "evidence": "docx",  # the evidence pack of a workshop or a series
    "evidence-data": "xlsx",  # its data
    "survey": "docx",
    "smart-plans": "zip",
    "impact-plans": "zip",
    "all": "zip",
    "pack": "zip",
    "write-up": "docx",  # or .md / .html: ``extension`` says which
    "series-report": "docx",
}

_MAX_SLUG = 60


def filename_for(kind: str, workshop: WorkshopData | None, *, person: str = "", extension: str = "") -> str:
    """``<workshop title>-<date>[-<person>]-<kind>.<ext>`` for one export of one workshop.

    ``person`` (a participant's name) distinguishes personal plans; without a workshop the
    name is generic (``impact-workshop-story-template.docx``); ``extension`` replaces the kind's
    own for an export that comes in several formats (the write-up).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown export kind {kind!r}; expected one of {sorted(KINDS)}")
    parts: list[str] = []
    if workshop is not None:
        parts.append(slugify(workshop.title, fallback="impact-workshop"))
        if workshop.date is not None:
            parts.append(workshop.date.isoformat())
    else:
        parts.append("impact-workshop")
    person_slug = slugify(person, max_length=40)
    if person_slug:
        parts.append(person_slug)
    parts.append(kind)
    return f"{'-'.join(parts)}.{extension or KINDS[kind]}"


def series_filename(kind: str, name: str, *, extension: str = "") -> str:
    """``<series name>-<kind>.<ext>`` for one export of a series (a tour has no one date)."""
    if kind not in KINDS:
        raise ValueError(f"unknown export kind {kind!r}; expected one of {sorted(KINDS)}")
    return f"{slugify(name, fallback='workshop-series', max_length=_MAX_SLUG)}-{kind}.{extension or KINDS[kind]}"
