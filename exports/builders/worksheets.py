"""Worksheets for the steps of demonstrating impact: ideas capture, stakeholder map, shout-about-it plan.

Each is a blank form to fill in on paper or in Word, headed with the workshop when it comes from
one. Question wording is our own; the steps follow the workshop's "five easy steps".
"""

from __future__ import annotations

from datetime import datetime

from docx.document import Document

from exports.builders.plans import SHARE_OPTIONS
from exports.data import WorkshopData
from workshop.common.heading import add_workshop_facts, workshop_summary
from workshop.common.word import (
    add_bullets,
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

HASHTAGS = ("#LKSImpact", "#NHSLibraries")

IDEA_ROWS: tuple[str, ...] = (
    "Project team: who is involved, and who leads?",
    "Timeframe: start, milestones, end",
    "Resources: time, money, skills, tools",
    "Alignment with drivers: which priorities does it support?",
)

STAKEHOLDER_PROMPTS: tuple[str, ...] = (
    "Inside your organisation: board, managers, clinical teams, education, quality, communications.",
    "Outside it: commissioners, partners, regional networks, patients and the public.",
)

BLOG_IDEAS: tuple[str, ...] = (
    "A day in the life of a request: the question, the search, what the person did with it.",
    "One user's story in their own words (with their consent).",
    "Three figures from your impact survey and what they mean for the organisation.",
    "What changed after a training session: one thing people now do differently.",
)


def _start(
    workshop: WorkshopData | None,
    title: str,
    subject: str,
    keywords: tuple[str, ...],
    landscape: bool,
    created: datetime | None,
) -> Document:
    document = new_document(
        title,
        subject=subject,
        author=workshop.facilitator if workshop else "",
        keywords=keywords,
        comments=workshop_summary(workshop),
        created=created,
        landscape=landscape,
    )
    add_title(document, title)
    add_workshop_facts(document, workshop)
    return document


def build_ideas_capture(workshop: WorkshopData | None = None, *, created: datetime | None = None) -> bytes:
    """Step 3, capture your idea: a short project plan on one or two pages."""
    document = _start(
        workshop,
        "Capture your idea",
        "Step 3 of demonstrating impact: a short project plan",
        ("project plan", "ideas", "demonstrating impact"),
        False,
        created,
    )
    add_paragraph(
        document,
        "Step 3 of the five steps: write down the idea while it is fresh, then share it with your "
        "manager or team. A few words in each box is enough.",
    )
    add_heading(document, "The idea", 1)
    add_label_value(document, "Name of the project", "")
    add_paragraph(
        document, "In one or two sentences: what will you do, and for whom?", italic=True, keep_with_next=True
    )
    add_writing_box(document, 3)
    add_heading(document, "The plan", 1)
    add_table(
        document,
        ("Plan", "Details"),
        [(row, "") for row in IDEA_ROWS],
        widths=(3.5, 6.5),
        min_row_height=2.4,
        caption="Project plan",
        description="Team, timeframe, resources and alignment with drivers, with space to write.",
    )
    add_heading(document, "How you will know it made a difference", 1)
    add_paragraph(
        document, "What will you count, collect or ask, and when? Who will you tell?", italic=True, keep_with_next=True
    )
    add_writing_box(document, 4)
    add_heading(document, "What could get in the way", 1)
    add_paragraph(
        document, "Risks, and the help or agreement you need (and from whom):", italic=True, keep_with_next=True
    )
    add_writing_box(document, 4)
    add_heading(document, "First step", 1)
    add_label_value(document, "What I will do first", "")
    add_label_value(document, "By when", "")
    return to_bytes(document)


def build_stakeholder_map(workshop: WorkshopData | None = None, *, created: datetime | None = None) -> bytes:
    """Who the stakeholders are, what they care about, how to reach them, how to show each the impact."""
    document = _start(
        workshop,
        "Stakeholder map",
        "Who needs to hear about the impact of the library, and how",
        ("stakeholders", "impact", "demonstrating impact"),
        True,
        created,
    )
    add_paragraph(
        document,
        "List the people and groups your work matters to. For each, note what they care about, the "
        "best way to reach them and the evidence that would convince them.",
    )
    add_bullets(document, STAKEHOLDER_PROMPTS)
    add_heading(document, "Your stakeholders", 1)
    add_table(
        document,
        ("Stakeholder", "What they care about", "How to reach them", "How to measure the impact for them"),
        [("", "", "", "")] * 5,
        widths=(2.2, 3, 2.6, 3.2),
        min_row_height=1.5,
        caption="Stakeholder map",
        description="Six empty rows: stakeholder, what they care about, how to reach them, how to measure impact for them.",
    )
    return to_bytes(document)


def build_shout_plan(workshop: WorkshopData | None = None, *, created: datetime | None = None) -> bytes:
    """Step 5, share it: channels, audience, message, date and owner, with a social media card and blog ideas."""
    document = _start(
        workshop,
        "Shout about it: sharing plan",
        "Step 5 of demonstrating impact: who to tell, where, and when",
        ("shout about it", "communications", "social media", "demonstrating impact"),
        True,
        created,
    )
    add_paragraph(
        document,
        "Step 5 of the five steps: plan where the story goes, so it reaches the people who decide. "
        "One line per message; tick the channels you will use.",
        keep_with_next=True,
    )
    add_tick_boxes(document, SHARE_OPTIONS)
    add_table(
        document,
        ("Channel", "Audience", "Message", "Date", "Owner"),
        [("", "", "", "", "")] * 5,
        widths=(2.2, 2.2, 4, 1.3, 1.6),
        min_row_height=1.5,
        caption="Sharing plan",
        description="Five empty rows: channel, audience, message, date and owner.",
    )
    add_heading(document, "Your social media post", 1)
    add_paragraph(
        document,
        "Up to 280 characters: what you did, the difference it made, and a figure or a quote. "
        f"Add {' and '.join(HASHTAGS)}, and a picture with alternative text (the kit makes a card "
        "for you from the workshop).",
        italic=True,
        keep_with_next=True,
    )
    add_writing_box(document, 4)
    add_heading(document, "Blog or newsletter ideas", 1)
    add_paragraph(document, "Pick one and write a first paragraph:", keep_with_next=True)
    add_bullets(document, BLOG_IDEAS)
    add_writing_lines(document, 3)
    return to_bytes(document)
