"""Plain data that the document builders take: a snapshot of a workshop, made once per download.

The web views and the host commands both build these from the database (``exports.snapshot``);
tests and benchmarks build them directly. No Flask, no database here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from workshop.common.followups import FollowUpEvidence
from workshop.common.prompts import DEFAULT_PROMPT


@dataclass(frozen=True)
class StatementData:
    id: int
    text: str
    participant_key: str  # stable, opaque id of the participant within the workshop
    participant_name: str = ""  # empty when anonymous
    participant_role: str = ""
    theme_label: str = ""  # empty when unsorted or when the workshop has no themes
    pinned: bool = False
    has_time: bool = False  # the SMART check found a date or deadline
    has_measure: bool = False  # the SMART check found something to count
    share_consent: bool = False  # the author ticked "you may share this statement, without my name"
    me_too: int = 0  # how many others said "Me too" to it (issue 16); never who


@dataclass(frozen=True)
class ThemeData:
    label: str
    keywords: tuple[str, ...] = ()  # the words or concepts that tie the theme together
    statement_ids: tuple[int, ...] = ()
    votes: int = 0


@dataclass(frozen=True)
class ResultItem:
    """One row of an activity's results: a poll option, a word, a point of a scale, a ranked item, a question."""

    label: str
    count: int  # people who chose it, mentions of a word, votes for a question
    share: float | None = None  # of the people who answered, 0-1; None where a share means nothing
    mean_rank: float | None = None  # a ranking's items only (1 is first)
    note: str = ""  # a word about the row, under ActivityResult.note_label ("Answered" for a question)


@dataclass(frozen=True)
class ActivityResult:
    """What one activity of the agenda produced, ready to print, chart or put in a spreadsheet.

    Each kind's snapshot fills it (``exports.snapshot.RESULTS``), naming its own columns, so the
    report, the data files and the series report print every kind the same way.
    """

    position: int  # 1, 2, ... in the agenda's order
    kind: str  # the ActivityKind's value: "statements", "poll", ...
    kind_label: str  # "Quick poll"
    title: str
    question: str
    answered: int = 0  # how many people took part
    items: tuple[ResultItem, ...] = ()  # in the order to print them (a poll's options, words most said first)
    item_label: str = "Answer"  # the table's first column: Option, Word, Point, Item, Question, Theme
    count_label: str = "People"  # the count's column: People, Mentions, Votes, Statements
    note_label: str = ""  # the note's column, when the items have notes
    facts: tuple[tuple[str, str], ...] = ()  # figures beside the table: ("Mean", "3.8 out of 5")
    chart: bool = True  # a bar chart of the items (not for questions to the facilitator)
    multiple: bool = False  # a poll where people could choose more than one: the shares add to more than 100%

    @property
    def heading(self) -> str:
        return self.title or self.kind_label


@dataclass(frozen=True)
class WorkshopData:
    title: str
    code: str
    prompt: str = DEFAULT_PROMPT
    date: date | None = None
    venue: str = ""
    facilitator: str = ""
    co_facilitators: tuple[str, ...] = ()  # those the owner shared it with as co-facilitator, named beside them
    statements: tuple[StatementData, ...] = ()  # visible statements only, in posting order
    themes: tuple[ThemeData, ...] = ()
    unsorted_ids: tuple[int, ...] = ()  # statements not in any theme (when themes exist)
    participant_count: int = 0
    grouping_engine: str = ""  # which engine grouped the statements, for the report's method note
    voting_used: bool = False
    me_too_used: bool = False  # participants could add "Me too" to others' statements
    join_url: str = ""  # empty unless the kit runs at a public address (no dead links on paper)
    review_weeks: int = 8
    key_messages: str = ""  # written by the facilitator for the report, one message a line
    names_asked: bool = True  # False for an anonymous workshop: no "From" column in the report
    activities: tuple[ActivityResult, ...] = ()  # the agenda's results in order (issue 16)


@dataclass(frozen=True)
class OwnAnswer:
    """What one participant answered to one activity of the agenda, in words, for their own plan."""

    kind: str  # the ActivityKind's value: "poll", "words", "scale", "ranking"
    heading: str  # the activity's title, or its kind's name
    question: str
    said: tuple[
        str, ...
    ]  # the options chosen, the words sent, "4 (Very confident) on a scale of 1 to 5", the items in order
    step: int | None = None  # which of the five steps it belongs to (``workshop.common.steps.step_of``)


@dataclass(frozen=True)
class ParticipantData:
    """One participant's own statements and answers in the room, for their personal plans."""

    workshop: WorkshopData
    participant_key: str
    name: str = ""
    role: str = ""
    statements: tuple[StatementData, ...] = field(default_factory=tuple)
    private_url: str = ""  # the private link back to their copy; empty unless it will last
    answers: tuple[OwnAnswer, ...] = ()  # in the agenda's order; the statements are in ``statements``


@dataclass(frozen=True)
class WorkshopEvidence:
    """One workshop and its follow-up: what the follow-up summary, stories and evidence pack take.

    A series passes one per workshop; the follow-up data comes from the surveys package
    (``workshop.common.followups``) with consent already applied.
    """

    workshop: WorkshopData
    follow_up: FollowUpEvidence = field(default_factory=FollowUpEvidence)


@dataclass(frozen=True)
class SeriesThemeData:
    """A theme across a series (the series' own, not a workshop's): statements from any of its workshops."""

    label: str
    keywords: tuple[str, ...] = ()
    statement_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class SeriesData:
    """A series (a tour): its workshops' own snapshots in the series' order, and the series' themes.

    Statement ids are unique across the workshops, so a series theme names its statements by id
    and :meth:`workshop_index` says which workshop each came from. The series report, the
    series write-up and the evidence pack of a series all take this.
    """

    id: int
    name: str
    facilitator: str = ""  # who owns the series
    workshops: tuple[WorkshopData, ...] = ()
    themes: tuple[SeriesThemeData, ...] = ()
    grouping_engine: str = ""  # empty until the series' statements are grouped
    key_messages: str = ""  # the series' own, one a line; each workshop keeps its own too
    featured_ids: frozenset[int] = frozenset()  # ticked on the series page; empty: the report chooses

    @property
    def statements(self) -> tuple[StatementData, ...]:
        """Every visible statement of every workshop, workshop by workshop."""
        return tuple(s for workshop in self.workshops for s in workshop.statements)

    def workshop_index(self) -> dict[int, int]:
        """Statement id -> the position of its workshop in :attr:`workshops`."""
        return {s.id: n for n, workshop in enumerate(self.workshops) for s in workshop.statements}

    def counts_per_workshop(self, theme: SeriesThemeData, index: dict[int, int] | None = None) -> tuple[int, ...]:
        """How many of ``theme``'s statements came from each workshop, in the series' order."""
        index = self.workshop_index() if index is None else index
        counts = [0] * len(self.workshops)
        for statement_id in theme.statement_ids:
            if statement_id in index:
                counts[index[statement_id]] += 1
        return tuple(counts)
