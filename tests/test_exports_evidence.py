"""What happened next and the evidence pack (issue 17): a workshop's follow-up counted (commitments
made, followed up, done, in progress, not started), the quotes whose authors consented attributed by
role only, on a facilitator page linked from the workshop page; nothing unconsented, no names.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select

from exports.builders.evidence import attribution, follow_up_summary
from exports.builders.story import build_story_template
from exports.data import StatementData, WorkshopData, WorkshopEvidence
from surveys.models import FollowUpResponse
from surveys.outcomes import QUOTE_CONSENT
from tests.conftest import Actions, attachment_name
from tests.docs_helpers import NASTY_TEXTS, all_text, assert_accessible_structure, cleaned, nasty_workshop, open_docx
from tests.test_surveys_follow_up import Kit
from workshop.common.followups import FollowedUpStatement, FollowUpAnswer, FollowUpEvidence
from workshop.extensions import db

CONSENTED_QUOTE = "It changed how our team searches"
PRIVATE_QUOTE = "Words I did not want quoted"
PRIVATE_DIFFERENCE = "A difference nobody agreed to share"


class Tour:
    """A closed workshop: a ward manager (two statements), a student nurse (one), someone without a role (one).

    The manager followed up with a quote they agreed to share; the nurse answered without consent.
    """

    def __init__(self, actions: Actions, title: str = "MAP on tour: Taunton") -> None:
        kit = Kit.__new__(Kit)  # Kit's own constructor posts without names or roles
        kit.actions, kit.app = actions, actions.app
        kit.code = actions.workshop(title=title, ask_names=True)
        people = [
            (("Write a case study for the board", "Run a journal club"), "Alice Hidden-Name", "Ward manager"),
            (("Tweet about the library",), "Bob Hidden-Name", "Student nurse"),
            (("Book a literature search",), "", ""),
        ]
        for texts, name, role in people:
            phone = actions.phone_for(kit.code)
            for text in texts:
                assert phone.post(text, name=name, role=role).status_code == 302
        page = f"/facilitate/w/{kit.code}"
        actions.post_form(f"{page}/state", {"state": "closed"}, page=page)
        response = actions.post_form(f"/facilitate/surveys/follow-up/{kit.code}", {})
        kit.survey = response.headers["Location"].rsplit("/", 1)[-1]
        kit.publish()
        manager, nurse, _ = kit.tokens()
        first, second = kit.statement_ids(manager)
        answer = {
            f"progress-{first}": "done",
            f"difference-{first}": "The board funded two more outreach sessions",
            f"progress-{second}": "in_progress",
            "quote": CONSENTED_QUOTE,
            "quote_consent": "y",
        }
        assert kit.answer(manager, answer).status_code == 302
        [only] = kit.statement_ids(nurse)
        answer = {f"progress-{only}": "not_started", f"difference-{only}": PRIVATE_DIFFERENCE, "quote": PRIVATE_QUOTE}
        assert kit.answer(nurse, answer).status_code == 302
        self.kit, self.code = kit, kit.code


@pytest.fixture()
def tour(signed_in: Actions) -> Tour:
    return Tour(signed_in)


def test_the_workshop_page_links_what_happened_next_with_counts_and_consented_quotes_only(
    signed_in: Actions, tour: Tour
) -> None:
    workshop_page = signed_in.client.get(f"/facilitate/w/{tour.code}").get_data(as_text=True)
    assert f'href="/facilitate/w/{tour.code}/what-happened-next"' in workshop_page
    response = signed_in.client.get(f"/facilitate/w/{tour.code}/what-happened-next")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    row = re.search(r'<table class="results-table" id="follow-up-counts">.*?</table>', page, re.S)
    assert row is not None
    numbers = re.findall(r'<td class="num">(\d+)</td>', row.group(0))
    assert numbers == ["4", "3", "1", "1", "1", "2"]  # made, followed up, done, in progress, not started, people
    assert CONSENTED_QUOTE in page and "(Ward manager)" in page
    for private in (PRIVATE_QUOTE, PRIVATE_DIFFERENCE, "Hidden-Name", "Student nurse"):
        assert private not in page


def test_what_happened_next_is_the_owners_only_and_says_so_when_nothing_came_back(
    app: Flask, signed_in: Actions
) -> None:
    code = signed_in.workshop(title="Nobody answered")
    page = signed_in.client.get(f"/facilitate/w/{code}/what-happened-next").get_data(as_text=True)
    assert "No follow-up answers yet" in page and "No quotes yet" in page
    assert signed_in.client.get("/facilitate/w/NOSUCH/what-happened-next").status_code == 404
    signed_in.facilitator("other@example.nhs.uk", "Other")
    stranger = app.test_client()
    signed_in.sign_in("other@example.nhs.uk", client=stranger)
    assert stranger.get(f"/facilitate/w/{code}/what-happened-next").status_code == 404
    assert app.test_client().get(f"/facilitate/w/{code}/what-happened-next").status_code in (302, 401)


def _evidence(title: str, answers: tuple[FollowUpAnswer, ...], statements: int) -> WorkshopEvidence:
    workshop = WorkshopData(
        title=title,
        code=title[:6].upper(),
        date=date(2026, 11, 20),
        statements=tuple(StatementData(id=n, text=f"Action {n}", participant_key=str(n)) for n in range(statements)),
    )
    return WorkshopEvidence(workshop, FollowUpEvidence(answers=answers))


def test_a_series_summary_adds_up_its_workshops_and_the_latest_answer_wins() -> None:
    done, later = FollowedUpStatement(0, "Action 0", "In progress"), FollowedUpStatement(0, "Action 0", "Done")
    taunton = _evidence(
        "Taunton",
        (
            FollowUpAnswer(1, "Follow-up", (done,)),
            FollowUpAnswer(2, "Second follow-up", (later, FollowedUpStatement(1, "Action 1", "Not started"))),
            # A statement no longer visible (hidden since) is not counted as followed up.
            FollowUpAnswer(3, "Follow-up", (FollowedUpStatement(99, "Hidden", "Done"),), quote="Yes", consented=True),
        ),
        statements=3,
    )
    bristol = _evidence("Bristol", (FollowUpAnswer(4, "Follow-up", (FollowedUpStatement(0, "A", "Done"),)),), 2)
    summary = follow_up_summary([taunton, bristol])
    assert [(r.label, r.commitments, r.followed_up, r.done, r.in_progress, r.not_started) for r in summary.rows] == [
        ("Taunton", 3, 2, 1, 0, 1),
        ("Bristol", 2, 1, 1, 0, 0),
    ]
    assert (summary.total.commitments, summary.total.followed_up, summary.total.done, summary.total.answers) == (
        5,
        3,
        2,
        4,
    )
    assert [(q.text, q.attribution, q.workshop) for q in summary.quotes] == [("Yes", "A participant", "Taunton")]
    assert [s.answer.id for s in summary.stories] == [3]
    assert attribution("  Clinical   librarian ") == "Clinical librarian"


# --------------------------------------------------------------------------- stories from follow-up answers


def _story_links(page: str) -> list[str]:
    return re.findall(r'href="(/facilitate/w/[^"]+/what-happened-next/story-\d+\.docx)"', page)


def test_a_story_is_prefilled_from_a_consented_answer_with_the_consent_recorded(
    app: Flask, signed_in: Actions, tour: Tour
) -> None:
    page = signed_in.client.get(f"/facilitate/w/{tour.code}/what-happened-next").get_data(as_text=True)
    [link] = _story_links(page)  # only the manager consented: one story to pick
    response = signed_in.client.get(link)
    assert response.status_code == 200
    number = link.rsplit("-", 1)[-1].removesuffix(".docx")
    assert attachment_name(response) == f"map-on-tour-taunton-ward-manager-{number}-story.docx"
    document = open_docx(response.data)
    assert_accessible_structure(document, "Impact story: case study")
    words = "\n".join(all_text(document))
    assert "Write a case study for the board (done)" in words and "Run a journal club (in progress)" in words
    assert "The board funded two more outreach sessions" in words
    assert f"“{CONSENTED_QUOTE}”" in words
    assert "Role (never their name): Ward manager" in words
    assert f"the participant ticked “{QUOTE_CONSENT}”" in words and "They have not agreed to be named." in words
    assert "☒  The person quoted has agreed to the quote being used" in words
    assert "☐  They may be named (otherwise the quote is anonymous)" in words
    for private in ("Hidden-Name", PRIVATE_QUOTE, PRIVATE_DIFFERENCE, "Tweet about the library"):
        assert private not in words


def test_no_story_from_an_answer_without_consent_or_from_another_workshop(
    app: Flask, signed_in: Actions, tour: Tour
) -> None:
    with app.app_context():
        ids = {r.id: r.quote_consent for r in db.session.scalars(select(FollowUpResponse))}
    [unconsented] = [number for number, consent in ids.items() if not consent]
    [consented] = [number for number, consent in ids.items() if consent]
    refused = signed_in.client.get(f"/facilitate/w/{tour.code}/what-happened-next/story-{unconsented}.docx")
    assert refused.status_code == 404 and "agreed to be quoted" in refused.get_data(as_text=True)
    other = signed_in.workshop(title="Another workshop")
    assert signed_in.client.get(f"/facilitate/w/{other}/what-happened-next/story-{consented}.docx").status_code == 404
    assert signed_in.client.get(f"/facilitate/w/{tour.code}/what-happened-next/story-99999.docx").status_code == 404
    assert signed_in.client.get(f"/facilitate/w/{tour.code}/what-happened-next/story-x.docx").status_code == 404


def test_the_story_builder_keeps_every_text_and_refuses_an_unconsented_answer() -> None:
    workshop = nasty_workshop()
    items = tuple(FollowedUpStatement(n, text, "Done", difference=text) for n, text in enumerate(NASTY_TEXTS))
    answer = FollowUpAnswer(7, "Follow-up", items, role=NASTY_TEXTS[2], quote=NASTY_TEXTS[1], consented=True)
    words = "\n".join(all_text(open_docx(build_story_template(workshop, answer=answer))))
    for text in NASTY_TEXTS:
        assert cleaned(text) in words
    assert "agreed to be quoted, attributed by their role" in words  # no wording given: the consent still recorded
    with pytest.raises(ValueError, match="consented"):
        build_story_template(workshop, answer=FollowUpAnswer(8, "Follow-up", items, quote=""))
