"""The facilitator's session report: what a workshop produced, ready to send to stakeholders.

It answers, in order, the questions a library manager or a Trust's stakeholders ask: what was
the session, what the facilitator wants them to take from it (key messages and next steps), how
many took part and how many commitments were SMART, what the room voted for, what people
committed to (grouped into themes), and what stood out (pinned statements). It speaks to people,
not to the kit: no database numbers, no engine names, no keyword lists (those belong on the
facilitator's board). The chart repeats data from the overview table, so nothing is only in
the image.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from docx.document import Document

from exports.builders.activities import add_activity_section, has_results
from exports.data import StatementData, ThemeData, WorkshopData
from workshop.common.charts import Bar, bar_chart_png, drawable, short
from workshop.common.heading import add_workshop_facts
from workshop.common.steps import FIVE_STEPS
from workshop.common.text import clean_text
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

#: Themes drawn in the chart; the overview table always lists all of them.
CHART_MAX_THEMES = 25


def build_report(workshop: WorkshopData, *, created: datetime | None = None) -> bytes:
    """The session report of ``workshop`` as ``.docx`` bytes."""
    by_id = {statement.id: statement for statement in workshop.statements}
    themes = _ranked([_resolved(theme, by_id) for theme in workshop.themes], voting=workshop.voting_used)
    unsorted = _unsorted(workshop, themes)
    title = single_line(workshop.title) or "Impact workshop"
    show_from = _show_from(workshop)
    me_too = workshop.me_too_used

    document = new_document(
        f"Session report: {title}",
        subject="Impact workshop session report",
        author=workshop.facilitator,
        keywords=(
            "impact",
            "workshop",
            "session report",
            "library and knowledge services",
        ),
        comments=workshop.prompt,
        created=created,
    )
    add_title(document, title)
    add_paragraph(document, "Session report", style="Subtitle")
    _add_facts(document, workshop)

    messages = message_lines(workshop.key_messages)
    if messages:
        add_heading(document, "Key messages and next steps", 1)
        add_bullets(document, messages)

    add_heading(document, "Summary", 1)
    _add_summary(document, workshop, themes, unsorted)

    if has_results(workshop.activities):
        add_heading(document, "Activities", 1)
        add_paragraph(
            document, "What the room was asked, in the order of the session, and what it answered.", keep_with_next=True
        )
        where = "“Statements by theme”" if themes else "“Statements”"
        for result in workshop.activities:
            add_activity_section(document, result, statements_note=f"The statements are listed under {where} below.")

    pinned = [statement for statement in workshop.statements if statement.pinned]
    if pinned:
        add_heading(document, "Pinned statements", 1)
        add_paragraph(
            document,
            "The facilitator pinned these statements during the session. They are also marked "
            "“Pinned” and highlighted where they appear below.",
            keep_with_next=True,
        )
        _add_statement_table(document, pinned, show_from=show_from, me_too=me_too, caption="Pinned statements")

    shared = most_shared(workshop.statements) if me_too else []
    if shared:
        add_heading(document, "Statements others shared", 1)
        add_paragraph(
            document,
            "Participants could add “Me too” to other people’s statements. These had the most, "
            f"most first (up to {MOST_SHARED}); the report does not say who pressed it.",
            keep_with_next=True,
        )
        _add_statement_table(document, shared, show_from=show_from, me_too=True, caption="Statements others shared")

    if themes:
        add_heading(document, "Themes at a glance", 1)
        _add_theme_overview(document, themes, voting=workshop.voting_used)
        add_heading(document, "Statements by theme", 1)
        for index, (theme, statements) in enumerate(themes, 1):
            _add_theme_section(document, index, theme, statements, workshop.voting_used, show_from, me_too)
        if unsorted:
            add_heading(document, "Unsorted statements", 2)
            add_paragraph(
                document,
                "These statements are in no theme: they fitted none when the statements were grouped, "
                "were sent after that, or were set aside by the facilitator.",
                keep_with_next=True,
            )
            _add_statement_table(document, unsorted, show_from=show_from, me_too=me_too, caption="Unsorted statements")
    else:
        add_heading(document, "Statements", 1)
        if workshop.statements:
            _add_statement_table(
                document, list(workshop.statements), show_from=show_from, me_too=me_too, caption="All statements"
            )
        else:
            add_paragraph(document, "No statements were posted in this session.")

    add_heading(document, "How the statements were grouped", 1)
    _add_method(document, workshop, bool(themes))

    add_heading(document, "The five steps to demonstrating impact", 1)
    add_paragraph(
        document,
        "Each participant's take-home pack holds a five-step plan that walks through them:",
        keep_with_next=True,
    )
    add_bullets(
        document,
        (f"{name}: {summary}" for name, summary in FIVE_STEPS),
        style="List Number",
    )
    return to_bytes(document)


# --------------------------------------------------------------------------- data

ThemeRows = Sequence[tuple[ThemeData, list[StatementData]]]


def _resolved(theme: ThemeData, by_id: dict[int, StatementData]) -> tuple[ThemeData, list[StatementData]]:
    """A theme with its statements, ignoring ids of statements no longer visible."""
    return theme, [by_id[i] for i in theme.statement_ids if i in by_id]


def _ranked(
    themes: list[tuple[ThemeData, list[StatementData]]], *, voting: bool
) -> list[tuple[ThemeData, list[StatementData]]]:
    """Themes most voted first when the room voted (ties keep the board's order), else the board's order."""
    if not voting:
        return themes
    return [item for _, item in sorted(enumerate(themes), key=lambda pair: (-pair[1][0].votes, pair[0]))]


def _unsorted(workshop: WorkshopData, themes: ThemeRows) -> list[StatementData]:
    """Statements in no theme: the listed unsorted ones and any the themes missed, in order.

    No statement may silently disappear from the report, even if the snapshot is inconsistent.
    """
    if not themes:
        return []
    themed = {statement.id for _, statements in themes for statement in statements}
    return [s for s in workshop.statements if s.id not in themed]


#: The statements listed under "Statements others shared", at most.
MOST_SHARED = 10


def most_shared(statements: Sequence[StatementData], limit: int = MOST_SHARED) -> list[StatementData]:
    """The statements with a "Me too", most first (ties in posting order), at most ``limit``."""
    supported = [s for s in statements if s.me_too > 0]
    return sorted(supported, key=lambda s: -s.me_too)[:limit]


def _participant_count(workshop: WorkshopData) -> int:
    keys = {statement.participant_key for statement in workshop.statements}
    return max(workshop.participant_count, len(keys))


def _show_from(workshop: WorkshopData) -> bool:
    """A "From" column only when names were asked for and someone gave one: never a column of "Anonymous"."""
    return workshop.names_asked and any(
        single_line(s.participant_name) or single_line(s.participant_role) for s in workshop.statements
    )


def _who(statement: StatementData) -> str:
    name = single_line(statement.participant_name)
    role = single_line(statement.participant_role)
    if name and role:
        return f"{name}, {role}"
    return name or role or "Not given"


def message_lines(text: str) -> list[str]:
    """The facilitator's key messages, one a line; list markers they typed are dropped."""
    lines = (clean_text(line, single_line=True) for line in clean_text(text).split("\n"))
    return [line.lstrip("-*•· ").strip() for line in lines if line.lstrip("-*•· ").strip()]


def _share(count: int, total: int) -> str:
    return f"{count} of {total} ({round(100 * count / total)}%)" if total else "0"


# --------------------------------------------------------------------------- sections


def _add_facts(document: Document, workshop: WorkshopData) -> None:
    add_workshop_facts(document, workshop, with_title=False)
    add_label_value(document, "Prompt", workshop.prompt)


def _add_summary(
    document: Document,
    workshop: WorkshopData,
    themes: ThemeRows,
    unsorted: Sequence[StatementData],
) -> None:
    total = len(workshop.statements)
    rows = [
        ("Participants", str(_participant_count(workshop))),
        ("Statements", str(total)),
        ("Statements with a date or deadline", _share(sum(s.has_time for s in workshop.statements), total)),
        ("Statements with something to measure", _share(sum(s.has_measure for s in workshop.statements), total)),
        ("Themes", str(len(themes))),
    ]
    if themes:
        rows.append(("Unsorted statements", str(len(unsorted))))
    rows.append(("Pinned statements", str(sum(s.pinned for s in workshop.statements))))
    if workshop.voting_used:
        rows.append(("Votes cast", str(sum(theme.votes for theme, _ in themes))))
    if workshop.me_too_used:
        rows.append(("“Me too” added to others’ statements", str(sum(s.me_too for s in workshop.statements))))
        rows.append(("Statements with a “Me too”", _share(sum(s.me_too > 0 for s in workshop.statements), total)))
    add_table(
        document,
        ("Measure", "Count"),
        rows,
        widths=(3, 1),
        caption="Session in numbers",
        description="How many took part and wrote, how many statements were SMART in time and measure, themes and votes.",
    )


def _add_theme_overview(document: Document, themes: ThemeRows, *, voting: bool) -> None:
    if voting:
        add_paragraph(
            document,
            "Participants voted for the themes they most wanted to act on; the themes are ranked by votes.",
            keep_with_next=True,
        )
    headers = (["Rank"] if voting else ["No."]) + ["Theme"] + (["Votes"] if voting else []) + ["Statements"]
    widths = [0.9, 6] + ([1.3] if voting else []) + [1.6]
    rows = []
    for index, (theme, statements) in enumerate(themes, 1):
        row = [str(index), _label(theme)]
        if voting:
            row.append(str(theme.votes))
        row.append(str(len(statements)))
        rows.append(row)
    add_table(
        document,
        headers,
        rows,
        widths=widths,
        caption="Themes at a glance",
        description=(
            "Each theme ranked by votes, with its votes and number of statements."
            if voting
            else "Each theme with its number of statements."
        ),
    )
    measure = "votes" if voting else "statements"
    chart = chart_png([(_label(theme), theme.votes if voting else len(statements)) for theme, statements in themes])
    shown = themes[:CHART_MAX_THEMES]
    alt = f"Bar chart of the number of {measure} for each theme: " + "; ".join(
        f"{_label(theme)}: {theme.votes if voting else len(statements)}" for theme, statements in shown
    )
    if len(themes) > len(shown):
        alt += f"; and {len(themes) - len(shown)} smaller themes not drawn"
    alt += ". The same figures are in the table “Themes at a glance”."
    add_picture(document, chart, width_cm=16, alt_text=alt, title=f"{measure.capitalize()} per theme")


def _add_theme_section(
    document: Document,
    index: int,
    theme: ThemeData,
    statements: list[StatementData],
    voting: bool,
    show_from: bool,
    me_too: bool = False,
) -> None:
    add_heading(document, f"{index}. {_label(theme)}", 2)
    count = f"{len(statements)} statement{'s' if len(statements) != 1 else ''}"
    if voting:
        count += f", {theme.votes} vote{'s' if theme.votes != 1 else ''}"
    add_paragraph(document, count, italic=True, keep_with_next=bool(statements))
    if statements:
        _add_statement_table(document, statements, show_from=show_from, me_too=me_too, caption=_label(theme))


def _add_statement_table(
    document: Document,
    statements: Sequence[StatementData],
    *,
    show_from: bool,
    caption: str,
    me_too: bool = False,
) -> None:
    """Statements one a row, pinned ones marked in words and highlighted; no numbers from the database.

    With ``me_too``, a column says how many others said "Me too" to each (never who).
    """
    rows = []
    for statement in statements:
        fill = HIGHLIGHT_FILL if statement.pinned else None
        text = clean_text(statement.text)
        row = [Cell(f"Pinned: {text}" if statement.pinned else text, bold=statement.pinned, fill=fill)]
        if show_from:
            row.append(Cell(_who(statement), fill=fill))
        if me_too:
            row.append(Cell(str(statement.me_too), fill=fill))
        rows.append(row)
    headers = ["Statement"] + (["From"] if show_from else []) + (["Me too"] if me_too else [])
    widths = [6.5] + ([2.5] if show_from else []) + ([1.2] if me_too else [])
    add_table(
        document,
        headers,
        rows,
        widths=widths,
        caption=f"Statements: {caption}",
        keep_together=len(rows) <= 6,
    )


def _add_method(document: Document, workshop: WorkshopData, has_themes: bool) -> None:
    if not has_themes:
        add_paragraph(document, "The statements were not grouped into themes.")
        return
    if single_line(workshop.grouping_engine):
        add_paragraph(
            document,
            "The kit suggested themes from what the statements say; the facilitator could rename, "
            "move, merge or split them on the themes board before this report was made. Statements that "
            "did not clearly fit a theme are listed as unsorted.",
        )
    else:
        add_paragraph(document, "The facilitator grouped the statements into themes by hand.")


def _label(theme: ThemeData) -> str:
    return single_line(theme.label) or "Untitled theme"


# --------------------------------------------------------------------------- chart


def _chart_label(index: int, label: str) -> str:
    """Chart labels: number and label; labels Pillow cannot draw right keep only their number.

    The table above the chart names every theme correctly.
    """
    return drawable(f"{index}. {short(label)}", f"{index}.")


def chart_png(themes: Sequence[tuple[str, int]]) -> bytes:
    """A bar chart of one figure per theme (its label, its figure), with the kit's one bar chart."""
    return bar_chart_png(
        [
            Bar(_chart_label(row, label), value, str(value))
            for row, (label, value) in enumerate(themes[:CHART_MAX_THEMES], 1)
        ]
    )
