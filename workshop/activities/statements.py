"""The statements kind: today's prompt, with everything it has (SMART hints, personal-data check,
themes, votes, plans). Its statements, themes and votes are the workshop's; phones post them
through ``participate.post_statement`` as before, so it has no ``answer`` of its own.
"""

from __future__ import annotations

from dataclasses import replace

from workshop import live
from workshop.activities.forms import ActivityForm
from workshop.activities.spec import Context, Kind
from workshop.models import Activity, ActivityKind, Participant


class StatementsActivityForm(ActivityForm):
    """The statements activity asks the workshop's prompt: editing it here edits the workshop's."""


def _phone(activity: Activity, participant: Participant | None) -> Context:
    return {}  # the participant page's own context has the form and the phone's statements


def _wall(activity: Activity) -> Context:
    workshop = activity.workshop
    # Counts first, then every statement (the wall pages through them all, however many). Each
    # SQLite read is its own snapshot, so a statement sent between the two reads would otherwise
    # be counted but not shown; the number on the wall is the statements it holds. A statement
    # sent meanwhile changed the version, so the next poll redraws with everything.
    counts = live.counts(workshop)
    statements = live.wall_statements(workshop, limit=None)
    return {"statements": statements, "counts": replace(counts, statements=len(statements))}


def _summary(activity: Activity) -> str:
    sent = live.counts(activity.workshop).statements
    return f"{sent} statement{'' if sent == 1 else 's'} on the wall"


KIND = Kind(
    kind=ActivityKind.STATEMENTS,
    blurb="Everyone writes what they will do, with SMART hints; then themes, votes and plans.",
    form=StatementsActivityForm,
    phone=_phone,
    wall=_wall,
    summary=_summary,
    one_per_workshop=True,
)
