"""The write-up ("share the actions"): Markdown read line by line, the HTML fragment parsed, the Word
document read back; only statements whose authors consented ever appear, markup stays text.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bench.samples import seed_workshop
from exports.builders.naming import filename_for
from exports.builders.writeup import (
    CONSENT_NOTE,
    NOTHING_CHOSEN,
    OTHER_HEADING,
    WriteUpChoice,
    build_write_up,
    default_introduction,
    personal_data_warnings,
    write_up,
)
from exports.data import StatementData, ThemeData, WorkshopData
from tests.conftest import Actions, csrf_from
from tests.docs_helpers import NASTY_TEXTS, assert_accessible_structure, headings, open_docx
from workshop.common.word import single_line
from workshop.extensions import db
from workshop.models import Series, Statement, StatementStatus, Theme, Workshop, WorkshopState

PRIVATE = "Tell nobody about the secret library budget plan"


def _consenting(workshop: WorkshopData, private_ids: set[int]) -> WorkshopData:
    """Every statement consented except ``private_ids``, whose text becomes PRIVATE."""
    statements = tuple(
        replace(s, text=f"{PRIVATE} {s.id}", share_consent=False)
        if s.id in private_ids
        else replace(s, share_consent=True)
        for s in workshop.statements
    )
    return replace(workshop, statements=statements)


@pytest.fixture
def workshop() -> WorkshopData:
    return _consenting(seed_workshop(), {1, 9, 14})


def _shared_texts(workshop: WorkshopData) -> list[str]:
    return [single_line(s.text) for s in workshop.statements if s.share_consent]


# --------------------------------------------------------------------------- the content


def test_only_consented_statements_are_chosen_even_when_others_are_ticked(workshop: WorkshopData) -> None:
    everything = write_up(workshop)
    listed = [text for section in everything.sections for text in section.statements]
    assert sorted(listed) == sorted(_shared_texts(workshop))
    assert not any(PRIVATE in text for text in listed)

    ticked = write_up(workshop, WriteUpChoice(statement_ids=(1, 2, 3, 9, 999)))
    listed = [text for section in ticked.sections for text in section.statements]
    assert sorted(listed) == sorted(single_line(s.text) for s in workshop.statements if s.id in (2, 3))
    nothing = write_up(workshop, WriteUpChoice(statement_ids=(1, 9)))
    assert nothing.sections == () and nothing.note == NOTHING_CHOSEN


def test_grouped_by_theme_in_the_workshop_order_or_one_list(workshop: WorkshopData) -> None:
    grouped = write_up(workshop)
    labels = [theme.label for theme in workshop.themes]
    headings_ = [section.heading for section in grouped.sections]
    assert headings_ == [label for label in labels if label in headings_]
    assert len(headings_) >= 5
    by_id = {s.id: s for s in workshop.statements}
    for section, theme in zip(grouped.sections, (t for t in workshop.themes if t.label in headings_), strict=False):
        assert list(section.statements) == [
            single_line(by_id[i].text) for i in sorted(theme.statement_ids) if by_id[i].share_consent
        ]

    flat = write_up(workshop, WriteUpChoice(by_theme=False))
    assert len(flat.sections) == 1 and flat.sections[0].heading == ""
    assert list(flat.sections[0].statements) == _shared_texts(workshop)


def test_statements_outside_every_theme_come_last_under_their_own_heading() -> None:
    statements = tuple(
        StatementData(id=i, text=f"Action {i}", participant_key=str(i), share_consent=True) for i in (1, 2, 3)
    )
    workshop = WorkshopData(title="T", code="T-1", statements=statements, themes=(ThemeData("Stories", (), (2,)),))
    sections = write_up(workshop).sections
    assert [(s.heading, s.statements) for s in sections] == [
        ("Stories", ("Action 2",)),
        (OTHER_HEADING, ("Action 1", "Action 3")),
    ]


def test_the_introduction_is_suggested_then_the_facilitators_own(workshop: WorkshopData) -> None:
    suggested = write_up(workshop).introduction
    assert "Impact workshop Taunton on 20 November 2026 at Musgrove Park Hospital, Taunton" in suggested[0]
    assert len(suggested) == 2 == len(default_introduction(workshop).split("\n\n"))

    own = write_up(workshop, WriteUpChoice(introduction="First line\nsame paragraph.\n\n\n Second\x07 one. "))
    assert own.introduction == ("First line same paragraph.", "Second one.")
    assert write_up(workshop, WriteUpChoice(introduction="")).introduction == ()


def test_the_personal_data_check_runs_over_the_selection_and_the_introduction(workshop: WorkshopData) -> None:
    leaky = replace(
        workshop,
        statements=(
            *workshop.statements,
            StatementData(id=50, text="Email jo.bloggs@nhs.net my plan", participant_key="x", share_consent=True),
            StatementData(id=51, text="Call 07700 900123 for patient 943 476 5919", participant_key="y"),
        ),
    )
    choice = WriteUpChoice(introduction="Thanks to Dr Smith for hosting.")
    warnings = personal_data_warnings(write_up(leaky, choice))
    found = [(w.where, w.text, list(w.warning.kinds)) for w in warnings]
    assert ("Statement", "Email jo.bloggs@nhs.net my plan", ["email"]) in found
    assert any(where == "Introduction" for where, _, _ in found)
    assert not any("07700" in text for _, text, _ in found), "an unconsented statement is never checked or exported"

    assert personal_data_warnings(write_up(leaky, WriteUpChoice(statement_ids=(2, 3)))) == ()


# --------------------------------------------------------------------------- Markdown


def _markdown_plain(line: str) -> str:
    """The text a Markdown renderer shows for an escaped line: backslash escapes, then entities."""
    return html.unescape(re.sub(r"\\([\\`*_\[\]#+\-.!()])", r"\1", line))


def test_markdown_has_headings_paragraphs_and_one_list_per_theme(workshop: WorkshopData) -> None:
    markdown = build_write_up(workshop, WriteUpChoice(), "md").decode("utf-8")
    lines = markdown.split("\n")

    assert lines[0] == "## Impact workshop Taunton"
    assert lines[2] == "*20 November 2026 · Musgrove Park Hospital, Taunton*"
    assert "### When I get back to work, I'm going to…" in lines
    theme_lines = [line[5:] for line in lines if line.startswith("#### ")]
    assert theme_lines == [section.heading for section in write_up(workshop).sections]
    items = [_markdown_plain(line[2:]) for line in lines if line.startswith("- ")]
    assert sorted(items) == sorted(_shared_texts(workshop))
    assert PRIVATE not in markdown
    for number, line in enumerate(lines):
        if line.startswith(("#", "- ")):
            assert lines[number - 1] == "" or lines[number - 1].startswith("- "), "blocks are separated"
    assert lines[-2] == f"*{CONSENT_NOTE}*"


@pytest.mark.parametrize(
    "text",
    [
        *NASTY_TEXTS,
        "# not a heading",
        "- not a list",
        "+ nor this",
        "1. not numbered",
        "2) nor this",
        "**not bold** _nor italic_ `nor code` [no](javascript:alert(1)) ![img](x)",
        "<img src=x onerror=alert(1)> &lt;already&gt; &copy; R&D",
        "back\\slash \\*",
    ],
)
def test_markdown_shows_markup_as_text(text: str) -> None:
    workshop = WorkshopData(
        title=text,
        code="X",
        statements=(StatementData(id=1, text=text, participant_key="1", share_consent=True),),
    )
    markdown = build_write_up(workshop, WriteUpChoice(introduction=text, by_theme=False), "md").decode("utf-8")
    expected = single_line(text)
    item = next(line for line in markdown.split("\n") if line.startswith("- "))
    assert _markdown_plain(item[2:]) == expected
    assert "<" not in markdown, "no raw HTML reaches a Markdown renderer"
    assert not re.search(r"(?<!\\)[*_`\[\]]", item[2:]), "every inline marker is escaped"
    assert not re.match(r"(#|\+|-|\d+[.)])", item[2:]), "no block marker starts the item"
    assert markdown.split("\n")[0] == f"## {item[2:]}"


# --------------------------------------------------------------------------- HTML


class _Fragment(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.texts: dict[str, list[str]] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self._open and self._open[-1] == tag, f"</{tag}> closes {self._open[-1:]}"
        self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._open and data.strip():
            self.texts.setdefault(self._open[-1], []).append(data)


def _parse(fragment: str) -> _Fragment:
    parser = _Fragment()
    parser.feed(fragment)
    parser.close()
    assert parser._open == [], "every element is closed"
    return parser


def test_html_is_a_fragment_with_escaped_statements() -> None:
    statements = tuple(
        StatementData(id=i, text=text, participant_key=str(i), share_consent=True, theme_label="")
        for i, text in enumerate(NASTY_TEXTS)
    )
    hidden = StatementData(id=99, text=f"<b>{PRIVATE}</b>", participant_key="z")
    workshop = WorkshopData(title="<script>alert(1)</script>", code="X", statements=(*statements, hidden))
    fragment = build_write_up(workshop, WriteUpChoice(introduction="<i>mine</i> & ours"), "html").decode("utf-8")
    parsed = _parse(fragment)

    assert set(parsed.tags) <= {"h2", "h3", "p", "ul", "li", "em"}, "no script, no page around the fragment"
    assert "html" not in parsed.tags and "body" not in parsed.tags
    assert parsed.texts["h2"] == ["<script>alert(1)</script>"]
    assert "<i>mine</i> & ours" in parsed.texts["p"]
    assert parsed.texts["li"] == [single_line(text) for text in NASTY_TEXTS if single_line(text)]
    assert PRIVATE not in fragment


def test_html_groups_by_theme_with_the_same_headings_as_markdown(workshop: WorkshopData) -> None:
    parsed = _parse(build_write_up(workshop, WriteUpChoice(), "html").decode("utf-8"))
    assert parsed.texts["h4"] == [section.heading for section in write_up(workshop).sections]
    assert parsed.tags.count("ul") == len(parsed.texts["h4"])
    assert sorted(parsed.texts["li"]) == sorted(_shared_texts(workshop))


# --------------------------------------------------------------------------- Word


def test_word_write_up_is_an_accessible_document(workshop: WorkshopData) -> None:
    document = open_docx(build_write_up(workshop, WriteUpChoice(), "docx"))
    assert_accessible_structure(document, "Write-up: Impact workshop Taunton")

    found = headings(document)
    assert found[:2] == [(0, "Impact workshop Taunton"), (1, "When I get back to work, I'm going to…")]
    assert [text for level, text in found if level == 2] == [s.heading for s in write_up(workshop).sections]
    bullets = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "List Bullet"]
    assert sorted(bullets) == sorted(_shared_texts(workshop))
    texts = [p.text for p in document.paragraphs]
    assert "Date: Friday 20 November 2026" in texts and CONSENT_NOTE in texts
    assert not any(PRIVATE in text for text in texts)


def test_word_write_up_of_nothing_says_so() -> None:
    document = open_docx(build_write_up(WorkshopData(title="", code=""), WriteUpChoice(), "docx"))
    assert_accessible_structure(document, "Write-up: Impact workshop")
    assert NOTHING_CHOSEN in [p.text for p in document.paragraphs]


def test_unknown_format_is_refused_and_file_names_follow_the_format(workshop: WorkshopData) -> None:
    with pytest.raises(ValueError, match="unknown write-up format"):
        build_write_up(workshop, WriteUpChoice(), "pdf")
    assert filename_for("write-up", workshop, extension="md") == "impact-workshop-taunton-2026-11-20-write-up.md"
    assert filename_for("write-up", workshop) == "impact-workshop-taunton-2026-11-20-write-up.docx"


# --------------------------------------------------------------------------- host command

SHARED = "Write 3 case studies with my team by the end of March"
LEAKY = "Send my plan to jo.bloggs@nhs.net every month"


def _closed_workshop(actions: Actions, *, signed_in: bool = False) -> str:
    if not signed_in:
        actions.facilitator()
    code = actions.workshop()
    phone = actions.phone_for(code)
    phone.post(SHARED, share_consent="y")
    phone.post(PRIVATE)
    actions.phone_for(code).post(LEAKY, share_consent="y", confirm_personal_data="y")
    with actions.app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        statements = db.session.query(Statement).filter_by(workshop_id=workshop.id).order_by(Statement.id).all()
        stories = Theme(workshop=workshop, label="Case studies", position=0)
        statements[0].theme = statements[1].theme = stories
        statements[2].status = StatementStatus.VISIBLE  # held for approval (personal data), then approved
        db.session.add(stories)
        workshop.state = WorkshopState.CLOSED
        db.session.commit()
    return code


def test_host_command_writes_each_format_with_consented_statements_only(
    actions: Actions, runner, tmp_path: Path
) -> None:
    code = _closed_workshop(actions)

    out = tmp_path / "write-up.md"
    result = runner.invoke(args=["export", "write-up", code.lower(), "--format", "md", "-o", str(out)])
    assert result.exit_code == 0, result.output
    markdown = out.read_text(encoding="utf-8")
    assert "#### Case studies" in markdown and f"#### {OTHER_HEADING}" in markdown
    assert f"- {SHARED}" in markdown and PRIVATE not in markdown
    assert "warning: possible personal data in statement" in result.stderr
    assert "email 'jo.bloggs@nhs.net'" in result.stderr

    out = tmp_path / "write-up.html"
    result = runner.invoke(
        args=["export", "write-up", code, "--format", "html", "--flat", "--intro", "<b>Hello</b>", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    parsed = _parse(out.read_text(encoding="utf-8"))
    assert "h4" not in parsed.tags and "<b>Hello</b>" in parsed.texts["p"]
    assert parsed.texts["li"] == [SHARED, "Send my plan to jo.bloggs@nhs.net every month"]

    out = tmp_path / "write-up.docx"
    result = runner.invoke(args=["export", "write-up", code, "--format", "docx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    document = open_docx(out.read_bytes())
    assert not any(PRIVATE in p.text for p in document.paragraphs)
    assert SHARED in [p.text for p in document.paragraphs]


def test_host_command_refuses_unknown_codes_and_formats(actions: Actions, runner, tmp_path: Path) -> None:
    result = runner.invoke(args=["export", "write-up", "NOPE-1", "-o", str(tmp_path / "x.md")])
    assert result.exit_code != 0 and "no workshop with code NOPE-1" in result.output
    code = _closed_workshop(actions)
    result = runner.invoke(args=["export", "write-up", code, "--format", "pdf", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2 and "'pdf' is not one of" in result.output
    help_text = runner.invoke(args=["export", "write-up", "--help"]).output
    assert "series" in help_text and "consented" in help_text


# --------------------------------------------------------------------------- the facilitator's page


def _ids(signed_in: Actions, code: str) -> dict[str, int]:
    with signed_in.app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        return {s.text: s.id for s in db.session.query(Statement).filter_by(workshop_id=workshop.id)}


def test_the_page_offers_consented_statements_only(signed_in: Actions) -> None:
    code = _closed_workshop(signed_in, signed_in=True)
    ids = _ids(signed_in, code)
    assert f'href="/facilitate/w/{code}/write-up"' in signed_in.client.get(f"/facilitate/w/{code}").get_data(
        as_text=True
    )

    response = signed_in.client.get(f"/facilitate/w/{code}/write-up")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    boxes = re.findall(r'<input[^>]*name="statements"[^>]*>', page)
    assert sorted(int(re.search(r'value="(\d+)"', box).group(1)) for box in boxes) == sorted((ids[SHARED], ids[LEAKY]))
    assert all(" checked" in box for box in boxes), "every consented statement starts ticked"
    assert SHARED in page and PRIVATE not in page
    assert "Library and knowledge services colleagues came together" in page
    assert '<legend class="label">Format</legend>' in page and 'name="csrf_token"' in page


def test_download_from_the_page_with_the_personal_data_check_first(signed_in: Actions) -> None:
    code = _closed_workshop(signed_in, signed_in=True)
    ids = _ids(signed_in, code)
    url = f"/facilitate/w/{code}/write-up"
    token = csrf_from(signed_in.client.get(url).get_data(as_text=True))
    form = {"csrf_token": token, "introduction": "Our <b>day</b>.", "fmt": "md", "by_theme": "y"}

    clean = signed_in.client.post(url, data={**form, "statements": [str(ids[SHARED])]})
    assert clean.status_code == 200 and clean.mimetype == "text/markdown"
    assert (
        "attachment;" in clean.headers["Content-Disposition"] and "write-up.md" in clean.headers["Content-Disposition"]
    )
    markdown = clean.get_data(as_text=True)
    assert f"- {SHARED}" in markdown and "Our &lt;b&gt;day&lt;/b&gt;." in markdown
    assert "jo.bloggs" not in markdown and PRIVATE not in markdown

    both = {**form, "statements": [str(ids[SHARED]), str(ids[LEAKY])], "fmt": "html"}
    warned = signed_in.client.post(url, data=both)
    page = warned.get_data(as_text=True)
    assert warned.status_code == 200 and warned.mimetype == "text/html"
    assert "Check for personal data before you download" in page
    assert "Statement “Send my plan to jo.bloggs@nhs.net every month”: email" in page
    assert "download anyway" in page

    anyway = signed_in.client.post(url, data={**both, "checked": "y"})
    assert "attachment;" in anyway.headers["Content-Disposition"]
    parsed = _parse(anyway.get_data(as_text=True))
    assert parsed.texts["li"] == [SHARED, LEAKY] and PRIVATE not in anyway.get_data(as_text=True)

    word = signed_in.client.post(url, data={**form, "statements": [str(ids[SHARED])], "fmt": "docx"})
    assert [p.text for p in open_docx(word.data).paragraphs if p.text == SHARED] == [SHARED]


def test_bad_posts_get_clear_4xx(signed_in: Actions, actions: Actions) -> None:
    code = _closed_workshop(signed_in, signed_in=True)
    ids = _ids(signed_in, code)
    url = f"/facilitate/w/{code}/write-up"
    token = csrf_from(signed_in.client.get(url).get_data(as_text=True))

    unconsented = signed_in.client.post(url, data={"csrf_token": token, "fmt": "md", "statements": [str(ids[PRIVATE])]})
    assert unconsented.status_code == 422 and "Content-Disposition" not in unconsented.headers
    assert PRIVATE not in unconsented.get_data(as_text=True)
    for data in ({"csrf_token": token, "fmt": "pdf"}, {"csrf_token": token, "fmt": "md", "statements": ["x"]}):
        assert signed_in.client.post(url, data=data).status_code == 422
    assert signed_in.client.post(url, data={"fmt": "md"}).status_code == 400  # no CSRF token

    open_code = signed_in.workshop()
    page = signed_in.client.get(f"/facilitate/w/{open_code}/write-up").get_data(as_text=True)
    assert "Close submissions first" in page

    actions.facilitator("other@example.nhs.uk", "Other")
    other = actions.app.test_client()
    actions.sign_in("other@example.nhs.uk", client=other)
    assert other.get(url).status_code == 404


# --------------------------------------------------------------------------- series (a tour of workshops)


def test_series_create_groups_workshops_in_order(actions: Actions, runner) -> None:
    actions.facilitator()
    first, second = actions.workshop(title="Taunton"), actions.workshop(title="Exeter")
    result = runner.invoke(
        args=["series", "create", "South West tour", "--facilitator", "tracey@example.nhs.uk",
              "--workshops", f"{second.lower()}, {first},{second}"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"series: \d+\n", result.output)
    with actions.app.app_context():
        series = db.session.get(Series, int(result.output.split()[1]))
        assert series is not None and series.name == "South West tour"
        assert [w.code for w in series.workshops] == [second, first]
        db.session.delete(series.workshops[0])
        db.session.commit()
        db.session.expire_all()
        assert [w.code for w in db.session.get(Series, series.id).workshops] == [first]

    for args, message in (
        (["X", "--facilitator", "nobody@example.nhs.uk", "--workshops", first], "no facilitator account"),
        (["X", "--facilitator", "tracey@example.nhs.uk", "--workshops", "NOPE-1"], "no workshop with code NOPE-1"),
        (["X", "--facilitator", "tracey@example.nhs.uk", "--workshops", " , "], "at least one workshop"),
        (["  ", "--facilitator", "tracey@example.nhs.uk", "--workshops", first], "Give the series a name"),
    ):
        result = runner.invoke(args=["series", "create", *args])
        assert result.exit_code == 1 and message in result.output, result.output
