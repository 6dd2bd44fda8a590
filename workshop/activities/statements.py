"""The statements kind: today's prompt, with everything it has (SMART hints, personal-data check,
themes, votes, plans). Its statements, themes and votes are the workshop's; phones post them
through ``participate.post_statement`` as before, so it has no ``answer`` of its own.
"""

from __future__ import annotations

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
    # every statement: the wall pages through them all, however many (the count is the room's)
    return {"statements": live.wall_statements(workshop, limit=None), "counts": live.counts(workshop)}


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
