"""The series report: several workshops of one tour in one Word document, for stakeholders.

In order: the series and its facilitators, the key messages (the series' own, then each
workshop's), the workshops (date, venue, participants, statements, SMART shares) with totals,
the activities two or more workshops ran alike side by side (``exports.builders.series_activities``),
the themes across the series with how many statements each workshop gave it (a table, and a
chart of the same figures), then each theme with a few selected statements, and how the themes
were made. Selected statements: the ones the facilitator ticked on the series page when any
are ticked (all of them, in posting order); otherwise chosen automatically: those the
facilitators pinned first, then those with both a date and something to measure (the most
SMART), then the others, in posting order, at most :data:`SELECTED_PER_THEME` a theme. The
report says which way they were chosen and how many more each theme holds. Pure:
a :class:`~exports.data.SeriesData` in, ``.docx`` bytes out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from docx.document import Document

from exports.builders.report import chart_png, message_lines
from exports.builders.series_activities import add_shared_activities, shared_activities
from exports.data import SeriesData, SeriesThemeData, StatementData, WorkshopData
from workshop.common.dates import long_date
from workshop.common.heading import add_facilitators, facilitators_of
from workshop.common.text import whole_percent
from workshop.common.word import (
    HIGHLIGHT_FILL,
    Cell,
    add_bullets,
    add_heading,
    add_label_value,
    add_paragraph,
    add_picture,
    add_table,
    add_title,
    new_document,
    single_line,
    to_bytes,
)

__all__ = ["SELECTED_PER_THEME", "build_series_report", "selected_statements", "selection_note", "workshop_short_name"]

SELECTED_PER_THEME = 5
#: More workshops than this and the pages turn to landscape, so the per-workshop columns fit.
PORTRAIT_WORKSHOPS = 5
NO_STATEMENTS = "No statements were posted in the workshops of this series."


def workshop_short_name(workshop: WorkshopData) -> str:
    """A workshop as a column heading: its venue (a tour differs by place), else its date, else its title."""
    if single_line(workshop.venue):
        return single_line(workshop.venue)
    if workshop.date is not None:
        return long_date(workshop.date, weekday=False)
    return single_line(workshop.title) or workshop.code


def selected_statements(
    statements: Sequence[StatementData], limit: int = SELECTED_PER_THEME, featured: frozenset[int] = frozenset()
) -> list[StatementData]:
    """The ``featured`` ones when any are ticked; else pinned first, then those with a date and a measure."""
    if featured:
        return [s for s in statements if s.id in featured]
    rank = {s.id: (0 if s.pinned else 1 if s.has_time and s.has_measure else 2) for s in statements}
    chosen = sorted(statements, key=lambda s: rank[s.id])[:limit]
    keep = {s.id for s in chosen}
    return [s for s in sorted(statements, key=lambda s: rank[s.id]) if s.id in keep]


def selection_note(series: SeriesData) -> str:
    """How the report chose the statements it shows under each theme."""
    lists_all = "Each workshop's session report lists all of its statements."
    if series.featured_ids:
        count = len(series.featured_ids)
        return (
            f"Selected by the facilitator: the {count} statement{'s' if count != 1 else ''} they ticked on the "
            f"series page to feature, under their themes. {lists_all}"
        )
    return (
        f"Selected automatically, as no statements were ticked on the series page: up to {SELECTED_PER_THEME} "
        "statements a theme, those the facilitators pinned first, then those with both a date and something "
        f"to measure. {lists_all}"
    )


def build_series_report(series: SeriesData, *, created: datetime | None = None) -> bytes:
    """The series report of ``series`` as ``.docx`` bytes."""
    name = single_line(series.name) or "Workshop series"
    facilitators = list(dict.fromkeys(name for w in series.workshops for name in facilitators_of(w)))
    document = new_document(
        f"Series report: {name}",
        subject="Impact workshops series report",
        author=series.facilitator,
        keywords=("impact", "workshop", "series report", "library and knowledge services"),
        comments=f"{len(series.workshops)} workshops",
        created=created,
        landscape=len(series.workshops) > PORTRAIT_WORKSHOPS,
    )
    add_title(document, name)
    add_paragraph(document, "Series report", style="Subtitle")
    add_label_value(document, "Workshops", str(len(series.workshops)))
    dates = sorted(w.date for w in series.workshops if w.date is not None)
    if dates:
        span = long_date(dates[0], weekday=False)
        if dates[-1] != dates[0]:
            span += f" to {long_date(dates[-1], weekday=False)}"
        add_label_value(document, "Dates", span)
    add_facilitators(document, facilitators)

    _add_key_messages(document, series)
    add_heading(document, "The workshops", 1)
    _add_workshops(document, series)
    alike = shared_activities(series.workshops)
    if alike:
        add_heading(document, "Activity results side by side", 1)
        add_paragraph(
            document,
            f"The {'activities' if len(alike) != 1 else 'activity'} that more than one workshop of the series ran "
            "alike (the same kind, title and question), with each workshop's answers in its own column.",
            keep_with_next=True,  # with the first activity's heading, question and table
        )
        names = [
            str(n) if len(series.workshops) > PORTRAIT_WORKSHOPS else workshop_short_name(w)
            for n, w in enumerate(series.workshops, 1)
        ]
        add_shared_activities(document, alike, names)

    statements = series.statements
    by_id = {s.id: s for s in statements}
    index = series.workshop_index()
    themes = [(theme, [by_id[i] for i in theme.statement_ids if i in by_id]) for theme in series.themes]
    if not statements:
        add_heading(document, "Themes across the series", 1)
        add_paragraph(document, NO_STATEMENTS)
    elif not themes:
        add_heading(document, "Themes across the series", 1)
        add_paragraph(
            document,
            f"The {len(statements)} statements of the series have not been grouped into themes yet: "
            "each workshop's own session report lists its statements.",
        )
    else:
        add_heading(document, "Themes across the series", 1)
        _add_theme_table(document, series, themes, index)
        add_heading(document, "Themes and selected statements", 1)
        add_paragraph(document, selection_note(series))
        for number, (theme, members) in enumerate(themes, 1):
            _add_theme_section(document, series, number, theme, members, index)
        themed = {s.id for _, members in themes for s in members}
        unsorted = [s for s in statements if s.id not in themed]
        if unsorted:
            add_heading(document, "Statements in no theme", 2)
            add_paragraph(document, f"{len(unsorted)} statements did not fit any theme of the series.")
        add_heading(document, "How the themes were made", 1)
        add_paragraph(
            document,
            "The kit suggested themes across all the workshops' statements together, from what they say; the "
            "facilitator could rename, move and merge them before this report was made. These themes are the "
            "series' own: each workshop's session report keeps the themes of that day.",
        )
    return to_bytes(document)


def _add_key_messages(document: Document, series: SeriesData) -> None:
    own = message_lines(series.key_messages)
    per_workshop = [(w, message_lines(w.key_messages)) for w in series.workshops]
    if not own and not any(lines for _, lines in per_workshop):
        return
    add_heading(document, "Key messages and next steps", 1)
    if own:
        add_bullets(document, own)
    for workshop, lines in per_workshop:
        if lines:
            add_heading(document, f"From {workshop_short_name(workshop)}", 2)
            add_bullets(document, lines)


def _share(count: int, total: int) -> str:
    return f"{whole_percent(count / total)}%" if total else "–"


def _participants(workshop: WorkshopData) -> int:
    return max(workshop.participant_count, len({s.participant_key for s in workshop.statements}))


def _add_workshops(document: Document, series: SeriesData) -> None:
    if not series.workshops:
        add_paragraph(document, "This series has no workshops.")
        return
    rows: list[list[str | Cell]] = []
    for number, workshop in enumerate(series.workshops, 1):
        total = len(workshop.statements)
        title = single_line(workshop.title) or workshop.code
        venue = single_line(workshop.venue)
        rows.append(
            [
                str(number),
                f"{title}, {venue}" if venue else title,
                long_date(workshop.date, weekday=False) if workshop.date else "Not given",
                str(_participants(workshop)),
                str(total),
                _share(sum(s.has_time for s in workshop.statements), total),
                _share(sum(s.has_measure for s in workshop.statements), total),
            ]
        )
    everything = series.statements
    rows.append(
        [
            Cell(""),
            Cell("All workshops", bold=True),
            Cell(""),
            Cell(str(sum(_participants(w) for w in series.workshops)), bold=True),
            Cell(str(len(everything)), bold=True),
            Cell(_share(sum(s.has_time for s in everything), len(everything)), bold=True),
            Cell(_share(sum(s.has_measure for s in everything), len(everything)), bold=True),
        ]
    )
    add_table(
        document,
        ("No.", "Workshop and venue", "Date", "Participants", "Statements", "With a date", "With a measure"),
        rows,
        widths=(1.0, 3.4, 3.1, 2.6, 2.6, 1.6, 1.9),
        caption="The workshops of the series",
        description="Each workshop with its venue, date, participants and statements, and the share of statements "
        "that have a date or deadline and something to measure; the last row totals the series.",
        keep_together=len(rows) <= 8,
    )


def _add_theme_table(
    document: Document,
    series: SeriesData,
    themes: list[tuple[SeriesThemeData, list[StatementData]]],
    index: dict[int, int],
) -> None:
    numbered = len(series.workshops) > PORTRAIT_WORKSHOPS
    names = [str(n) if numbered else workshop_short_name(w) for n, w in enumerate(series.workshops, 1)]
    rows: list[list[str | Cell]] = []
    for number, (theme, members) in enumerate(themes, 1):
        counts = series.counts_per_workshop(theme, index)
        rows.append([f"{number}. {_label(theme)}", *(str(c) for c in counts), Cell(str(len(members)), bold=True)])
    add_paragraph(
        document,
        "How many statements each workshop gave to each theme"
        + (": the columns are the workshops numbered as in the table above." if numbered else "."),
        keep_with_next=True,
    )
    add_table(
        document,
        ("Theme", *names, "All"),
        rows,
        widths=(3.0 if numbered else 4.0, *([1.0 if numbered else 1.6] * len(names)), 1.0),
        caption="Themes across the series, per workshop",
        description="Each theme of the series with its number of statements from each workshop"
        + (" (numbered as in the workshops table)" if numbered else "")
        + " and in all.",
    )
    chart = chart_png([(_label(theme), len(members)) for theme, members in themes])
    alt = "Bar chart of the number of statements in each theme of the series: " + "; ".join(
        f"{_label(theme)}: {len(members)}" for theme, members in themes[:25]
    )
    if len(themes) > 25:
        alt += f"; and {len(themes) - 25} smaller themes not drawn"
    alt += ". The same figures are in the table above."
    add_picture(document, chart, width_cm=16, alt_text=alt, title="Statements per theme")


def _add_theme_section(
    document: Document,
    series: SeriesData,
    number: int,
    theme: SeriesThemeData,
    members: list[StatementData],
    index: dict[int, int],
) -> None:
    add_heading(document, f"{number}. {_label(theme)}", 2)
    counts = series.counts_per_workshop(theme, index)
    spread = ", ".join(
        f"{workshop_short_name(w)} {count}" for w, count in zip(series.workshops, counts, strict=True) if count
    )
    summary = f"{len(members)} statement{'s' if len(members) != 1 else ''}"
    if spread:
        summary += f": {spread}"
    chosen = selected_statements(members, featured=series.featured_ids)
    add_paragraph(document, summary, italic=True, keep_with_next=bool(chosen))
    if not chosen:
        return
    rows = []
    for statement in chosen:
        fill = HIGHLIGHT_FILL if statement.pinned else None
        text = single_line(statement.text)
        where = workshop_short_name(series.workshops[index[statement.id]])
        rows.append(
            [
                Cell(f"Pinned: {text}" if statement.pinned else text, bold=statement.pinned, fill=fill),
                Cell(where, fill=fill),
            ]
        )
    add_table(
        document,
        ("Statement", "Workshop"),
        rows,
        widths=(6.5, 2.5),
        caption=f"Selected statements: {_label(theme)}",
        keep_together=len(rows) <= 6,
    )
    if len(members) > len(chosen):
        more = len(members) - len(chosen)
        add_paragraph(document, f"And {more} more statement{'s' if more != 1 else ''} in this theme.")


def _label(theme: SeriesThemeData) -> str:
    return single_line(theme.label) or "Untitled theme"
