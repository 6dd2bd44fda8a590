"""ZIPs of personal plans, for the facilitator's "download all" buttons.

File names inside must be unique, meaningful and safe on every system: a running number keeps
them unique and in the order participants joined, the participant's name (ASCII slug) makes
them recognisable, and nothing of the name can escape the archive's root.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable

from exports.data import ParticipantData
from workshop.common.naming import slugify

PlanBuilder = Callable[[ParticipantData], bytes]


def build_plans_zip(
    participants: Iterable[ParticipantData],
    builder: PlanBuilder,
    *,
    kind: str | None = None,
) -> bytes:
    """One ``.docx`` per participant, built by ``builder``, in one ZIP.

    ``kind`` names the document in each file name (default: from the builder,
    ``build_smart_plan`` → ``smart-plan``).
    """
    label = kind or _kind_of(builder)
    buffer = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for number, participant in enumerate(participants, 1):
            person = slugify(participant.name, max_length=40) or "participant"
            name = f"{number:03d}-{person}-{label}.docx"
            while name in used:  # only if a caller passes the same number twice; kept for safety
                name = f"{number:03d}-{person}-{label}-{len(used)}.docx"
            used.add(name)
            info = zipfile.ZipInfo(name, date_time=_zip_time(participant))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, builder(participant))
    return buffer.getvalue()


def _kind_of(builder: PlanBuilder) -> str:
    name = getattr(builder, "__name__", "") or "plan"
    return slugify(name.removeprefix("build_").replace("_", "-"), fallback="plan")


def _zip_time(participant: ParticipantData) -> tuple[int, int, int, int, int, int]:
    """Entries dated on the workshop day, so the same data gives the same archive."""
    day = participant.workshop.date
    if day is None or day.year < 1980:
        return (1980, 1, 1, 0, 0, 0)
    return (day.year, day.month, day.day, 12, 0, 0)
