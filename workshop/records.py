"""A workshop's statements as flat rows and one JSON document: what its CSV, JSON and XLSX files hold.

One definition of the columns for the facilitator's downloads and the "everything" ZIP, so the
three formats always agree. The writers themselves are ``workshop.common.datafiles``.
"""

from __future__ import annotations

from workshop.metoo.operations import all_counts
from workshop.models import Workshop

#: ``me_too``: how many others said "Me too" to the statement (issue 16); never who.
STATEMENT_COLUMNS = ("id", "created_at", "status", "pinned", "me_too", "theme", "name", "role", "text")


def statement_rows(workshop: Workshop) -> list[dict[str, object]]:
    """Every statement of a workshop as a flat row, for CSV, JSON and XLSX."""
    me_too = all_counts(workshop)
    return [
        {
            "id": s.id,
            "created_at": s.created_at.isoformat(timespec="seconds"),
            "status": s.status.value,
            "pinned": s.pinned,
            "me_too": me_too.get(s.id, 0),
            "theme": s.theme.label if s.theme else "",
            "name": s.participant.name if s.participant else "",
            "role": s.participant.role if s.participant else "",
            "text": s.text,
        }
        for s in workshop.statements
    ]


def statements_document(workshop: Workshop) -> dict[str, object]:
    """The JSON export: the workshop's details and every statement."""
    return {
        "workshop": {
            "code": workshop.code,
            "title": workshop.title,
            "date": workshop.date.isoformat() if workshop.date else None,
            "venue": workshop.venue,
            "prompt": workshop.prompt,
            "state": workshop.state.value,
        },
        "statements": statement_rows(workshop),
    }
