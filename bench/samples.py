"""Test and benchmark data for the builders: the seed workshop and synthetic ones of any size.

Not production code: the tests import it as ``bench.samples``, the benchmarks as ``samples``.

The seed's 17 real statements (``seed/map-on-tour.txt``) are the kit's demo data; the synthetic
workshops are for measuring how the builders grow with size.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from exports.data import (
    ActivityResult,
    ParticipantData,
    ResultItem,
    SeriesData,
    SeriesThemeData,
    StatementData,
    ThemeData,
    WorkshopData,
)
from workshop.coaching.smart import smart_hints

SEED_STATEMENTS: tuple[str, ...] = (
    "Look at ways to “shout about it” within the Trust",
    "Write up a detailed SMART impact plan",
    "Increase use of Twitter /Facebook / Instagram accounts for impact of service",
    "Arrange to meet the Health & Wellbeing committee to discuss a health and wellbeing fair / information event",
    "Follow more people on Twitter so that we know what’s going on, look at creating some social "
    "media cards, and explore using Twitter polls to demonstrate impact on Trust values",
    "Try to find a customer who is willing to contribute to a case study – I like the idea of "
    "sharing these on social media or corporate blog",
    "I am going to think about my project (replacing print journal archives with electronic) in "
    "terms of impact on stakeholders (who are the stakeholders and how to measure impact)",
    "Consider ways in which we can use the feedback we already receive to shout about it!",
    "Choose a project to use the five steps with",
    "Activate a Twitter account. Love the ideas!",
    "Re-jig my next presentation to include impact",
    "Take a long hard look at what I can reasonably expect from survey i.e. focus on individual "
    "groups rather than organisations",
    "Encourage my team to collect feedback which highlights the difference and/or change LKS has made",
    "Create a post-it literature search feedback board",
    "Talk to head of transformation re: impact of LKS support",
    "Launch a library competition: tell us your library story",
    "Work out what ‘shout about it’ ideas are feasible",
)

SEED_THEMES: tuple[tuple[str, tuple[str, ...], tuple[int, ...], int], ...] = (
    ("Social media", ("Twitter", "social media", "Instagram"), (3, 5, 10), 7),
    ("Shout about it", ("shout about it", "presentation", "promote"), (1, 11, 17), 5),
    ("Feedback and surveys", ("feedback", "survey", "evidence"), (8, 12, 13, 14), 9),
    ("Meeting stakeholders", ("stakeholders", "committee", "meet"), (4, 7, 15), 4),
    ("Case studies and stories", ("case study", "story"), (6, 16), 6),
    ("Impact plans", ("SMART", "plan"), (2,), 2),
)


SEED_KEY_MESSAGES = (
    "Social media and “shout about it” ideas were the most popular way to show impact.\n"
    "Several people will start from feedback they already receive rather than new surveys.\n"
    "Next step: a follow-up call in eight weeks to share first case studies."
)


def seed_workshop(**changes: object) -> WorkshopData:
    """The Taunton workshop of the seed, grouped into six themes with one statement unsorted."""
    theme_of = {i: label for label, _, ids, _ in SEED_THEMES for i in ids}
    statements = tuple(
        StatementData(
            id=i,
            text=text,
            participant_key=f"p{i:02d}",
            participant_name="" if i % 4 == 0 else f"Participant {i}",
            participant_role="Librarian" if i % 3 == 0 else "",
            theme_label=theme_of.get(i, ""),
            pinned=i in (2, 16),
            has_time=smart_hints(text).has_time,
            has_measure=smart_hints(text).has_measure,
        )
        for i, text in enumerate(SEED_STATEMENTS, 1)
    )
    fields: dict[str, object] = {
        "title": "Impact workshop Taunton",
        "code": "TAU-7KX",
        "date": date(2026, 11, 20),
        "venue": "Musgrove Park Hospital, Taunton",
        "facilitator": "Tracey and Victoria",
        "statements": statements,
        "themes": tuple(
            ThemeData(label=label, keywords=keywords, statement_ids=ids, votes=votes)
            for label, keywords, ids, votes in SEED_THEMES
        ),
        "unsorted_ids": (9,),
        "participant_count": 19,
        "grouping_engine": "embeddings",
        "voting_used": True,
        "key_messages": SEED_KEY_MESSAGES,
    }
    fields.update(changes)
    return WorkshopData(**fields)  # type: ignore[arg-type]


def synthetic_workshop(statement_count: int, theme_count: int = 12) -> WorkshopData:
    """A workshop of ``statement_count`` plausible statements spread over ``theme_count`` themes."""
    themes_ids: list[list[int]] = [[] for _ in range(max(theme_count, 1))]
    statements = []
    for i in range(1, statement_count + 1):
        base = SEED_STATEMENTS[i % len(SEED_STATEMENTS)]
        theme_index = (i * 7) % len(themes_ids)
        themes_ids[theme_index].append(i)
        statements.append(
            StatementData(
                id=i,
                text=f"{base} (variation {i})",
                participant_key=f"p{i // 2:05d}",
                participant_name=f"Participant {i // 2}",
                theme_label=f"Theme {theme_index + 1}",
                pinned=i % 50 == 0,
            )
        )
    unsorted = tuple(ids.pop() for ids in themes_ids if len(ids) > 3)
    return WorkshopData(
        title=f"Synthetic workshop of {statement_count} statements",
        code="SYN-000",
        date=date(2026, 11, 20),
        venue="Benchmark hall",
        facilitator="Bench",
        statements=tuple(statements),
        themes=tuple(
            ThemeData(
                label=f"Theme {n + 1}",
                keywords=("impact", "feedback", f"keyword {n + 1}"),
                statement_ids=tuple(ids),
                votes=n,
            )
            for n, ids in enumerate(themes_ids)
        ),
        unsorted_ids=unsorted,
        participant_count=statement_count // 2 + 1,
        grouping_engine="synthetic",
        voting_used=True,
    )


def participants_of(workshop: WorkshopData) -> list[ParticipantData]:
    """Each participant of ``workshop`` with their own statements, in order of first post."""
    by_key: dict[str, list[StatementData]] = {}
    for statement in workshop.statements:
        by_key.setdefault(statement.participant_key, []).append(statement)
    return [
        ParticipantData(
            workshop=workshop,
            participant_key=key,
            name=statements[0].participant_name,
            role=statements[0].participant_role,
            statements=tuple(statements),
            private_url=f"https://impact.example.org/p/{key}",
        )
        for key, statements in by_key.items()
    ]


def _renumbered(workshop: WorkshopData, offset: int, **changes: object) -> WorkshopData:
    """``workshop`` with every statement id moved up by ``offset`` (ids are unique across a series)."""
    statements = tuple(replace(s, id=s.id + offset) for s in workshop.statements)
    themes = tuple(replace(t, statement_ids=tuple(i + offset for i in t.statement_ids)) for t in workshop.themes)
    unsorted = tuple(i + offset for i in workshop.unsorted_ids)
    return replace(workshop, statements=statements, themes=themes, unsorted_ids=unsorted, **changes)  # type: ignore[arg-type]


SERIES_PLACES = (
    "Taunton",
    "Exeter",
    "Truro",
    "Plymouth",
    "Bristol",
    "Bath",
    "Gloucester",
    "Swindon",
    "Yeovil",
    "Barnstaple",
)


def seed_series(workshops: int = 2) -> SeriesData:
    """The seed workshop run in ``workshops`` places (ids offset by 100 a workshop), themed across the series
    by the seed's own themes."""
    runs = tuple(
        _renumbered(
            seed_workshop(),
            100 * n,
            title="Impact workshop",
            code=f"TOU-{n:03d}",
            venue=SERIES_PLACES[n % len(SERIES_PLACES)],
            date=date(2026, 11, 20 + n % 10),
            key_messages=SEED_KEY_MESSAGES if n == 0 else "",
        )
        for n in range(workshops)
    )
    themes = tuple(
        SeriesThemeData(
            label=label, keywords=keywords, statement_ids=tuple(i + 100 * n for n in range(workshops) for i in ids)
        )
        for label, keywords, ids, _ in SEED_THEMES
    )
    return SeriesData(
        id=7,
        name="South West tour",
        facilitator="Tracey",
        workshops=runs,
        themes=themes,
        grouping_engine="meaning",
        key_messages="The same five steps worked in every city.\nNext: one shared case study library.",
    )


def synthetic_series(workshop_count: int = 10, statement_count: int = 3000, theme_count: int = 12) -> SeriesData:
    """``workshop_count`` synthetic workshops sharing ``statement_count`` statements, themed across the series."""
    per = statement_count // workshop_count
    runs = []
    members: list[list[int]] = [[] for _ in range(theme_count)]
    for n in range(workshop_count):
        offset = n * per
        run = _renumbered(
            synthetic_workshop(per, theme_count),
            offset,
            code=f"SYN-{n:03d}",
            venue=SERIES_PLACES[n % len(SERIES_PLACES)],
            date=date(2026, 11, 1 + n),
        )
        runs.append(run)
        for s in run.statements:
            members[(s.id * 5) % theme_count].append(s.id)
    return SeriesData(
        id=1,
        name=f"Synthetic series of {workshop_count} workshops",
        facilitator="Bench",
        workshops=tuple(runs),
        themes=tuple(
            SeriesThemeData(label=f"Series theme {t + 1}", keywords=("impact",), statement_ids=tuple(ids))
            for t, ids in enumerate(members)
        ),
        grouping_engine="synthetic",
    )


def _poll(
    position: int, title: str, question: str, counts: dict[str, int], people: int, **changes: object
) -> ActivityResult:
    items = tuple(ResultItem(label, count, share=count / people if people else 0.0) for label, count in counts.items())
    result = ActivityResult(position, "poll", "Quick poll", title, question, people, items, item_label="Option")
    return replace(result, **changes)  # type: ignore[arg-type]


def seed_activities(workshop: WorkshopData | None = None) -> tuple[ActivityResult, ...]:
    """A five-steps session's agenda with results: three polls (one multiple choice, one nobody
    answered) and the closing statements of ``workshop`` (the seed's by default)."""
    workshop = workshop or seed_workshop()
    return (
        _poll(
            1,
            "Step 1: your aim",
            "Where will you start demonstrating impact?",
            {"A new project": 7, "Part of the service": 5, "The whole service": 4, "Something new": 2},
            18,
        ),
        _poll(
            2,
            "Step 2: the drivers",
            "Which priorities of your organisation could your work support? Choose all that apply.",
            {"Patient safety and quality": 12, "Staff wellbeing": 9, "Saving time and money": 11, "Education": 6},
            17,
            multiple=True,
        ),
        _poll(
            3, "Step 4: your story", "How confident are you telling the story of your impact?", {"Very": 0, "Not": 0}, 0
        ),
        ActivityResult(
            4,
            "statements",
            "Statements",
            "When I get back to work",
            workshop.prompt,
            len({s.participant_key for s in workshop.statements}),
            tuple(ResultItem(t.label, len(t.statement_ids)) for t in workshop.themes),
            item_label="Theme",
            count_label="Statements",
            facts=(("Statements", str(len(workshop.statements))),),
            chart=False,
        ),
    )


def five_steps_activities(workshop: WorkshopData | None = None) -> tuple[ActivityResult, ...]:
    """The five-steps template's whole agenda with results: every kind, the statements last."""
    aim, drivers_poll, _unanswered, statements = seed_activities(workshop)
    words = ("patient safety", "staff", "money", "waiting lists", "research", "wellbeing", "education", "digital")
    counts = (9, 7, 6, 5, 4, 3, 2, 1)
    agenda = (
        aim,
        ActivityResult(
            0,
            "words",
            "Word cloud",
            "Step 2: identify the drivers",
            "In one to three words: what matters most to your organisation right now?",
            14,
            tuple(ResultItem(w, c, share=c / 14) for w, c in zip(words, counts, strict=True)),
            item_label="Word",
        ),
        ActivityResult(
            0,
            "ranking",
            "Ranking",
            "Step 3: capture your idea",
            "What would help you most to turn your idea into a plan? Put them in order.",
            12,
            (
                ResultItem("Knowing what to measure", 6, mean_rank=1.7),
                ResultItem("Time to plan it", 4, mean_rank=2.1),
                ResultItem("A team to work with", 2, mean_rank=2.8),
                ResultItem("The right resources", 0, mean_rank=3.4),
            ),
            item_label="Item",
            count_label="Ranked first",
        ),
        ActivityResult(
            0,
            "scale",
            "Scale",
            "Step 4: tell your story",
            "How confident are you about telling the story of your impact?",
            16,
            tuple(
                ResultItem(label, c, share=c / 16)
                for label, c in zip(
                    ("1 (Not confident at all)", "2", "3", "4", "5 (Very confident)"), (1, 4, 6, 4, 1), strict=True
                )
            ),
            item_label="Point",
            facts=(("Mean", "3.0 on a scale of 1 to 5"), ("Median", "3")),
        ),
        replace(
            drivers_poll,
            title="Step 5: share it",
            question="Where will you share your story first? Choose all that apply.",
        ),
        ActivityResult(
            0,
            "questions",
            "Questions to the facilitator",
            "Your questions",
            "What would you like to ask about demonstrating impact?",
            9,
            (
                ResultItem("How do we measure impact when the benefit is time saved?", 6, note="Answered"),
                ResultItem("Can a case study be anonymous and still count?", 4, note="Open"),
                ResultItem("Who should see our impact plan first?", 1, note="Open"),
            ),
            item_label="Question",
            count_label="Votes",
            note_label="Status",
            chart=False,
        ),
        statements,
    )
    return tuple(replace(result, position=n) for n, result in enumerate(agenda, 1))
