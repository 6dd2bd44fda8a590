"""Snapshots of a workshop, from the database into the plain data the builders take.

Made once per download or host command; the builders never see the database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from exports.data import (
    ActivityResult,
    OwnAnswer,
    ParticipantData,
    ResultItem,
    SeriesData,
    SeriesThemeData,
    StatementData,
    ThemeData,
    WorkshopData,
    WorkshopEvidence,
)
from workshop.coaching.smart import smart_hints
from workshop.common.followups import FollowUpEvidence
from workshop.common.steps import step_of
from workshop.extensions import db
from workshop.kinds.operations import hidden_words_of, off_the_wall, scale_of
from workshop.kinds.results import questions_of, ranking_result_of, scale_result_of, word_cloud_of
from workshop.kinds.scales import Scale
from workshop.kinds.words import fold
from workshop.metoo.operations import all_counts
from workshop.models import (
    Activity,
    ActivityAnswer,
    ActivityKind,
    Participant,
    PollAnswer,
    Question,
    QuestionVote,
    Series,
    SeriesFeatured,
    SeriesPlacement,
    SeriesTheme,
    Statement,
    StatementStatus,
    Theme,
    Workshop,
    WorkshopRole,
)
from workshop.polls import tally
from workshop.urls import lasting_url


def _statement(statement: Statement, me_too: int = 0) -> StatementData:
    participant = statement.participant
    return StatementData(
        id=statement.id,
        text=statement.text,
        participant_key=statement.author_key,
        participant_name=participant.name if participant else "",
        participant_role=participant.role if participant else "",
        theme_label=statement.theme.label if statement.theme else "",
        pinned=statement.pinned,
        has_time=statement.has_time,
        has_measure=statement.has_measure,
        share_consent=statement.share_consent,
        me_too=me_too,
    )


def workshop_data(workshop: Workshop) -> WorkshopData:
    """Everything a report needs: visible statements in posting order, themes with their votes."""
    statements = db.session.scalars(
        select(Statement)
        .where(Statement.workshop_id == workshop.id, Statement.status == StatementStatus.VISIBLE)
        .options(selectinload(Statement.participant), selectinload(Statement.theme))
        .order_by(Statement.id)
    ).all()
    themes = db.session.scalars(
        select(Theme)
        .where(Theme.workshop_id == workshop.id)
        .options(selectinload(Theme.votes))
        .order_by(Theme.position, Theme.id)
    ).all()
    me_too = all_counts(workshop)
    members: dict[int, list[int]] = {theme.id: [] for theme in themes}
    unsorted: list[int] = []
    for statement in statements:
        if statement.theme_id in members:
            members[statement.theme_id].append(statement.id)
        else:
            unsorted.append(statement.id)
    snapshot = replace(
        heading_data(workshop),
        statements=tuple(_statement(s, me_too.get(s.id, 0)) for s in statements),
        themes=tuple(
            ThemeData(
                label=theme.label,
                keywords=tuple(theme.keywords),
                statement_ids=tuple(members[theme.id]),
                votes=len(theme.votes),
            )
            for theme in themes
        ),
        unsorted_ids=tuple(unsorted) if themes else (),
        participant_count=len({s.author_key for s in statements}),
        grouping_engine=workshop.grouping_engine,
        voting_used=workshop.voting,
        me_too_used=workshop.me_too or bool(me_too),
        join_url=lasting_url("participate.workshop_page", code=workshop.code),
        key_messages=workshop.key_messages or "",
        names_asked=workshop.ask_names,
    )
    return replace(snapshot, activities=activity_results(workshop, snapshot))


# --------------------------------------------------------------------------- activities' results

#: How each kind of activity becomes an ActivityResult: one small function per kind, from the
#: activity's rows through the kind's pure tally. ``position`` and the heading come from the agenda.
ResultOf = Callable[[Activity, WorkshopData], ActivityResult]


def _base(activity: Activity, kind_label: str = "") -> ActivityResult:
    return ActivityResult(
        position=activity.position,
        kind=str(activity.kind),
        kind_label=kind_label or activity.kind.label,
        title=activity.title,
        question=activity.question,
    )


def _statements_result(activity: Activity, workshop: WorkshopData) -> ActivityResult:
    """The statements: who wrote, how many, and each theme's statements (the report prints them in full)."""
    counts = Counter(s.theme_label for s in workshop.statements)
    return replace(
        _base(activity),
        answered=len({s.participant_key for s in workshop.statements}),
        items=tuple(ResultItem(theme.label, len(theme.statement_ids)) for theme in workshop.themes)
        + ((ResultItem("Unsorted", counts[""]),) if workshop.themes and counts[""] else ()),
        item_label="Theme",
        count_label="Statements",
        facts=(("Statements", str(len(workshop.statements))),),
        chart=False,  # the report's "Themes at a glance" already charts them
    )


def _poll_result(activity: Activity, _workshop: WorkshopData) -> ActivityResult:
    counts, people = tally(activity.options, (answer.choices for answer in activity.poll_answers))
    return replace(
        _base(activity),
        answered=people,
        items=tuple(ResultItem(c.option, c.count, share=c.share) for c in counts),
        item_label="Option",
        multiple=activity.multiple,
    )


def _words_result(activity: Activity, _workshop: WorkshopData) -> ActivityResult:
    """A word cloud as a list of words, most sent first, each with how many people sent it."""
    cloud = word_cloud_of(activity)
    people = cloud.people
    return replace(
        _base(activity),
        answered=people,
        items=tuple(ResultItem(w.word, w.count, share=w.count / people if people else 0.0) for w in cloud.words),
        item_label="Word",
        facts=(("Words hidden by the facilitator", str(cloud.hidden)),) if cloud.hidden else (),
    )


def _point(scale: Scale, value: int) -> str:
    """A point of a scale in words, its end labels beside its ends: "5 (Very confident)", "3"."""
    ends = {scale.low: scale.low_label, scale.high: scale.high_label}
    return f"{value} ({ends[value]})" if ends.get(value) else str(value)


def _scale_result(activity: Activity, _workshop: WorkshopData) -> ActivityResult:
    """Every point of the scale (its end labels beside its ends), the mean and the median."""
    scale, result = scale_of(activity), scale_result_of(activity)

    def point(value: int) -> str:
        return _point(scale, value)

    facts = []
    if result.mean is not None:
        facts.append(("Mean", f"{result.mean:.1f} on a scale of {scale.low} to {scale.high}"))
    if result.median is not None:
        facts.append(("Median", f"{result.median:g}"))
    return replace(
        _base(activity),
        answered=result.people,
        items=tuple(ResultItem(point(c.value), c.count, share=c.share) for c in result.counts),
        item_label="Point",
        facts=tuple(facts),
    )


def _ranking_result(activity: Activity, _workshop: WorkshopData) -> ActivityResult:
    """The items best first (lowest mean rank), with how many people put each first."""
    result = ranking_result_of(activity)
    return replace(
        _base(activity),
        answered=result.people,
        items=tuple(ResultItem(i.item, i.firsts, mean_rank=i.mean_rank) for i in result.items),
        item_label="Item",
        count_label="Ranked first",
    )


def _questions_result(activity: Activity, _workshop: WorkshopData) -> ActivityResult:
    """The questions the room saw, most votes first, answered or open; no chart (questions are long)."""
    listed = questions_of(activity).listed
    shown = sorted(listed.shown, key=lambda q: -q.votes)  # stable: ties keep the room's order
    askers = {q.participant_id for q in activity.questions if q.participant_id is not None}
    voters = set(
        db.session.scalars(
            select(QuestionVote.participant_id).join(Question).where(Question.activity_id == activity.id)
        )
    )
    facts = [("Questions", str(len(shown)))]
    if listed.waiting:
        facts.append(("Not shown (hidden or waiting)", str(listed.waiting)))
    return replace(
        _base(activity),
        answered=len(askers | voters),
        items=tuple(ResultItem(q.text, q.votes, note="Answered" if q.answered else "Open") for q in shown),
        item_label="Question",
        count_label="Votes",
        note_label="Status",
        facts=tuple(facts),
        chart=False,
    )


RESULTS: dict[str, ResultOf] = {
    ActivityKind.STATEMENTS.value: _statements_result,
    ActivityKind.POLL.value: _poll_result,
    ActivityKind.WORDS.value: _words_result,
    ActivityKind.SCALE.value: _scale_result,
    ActivityKind.RANKING.value: _ranking_result,
    ActivityKind.QUESTIONS.value: _questions_result,
}


def activity_results(workshop: Workshop, snapshot: WorkshopData | None = None) -> tuple[ActivityResult, ...]:
    """Each activity of the agenda with its results, in the agenda's order (numbered 1, 2, ...).

    ``snapshot`` is the workshop's own (the statements activity counts its statements); without
    it one is taken. A kind with no entry in ``RESULTS`` yet is listed with no results.
    """
    if snapshot is None:
        return workshop_data(workshop).activities
    results = []
    for number, activity in enumerate(workshop.activities, 1):
        build = RESULTS.get(str(activity.kind))
        result = build(activity, snapshot) if build is not None else _base(activity)
        results.append(replace(result, position=number))
    return tuple(results)


def heading_data(workshop: Workshop) -> WorkshopData:
    """Only what heads a template: title, code, date, venue and facilitator (no statements)."""
    return WorkshopData(
        title=workshop.title,
        code=workshop.code,
        prompt=workshop.prompt,
        date=workshop.date,
        venue=workshop.venue,
        facilitator=workshop.facilitator.display_name,
        co_facilitators=tuple(
            member.facilitator.display_name for member in workshop.members if member.role == WorkshopRole.CO_FACILITATOR
        ),
        review_weeks=workshop.review_weeks,
    )


def _said(activity: Activity, payload: dict[str, object], left_out: Collection[str]) -> tuple[str, ...]:
    """One answer to a word cloud, a scale or a ranking, in words (nothing when it holds nothing usable)."""
    if activity.kind == ActivityKind.WORDS:
        words = payload.get("words")
        return tuple(str(w) for w in words if fold(str(w)) not in left_out) if isinstance(words, list) else ()
    if activity.kind == ActivityKind.SCALE:
        value, scale = payload.get("value"), scale_of(activity)
        if not isinstance(value, int) or isinstance(value, bool) or value not in scale.values:
            return ()
        return (f"{value} on a scale of {_point(scale, scale.low)} to {_point(scale, scale.high)}",)
    if activity.kind == ActivityKind.RANKING:
        order, items = payload.get("order"), activity.options
        if not isinstance(order, list) or sorted(order) != list(range(len(items))):
            return ()
        return tuple(f"{rank}. {items[index]}" for rank, index in enumerate(order, 1))
    return ()


def own_answers(
    workshop: Workshop, *, waiting: bool = False, only: int | None = None
) -> dict[int, tuple[OwnAnswer, ...]]:
    """Each participant's answers to the agenda's polls, word clouds, scales and rankings, by participant id.

    Two queries for the whole workshop, however many people. Words a facilitator hid are left
    out; so are words held for a check of personal data, unless ``waiting`` (the person's own
    plan holds what they sent, like their statements waiting for approval). ``only``: one
    participant's id, for one person's documents.
    """
    activities = {a.id: a for a in workshop.activities if a.kind != ActivityKind.STATEMENTS}
    if not activities:
        return {}
    said: dict[int, dict[int, tuple[str, ...]]] = {}
    polls_query = select(PollAnswer).where(PollAnswer.activity_id.in_(activities))
    answers_query = select(ActivityAnswer).where(ActivityAnswer.activity_id.in_(activities))
    if only is not None:
        polls_query = polls_query.where(PollAnswer.participant_id == only)
        answers_query = answers_query.where(ActivityAnswer.participant_id == only)
    polls = db.session.scalars(polls_query)
    for poll in polls:
        options = activities[poll.activity_id].options
        chosen = tuple(options[c] for c in poll.choices if 0 <= c < len(options))
        said.setdefault(poll.participant_id, {})[poll.activity_id] = chosen
    left_out = {
        a.id: set(hidden_words_of(a) if waiting else off_the_wall(a))
        for a in activities.values()
        if a.kind == ActivityKind.WORDS
    }
    answers = db.session.scalars(answers_query)
    for answer in answers:
        activity = activities[answer.activity_id]
        said.setdefault(answer.participant_id, {})[activity.id] = _said(
            activity, answer.payload, left_out.get(activity.id, ())
        )
    return {
        participant_id: tuple(
            OwnAnswer(
                kind=str(a.kind),
                heading=a.title or a.kind.label,
                question=a.question,
                said=by_activity[a.id],
                step=step_of(a.title),
            )
            for a in workshop.activities
            if by_activity.get(a.id)
        )
        for participant_id, by_activity in said.items()
    }


def participant_data(
    workshop_snapshot: WorkshopData,
    participant: Participant,
    *,
    waiting: bool = False,
    answers: tuple[OwnAnswer, ...] | None = None,
) -> ParticipantData:
    """One participant's own visible statements and answers, with the link back to their private page.

    ``waiting``: also those still waiting for the facilitator's approval, for the participant's
    own documents (their plan holds everything they wrote that is not hidden; the facilitator's
    ZIP of everyone's plans, like the wall, holds only what was approved). ``answers``: theirs
    from ``own_answers`` when the caller read everyone's at once."""
    own = tuple(s for s in workshop_snapshot.statements if s.participant_key == str(participant.id))
    if waiting:
        pending = [s for s in participant.statements if s.status == StatementStatus.PENDING]
        own = tuple(sorted((*own, *(_statement(s) for s in pending)), key=lambda s: s.id))
    return ParticipantData(
        workshop=workshop_snapshot,
        participant_key=str(participant.id),
        name=participant.name,
        role=participant.role,
        statements=own,
        private_url=lasting_url("participate.private_copy", token=participant.token),
        answers=own_answers(participant.workshop, waiting=waiting, only=participant.id).get(participant.id, ())
        if answers is None
        else answers,
    )


def participants_data(workshop: Workshop) -> list[ParticipantData]:
    """Every participant who has a visible statement, in the order they joined."""
    snapshot = workshop_data(workshop)
    posted = Counter(s.participant_key for s in snapshot.statements)
    participants = db.session.scalars(
        select(Participant).where(Participant.workshop_id == workshop.id).order_by(Participant.id)
    ).all()
    answers = own_answers(workshop)
    return [participant_data(snapshot, p, answers=answers.get(p.id, ())) for p in participants if posted[str(p.id)]]


def smart_plan_hints(participant: ParticipantData) -> dict[int, tuple[str, ...]]:
    """The SMART hints for each of a participant's statements: the plan starts from them."""
    return {s.id: smart_hints(s.text).hints for s in participant.statements}


def follow_up_of(workshop: Workshop) -> FollowUpEvidence:
    """The workshop's follow-up answers and linked surveys, from the surveys package when it is installed."""
    provider = current_app.extensions.get("follow_up_evidence")
    return provider(workshop) if provider is not None else FollowUpEvidence()


def evidence_data(workshops: Sequence[Workshop]) -> tuple[WorkshopEvidence, ...]:
    """Each workshop (one, or a series' in order) with its follow-up, for the summary and the evidence pack."""
    return tuple(WorkshopEvidence(workshop_data(workshop), follow_up_of(workshop)) for workshop in workshops)


def series_data(series: Series) -> SeriesData:
    """The series with each workshop's own snapshot and the series' themes (visible statements only)."""
    workshops = tuple(workshop_data(w) for w in series.workshops)
    visible = {s.id for workshop in workshops for s in workshop.statements}
    themes = db.session.scalars(
        select(SeriesTheme).where(SeriesTheme.series_id == series.id).order_by(SeriesTheme.position, SeriesTheme.id)
    ).all()
    members: dict[int, list[int]] = {theme.id: [] for theme in themes}
    placed = db.session.execute(
        select(SeriesPlacement.theme_id, SeriesPlacement.statement_id)
        .where(SeriesPlacement.series_id == series.id, SeriesPlacement.theme_id.is_not(None))
        .order_by(SeriesPlacement.statement_id)
    ).tuples()
    for theme_id, statement_id in placed:
        if theme_id in members and statement_id in visible:
            members[theme_id].append(statement_id)
    order = {s.id: n for n, s in enumerate(s for workshop in workshops for s in workshop.statements)}
    return SeriesData(
        id=series.id,
        name=series.name,
        facilitator=series.facilitator.display_name,
        workshops=workshops,
        themes=tuple(
            SeriesThemeData(
                label=theme.label,
                keywords=tuple(theme.keywords),
                statement_ids=tuple(sorted(members[theme.id], key=order.__getitem__)),
            )
            for theme in themes
        ),
        grouping_engine=series.grouping_engine or "",
        key_messages=series.key_messages or "",
        featured_ids=frozenset(
            db.session.scalars(select(SeriesFeatured.statement_id).where(SeriesFeatured.series_id == series.id))
        )
        & visible,
    )
