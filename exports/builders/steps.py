"""The five steps of demonstrating impact and the story prompts, worded once for every document.

The session report lists the steps, the five-step plan and the story template ask the story's
questions: the same words in all of them, so a participant filling in one recognises the other.
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

#: The story's parts and the question each asks (step 4).
STORY_PROMPTS: tuple[tuple[str, str], ...] = (
    (
        "The story",
        "What was the need or problem? Who was involved, what did the library do, what changed?",
    ),
    (
        "Alignment with drivers",
        "Which national, regional or local priorities of the organisation does this support?",
    ),
    (
        "Impact for the library",
        "What difference has it made to the library and its team?",
    ),
    (
        "Impact for users",
        "What difference has it made to the people who use the library?",
    ),
)
STORY_QUESTIONS: dict[str, str] = dict(STORY_PROMPTS)
