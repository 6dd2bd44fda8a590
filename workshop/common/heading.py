"""The workshop a document comes from, on its first page and in its properties.

Templates downloaded from a workshop's page carry its title, date, venue and facilitators, so
a sheet found in a drawer months later still says where it came from; public blank templates
carry none of it. Any record with a title, date, venue and facilitator heads a document
(``exports.data.WorkshopData`` does), so the workshop's documents and the surveys' questionnaires
are headed by these same functions without either package importing the other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from docx.document import Document

from workshop.common.dates import long_date
from workshop.common.word import add_label_value, single_line


class WorkshopFacts(Protocol):
    """What heads a document: the workshop it comes from."""

    @property
    def title(self) -> str: ...
    @property
    def date(self) -> dt.date | None: ...
    @property
    def venue(self) -> str: ...
    @property
    def facilitator(self) -> str: ...


def facilitators_of(workshop: WorkshopFacts) -> list[str]:
    """Who ran it: the owner, then the co-facilitators it was shared with (moderators are not named),
    each once. A record without ``co_facilitators`` (a survey's questionnaire) names its owner only."""
    names = [workshop.facilitator, *getattr(workshop, "co_facilitators", ())]
    return list(dict.fromkeys(name for name in (single_line(n) for n in names) if name))


def in_words(names: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}" if names else ""


def add_facilitators(document: Document, names: Sequence[str]) -> None:
    """ "Facilitator: A" or "Facilitators: A and B"; nothing without a name."""
    if names:
        add_label_value(document, "Facilitators" if len(names) > 1 else "Facilitator", in_words(names))


def is_headed(workshop: WorkshopFacts | None) -> bool:
    """True when ``workshop`` is one (a blank template's placeholder has no title)."""
    return workshop is not None and bool(single_line(workshop.title))


def workshop_summary(workshop: WorkshopFacts | None) -> str:
    """``Title, Friday 20 November 2026, Venue, facilitated by …`` for document properties; "" when blank."""
    if workshop is None or not is_headed(workshop):
        return ""
    parts = [single_line(workshop.title)]
    if workshop.date is not None:
        parts.append(long_date(workshop.date))
    if single_line(workshop.venue):
        parts.append(single_line(workshop.venue))
    if facilitators := facilitators_of(workshop):
        parts.append(f"facilitated by {in_words(facilitators)}")
    return ", ".join(parts)


def add_workshop_facts(document: Document, workshop: WorkshopFacts | None, *, with_title: bool = True) -> None:
    """Workshop, date, venue and facilitator lines under the title, when the document has a workshop.

    ``with_title=False`` where the document's own title is the workshop's (the session report).
    """
    if workshop is None or not is_headed(workshop):
        return
    if with_title:
        add_label_value(document, "Workshop", single_line(workshop.title))
    if workshop.date is not None:
        add_label_value(document, "Date", long_date(workshop.date))
    if single_line(workshop.venue):
        add_label_value(document, "Venue", single_line(workshop.venue))
    add_facilitators(document, facilitators_of(workshop))
