"""The story prompts, worded once for every document (the five steps are in ``workshop.common.steps``).

The five-step plan and the story template ask the story's
questions: the same words in all of them, so a participant filling in one recognises the other.
"""

from __future__ import annotations

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
