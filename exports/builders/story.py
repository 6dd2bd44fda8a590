"""The story (case study) template: step 4 of demonstrating impact, on paper or in Word.

A short, informal case study is the evidence stakeholders remember: what happened, why it
matters to the organisation's priorities, what difference it made, in a user's own words, and
with consent to share it. The template asks for exactly that, in that order.
"""

from __future__ import annotations

from datetime import datetime

from exports.builders.steps import STORY_QUESTIONS
from exports.data import WorkshopData
from workshop.common.heading import add_workshop_facts, workshop_summary
from workshop.common.word import (
    add_heading,
    add_label_value,
    add_paragraph,
    add_table,
    add_tick_boxes,
    add_title,
    add_writing_box,
    add_writing_lines,
    new_document,
    to_bytes,
)

IMPACT_CATEGORIES: tuple[str, ...] = (
    "Informed a decision about patient care",
    "Saved time",
    "Supported continuing professional development",
    "Changed or confirmed practice",
    "Contributed to policy, guidelines or service development",
    "Supported research",
    "Reduced risk or cost",
)

CONSENT_OPTIONS: tuple[str, ...] = (
    "The person quoted has agreed to the quote being used",
    "They may be named (otherwise the quote is anonymous)",
    "The story may be shared within the organisation",
    "The story may be shared outside it (social media, presentations, case study collections)",
)


def build_story_template(workshop: WorkshopData | None = None, *, created: datetime | None = None) -> bytes:
    """A case study template, headed with the workshop's details when one is given."""
    document = new_document(
        "Impact story: case study template",
        subject="Case study template for demonstrating impact",
        author=workshop.facilitator if workshop else "",
        keywords=("case study", "impact story", "demonstrating impact"),
        comments=workshop_summary(workshop),
        created=created,
    )
    add_title(document, "Impact story: case study template")
    add_workshop_facts(document, workshop)
    add_paragraph(
        document,
        "Tell the story of one piece of work and the difference it made. Keep it short and "
        "informal: a page or two is enough. Collect a quote and any figures as you go.",
    )

    add_heading(document, "About the project", 1)
    add_table(
        document,
        ("Item", "Details"),
        [
            ("Title of the story", ""),
            ("Project team", ""),
            ("Resources used (time, money, skills, tools)", ""),
            ("Timeframe", ""),
            ("Contact for more information", ""),
        ],
        widths=(3.5, 6.5),
        min_row_height=1.4,
        caption="About the project",
    )

    add_heading(document, "The story", 1)
    add_paragraph(
        document,
        STORY_QUESTIONS["The story"],
        italic=True,
        keep_with_next=True,
    )
    add_writing_box(document, 10)

    add_heading(document, "Alignment with drivers", 1)
    add_paragraph(
        document,
        STORY_QUESTIONS["Alignment with drivers"],
        italic=True,
        keep_with_next=True,
    )
    add_writing_box(document, 4)

    add_heading(document, "Impact", 1)
    add_heading(document, "For the library and knowledge service", 2)
    add_writing_box(document, 4)
    add_heading(document, "For users (staff, learners, patients and carers)", 2)
    add_paragraph(document, "Tick all that apply, then describe the difference made:", keep_with_next=True)
    add_tick_boxes(document, IMPACT_CATEGORIES)
    add_writing_box(document, 4)

    add_heading(document, "In their words: a quote from a service user", 1)
    add_writing_box(document, 4)
    add_label_value(document, "Name and role (or “anonymous”)", "")

    add_heading(document, "Cost or time saved", 1)
    add_table(
        document,
        ("What was saved", "How much", "How we know"),
        [("", "", "")] * 3,
        widths=(4, 2, 4),
        min_row_height=1.3,
        caption="Cost or time saved",
    )

    add_heading(document, "Consent to share", 1)
    add_tick_boxes(document, CONSENT_OPTIONS)
    add_label_value(document, "Consent given by", "")
    add_label_value(document, "Date", "")
    add_heading(document, "Where this story will be shared", 2)
    add_writing_lines(document, 3)
    return to_bytes(document)
