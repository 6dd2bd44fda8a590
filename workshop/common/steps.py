"""The five steps of demonstrating impact, worded once: the session report lists them, the
five-steps workshop template (``workshop.agendas``) names an activity after each and asks the
room its aims and where to share, and the take-home plans tick what each person answered there.
"""

from __future__ import annotations

FIVE_STEPS: tuple[tuple[str, str], ...] = (
    (
        "Consider your aim",
        "a new project, justifying part of the service, the whole service, or something new.",
    ),
    (
        "Identify the drivers",
        "the national, regional and local priorities your work should align with.",
    ),
    (
        "Capture your idea",
        "a short plan: team, timeframe, resources, alignment with drivers.",
    ),
    (
        "Tell your story",
        "an informal case study: what happened, and the impact for the library and its users.",
    ),
    ("Share it", "shout about it to stakeholders, on social media, in presentations."),
)


def step_title(number: int) -> str:
    """The five-steps template's title for the activity of step ``number``: "Step 1: consider your aim"."""
    return f"Step {number}: {FIVE_STEPS[number - 1][0].lower()}"


def step_of(title: str) -> int | None:
    """Which of the five steps an activity of that title belongs to (the template names them so), or None."""
    folded = " ".join(title.split()).casefold()
    for number in range(1, len(FIVE_STEPS) + 1):
        if folded == step_title(number).casefold():
            return number
    return None


#: The kinds of aim of step 1: (what the five-steps poll offers the room, what the impact plan ticks).
AIMS: tuple[tuple[str, str], ...] = (
    ("A new project", "Show what a project I am running (or about to run) achieves"),
    ("Justifying part of the service", "Justify one existing part of the service, for example to keep its funding"),
    ("The whole service", "Show the value of the whole library and knowledge service"),
    ("Something new we could offer", "Make the case for something not started yet, to get it approved or funded"),
)

#: Where to share the story (step 5): (what the five-steps poll offers the room, what the plans tick).
SHARING: tuple[tuple[str, str], ...] = (
    ("My manager or team", "My manager or my team: a one-to-one, a team meeting"),
    ("A board or committee", "A report or paper to a board or committee"),
    ("The organisation's newsletter or intranet", "The organisation's newsletter, intranet or blog"),
    ("Social media", "Social media"),
    ("A presentation or conference", "A presentation or poster, at work or at a conference"),
)
