"""Workshop templates (issue 16), pure: an agenda of planned activities that a new workshop starts
with. The kit ships "Demonstrate impact in 5 easy steps"; a facilitator saves any workshop's
agenda as a template of their own (stored as ``agenda_json`` by ``workshop.models.AgendaTemplate``).
No Flask, no database: ``workshop.operations`` turns a plan into activities and back.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from workshop.common.prompts import DEFAULT_PROMPT
from workshop.common.steps import AIMS, SHARING, step_title
from workshop.common.text import clean_text

#: What a template leaves out of an activity's settings: the state of a session, not its plan.
SESSION_SETTINGS = frozenset({"revealed", "hidden_words"})  # hidden_words: what a word cloud's facilitator hid

NAME_LENGTH = 120


class BadTemplate(ValueError):
    """The template cannot be saved or used; the message is written for the facilitator."""


@dataclass(frozen=True)
class PlannedActivity:
    """One step of a template's agenda. A statements activity's ``prompt`` becomes the workshop's prompt."""

    kind: str
    title: str
    prompt: str = ""
    settings: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Template:
    slug: str  # "five-steps" for the kit's; "mine-ID" for a facilitator's own
    name: str
    description: str
    activities: tuple[PlannedActivity, ...]


def _poll(title: str, question: str, options: Sequence[str], *, multiple: bool = False) -> PlannedActivity:
    return PlannedActivity("poll", title, question, {"options": list(options), "multiple": multiple})


#: The kit's own template: an activity for each of the five steps, the room's questions, then the statements.
FIVE_STEPS_TEMPLATE = Template(
    slug="five-steps",
    name="Demonstrate impact in 5 easy steps",
    description=(
        "An activity for each of the five steps: a poll on your aim, a word cloud of your "
        "organisation's drivers, a ranking of what would help you plan, a scale of confidence in "
        "telling your story and a poll on where to share it; then the room's questions, and everyone "
        "writes what they will do back at work. Everyone takes home the five-step impact plan."
    ),
    activities=(
        _poll(
            step_title(1),
            "Which aim would you start demonstrating impact with?",
            [room for room, _ in AIMS],
        ),
        PlannedActivity(
            "words",
            step_title(2),
            "In one to three words: what matters most to your organisation right now?",
            {"max_words": 3},
        ),
        PlannedActivity(
            "ranking",
            step_title(3),
            "What would help you most to turn your idea into a plan? Put them in order.",
            {"options": ["Time to plan it", "A team to work with", "The right resources", "Knowing what to measure"]},
        ),
        PlannedActivity(
            "scale",
            step_title(4),
            "How confident are you about telling the story of your impact?",
            {"low": 1, "high": 5, "low_label": "Not confident at all", "high_label": "Very confident"},
        ),
        _poll(
            step_title(5),
            "Where will you share your story first? Choose all that apply.",
            [room for room, _ in SHARING],
            multiple=True,
        ),
        PlannedActivity("questions", "Your questions", "What would you like to ask about demonstrating impact?"),
        PlannedActivity("statements", "Back at work", DEFAULT_PROMPT),
    ),
)

BUILT_IN: dict[str, Template] = {FIVE_STEPS_TEMPLATE.slug: FIVE_STEPS_TEMPLATE}


def clean_name(name: str) -> str:
    cleaned = clean_text(name, single_line=True)
    if not cleaned:
        raise BadTemplate("Give the template a name.")
    if len(cleaned) > NAME_LENGTH:
        raise BadTemplate(f"Keep the template's name to {NAME_LENGTH} characters or fewer.")
    return cleaned


def kept_settings(settings: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in settings.items() if key not in SESSION_SETTINGS}


def to_json(activities: Sequence[PlannedActivity]) -> str:
    return json.dumps(
        [
            {"kind": a.kind, "title": a.title, "prompt": a.prompt, "settings": kept_settings(a.settings)}
            for a in activities
        ]
    )


def from_json(text: str, kinds: Collection[str]) -> tuple[PlannedActivity, ...]:
    """The plan stored in ``text``, keeping only activities of ``kinds`` (the kit's kinds today)."""
    try:
        raw = json.loads(text or "[]")
    except ValueError:
        return ()
    planned = []
    for entry in raw if isinstance(raw, list) else []:
        if not isinstance(entry, dict) or entry.get("kind") not in kinds:
            continue
        settings = entry.get("settings")
        planned.append(
            PlannedActivity(
                kind=str(entry["kind"]),
                title=clean_text(str(entry.get("title", "")), single_line=True)[:200],
                prompt=clean_text(str(entry.get("prompt", "")), single_line=True)[:300],
                settings=kept_settings(settings) if isinstance(settings, dict) else {},
            )
        )
    return tuple(planned)
