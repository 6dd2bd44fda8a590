"""The agenda's state changes: add, edit, reorder and remove activities, move the room, reveal results.

Each one touches the workshop (``Workshop.touch``) so that walls and remotes redraw; moving the
room also changes ``Workshop.current_activity_id``, which the phones' state poll compares
(``models.activity_stamp``). They flush nothing themselves and raise ``RuleBroken`` with words
for the facilitator.
"""

from __future__ import annotations

import logging

from sqlalchemy import func, select

from workshop import timer
from workshop.extensions import db
from workshop.models import Activity, ActivityKind, Statement, Workshop
from workshop.operations import RuleBroken

log = logging.getLogger(__name__)

MAX_ACTIVITIES = 30
"""An agenda longer than this is a mistake (a day's workshop runs a dozen at most)."""

ONE_STATEMENTS_MESSAGE = (
    "This workshop has its statements activity already: every statements activity asks the workshop's "
    "prompt and shows the same statements, so move that one where you want it instead."
)
LAST_ACTIVITY_MESSAGE = "A workshop needs at least one activity: add another before removing this one."


def activity_of(workshop: Workshop, activity_id: int) -> Activity | None:
    """The workshop's activity with this id, or None (another workshop's is none of its)."""
    return next((a for a in workshop.activities if a.id == activity_id), None)


def _renumber(workshop: Workshop, ordered: list[Activity]) -> None:
    for position, activity in enumerate(ordered):
        activity.position = position
    workshop.activities.sort(key=lambda a: a.position)


def add(workshop: Workshop, kind: ActivityKind, title: str, prompt: str, settings: dict[str, object]) -> Activity:
    """A new activity at the end of the agenda (the room stays where it is)."""
    if len(workshop.activities) >= MAX_ACTIVITIES:
        raise RuleBroken(f"An agenda holds at most {MAX_ACTIVITIES} activities: remove one first.")
    if kind == ActivityKind.STATEMENTS and any(a.kind == ActivityKind.STATEMENTS for a in workshop.activities):
        raise RuleBroken(ONE_STATEMENTS_MESSAGE)
    activity = Activity(kind=kind, title=title, prompt=prompt, settings=settings)
    activity.position = len(workshop.activities)
    workshop.activities.append(activity)
    db.session.flush()
    if workshop.current_activity_id is None:
        workshop.current_activity_id = workshop.activities[0].id
    workshop.touch()
    log.info("workshop %s: %s activity %s added", workshop.code, kind.value, activity.id)
    return activity


def edit(activity: Activity, title: str, prompt: str, settings: dict[str, object]) -> None:
    """New words and settings for an activity; whether its results were revealed is kept."""
    merged = dict(activity.settings)
    merged.update(settings)
    activity.settings = merged
    activity.title = title
    if activity.kind == ActivityKind.STATEMENTS:
        activity.workshop.prompt = prompt  # a statements activity asks the workshop's prompt
    else:
        activity.prompt = prompt
    activity.workshop.touch()


def move(activity: Activity, direction: str) -> bool:
    """One place up or down the agenda; False when it is at that end already (nothing to do)."""
    workshop = activity.workshop
    ordered = list(workshop.activities)
    index = ordered.index(activity)
    other = index - 1 if direction == "up" else index + 1
    if direction not in {"up", "down"} or not 0 <= other < len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    _renumber(workshop, ordered)
    workshop.touch()
    return True


def statement_count(workshop: Workshop) -> int:
    return db.session.scalar(select(func.count(Statement.id)).where(Statement.workshop_id == workshop.id)) or 0


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def removal_refused(activity: Activity) -> str | None:
    """Why ``activity`` cannot come off the agenda, in words for the facilitator; None when it can.

    Never the last activity, and never the statements activity once statements were sent (they
    stay the workshop's, and the board, the report and the plans depend on them).
    """
    workshop = activity.workshop
    if len(workshop.activities) == 1:
        return LAST_ACTIVITY_MESSAGE
    if activity.kind == ActivityKind.STATEMENTS and (sent := statement_count(workshop)):
        return (
            f"Participants have sent {_plural(sent, 'statement', 'statements')} in this activity: it stays "
            "on the agenda so they keep their place in the report and the plans. Move it to the end instead."
        )
    return None


def removal_loses(activity: Activity) -> str:
    """What goes with ``activity`` when it is removed, for the page that asks first: "" when nothing does."""
    if activity.kind == ActivityKind.QUESTIONS:
        asked = len(activity.questions)
        votes = sum(len(q.votes) for q in activity.questions)
        return f"{_plural(asked, 'question', 'questions')} and {_plural(votes, 'vote', 'votes')}" if asked else ""
    people = len(activity.poll_answers) + len(activity.answers)
    return f"the answers of {_plural(people, 'person', 'people')}" if people else ""


def remove(activity: Activity) -> None:
    """Take an activity off the agenda with its answers; the room, if it was on it, goes to the one before.

    ``RuleBroken`` with :func:`removal_refused`'s words when it cannot go.
    """
    refused = removal_refused(activity)
    if refused:
        raise RuleBroken(refused)
    workshop = activity.workshop
    ordered = list(workshop.activities)
    index = ordered.index(activity)
    was_current = workshop.current_activity is activity
    ordered.remove(activity)
    workshop.activities.remove(activity)
    db.session.delete(activity)
    _renumber(workshop, ordered)
    if was_current:
        workshop.current_activity_id = ordered[max(0, index - 1)].id
    workshop.touch()
    log.info("workshop %s: activity %s removed", workshop.code, activity.id)


def go_to(workshop: Workshop, activity: Activity) -> bool:
    """Put the room on ``activity``; False when it is there already (a second tap changes nothing)."""
    if workshop.current_activity is activity and workshop.current_activity_id == activity.id:
        return False
    workshop.current_activity_id = activity.id
    timer.clear_if_up(workshop)  # "Time is up" was about the activity the room has left
    workshop.touch()
    log.info("workshop %s: room on activity %s", workshop.code, activity.id)
    return True


def step(workshop: Workshop, by: int) -> Activity:
    """The room one activity on (``by`` = 1) or back (-1); RuleBroken at either end of the agenda."""
    ordered = list(workshop.activities)
    current = workshop.current_activity
    if current is None:
        raise RuleBroken("This workshop has no activities yet: add one first.")
    target = ordered.index(current) + by
    if target >= len(ordered):
        raise RuleBroken("The room is on the last activity already: add another to go on.")
    if target < 0:
        raise RuleBroken("The room is on the first activity already.")
    go_to(workshop, ordered[target])
    return ordered[target]


def position_of(workshop: Workshop, activity: Activity | None) -> int:
    """Where ``activity`` is on the agenda, counted from 1 (0 for none)."""
    return workshop.activities.index(activity) + 1 if activity in workshop.activities else 0


def reveal(activity: Activity, shown: bool) -> bool:
    """Show (or hide again) an activity's results on the wall; False when they were so already."""
    if not activity.hide_results:
        raise RuleBroken("This activity's results are always on the wall: edit it to hide them until you reveal them.")
    if activity.revealed == shown:
        return False
    settings = dict(activity.settings)
    settings["revealed"] = shown
    activity.settings = settings
    activity.workshop.touch()
    return True
