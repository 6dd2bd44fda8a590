"""A whole five-steps workshop in Chromium (issue 16): the owner creates it from the kit's template on a
1366 × 768 laptop, hides the scale's results until revealed, turns "Me too" on, shares it with a
co-facilitator and opens it; the co-facilitator drives the room from the phone-sized remote; five
phones (one 320 px wide) answer every activity in turn; the wall (1366 × 768) follows each move and
shows the live results; the owner downloads the session report, the activities' CSV and XLSX, and
each holds every activity's results as the phones entered them.

The room promises that phones and the wall follow within 2 s (issue 16). Each page notes when the
new activity appeared (in the page, so the test's own polling adds nothing), counted from the
moment the server answered the remote's press (the room had moved), and each move is checked: half the pages or more within 2 s, every page within 5 s (a page that waits for its
15 s idle poll, or never follows, fails). On a shared, loaded machine one page can miss 2 s by
a few hundred milliseconds (the wall reloads itself), so the figures are logged rather than all
held to 2 s. Screenshots go to $SCREENSHOT_DIR when set, to look at.
"""

from __future__ import annotations

import csv
import io
import logging
import statistics
import time

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import select

from tests.browser_support import LAPTOP, PHONE, SMALL_PHONE, carry_cookies, shoot
from tests.conftest import Actions, LiveServer
from tests.docs_helpers import captioned_table, heading_texts, open_docx
from workshop.agendas import FIVE_STEPS_TEMPLATE
from workshop.common.text import without_prompt
from workshop.extensions import db
from workshop.models import Activity, Workshop

pytestmark = pytest.mark.browser
log = logging.getLogger(__name__)

FOLLOW_MS = 2000  # issue 16: "phones and the wall follow by themselves within 2 s"
LATE_MS = 5000  # a page later than this did not follow on its next room poll
CO_FACILITATOR = "sam@example.nhs.uk"
PLAN = FIVE_STEPS_TEMPLATE.activities
AIM, DRIVERS, HELP, STORY, SHARE, QUESTIONS, STATEMENTS = range(7)

# What each of the five phones answers, activity by activity.
AIMS = (0, 0, 1, 2, 0)  # "A new project" 3, "Justifying part of the service" 1, "The whole service" 1
WORDS = (("Patients", "Trust"), ("patient", "funding"), ("trust",), ("Staff wellbeing", "Funding"), ("Patients",))
RANKS = ((1, 2, 3, 4), (2, 1, 4, 3), (1, 3, 2, 4), (1, 2, 4, 3), (4, 3, 2, 1))  # a rank per item
CONFIDENCE = (4, 5, 3, 4, 2)  # mean 3.6
SHARES = ((0, 1), (0,), (0, 3), (4,), (0, 1, 4))  # "My manager or team" 4 of 5
ASKED = (
    "How do I measure reach without a survey?",
    "Can a story be evidence on its own?",
    "Where do I find a baseline?",
)
STATEMENT_TEXTS = (
    "I will ask three patients what changed for them after the new leaflet, by the end of March.",
    "I will share our evidence summary with the ward sisters at the May team meeting.",
    "I will count how many staff use the new search service each month until September.",
    "I will write one impact story for the board by the end of June with my manager.",
    "I will set up a short feedback form for the outreach sessions before the next one in April.",
)


def _activities(actions: Actions, code: str) -> list[tuple[int, str, str]]:
    """The workshop's activities in agenda order: (id, question, kind)."""
    with actions.app.app_context():
        workshop = db.session.scalar(select(Workshop).where(Workshop.code == code))
        assert workshop is not None
        rows = db.session.scalars(
            select(Activity).where(Activity.workshop_id == workshop.id).order_by(Activity.position)
        )
        return [(a.id, a.question, a.kind.value) for a in rows]


# Run in a page before a move: note (Date.now) when ``selector`` appears, with ``text`` if given. A page
# that reloads instead (the wall redraws itself) loses the note: its new document's time counts.
WATCH = """([selector, text]) => {
    const seen = () => { const el = document.querySelector(selector); return !!el && (text === null || el.textContent.trim() === text); };
    window.seenAt = seen() ? Date.now() : 0;
    if (window.seenAt) return;
    const observer = new MutationObserver(() => { if (seen()) { window.seenAt = Date.now(); observer.disconnect(); } });
    observer.observe(document.documentElement, {childList: true, subtree: true, characterData: true});
}"""
SEEN_AT = """() => window.seenAt === undefined
    ? performance.timeOrigin + performance.getEntriesByType("navigation")[0].domInteractive
    : window.seenAt"""


class Room:
    """The co-facilitator's remote, the wall and the phones, moved together."""

    def __init__(self, code: str, activities: list[tuple[int, str, str]], remote: Page, wall: Page, phones: list[Page]):
        self.code, self.activities, self.remote, self.wall, self.phones = code, activities, remote, wall, phones

    def _shown(self, page: Page, index: int) -> tuple[str, str | None]:
        """What ``page`` shows of activity ``index``: a selector, and its text if that matters."""
        activity_id, question, kind = self.activities[index]
        if page is self.wall:
            return "#wall-title", question
        if kind == "statements":
            return "form.statement-form", None
        return f'#activity form[action$="/j/{self.code}/a/{activity_id}"]', None

    def showing(self, index: int) -> None:
        for page in (self.wall, *self.phones):
            selector, text = self._shown(page, index)
            target = page.locator(selector) if text is None else page.locator(selector).filter(has_text=text)
            expect(target.first).to_be_visible()

    def move(self, button: str, index: int) -> None:
        """Press ``button`` on the remote: the wall and every phone show activity ``index`` in time (the module's docstring)."""
        pages = (self.wall, *self.phones)
        for page in pages:
            page.evaluate(WATCH, list(self._shown(page, index)))
        with self.remote.expect_response(lambda r: r.request.method == "POST") as posted:
            self.remote.get_by_role("button", name=button, exact=True).click()
        timing = posted.value.request.timing  # the move: when the server's answer to the press began
        moved_at = timing["startTime"] + timing["responseStart"]
        self.remote.wait_for_load_state()
        self.showing(index)
        delays = [page.evaluate(SEEN_AT) - moved_at for page in pages]
        log.info("%s to %d: the wall followed in %.0f ms, the phones in %s ms", button, index + 1, delays[0],
                 ", ".join(f"{d:.0f}" for d in delays[1:]))  # fmt: skip
        assert statistics.median(delays) <= FOLLOW_MS and max(delays) <= LATE_MS, delays


def _send(phone: Page, button: str, thanks: str) -> None:
    phone.get_by_role("button", name=button).click()
    expect(phone.locator(".flash").filter(has_text=thanks).first).to_be_visible()


def _download(page: Page, kind: str) -> bytes:
    """Follow the downloads page's link to ``kind`` (/downloads/<kind>) and read what came."""
    with page.expect_download() as info:
        page.locator(f'main a[href$="/downloads/{kind}"]').click()
    path = info.value.path()
    assert path is not None
    with open(path, "rb") as handle:
        return handle.read()


def _context(browser: Browser, options: dict, actions: Actions | None, client, base: str) -> BrowserContext:
    context = browser.new_context(**options)
    if actions is not None:
        carry_cookies(context, client, actions.app, base)
    return context


def test_a_whole_five_steps_workshop_two_facilitators_five_phones_and_the_wall(
    browser: Browser, live_server: LiveServer, signed_in: Actions
) -> None:
    started = time.monotonic()
    base = live_server.url
    signed_in.facilitator(CO_FACILITATOR, "Sam")
    sam = signed_in.app.test_client()
    assert signed_in.sign_in(CO_FACILITATOR, client=sam).status_code == 302

    contexts: list[BrowserContext] = []
    try:
        # ------------------------------------------------------------ the owner prepares it on a laptop
        laptop_context = _context(browser, LAPTOP, signed_in, signed_in.client, base)
        contexts.append(laptop_context)
        owner = laptop_context.new_page()
        owner.goto(f"{base}/facilitate/new/from-template")
        expect(owner.get_by_label(FIVE_STEPS_TEMPLATE.name)).to_be_checked()
        owner.get_by_label("Title").fill("Impact in 5 steps – Winchester")
        owner.get_by_role("button", name="Create workshop").click()
        expect(owner.locator(".flash")).to_contain_text(f"Workshop created from “{FIVE_STEPS_TEMPLATE.name}”")
        code = owner.url.split("#")[0].rstrip("/").split("/")[-1]
        activities = _activities(signed_in, code)
        assert [q for _, q, _ in activities] == [p.prompt for p in PLAN]
        agenda = owner.locator("#agenda .agenda-item")
        expect(agenda).to_have_count(len(PLAN))

        agenda.nth(STORY).get_by_role("link", name=f"Edit {PLAN[STORY].title}").click()
        owner.get_by_label("Hide results until I reveal them").check()
        owner.get_by_role("button", name="Save", exact=True).click()
        expect(
            agenda.nth(STORY).get_by_role("button", name=f"Reveal the results of {PLAN[STORY].title}")
        ).to_be_visible()

        owner.get_by_role("link", name="Settings").click()
        owner.get_by_label("Let participants add ‘Me too’ to others’ statements").check()
        owner.get_by_role("button", name="Save settings").click()

        owner.get_by_label("E-mail address of their facilitator account").fill(CO_FACILITATOR)
        owner.get_by_label("Co-facilitator").check()
        owner.get_by_role("button", name="Share", exact=True).click()
        expect(owner.locator("#people")).to_contain_text("Sam")
        owner.get_by_role("button", name="Open submissions", exact=True).click()
        expect(owner.get_by_role("button", name="Close submissions")).to_be_visible()

        # ------------------------------------------------------------ the room: remote, wall, five phones
        remote_context = _context(browser, SMALL_PHONE, signed_in, sam, base)
        contexts.append(remote_context)
        remote = remote_context.new_page()
        remote.goto(f"{base}/facilitate/w/{code}/remote")
        expect(remote.get_by_text(f"Now: 1 of {len(PLAN)} · Quick poll")).to_be_visible()

        wall_context = _context(browser, LAPTOP, signed_in, signed_in.client, base)
        contexts.append(wall_context)
        wall = wall_context.new_page()
        wall.goto(f"{base}/wall/{code}")

        phones: list[Page] = []
        for n in range(5):
            context = browser.new_context(**(SMALL_PHONE if n == 0 else PHONE))
            contexts.append(context)
            phone = context.new_page()
            phone.goto(f"{base}/j/{code}")
            phones.append(phone)
        room = Room(code, activities, remote, wall, phones)
        room.showing(AIM)

        # 1. A quick poll, one choice.
        options = PLAN[AIM].settings["options"]
        for phone, choice in zip(phones, AIMS, strict=True):
            phone.get_by_label(options[choice]).check()
            _send(phone, "Send my answer", "Thank you: your answer is in.")
        rows = wall.locator(".wall-poll-row")
        expect(wall.locator(".wall-counts")).to_contain_text("5 people have answered")
        expect(rows.nth(0)).to_contain_text("3 (60%)")
        expect(rows.nth(1)).to_contain_text("1 (20%)")
        expect(rows.nth(3)).to_contain_text("0 (0%)")
        expect(phones[0].locator("#results")).to_contain_text("5 people have answered", timeout=10_000)  # phones too
        shoot(wall, "whole-wall-poll-1366x768")
        shoot(phones[0], "whole-phone-poll-320", scroll_to="#activity")

        # 2. The word cloud.
        room.move("Next", DRIVERS)
        for phone, words in zip(phones, WORDS, strict=True):
            for n, word in enumerate(words, start=1):
                phone.get_by_label(f"Word {n}" if n == 1 else f"Word {n} (optional)").fill(word)
            _send(phone, "Send my words", "Thank you: your words are in the cloud.")
        expect(wall.locator(".wall-counts")).to_contain_text("5 people have sent words")
        cloud = wall.locator(".wall-word")
        expect(cloud.filter(has_text="Patients")).to_contain_text("3")
        expect(cloud.filter(has_text="Trust")).to_contain_text("2")
        shoot(wall, "whole-wall-words-1366x768")

        # 3. The ranking; then Back to the word cloud once, and on again.
        room.move("Next", HELP)
        items = PLAN[HELP].settings["options"]
        for phone, ranks in zip(phones, RANKS, strict=True):
            for item, rank in zip(items, ranks, strict=True):
                phone.get_by_label(item).select_option(str(rank))
            _send(phone, "Send my ranking", "Thank you: your ranking is in.")
        expect(wall.locator(".wall-counts")).to_contain_text("5 people have ranked 4 items")
        expect(wall.locator(".wall-poll-row").first).to_contain_text("Time to plan it")
        expect(wall.locator(".wall-poll-row").first).to_contain_text("mean rank 1.8")
        room.move("Back", DRIVERS)
        expect(phones[1].get_by_label("Word 1")).to_have_value("patient")  # what it sent is there
        room.move("Next", HELP)

        # 4. The scale, its results hidden until the co-facilitator reveals them.
        room.move("Next", STORY)
        for phone, value in zip(phones, CONFIDENCE, strict=True):
            phone.locator(f'label[for="scale-{value}"]').click()
            _send(phone, "Send my answer", "Thank you: your answer is in.")
        expect(wall.locator(".wall-counts")).to_contain_text("5 people have answered")
        expect(wall.get_by_text("Results hidden until the facilitator reveals them.")).to_be_visible()
        expect(phones[0].locator("#results")).to_contain_text("Results will appear when the facilitator reveals them")
        remote.get_by_role("button", name="Reveal the results").click()
        expect(remote.get_by_text("The results are on the wall.")).to_be_visible()
        shoot(remote, "whole-remote-320", scroll_to="#remote")
        expect(wall.locator(".wall-counts")).to_contain_text("mean 3.6", timeout=FOLLOW_MS)
        expect(wall.locator(".wall-scale .wall-poll-row").nth(3)).to_contain_text("2 (40%)")
        expect(phones[0].locator("#results")).to_contain_text("Mean 3.6 · median 4", timeout=10_000)
        shoot(wall, "whole-wall-scale-1366x768")
        shoot(phones[0], "whole-phone-scale-320", scroll_to="#activity")

        # 5. A quick poll, several choices.
        room.move("Next", SHARE)
        options = PLAN[SHARE].settings["options"]
        for phone, choices in zip(phones, SHARES, strict=True):
            for choice in choices:
                phone.get_by_label(options[choice]).check()
            _send(phone, "Send my answer", "Thank you: your answer is in.")
        expect(rows.nth(0)).to_contain_text("4 (80%)")
        expect(rows.nth(2)).to_contain_text("0 (0%)")

        # 6. Questions to the facilitator: three ask, the others vote, the owner marks one answered.
        room.move("Next", QUESTIONS)
        for phone, text in zip(phones, ASKED, strict=False):
            phone.get_by_label("Your question").fill(text)
            _send(phone, "Send my question", "Thank you: your question is on the list.")
        # The phones' lists of questions redraw themselves (their own poll): no tap, no reload.
        for phone in phones[3:]:
            vote = phone.get_by_role("button", name=f"Vote for this question: {ASKED[1]}")
            expect(vote).to_be_visible(timeout=10_000)
            vote.click()
            expect(phone.locator(".flash").filter(has_text="Your vote is counted.")).to_be_visible()
        vote = phones[0].get_by_role("button", name=f"Vote for this question: {ASKED[2]}")
        expect(vote).to_be_visible(timeout=10_000)
        vote.click()
        expect(phones[0].locator(".flash").filter(has_text="Your vote is counted.")).to_be_visible()
        shoot(phones[0], "whole-phone-questions-320", scroll_to="#question-list")
        owner.reload()  # the owner's laptop shows where the co-facilitator took the room
        expect(agenda.nth(QUESTIONS)).to_contain_text("The room is here")
        shoot(owner, "whole-owner-agenda-1366x768", scroll_to=f"#a{activities[QUESTIONS][0]}")
        agenda.nth(QUESTIONS).get_by_role("link", name="Moderate questions").click()
        owner.locator(".moderation-list li").filter(has_text=ASKED[0]).get_by_role(
            "button", name="Mark answered"
        ).click()
        expect(owner.locator(".moderation-list li").filter(has_text=ASKED[0])).to_contain_text("Answered")
        asked = wall.locator(".wall-question")
        expect(asked).to_have_count(3)
        expect(asked.nth(0)).to_contain_text(ASKED[1])
        expect(asked.nth(0)).to_contain_text("2 votes")
        expect(asked.nth(2)).to_contain_text(ASKED[0])
        expect(asked.nth(2)).to_contain_text("Answered")
        shoot(wall, "whole-wall-questions-1366x768")

        # 7. The statements, with a "Me too".
        room.move("Next", STATEMENTS)
        # The vote's message was about the questions: it went when the room moved on.
        expect(phones[0].locator(".flash").filter(has_text="Your vote is counted.")).to_have_count(0)
        expect(remote.get_by_role("button", name="Next", exact=True)).to_have_attribute("aria-disabled", "true")
        for phone, text in zip(phones, STATEMENT_TEXTS, strict=True):
            phone.get_by_label(PLAN[STATEMENTS].prompt).fill(text)
            phone.get_by_role("button", name="Send", exact=True).click()
            expect(phone.locator("#mine")).to_contain_text(text[:40])
        expect(wall.locator(".wall-counts")).to_contain_text("5 statements")
        phones[1].reload()
        phones[1].locator("li").filter(has_text=STATEMENT_TEXTS[0]).get_by_role("button", name="Me too (0)").click()
        expect(phones[1].locator("#announcer")).to_have_text("Your “Me too” is counted.")
        on_wall = without_prompt(STATEMENT_TEXTS[0], PLAN[STATEMENTS].prompt)  # under the prompt: "ask three…"
        expect(wall.locator(".wall-card").filter(has_text=on_wall).locator(".me-too-tally")).to_have_text("1 × me too")
        shoot(wall, "whole-wall-statements-1366x768")
        shoot(phones[0], "whole-phone-statements-320")

        # ------------------------------------------------------------ the owner's downloads
        owner.goto(f"{base}/facilitate/w/{code}/downloads")
        report = open_docx(_download(owner, "report"))
        table_csv = _download(owner, "activities-csv")
        workbook = load_workbook(io.BytesIO(_download(owner, "activities-xlsx")))
    finally:
        for context in contexts:
            context.close()

    headings = heading_texts(report)
    at = headings.index("Activities")
    assert headings[at + 1 : at + 1 + len(PLAN)] == [f"{n}. {p.title}" for n, p in enumerate(PLAN, start=1)]
    assert captioned_table(report, f"Results: {PLAN[AIM].title}")[1:] == [
        ["A new project", "3", "60%"],
        ["Justifying part of the service", "1", "20%"],
        ["The whole service", "1", "20%"],
        ["Something new we could offer", "0", "0%"],
    ]
    words = {row[0].casefold(): row[1] for row in captioned_table(report, f"Results: {PLAN[DRIVERS].title}")[1:]}
    assert (words["patients"], words["trust"], words["funding"], words["staff wellbeing"]) == ("3", "2", "2", "1"), (
        words
    )
    assert captioned_table(report, f"Results: {PLAN[HELP].title}")[:2] == [
        ["Item", "Ranked first", "Mean rank"],
        ["Time to plan it", "3", "1.8"],
    ]
    story = captioned_table(report, f"Results: {PLAN[STORY].title}")
    assert ["4", "2", "40%"] in story, story
    assert any("3.6" in p.text for p in report.paragraphs)
    assert captioned_table(report, f"Results: {PLAN[SHARE].title}")[1] == ["My manager or team", "4", "80%"]
    assert captioned_table(report, f"Results: {PLAN[QUESTIONS].title}")[1:] == [
        [ASKED[1], "2", "Open"],
        [ASKED[2], "1", "Open"],
        [ASKED[0], "0", "Answered"],
    ]
    text = "\n".join(p.text for p in report.paragraphs) + "\n".join(
        cell.text for table in report.tables for row in table.rows for cell in row.cells
    )
    for statement in STATEMENT_TEXTS:
        assert statement in text

    rows_csv = list(csv.DictReader(io.StringIO(table_csv.decode("utf-8-sig"))))
    by_activity = {p.title: [r for r in rows_csv if r["activity"] == p.title] for p in PLAN}
    assert [(r["item"], r["count"]) for r in by_activity[PLAN[AIM].title]][:2] == [
        ("A new project", "3"),
        ("Justifying part of the service", "1"),
    ]
    assert {r["item"]: r["count"] for r in by_activity[PLAN[DRIVERS].title]}["Patients"] == "3"
    assert [r["item"] for r in by_activity[PLAN[QUESTIONS].title]] == [ASKED[1], ASKED[2], ASKED[0]]
    assert all(r["answered"] == "5" for p in PLAN[:5] for r in by_activity[p.title]), by_activity
    assert len(workbook.sheetnames) == len(PLAN)
    scale_sheet = list(workbook[workbook.sheetnames[STORY]].values)
    assert ("4", 2, 0.4) in [row[2:5] for row in scale_sheet[1:]], scale_sheet
    log.info("the whole workshop took %.1f s", time.monotonic() - started)
