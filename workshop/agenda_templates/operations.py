"""Workshop templates in the database (issue 16): the kit's own and each facilitator's, a workshop
started from one, and a workshop's agenda saved as one. The plans themselves are pure
(``workshop.agendas``); these functions flush, never commit, and raise ``RuleBroken``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select

from workshop import agendas
from workshop.extensions import db
from workshop.models import Activity, ActivityKind, AgendaTemplate, Facilitator, Workshop, WorkshopState
from workshop.operations import RuleBroken, WorkshopSettings, create_workshop

OWN_PREFIX = "mine-"

#: What a facilitator is told when the template they chose is not there: deleted since the page was
#: drawn (by them, on another device), or never theirs (it is said the same way, revealing nothing).
GONE = "That template is not there any more: it may have been deleted. Choose another to start from."


@dataclass(frozen=True)
class Listed:
    """A template as the list of templates shows it: the plan, who owns it ("" for the kit's), since when."""

    template: agendas.Template
    owner: str = ""
    row_id: int | None = None
    created: datetime | None = None

    @property
    def shipped(self) -> bool:
        return self.row_id is None


def _kinds() -> set[str]:
    return {kind.value for kind in ActivityKind}


def _own(row: AgendaTemplate) -> agendas.Template:
    plan = agendas.from_json(row.agenda_json, _kinds())
    kinds = ", ".join(dict.fromkeys(ActivityKind(p.kind).label.lower() for p in plan)) or "no activities"
    description = f"Your own: {len(plan)} activit{'y' if len(plan) == 1 else 'ies'} ({kinds})."
    return agendas.Template(f"{OWN_PREFIX}{row.id}", row.name, description, plan)


def templates_for(facilitator: Facilitator) -> list[agendas.Template]:
    """The kit's templates, then the facilitator's own (newest first)."""
    rows = db.session.scalars(
        select(AgendaTemplate)
        .where(AgendaTemplate.facilitator_id == facilitator.id)
        .order_by(AgendaTemplate.created_at.desc(), AgendaTemplate.id.desc())
    ).all()
    return [*agendas.BUILT_IN.values(), *(_own(row) for row in rows)]


def listed(facilitator: Facilitator | None) -> list[Listed]:
    """The kit's templates, then ``facilitator``'s own (every facilitator's when None), newest first."""
    query = select(AgendaTemplate, Facilitator.email).join(Facilitator, AgendaTemplate.facilitator_id == Facilitator.id)
    if facilitator is not None:
        query = query.where(AgendaTemplate.facilitator_id == facilitator.id)
    rows = db.session.execute(query.order_by(AgendaTemplate.created_at.desc(), AgendaTemplate.id.desc())).all()
    return [
        *(Listed(template) for template in agendas.BUILT_IN.values()),
        *(Listed(_own(row), email, row.id, row.created_at) for row, email in rows),
    ]


def listed_row(row: AgendaTemplate) -> Listed:
    owner = db.session.get(Facilitator, row.facilitator_id)
    return Listed(_own(row), owner.email if owner else "", row.id, row.created_at)


def own_row(facilitator: Facilitator, slug: str) -> AgendaTemplate | None:
    """``facilitator``'s own template called ``slug`` (``mine-ID``, or the bare ID), else None."""
    number = slug.strip().removeprefix(OWN_PREFIX)
    if not number.isdigit() or len(number) > 18:  # beyond any row id the database holds
        return None
    row = db.session.get(AgendaTemplate, int(number))
    return row if row is not None and row.facilitator_id == facilitator.id else None


def delete_template(row: AgendaTemplate) -> str:
    """Delete a facilitator's own template; its name. Workshops started from it keep their agendas."""
    name = row.name
    db.session.delete(row)
    db.session.flush()
    return name


def template_for(facilitator: Facilitator, slug: str) -> agendas.Template | None:
    """The template called ``slug`` that ``facilitator`` may use (the kit's, or one of their own)."""
    if slug in agendas.BUILT_IN:
        return agendas.BUILT_IN[slug]
    row = own_row(facilitator, slug) if slug.startswith(OWN_PREFIX) else None
    return _own(row) if row is not None else None


def create_from_template(
    facilitator: Facilitator,
    settings: WorkshopSettings,
    template: agendas.Template,
    *,
    state: WorkshopState = WorkshopState.DRAFT,
) -> Workshop:
    """A new workshop whose agenda is the template's, the room on its first activity.

    The template's statements activity gives the workshop its prompt.
    """
    statements = next((p for p in template.activities if p.kind == ActivityKind.STATEMENTS.value), None)
    if statements is not None and statements.prompt:
        settings = replace(settings, prompt=statements.prompt)
    workshop = create_workshop(facilitator, settings, state=state)
    if not template.activities:
        return workshop
    workshop.activities.clear()  # the one statements activity every workshop starts with
    db.session.flush()
    for position, planned in enumerate(template.activities):
        kind = ActivityKind(planned.kind)
        activity = Activity(
            kind=kind,
            title=planned.title or kind.label,
            prompt=workshop.prompt if kind == ActivityKind.STATEMENTS else planned.prompt,
            position=position,
        )
        activity.settings = agendas.kept_settings(planned.settings)
        workshop.activities.append(activity)
    db.session.flush()
    workshop.current_activity_id = workshop.activities[0].id
    return workshop


def planned_agenda(workshop: Workshop) -> tuple[agendas.PlannedActivity, ...]:
    """The workshop's agenda as a plan: each activity's kind, title, question and settings, no answers."""
    return tuple(
        agendas.PlannedActivity(str(a.kind), a.title, a.question, agendas.kept_settings(a.settings))
        for a in workshop.activities
    )


def save_as_template(workshop: Workshop, facilitator: Facilitator, name: str) -> AgendaTemplate:
    """The workshop's agenda saved as ``facilitator``'s own template called ``name``."""
    try:
        cleaned = agendas.clean_name(name)
    except agendas.BadTemplate as error:
        raise RuleBroken(str(error)) from error
    row = AgendaTemplate(
        facilitator_id=facilitator.id, name=cleaned, agenda_json=agendas.to_json(planned_agenda(workshop))
    )
    db.session.add(row)
    db.session.flush()
    return row
