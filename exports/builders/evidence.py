"""What happened next: the follow-up of one workshop or a series, counted, and its consented quotes.

Pure: takes ``exports.data.WorkshopEvidence`` (one per workshop; a series passes several) and
returns plain numbers and texts for the facilitator's page, the evidence pack and its data.
Quotes are attributed by role only; an answer without consent carries no quote (see
``workshop.common.followups``), and only consented answers can become a story.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from docx.document import Document

from exports.data import WorkshopEvidence
from workshop.common.datafiles import to_xlsx_sheets
from workshop.common.dates import long_date
from workshop.common.followups import PROGRESS_ORDER, FollowUpAnswer, SurveyHeadline
from workshop.common.heading import add_workshop_facts, facilitators_of, in_words, workshop_summary
from workshop.common.text import whole_percent
from workshop.common.word import (
    add_bullets,
    add_heading,
    add_label_value,
    add_paragraph,
    add_quote,
    add_table,
    add_title,
    new_document,
    to_bytes,
)


@dataclass(frozen=True)
class FollowUpCounts:
    """Commitments (visible statements) made, followed up, and how far they got."""

    label: str  # the workshop's title (or "All workshops" for a series' total)
    commitments: int = 0
    followed_up: int = 0
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    answers: int = 0  # people who answered the follow-up

    @property
    def by_progress(self) -> dict[str, int]:
        return dict(zip(PROGRESS_ORDER, (self.done, self.in_progress, self.not_started), strict=True))


@dataclass(frozen=True)
class Quote:
    text: str
    role: str
    workshop: str  # the title of the workshop it came from

    @property
    def attribution(self) -> str:
        return attribution(self.role)


@dataclass(frozen=True)
class StoryCandidate:
    """A consented follow-up answer the facilitator may turn into a story."""

    workshop: WorkshopEvidence
    answer: FollowUpAnswer


def attribution(role: str) -> str:
    """Who said it, by role only ("Ward manager"), or "A participant" when no role was given."""
    return " ".join(role.split()) or "A participant"


def latest_progress(evidence: WorkshopEvidence) -> dict[int, str]:
    """Each visible statement followed up → its progress, the latest answer winning."""
    visible = {statement.id for statement in evidence.workshop.statements}
    progress: dict[int, str] = {}
    for answer in evidence.follow_up.answers:
        for item in answer.items:
            if item.statement_id in visible:
                progress[item.statement_id] = item.progress
    return progress


def counts_of(evidence: WorkshopEvidence) -> FollowUpCounts:
    progress = list(latest_progress(evidence).values())
    return FollowUpCounts(
        label=evidence.workshop.title,
        commitments=len(evidence.workshop.statements),
        followed_up=len(progress),
        done=progress.count("Done"),
        in_progress=progress.count("In progress"),
        not_started=progress.count("Not started"),
        answers=len(evidence.follow_up.answers),
    )


def total(counts: Sequence[FollowUpCounts], label: str = "All workshops") -> FollowUpCounts:
    return FollowUpCounts(
        label=label,
        commitments=sum(c.commitments for c in counts),
        followed_up=sum(c.followed_up for c in counts),
        done=sum(c.done for c in counts),
        in_progress=sum(c.in_progress for c in counts),
        not_started=sum(c.not_started for c in counts),
        answers=sum(c.answers for c in counts),
    )


def quotes_of(evidence: Sequence[WorkshopEvidence]) -> tuple[Quote, ...]:
    """The quotes whose authors consented, in answer order, workshop by workshop."""
    return tuple(
        Quote(answer.quote, answer.role, item.workshop.title)
        for item in evidence
        for answer in item.follow_up.answers
        if answer.consented and answer.quote
    )


def story_candidates(evidence: Sequence[WorkshopEvidence]) -> tuple[StoryCandidate, ...]:
    return tuple(
        StoryCandidate(item, answer) for item in evidence for answer in item.follow_up.answers if answer.consented
    )


def find_candidate(evidence: Sequence[WorkshopEvidence], answer_id: int) -> StoryCandidate | None:
    """The consented answer with this id, or None (not one of these workshops', or not consented)."""
    return next((c for c in story_candidates(evidence) if c.answer.id == answer_id), None)


def percent(part: int, whole: int) -> str:
    return f"{whole_percent(part / whole)} %" if whole else "–"


@dataclass(frozen=True)
class FollowUpSummary:
    rows: tuple[FollowUpCounts, ...]  # one per workshop
    total: FollowUpCounts
    quotes: tuple[Quote, ...]
    stories: tuple[StoryCandidate, ...]


def follow_up_summary(evidence: Sequence[WorkshopEvidence], label: str = "All workshops") -> FollowUpSummary:
    rows = tuple(counts_of(item) for item in evidence)
    return FollowUpSummary(rows, total(rows, label), quotes_of(evidence), story_candidates(evidence))


# --------------------------------------------------------------------------- the evidence pack


EVIDENCE_TITLE = "Evidence of impact"
NOT_SHARED = "(not shared: its author did not consent to sharing)"


def _facts_of_series(document: Document, evidence: Sequence[WorkshopEvidence]) -> None:
    add_table(
        document,
        ("Workshop", "Date", "Venue", "Facilitators", "Participants"),
        [
            (
                item.workshop.title,
                long_date(item.workshop.date, weekday=False) if item.workshop.date else "",
                item.workshop.venue,
                in_words(facilitators_of(item.workshop)),
                str(item.workshop.participant_count),
            )
            for item in evidence
        ],
        widths=(4.2, 2.8, 3, 3, 2.6),
        caption="The workshops in this series",
    )


def _counts_sentence(counts: FollowUpCounts) -> str:
    if not counts.commitments:
        return "No commitments were made."
    if not counts.followed_up:
        return f"{counts.commitments} commitments were made; none has been followed up yet."
    return (
        f"{counts.commitments} commitments were made and {counts.followed_up} ({percent(counts.followed_up, counts.commitments)}) "
        f"followed up: {counts.done} done ({percent(counts.done, counts.followed_up)} of those followed up), "
        f"{counts.in_progress} in progress and {counts.not_started} not started, "
        f"from {counts.answers} {'person' if counts.answers == 1 else 'people'} who answered on their private page."
    )


def _count_cells(counts: FollowUpCounts) -> tuple[str, ...]:
    return (counts.label, *(str(value) for value in _count_numbers(counts)))


COUNT_COLUMNS = (
    "Workshop",
    "Commitments made",
    "Followed up",
    "Done",
    "In progress",
    "Not started",
    "People who answered",
)


def _survey_facts(survey: SurveyHeadline) -> str:
    rate = f", a response rate of {survey.response_rate:g} %" if survey.response_rate is not None else ""
    invited = f" of {survey.audience} invited" if survey.audience else ""
    return f"{survey.state.capitalize()}; {survey.responses} {'response' if survey.responses == 1 else 'responses'}{invited}{rate}."


def build_evidence_pack(
    evidence: Sequence[WorkshopEvidence], *, series: str = "", created: datetime | None = None
) -> bytes:
    """The evidence pack of one workshop, or of a series (``series`` is its name): Word bytes.

    Commitments made, followed up and done; the quotes whose authors consented, by role; the
    surveys linked to the workshops and their headline results. No names, no e-mail addresses,
    no free-text answers (only counted), and statements only in counts.
    """
    if not evidence:
        raise ValueError("an evidence pack needs at least one workshop")
    summary = follow_up_summary(evidence, "All workshops")
    single = evidence[0].workshop if not series else None
    name = series or evidence[0].workshop.title
    title = f"{EVIDENCE_TITLE}: {name}"
    document = new_document(
        title,
        subject="What participants did after the workshop, in figures and in their words",
        author=", ".join(dict.fromkeys(item.workshop.facilitator for item in evidence if item.workshop.facilitator)),
        keywords=("evidence of impact", "follow-up", "quality framework", "impact"),
        comments=workshop_summary(single) if single else f"Series of {len(evidence)} workshops",
        created=created,
    )
    add_title(document, title)
    if single is not None:
        add_workshop_facts(document, single)
    else:
        add_label_value(document, "Series", name)
        _facts_of_series(document, evidence)
    add_paragraph(
        document,
        "What participants committed to do when they got back to work, what they said they did, and "
        "what they said about it: systematic evidence of the workshop's impact, for the annual evidence "
        "of impact and for promoting the service. Quotes are used only where their authors agreed, "
        "attributed by role; nobody is named.",
    )

    add_heading(document, "Commitments made and followed up", 1)
    add_paragraph(document, _counts_sentence(summary.total), keep_with_next=True)
    rows = [_count_cells(row) for row in summary.rows]
    if len(summary.rows) > 1:
        rows.append(_count_cells(summary.total))
    add_table(
        document,
        COUNT_COLUMNS,
        rows,
        widths=(3.0, 3.3, 2.2, 1.4, 2.2, 2.2, 2.6),
        caption="Commitments made and followed up",
        description="Per workshop: commitments made, followed up, done, in progress, not started, people who answered",
    )

    add_heading(document, "In their words", 1)
    if summary.quotes:
        for quote in summary.quotes:
            add_quote(document, f"“{quote.text}”")
            source = f", {quote.workshop}" if len(evidence) > 1 else ""
            add_paragraph(document, f"— {quote.attribution}{source}")
    else:
        add_paragraph(document, "No participant has yet given a quote they agreed to share.")

    add_heading(document, "Surveys and their headline results", 1)
    surveys = [(item.workshop.title, survey) for item in evidence for survey in item.follow_up.surveys]
    if not surveys:
        add_paragraph(document, "No survey is linked to the workshops yet.")
    for workshop_title, survey in surveys:
        add_heading(document, survey.title, 2)
        if len(evidence) > 1:
            add_label_value(document, "Workshop", workshop_title)
        add_paragraph(document, _survey_facts(survey))
        if survey.responses and survey.headlines:
            add_bullets(document, survey.headlines)
        if survey.free_text_answers:
            add_paragraph(
                document,
                f"{survey.free_text_answers} written answers are not copied here (they may name people): "
                "read them in the survey's results.",
                italic=True,
            )

    add_heading(document, "How these figures were made", 1)
    add_bullets(
        document,
        [
            "Commitments made: the statements participants posted at the workshop (“When I get back to work, I'm going to…”) still shown on it.",
            "Followed up: commitments whose author answered the follow-up on their private page; when they answered twice, the later answer counts.",
            "Quotes: only those whose authors ticked that they may be quoted, attributed by role.",
            "Survey results: the current version of each survey linked to the workshops; percentages are of the people who answered each question.",
        ],
    )
    return to_bytes(document)


def evidence_xlsx(evidence: Sequence[WorkshopEvidence]) -> bytes:
    """The evidence pack's data as XLSX: Summary, Commitments, Quotes and Surveys sheets.

    A commitment's text is given only when its author consented to sharing it; answers carry no
    names; free-text survey answers are counted, not copied.
    """
    summary = follow_up_summary(evidence, "All workshops")
    totals = [*summary.rows, summary.total] if len(summary.rows) > 1 else list(summary.rows)
    counts = [dict(zip(COUNT_COLUMNS, (row.label, *_count_numbers(row)), strict=True)) for row in totals]
    commitments = [
        {
            "Workshop": item.workshop.title,
            "Date": item.workshop.date,
            "Theme": statement.theme_label,
            "Commitment": statement.text if statement.share_consent else NOT_SHARED,
            "Progress": progress.get(statement.id, "Not followed up"),
        }
        for item in evidence
        for progress in [latest_progress(item)]
        for statement in item.workshop.statements
    ]
    quotes = [{"Workshop": q.workshop, "Quote": q.text, "Role": q.attribution} for q in summary.quotes]
    surveys = [
        {
            "Workshop": item.workshop.title,
            "Survey": survey.title,
            "State": survey.state,
            "Responses": survey.responses,
            "Invited": survey.audience,
            "Response rate (%)": survey.response_rate,
            "Headline": headline,
        }
        for item in evidence
        for survey in item.follow_up.surveys
        for headline in (survey.headlines or ("",))
    ]
    return to_xlsx_sheets(
        [
            ("Summary", COUNT_COLUMNS, counts),
            ("Commitments", ("Workshop", "Date", "Theme", "Commitment", "Progress"), commitments),
            ("Quotes", ("Workshop", "Quote", "Role"), quotes),
            (
                "Surveys",
                ("Workshop", "Survey", "State", "Responses", "Invited", "Response rate (%)", "Headline"),
                surveys,
            ),
        ]
    )


def _count_numbers(counts: FollowUpCounts) -> tuple[int, ...]:
    return (counts.commitments, counts.followed_up, counts.done, counts.in_progress, counts.not_started, counts.answers)
