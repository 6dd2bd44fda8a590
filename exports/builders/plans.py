"""The participant's take-home plans: a SMART action plan and a five-step impact plan.

Both start from what the person wrote in the room ("When I get back to work, I'm going to…"),
so the first page already holds their own words and the theme it joined; the rest is prompts
and space to write, on paper or in Word. Question wording is our own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from docx.document import Document

from exports.builders.steps import STORY_PROMPTS
from exports.data import OwnAnswer, ParticipantData, StatementData
from workshop.common.dates import long_date, review_date
from workshop.common.heading import add_facilitators, facilitators_of, is_headed, workshop_summary
from workshop.common.steps import AIMS, SHARING
from workshop.common.text import clean_text, without_prompt
from workshop.common.word import (
    add_bullets,
    add_heading,
    add_hyperlink,
    add_label_value,
    add_page_break,
    add_paragraph,
    add_quote,
    add_table,
    add_tick_boxes,
    add_title,
    add_writing_box,
    add_writing_lines,
    new_document,
    single_line,
    to_bytes,
)

SMART_PROMPTS: tuple[tuple[str, str], ...] = (
    (
        "Specific",
        "What exactly will you do, for whom, and where? Name one service, group or project.",
    ),
    (
        "Measurable",
        "How will you know it has happened and made a difference? What will you count, collect or ask?",
    ),
    (
        "Achievable",
        "Can you do it with the time, skills and support you have? What might get in the way?",
    ),
    (
        "Relevant",
        "Which priorities of your organisation does it support? Why does it matter to your users?",
    ),
    ("Time-bound", "When will you start, check progress and finish?"),
)

_SMART_ROWS: tuple[tuple[str, str, str], ...] = tuple((name, question, "") for name, question in SMART_PROMPTS)


EVIDENCE_OPTIONS: tuple[str, ...] = (
    "Feedback you already receive (comments, emails, thank-yous)",
    "A short impact survey of one group of users",
    "Quotes or a story from a service user",
    "Usage or activity figures",
    "Time or cost saved",
    "A case study",
)

#: Where to share: the five-steps poll's places (ticked from a person's answer), then one the room is not asked.
SHARE_OPTIONS: tuple[str, ...] = (*(plan for _, plan in SHARING), "A collection or repository of case studies")

#: Where the copy is when no link would outlive the session (a laptop or venue network address).
NO_LINK_COPY = "keep this file (from the pack you downloaded); the workshop's pages close after the session."

MAX_HINTS = 3

#: Kinds of aim, worded so that one piece of work fits one box: something already under way,
#: one existing part of the service, the service as a whole, or something not started yet.
AIM_OPTIONS: tuple[str, ...] = tuple(plan for _, plan in AIMS)


def build_smart_plan(
    participant: ParticipantData,
    hints: Mapping[int, Sequence[str]] | None = None,
    *,
    created: datetime | None = None,
) -> bytes:
    """A personal SMART action plan, one action per statement the participant posted.

    ``hints`` maps a statement id to sentences suggesting how to make it SMARTer; they are
    printed under that statement.
    """
    workshop = participant.workshop
    document = new_document(
        "My SMART action plan",
        subject=f"SMART action plan from {single_line(workshop.title) or 'an impact workshop'}",
        author=participant.name or workshop.facilitator,
        keywords=("SMART", "action plan", "impact"),
        comments=workshop_summary(workshop),
        created=created,
    )
    add_title(document, "My SMART action plan")
    _add_participant_facts(document, participant)
    add_paragraph(
        document,
        "This plan starts from what you wrote at the workshop. Work through each action: make "
        "it SMART, decide your first steps, and set a date to look back at it.",
    )

    statements: Sequence[StatementData | None] = participant.statements or (None,)
    for index, statement in enumerate(statements, 1):
        if index > 1:
            add_page_break(document)
        heading = f"Action {index}" if len(statements) > 1 else "My action"
        add_heading(document, heading, 1)
        _add_statement(document, participant, statement)
        # The three most useful hints: more would push the plan past two pages per action.
        action_hints = tuple(hints.get(statement.id, ()))[:MAX_HINTS] if statement is not None and hints else ()
        if action_hints:
            add_heading(document, "Hints to make it SMART", 2)
            add_bullets(document, (clean_text(hint) for hint in action_hints))

        add_heading(document, "Make it SMART", 2)
        add_table(
            document,
            ("SMART", "Ask yourself", "My answer"),
            _SMART_ROWS,
            widths=(1.5, 4.1, 4.4),
            # Hints take room on the first page; the answer rows give it back, keeping two pages an action.
            min_row_height=max(1.5, 2.2 - 0.2 * len(action_hints)),
            caption="Make it SMART",
            description="Five questions, one a row, with space for your answers.",
        )
        # Everything after the SMART table fits one page: at most two pages per action.
        add_heading(document, "First steps", 2)
        add_table(
            document,
            ("Step", "What I will do", "With whom", "By when"),
            [(str(n), "", "", "") for n in range(1, 4)],
            widths=(0.8, 5, 2.6, 1.8),
            min_row_height=1.2,
            caption="First steps",
            description="Three first steps, each with who to involve and a date.",
        )
        add_heading(document, "Evidence to collect", 2)
        add_paragraph(document, "Tick what you will collect to show the difference it makes:", keep_with_next=True)
        add_tick_boxes(document, EVIDENCE_OPTIONS)
        add_label_value(document, "Other", "")
        add_heading(document, "Review date", 2)
        _add_review_date(document, participant)
        add_heading(document, "Shout about it", 2)
        add_paragraph(
            document,
            "How and to whom will you tell people what you did and what changed?",
            keep_with_next=True,
        )
        _add_ticks(document, participant, SHARING, SHARE_OPTIONS)
        add_writing_lines(document, 2)
    _add_answers_table(document, participant.answers)
    return to_bytes(document)


def build_impact_plan(participant: ParticipantData, *, created: datetime | None = None) -> bytes:
    """A five-step impact plan with the participant's own statement as the aim."""
    workshop = participant.workshop
    document = new_document(
        "My five-step impact plan",
        subject=f"Impact plan from {single_line(workshop.title) or 'an impact workshop'}",
        author=participant.name or workshop.facilitator,
        keywords=("impact plan", "five steps", "demonstrating impact"),
        comments=workshop_summary(workshop),
        created=created,
    )
    add_title(document, "My five-step impact plan")
    _add_participant_facts(document, participant)
    add_paragraph(
        document,
        "Demonstrating impact in five steps: consider your aim, identify the drivers, capture "
        "your idea, tell your story, share it.",
    )

    add_heading(document, "Step 1: Consider your aim", 1)
    add_heading(document, "What I said I would do", 2)
    for statement in participant.statements or (None,):
        _add_statement(document, participant, statement)
    add_heading(document, "What kind of aim is it?", 2)
    _add_ticks(document, participant, AIMS, AIM_OPTIONS)
    _add_said(document, participant, 1, AIMS)
    add_heading(document, "My aim in one sentence", 2)
    add_writing_lines(document, 2)
    add_heading(document, "Who will benefit, and how?", 2)
    add_writing_box(document, 3)

    add_heading(document, "Step 2: Identify the drivers", 1)
    add_paragraph(
        document,
        "Which priorities of your organisation, region and the NHS could this work support? "
        "Think of strategies, annual plans, values and current pressures.",
        keep_with_next=True,
    )
    _add_said(document, participant, 2)
    add_table(
        document,
        ("Level", "Priority or driver", "How my work aligns"),
        [
            ("National", "", ""),
            ("Regional", "", ""),
            ("Local (my organisation)", "", ""),
        ],
        widths=(2.2, 4, 4),
        min_row_height=2.0,
        caption="Drivers",
    )

    add_heading(document, "Step 3: Capture your idea", 1)
    _add_said(document, participant, 3)
    add_table(
        document,
        ("Plan", "Details"),
        [
            ("Project team: who is involved?", ""),
            ("Timeframe: start, milestones, end", ""),
            ("Resources: time, money, skills, tools", ""),
            ("Alignment with drivers (from step 2)", ""),
        ],
        widths=(3.5, 6.5),
        min_row_height=2.0,
        caption="Project plan",
    )

    add_heading(document, "Step 4: Tell your story", 1)
    add_paragraph(
        document,
        "An informal case study, in your own words. Collect quotes, figures and examples as you go.",
        keep_with_next=True,
    )
    _add_said(document, participant, 4)
    for name, question in STORY_PROMPTS:
        add_heading(document, name, 2)
        add_paragraph(document, question, italic=True, keep_with_next=True)
        add_writing_box(document, 5)

    add_heading(document, "Step 5: Share it", 1)
    add_paragraph(document, "Shout about it! Where will you share your story?", keep_with_next=True)
    _add_ticks(document, participant, SHARING, SHARE_OPTIONS)
    _add_said(document, participant, 5, SHARING)
    add_table(
        document,
        ("Who needs to hear it", "How", "When"),
        [("", "", "")] * 3,
        widths=(4, 4, 2),
        min_row_height=1.3,
        caption="Sharing plan",
    )
    add_heading(document, "Review date", 2)
    _add_review_date(document, participant)
    _add_answers_table(document, [a for a in participant.answers if a.step is None])
    return to_bytes(document)


# --------------------------------------------------------------------------- shared parts


def _ticked(participant: ParticipantData, pairs: Sequence[tuple[str, str]]) -> set[str]:
    """The plan's options a person's poll answers in the room chose (``pairs``: room's wording, plan's)."""
    chosen = {said for answer in participant.answers if answer.kind == "poll" for said in answer.said}
    return {plan for room, plan in pairs if room in chosen}


def _add_ticks(
    document: Document, participant: ParticipantData, pairs: Sequence[tuple[str, str]], options: Sequence[str]
) -> None:
    ticked = _ticked(participant, pairs)
    add_tick_boxes(document, options, ticked=ticked)
    if ticked:
        add_paragraph(
            document, "Ticked from your answer in the room: change it if your plan has moved on.", italic=True
        )


def _add_said(
    document: Document, participant: ParticipantData, step: int, pairs: Sequence[tuple[str, str]] = ()
) -> None:
    """What the person answered in the room to this step's activities; not a poll answer already ticked."""
    for answer in participant.answers:
        if answer.step != step:
            continue
        if answer.kind == "poll" and pairs and set(answer.said) <= {room for room, _ in pairs}:
            continue  # ticked above
        # The question as asked, then the answer: a question's own "?" or "." never meets a colon.
        add_paragraph(
            document, f"In the room: {single_line(answer.question) or answer.heading}", italic=True, keep_with_next=True
        )
        add_label_value(document, "You answered", _in_words(answer))


def _in_words(answer: OwnAnswer) -> str:
    said = [single_line(part) for part in answer.said]
    if answer.kind == "ranking":
        return "; ".join(said) + "."
    return ", ".join(said) + "."


def _add_answers_table(document: Document, answers: Sequence[OwnAnswer]) -> None:
    """The person's answers to the agenda's other activities, one a row, so the plan can draw on them."""
    if not answers:
        return
    add_heading(document, "What you said in the room", 2)
    add_table(
        document,
        ("Activity", "You answered"),
        [
            (f"{single_line(a.heading)}\n{single_line(a.question)}", "\n".join(single_line(p) for p in a.said))
            for a in answers
        ],
        widths=(5, 5),
        caption="What you said in the room",
        description="Each activity you answered in the room, with your answer.",
    )


def _add_participant_facts(document: Document, participant: ParticipantData) -> None:
    workshop = participant.workshop
    add_label_value(document, "Name", single_line(participant.name))
    if single_line(participant.role):
        add_label_value(document, "Role", single_line(participant.role))
    if not is_headed(workshop):  # a blank template: lines to fill in
        add_label_value(document, "Workshop", "")
        add_label_value(document, "Date", "")
        return
    workshop_line = single_line(workshop.title)
    details = [
        long_date(workshop.date) if workshop.date else "",
        single_line(workshop.venue),
    ]
    if any(details):
        workshop_line += f" ({', '.join(part for part in details if part)})"
    add_label_value(document, "Workshop", workshop_line)
    if not participant.statements:
        add_facilitators(document, facilitators_of(workshop))
    if single_line(participant.private_url):
        paragraph = document.add_paragraph()
        paragraph.add_run("Your copy online: ").bold = True
        add_hyperlink(paragraph, participant.private_url)
    elif participant.statements:
        add_label_value(document, "Your copy", NO_LINK_COPY)


def _add_statement(document: Document, participant: ParticipantData, statement: StatementData | None) -> None:
    """The participant's own words and the theme they joined, or space to write them."""
    prompt = single_line(participant.workshop.prompt)
    if statement is None:
        add_paragraph(document, prompt or "What will you do when you get back to work?")
        add_writing_box(document, 3)
        return
    if prompt:
        add_paragraph(document, prompt)
    # Under the prompt, without a repeat of it (as on the wall, the cards and their private page).
    add_quote(document, without_prompt(clean_text(statement.text), prompt) if prompt else clean_text(statement.text))
    theme = single_line(statement.theme_label)
    if theme:
        add_label_value(document, "Theme", theme)


def _add_review_date(document: Document, participant: ParticipantData) -> None:
    workshop = participant.workshop
    when = review_date(workshop.date, workshop.review_weeks) if workshop.date and workshop.review_weeks > 0 else None
    if when is None:
        add_label_value(document, "I will review my progress on", "")
    else:
        add_label_value(
            document,
            "I will review my progress on",
            f"{long_date(when)} ({workshop.review_weeks} weeks after the workshop)",
        )
    add_paragraph(document, "What went well, what changed, what will I do next?", keep_with_next=True)
    add_writing_lines(document, 2)
