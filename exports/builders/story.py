"""The story (case study) template: step 4 of demonstrating impact, on paper or in Word.

A short, informal case study is the evidence stakeholders remember: what happened, why it
matters to the organisation's priorities, what difference it made, in a user's own words, and
with consent to share it. The template asks for exactly that, in that order.
"""

from __future__ import annotations

from datetime import datetime

from docx.document import Document

from exports.builders.steps import STORY_QUESTIONS
from exports.data import WorkshopData
from workshop.common.dates import long_date
from workshop.common.followups import FollowUpAnswer
from workshop.common.heading import add_workshop_facts, workshop_summary
from workshop.common.word import (
    add_bullets,
    add_heading,
    add_label_value,
    add_paragraph,
    add_quote,
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


def build_story_template(
    workshop: WorkshopData | None = None, *, created: datetime | None = None, answer: FollowUpAnswer | None = None
) -> bytes:
    """A case study template, headed with the workshop's details when one is given.

    With a follow-up ``answer`` whose author consented to being quoted, the story starts filled in
    from it: what they planned, how far it got, the difference it made, their quote attributed by
    role, and the consent they gave, recorded in the consent section. Never their name.
    """
    if answer is not None and not answer.consented:
        raise ValueError("a story is prefilled only from an answer whose author consented to being quoted")
    document = new_document(
        "Impact story: case study template" if answer is None else "Impact story: case study",
        subject="Case study template for demonstrating impact",
        author=workshop.facilitator if workshop else "",
        keywords=("case study", "impact story", "demonstrating impact"),
        comments=workshop_summary(workshop),
        created=created,
    )
    add_title(document, "Impact story: case study template" if answer is None else "Impact story: case study")
    add_workshop_facts(document, workshop)
    if answer is not None:
        add_paragraph(document, _prefilled_from(answer), italic=True)
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
            ("Title of the story", answer.items[0].statement if answer and answer.items else ""),
            ("Project team", answer.role if answer else ""),
            ("Resources used (time, money, skills, tools)", ""),
            ("Timeframe", _timeframe(workshop, answer)),
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
    if answer is not None:
        _add_follow_up(document, answer)
    add_writing_box(document, 10 if answer is None else 5)

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
    if answer is not None:
        add_quote(document, f"“{answer.quote}”")
        add_label_value(document, "Role (never their name)", answer.role or "A participant")
    else:
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
    if answer is not None:
        add_paragraph(document, _consent_record(answer), keep_with_next=True)
    add_tick_boxes(document, CONSENT_OPTIONS, ticked=CONSENT_OPTIONS[:1] if answer is not None else ())
    add_label_value(document, "Consent given by", _consent_by(answer))
    date_given = long_date(answer.answered_on) if answer is not None and answer.answered_on else ""
    add_label_value(document, "Date", date_given)
    add_heading(document, "Where this story will be shared", 2)
    add_writing_lines(document, 3)
    return to_bytes(document)


def _prefilled_from(answer: FollowUpAnswer) -> str:
    when = f" on {long_date(answer.answered_on)}" if answer.answered_on else ""
    return (
        f"Started from a follow-up answer{when} to “{answer.survey_title}”, by a participant"
        f"{f' ({answer.role})' if answer.role else ''}: the kit gives their role only, never their name. "
        "Check it with them and add what only they can tell."
    )


def _timeframe(workshop: WorkshopData | None, answer: FollowUpAnswer | None) -> str:
    if answer is None:
        return ""
    start = f"From the workshop on {long_date(workshop.date)}" if workshop and workshop.date else "From the workshop"
    return f"{start} to the follow-up on {long_date(answer.answered_on)}" if answer.answered_on else start


def _add_follow_up(document: Document, answer: FollowUpAnswer) -> None:
    """What they planned, how far it got and what difference it made, in their follow-up's words."""
    add_paragraph(document, "What they planned at the workshop, and how far it got:", bold=True, keep_with_next=True)
    add_bullets(document, [f"{item.statement} ({item.progress.lower()})" for item in answer.items])
    differences = [f"{item.statement}: {item.difference}" for item in answer.items if item.difference]
    if differences:
        add_paragraph(document, "The difference it made, in their words:", bold=True, keep_with_next=True)
        add_bullets(document, differences)
    add_paragraph(document, "Tell the rest of the story here:", italic=True, keep_with_next=True)


def _consent_record(answer: FollowUpAnswer) -> str:
    when = f" on {long_date(answer.answered_on)}" if answer.answered_on else ""
    agreed = (
        f"the participant ticked “{answer.consent_wording}”"
        if answer.consent_wording
        else "the participant agreed to be quoted, attributed by their role."
    )
    return (
        f"Consent recorded in the follow-up{when}: {agreed} They have not agreed to be named. "
        "Ask them before sharing the story outside the organisation."
    )


def _consent_by(answer: FollowUpAnswer | None) -> str:
    if answer is None:
        return ""
    return f"{answer.role or 'A participant'}, in the kit's follow-up form (by role only)"
