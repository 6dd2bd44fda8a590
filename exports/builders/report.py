"""The facilitator's session report: what a workshop produced, ready to send to stakeholders.

It answers, in order, the questions a library manager or a Trust's stakeholders ask: what was
the session, how many took part, what did people commit to (grouped into themes, with the words
that explain each grouping), what stood out (pinned statements), and how the grouping was made.
The chart of statements per theme repeats data from the overview table, so nothing is only
in the image.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime

from docx.document import Document
from PIL import Image, ImageDraw

from exports.data import StatementData, ThemeData, WorkshopData
from workshop.common.dates import long_date
from workshop.common.fonts import pil_font
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
    is_rtl,
    new_document,
    single_line,
    to_bytes,
)

FIVE_STEPS: tuple[tuple[str, str], ...] = (
    (
        "Consider your aim",
        "a new project, justifying part of the service, the whole service, or something new.",
    ),
    (
        "Identify the drivers",
        "the national, regional and local priorities your work should align with.",
    ),
    (
        "Capture your idea",
        "a short plan: team, timeframe, resources, alignment with drivers.",
    ),
    (
        "Tell your story",
        "an informal case study: what happened, and the impact for the library and its users.",
    ),
    ("Share it", "shout about it to stakeholders, on social media, in presentations."),
)

#: Themes drawn in the chart; the overview table always lists all of them.
CHART_MAX_THEMES = 25
_BAR_COLOUR = (0, 94, 184)  # NHS blue, 5.9:1 against white
_TEXT_COLOUR = (33, 33, 33)


def build_report(workshop: WorkshopData, *, created: datetime | None = None) -> bytes:
    """The session report of ``workshop`` as ``.docx`` bytes."""
    by_id = {statement.id: statement for statement in workshop.statements}
    number = {statement.id: index for index, statement in enumerate(workshop.statements, 1)}
    themes = [_resolved(theme, by_id) for theme in workshop.themes]
    unsorted = _unsorted(workshop, themes)
    title = single_line(workshop.title) or "Impact workshop"

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

    add_heading(document, "Summary", 1)
    _add_summary(document, workshop, themes, unsorted)

    pinned = [statement for statement in workshop.statements if statement.pinned]
    if pinned:
        add_heading(document, "Pinned statements", 1)
        add_paragraph(
            document,
            "The facilitator pinned these statements during the session. They are also marked "
            "“Pinned” and highlighted where they appear below.",
        )
        _add_statement_table(document, pinned, number, caption="Pinned statements")

    if themes:
        add_heading(document, "Themes at a glance", 1)
        _add_theme_overview(document, themes, voting=workshop.voting_used)
        add_heading(document, "Statements by theme", 1)
        for index, (theme, statements) in enumerate(themes, 1):
            _add_theme_section(document, index, theme, statements, number, workshop.voting_used)
        if unsorted:
            add_heading(document, "Unsorted statements", 2)
            add_paragraph(document, "These statements did not fit any theme.")
            _add_statement_table(document, unsorted, number, caption="Unsorted statements")
    else:
        add_heading(document, "Statements", 1)
        if workshop.statements:
            _add_statement_table(document, list(workshop.statements), number, caption="All statements")
        else:
            add_paragraph(document, "No statements were posted in this session.")

    add_heading(document, "How the statements were grouped", 1)
    _add_method(document, workshop, bool(themes))

    add_heading(document, "The five steps to demonstrating impact", 1)
    add_paragraph(
        document,
        "The workshop followed five steps; participants took home a plan for each:",
    )
    add_bullets(
        document,
        (f"{name}: {summary}" for name, summary in FIVE_STEPS),
        style="List Number",
    )

    if workshop.voting_used and themes:
        add_heading(document, "Appendix: votes", 1)
        _add_votes(document, themes)
    return to_bytes(document)


# --------------------------------------------------------------------------- data


def _resolved(theme: ThemeData, by_id: dict[int, StatementData]) -> tuple[ThemeData, list[StatementData]]:
    """A theme with its statements, ignoring ids of statements no longer visible."""
    return theme, [by_id[i] for i in theme.statement_ids if i in by_id]


def _unsorted(workshop: WorkshopData, themes: Sequence[tuple[ThemeData, list[StatementData]]]) -> list[StatementData]:
    """Statements in no theme: the listed unsorted ones and any the themes missed, in order.

    No statement may silently disappear from the report, even if the snapshot is inconsistent.
    """
    if not themes:
        return []
    themed = {statement.id for _, statements in themes for statement in statements}
    return [s for s in workshop.statements if s.id not in themed]


def _participant_count(workshop: WorkshopData) -> int:
    keys = {statement.participant_key for statement in workshop.statements}
    return max(workshop.participant_count, len(keys))


def _who(statement: StatementData) -> str:
    name = single_line(statement.participant_name)
    role = single_line(statement.participant_role)
    if name and role:
        return f"{name}, {role}"
    return name or role or "Anonymous"


# --------------------------------------------------------------------------- sections


def _add_facts(document: Document, workshop: WorkshopData) -> None:
    if workshop.date is not None:
        add_label_value(document, "Date", long_date(workshop.date))
    if single_line(workshop.venue):
        add_label_value(document, "Venue", single_line(workshop.venue))
    if single_line(workshop.facilitator):
        add_label_value(document, "Facilitator", single_line(workshop.facilitator))
    if single_line(workshop.code):
        add_label_value(document, "Join code", single_line(workshop.code))
    add_label_value(document, "Prompt", workshop.prompt)


def _add_summary(
    document: Document,
    workshop: WorkshopData,
    themes: Sequence[tuple[ThemeData, list[StatementData]]],
    unsorted: Sequence[StatementData],
) -> None:
    rows = [
        ("Participants", str(_participant_count(workshop))),
        ("Statements", str(len(workshop.statements))),
        ("Themes", str(len(themes))),
    ]
    if themes:
        rows.append(("Unsorted statements", str(len(unsorted))))
    rows.append(("Pinned statements", str(sum(s.pinned for s in workshop.statements))))
    if workshop.voting_used:
        rows.append(("Votes cast", str(sum(theme.votes for theme, _ in themes))))
    add_table(
        document,
        ("Measure", "Count"),
        rows,
        widths=(3, 1),
        caption="Session in numbers",
    )


def _add_theme_overview(
    document: Document,
    themes: Sequence[tuple[ThemeData, list[StatementData]]],
    *,
    voting: bool,
) -> None:
    headers = ["No.", "Theme", "Statements"] + (["Votes"] if voting else []) + ["Why these belong together"]
    widths = [0.7, 3, 1.6] + ([1.1] if voting else []) + [4]
    rows = []
    for index, (theme, statements) in enumerate(themes, 1):
        row = [str(index), _label(theme), str(len(statements))]
        if voting:
            row.append(str(theme.votes))
        row.append(_keywords(theme))
        rows.append(row)
    add_table(
        document,
        headers,
        rows,
        widths=widths,
        caption="Themes at a glance",
        description="Each theme with its number of statements and the words that tie it together.",
    )
    chart = _chart_png(themes)
    shown = themes[:CHART_MAX_THEMES]
    alt = "Bar chart of the number of statements in each theme: " + "; ".join(
        f"{_label(theme)}: {len(statements)}" for theme, statements in shown
    )
    if len(themes) > len(shown):
        alt += f"; and {len(themes) - len(shown)} smaller themes not drawn"
    alt += ". The same figures are in the table “Themes at a glance”."
    add_picture(document, chart, width_cm=16, alt_text=alt, title="Statements per theme")


def _add_theme_section(
    document: Document,
    index: int,
    theme: ThemeData,
    statements: list[StatementData],
    number: dict[int, int],
    voting: bool,
) -> None:
    add_heading(document, f"{index}. {_label(theme)}", 2)
    add_label_value(document, "Why these belong together", _keywords(theme))
    count = f"{len(statements)} statement{'s' if len(statements) != 1 else ''}"
    if voting:
        count += f", {theme.votes} vote{'s' if theme.votes != 1 else ''}"
    add_paragraph(document, count, italic=True)
    if statements:
        _add_statement_table(document, statements, number, caption=_label(theme))


def _add_statement_table(
    document: Document,
    statements: Sequence[StatementData],
    number: dict[int, int],
    *,
    caption: str,
) -> None:
    rows = []
    for statement in statements:
        fill = HIGHLIGHT_FILL if statement.pinned else None
        reference = str(number.get(statement.id, ""))
        rows.append(
            (
                Cell(
                    f"{reference}\nPinned" if statement.pinned else reference,
                    bold=statement.pinned,
                    fill=fill,
                ),
                Cell(clean_text(statement.text), fill=fill),
                Cell(_who(statement), fill=fill),
            )
        )
    add_table(
        document,
        ("No.", "Statement", "From"),
        rows,
        widths=(0.9, 6, 2.2),
        caption=f"Statements: {caption}",
    )


def _add_method(document: Document, workshop: WorkshopData, has_themes: bool) -> None:
    engine = single_line(workshop.grouping_engine)
    if not has_themes:
        add_paragraph(document, "The statements were not grouped into themes.")
        return
    if engine:
        add_paragraph(
            document,
            f"Themes were suggested automatically by the “{engine}” grouping engine and then "
            "reviewed by the facilitator, who may have renamed, moved, merged or split them. "
            "“Why these belong together” lists the words or ideas the statements of each theme "
            "share. Statements that did not clearly fit a theme are listed as unsorted.",
        )
    else:
        add_paragraph(document, "The facilitator grouped the statements into themes by hand.")
    add_label_value(document, "Grouping engine", engine or "none (grouped by hand)")


def _add_votes(document: Document, themes: Sequence[tuple[ThemeData, list[StatementData]]]) -> None:
    add_paragraph(document, "Participants voted for the themes they most wanted to act on.")
    ranked = sorted(enumerate(themes, 1), key=lambda item: (-item[1][0].votes, item[0]))
    add_table(
        document,
        ("Rank", "Theme", "Votes"),
        [
            (str(rank), f"{index}. {_label(theme)}", str(theme.votes))
            for rank, (index, (theme, _)) in enumerate(ranked, 1)
        ],
        widths=(0.8, 6, 1.2),
        caption="Votes per theme",
    )


def _label(theme: ThemeData) -> str:
    return single_line(theme.label) or "Untitled theme"


def _keywords(theme: ThemeData) -> str:
    words = [single_line(word) for word in theme.keywords if single_line(word)]
    return ", ".join(words) if words else "Grouped by the facilitator"


# --------------------------------------------------------------------------- chart


def _chart_label(index: int, theme: ThemeData) -> str:
    """Chart labels: number and label; right-to-left labels keep only their number.

    Pillow without libraqm draws right-to-left scripts in the wrong order; the table above
    the chart names every theme correctly.
    """
    label = _label(theme)
    if is_rtl(label) or any(ord(char) > 0x2FFF for char in label):
        return f"{index}."
    return f"{index}. {label[:30]}{'…' if len(label) > 30 else ''}"


def _chart_png(themes: Sequence[tuple[ThemeData, list[StatementData]]]) -> bytes:
    """A horizontal bar chart of statements per theme, drawn large and scaled down for print."""
    shown = themes[:CHART_MAX_THEMES]
    width, bar_height, gap, left, right, top = 1600, 56, 18, 700, 110, 30
    height = top * 2 + len(shown) * (bar_height + gap)
    image = Image.new("RGB", (width, max(height, 120)), "white")
    draw = ImageDraw.Draw(image)
    font = pil_font(38)
    largest = max((len(statements) for _, statements in shown), default=0) or 1
    span = width - left - right
    for row, (theme, statements) in enumerate(shown):
        y = top + row * (bar_height + gap)
        label = _chart_label(row + 1, theme)
        draw.text(
            (left - 16, y + bar_height / 2),
            label,
            fill=_TEXT_COLOUR,
            font=font,
            anchor="rm",
        )
        length = round(span * len(statements) / largest)
        if length:
            draw.rectangle((left, y, left + length, y + bar_height), fill=_BAR_COLOUR)
        draw.text(
            (left + length + 12, y + bar_height / 2),
            str(len(statements)),
            fill=_TEXT_COLOUR,
            font=font,
            anchor="lm",
        )
    draw.line((left, top - 8, left, height - top + 8), fill=_TEXT_COLOUR, width=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
