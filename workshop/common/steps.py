"""The five steps of demonstrating impact, worded once: the session report lists them and the
five-steps workshop template (``workshop.agendas``) names an activity after each.
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
