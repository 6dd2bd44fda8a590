"""The write-up ("share the actions"): a draft blog post or newsletter item from a workshop.

A short introduction the facilitator edits, then the "When I get back to work, I'm going to…"
statements they chose, grouped by theme or as one list, in three forms: Markdown, an HTML
fragment to paste into a blog or intranet page, and Word. Only statements whose authors ticked
"you may share this statement, without my name" are ever written, whatever the choice asks for,
and never with a name or role. The workshop has no "statements may be published anonymously"
setting yet; when it gets one, :func:`shareable_statements` is the one place to honour it.

The three forms come from one :class:`WriteUp`, so they always say the same thing. Headings start
at level 2 in Markdown and HTML (the blog's own page title is its level 1) and at the title in
Word. Every piece of text, the facilitator's included, is plain text: escaped in Markdown and
HTML, never markup.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime

from exports.data import SeriesData, StatementData, ThemeData, WorkshopData
from workshop.coaching.personal_data import PersonalDataWarning, personal_data_warning
from workshop.common.dates import long_date
from workshop.common.heading import add_workshop_facts, workshop_summary
from workshop.common.prompts import DEFAULT_PROMPT
from workshop.common.text import clean_text
from workshop.common.word import add_bullets, add_heading, add_paragraph, add_title, new_document, single_line, to_bytes

__all__ = [
    "FORMATS",
    "WriteUp",
    "WriteUpChoice",
    "WriteUpSection",
    "WriteUpWarning",
    "build_write_up",
    "default_introduction",
    "default_series_introduction",
    "personal_data_warnings",
    "series_as_workshop",
    "shareable_statements",
    "write_up",
    "write_up_docx",
    "write_up_html",
    "write_up_markdown",
]

#: The formats a write-up downloads as, with their file extensions.
FORMATS: dict[str, str] = {"md": "md", "html": "html", "docx": "docx"}

OTHER_HEADING = "Other commitments"
CONSENT_NOTE = "Shared with the permission of the people who wrote them, without their names."
NOTHING_CHOSEN = "No statements were chosen for sharing."


@dataclass(frozen=True)
class WriteUpChoice:
    """What the facilitator chose: their introduction, the statements ticked, grouped or not.

    ``introduction`` None means the kit's suggested one; ``statement_ids`` None means every
    shareable statement. Ids of statements that may not be shared are ignored.
    """

    introduction: str | None = None
    statement_ids: tuple[int, ...] | None = None
    by_theme: bool = True


@dataclass(frozen=True)
class WriteUpSection:
    heading: str  # the theme's label; "" for the one list of an ungrouped write-up
    statements: tuple[str, ...]


@dataclass(frozen=True)
class WriteUp:
    """The write-up's content, before it becomes Markdown, HTML or Word."""

    title: str
    facts: str  # "20 November 2026 · Musgrove Park Hospital, Taunton"
    introduction: tuple[str, ...]  # paragraphs
    prompt: str
    sections: tuple[WriteUpSection, ...]
    note: str


@dataclass(frozen=True)
class WriteUpWarning:
    """Likely personal data in one part of the write-up: where, its text, and what was found."""

    where: str  # "Introduction" or "Statement"
    text: str
    warning: PersonalDataWarning


def shareable_statements(workshop: WorkshopData) -> tuple[StatementData, ...]:
    """The workshop's statements that may go into a write-up: their authors consented."""
    return tuple(s for s in workshop.statements if s.share_consent)


def default_introduction(workshop: WorkshopData) -> str:
    """The kit's suggested introduction, for the facilitator to edit."""
    title = single_line(workshop.title) or "our impact workshop"
    when = f" on {long_date(workshop.date, weekday=False)}" if workshop.date else ""
    where = f" at {single_line(workshop.venue)}" if single_line(workshop.venue) else ""
    return (
        f"Library and knowledge services colleagues came together for {title}{when}{where} to plan how "
        "they will demonstrate the impact of their work.\n\n"
        "Before leaving, everyone wrote down what they would do when they got back to work. "
        "Here are the commitments they agreed to share."
    )


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def series_as_workshop(series: SeriesData) -> WorkshopData:
    """A series as one write-up: every workshop's statements, grouped by the series' own themes.

    Its venue lists the workshops' venues (or the number of workshops), its facilitator the
    workshops' facilitators; it has no one date. Consent is each statement's own, as for a workshop.
    """
    venues = list(dict.fromkeys(v for w in series.workshops if (v := single_line(w.venue))))
    facilitators = list(dict.fromkeys(f for w in series.workshops if (f := single_line(w.facilitator))))
    count = len(series.workshops)
    return WorkshopData(
        title=single_line(series.name) or "Workshop series",
        code=f"series-{series.id}",
        prompt=series.workshops[0].prompt if series.workshops else DEFAULT_PROMPT,
        venue=_and_list(venues) if venues else (f"{count} workshops" if count != 1 else ""),
        facilitator=_and_list(facilitators) if facilitators else series.facilitator,
        statements=series.statements,
        themes=tuple(
            ThemeData(label=t.label, keywords=t.keywords, statement_ids=t.statement_ids) for t in series.themes
        ),
    )


def default_series_introduction(series: SeriesData) -> str:
    """The kit's suggested introduction for a series, for the facilitator to edit."""
    name = single_line(series.name) or "our impact workshops"
    places = list(dict.fromkeys(v for w in series.workshops if (v := single_line(w.venue))))
    count = len(series.workshops)
    where = f" in {_and_list(places)}" if places else ""
    sessions = f"{count} workshop{'s' if count != 1 else ''}"
    return (
        f"Library and knowledge services colleagues came together in {sessions} of {name}{where} to plan how "
        "they will demonstrate the impact of their work.\n\n"
        "Before leaving, everyone wrote down what they would do when they got back to work. "
        "Here are the commitments they agreed to share, from every workshop of the series."
    )


def _paragraphs(text: str) -> tuple[str, ...]:
    """Blank lines separate paragraphs; single line breaks inside one become spaces."""
    blocks = re.split(r"\n\s*\n", clean_text(text))
    return tuple(folded for block in blocks if (folded := single_line(block)))


def _sections(workshop: WorkshopData, chosen: tuple[StatementData, ...], by_theme: bool) -> tuple[WriteUpSection, ...]:
    if not chosen:
        return ()
    if not by_theme or not workshop.themes:
        return (WriteUpSection("", tuple(single_line(s.text) for s in chosen)),)
    position = {statement.id: index for index, statement in enumerate(chosen)}
    sections, placed = [], set()
    for theme in workshop.themes:
        members = sorted(
            (i for i in theme.statement_ids if i in position and i not in placed), key=lambda i: position[i]
        )
        if members:
            placed.update(members)
            sections.append(
                WriteUpSection(single_line(theme.label), tuple(single_line(chosen[position[i]].text) for i in members))
            )
    rest = tuple(single_line(s.text) for s in chosen if s.id not in placed)
    if rest:
        sections.append(WriteUpSection(OTHER_HEADING if sections else "", rest))
    return tuple(sections)


def write_up(workshop: WorkshopData, choice: WriteUpChoice | None = None) -> WriteUp:
    """The content of the write-up: only shareable statements, in posting order within each group."""
    choice = choice or WriteUpChoice()
    shareable = shareable_statements(workshop)
    if choice.statement_ids is not None:
        ticked = set(choice.statement_ids)
        shareable = tuple(s for s in shareable if s.id in ticked)
    chosen = tuple(s for s in shareable if single_line(s.text))
    introduction = default_introduction(workshop) if choice.introduction is None else choice.introduction
    facts = []
    if workshop.date is not None:
        facts.append(long_date(workshop.date, weekday=False))
    if single_line(workshop.venue):
        facts.append(single_line(workshop.venue))
    return WriteUp(
        title=single_line(workshop.title) or "Impact workshop",
        facts=" · ".join(facts),
        introduction=_paragraphs(introduction),
        prompt=single_line(workshop.prompt) or "Commitments",
        sections=_sections(workshop, chosen, choice.by_theme),
        note=CONSENT_NOTE if chosen else NOTHING_CHOSEN,
    )


def personal_data_warnings(content: WriteUp) -> tuple[WriteUpWarning, ...]:
    """Every part of the write-up where the personal-data check finds something, in reading order."""
    parts = [("Introduction", paragraph) for paragraph in content.introduction]
    parts += [("Statement", text) for section in content.sections for text in section.statements]
    return tuple(
        WriteUpWarning(where, text, warning) for where, text in parts if (warning := personal_data_warning(text))
    )


# --------------------------------------------------------------------------- Markdown

_MD_INLINE = re.compile(r"([\\`*_\[\]])")
_MD_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_MD_LINE_START = re.compile(r"^(#|\+|-|\d+(?=[.)]))")


def markdown_text(text: str) -> str:
    """``text`` as Markdown that renders as exactly that text, never as markup or raw HTML.

    Backslashes escape the inline markers; ``<``, ``>`` and anything that would read as an
    entity become entities (backslash-escaping ``<`` is not understood by every renderer); a
    line that would start a heading, list or rule has its first character escaped.
    """
    escaped = _MD_ENTITY_LIKE.sub("&amp;", text)
    escaped = escaped.replace("<", "&lt;").replace(">", "&gt;")
    escaped = _MD_INLINE.sub(r"\\\1", escaped)
    match = _MD_LINE_START.match(escaped)
    if match:
        marker = match.group(1)
        escaped = marker + "\\" + escaped[len(marker) :] if marker[0].isdigit() else "\\" + escaped
    return escaped


def write_up_markdown(content: WriteUp) -> str:
    lines = [f"## {markdown_text(content.title)}", ""]
    if content.facts:
        lines += [f"*{markdown_text(content.facts)}*", ""]
    for paragraph in content.introduction:
        lines += [markdown_text(paragraph), ""]
    lines += [f"### {markdown_text(content.prompt)}", ""]
    for section in content.sections:
        if section.heading:
            lines += [f"#### {markdown_text(section.heading)}", ""]
        lines += [f"- {markdown_text(text)}" for text in section.statements]
        lines.append("")
    lines += [f"*{markdown_text(content.note)}*", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------- HTML


def _element(tag: str, text: str) -> str:
    return f'<{tag} dir="auto">{html.escape(text, quote=True)}</{tag}>'


def write_up_html(content: WriteUp) -> str:
    """An HTML fragment (no page around it) to paste into a blog post or intranet page."""
    parts = [_element("h2", content.title)]
    if content.facts:
        parts.append(_element("p", content.facts))
    parts += [_element("p", paragraph) for paragraph in content.introduction]
    parts.append(_element("h3", content.prompt))
    for section in content.sections:
        if section.heading:
            parts.append(_element("h4", section.heading))
        parts.append("<ul>\n" + "\n".join(_element("li", text) for text in section.statements) + "\n</ul>")
    parts.append(f"<p><em>{html.escape(content.note)}</em></p>")
    return "\n".join(parts) + "\n"


# --------------------------------------------------------------------------- Word


def write_up_docx(workshop: WorkshopData, content: WriteUp, *, created: datetime | None = None) -> bytes:
    document = new_document(
        f"Write-up: {content.title}",
        subject="Draft write-up of an impact workshop: the actions participants shared",
        author=workshop.facilitator,
        keywords=("impact", "workshop", "write-up", "library and knowledge services"),
        comments=workshop_summary(workshop),
        created=created,
    )
    add_title(document, content.title)
    add_workshop_facts(document, workshop, with_title=False)
    for paragraph in content.introduction:
        add_paragraph(document, paragraph)
    add_heading(document, content.prompt, 1)
    for section in content.sections:
        if section.heading:
            add_heading(document, section.heading, 2)
        add_bullets(document, section.statements)
    add_paragraph(document, content.note, italic=True)
    return to_bytes(document)


def build_write_up(
    workshop: WorkshopData, choice: WriteUpChoice | None, fmt: str, *, created: datetime | None = None
) -> bytes:
    """The write-up in ``fmt`` (one of :data:`FORMATS`) as bytes (UTF-8 for Markdown and HTML)."""
    content = write_up(workshop, choice)
    if fmt == "md":
        return write_up_markdown(content).encode("utf-8")
    if fmt == "html":
        return write_up_html(content).encode("utf-8")
    if fmt == "docx":
        return write_up_docx(workshop, content, created=created)
    raise ValueError(f"unknown write-up format {fmt!r}; expected one of {sorted(FORMATS)}")
