""" "Me too" on statements (issue 16), through the app: the setting, every rule, the counts on the
wall, the board, the moderation view, the statements CSV/XLSX and the session report, and what
never travels (who wrote a statement on the phone list, who pressed "Me too" anywhere)."""

from __future__ import annotations

import csv
import gzip
import io
import random
import re

import openpyxl
from flask import Flask
from sqlalchemy import func, select

from exports.builders.report import MOST_SHARED, build_report, most_shared
from exports.data import StatementData, WorkshopData
from tests.conftest import Actions, Phone, csrf_from
from tests.docs_helpers import all_text, assert_accessible_structure, heading_texts, open_docx
from workshop.extensions import db
from workshop.metoo.operations import OFF_MESSAGE, OWN_MESSAGE, PAGE_SIZE
from workshop.models import MeToo, Statement, StatementStatus, Workshop, WorkshopState
from workshop.operations import change_state

HX = {"HX-Request": "true"}


def statement_ids(app: Flask, code: str) -> list[int]:
    with app.app_context():
        workshop = db.session.scalars(select(Workshop).where(Workshop.code == code)).one()
        return [s.id for s in workshop.statements]


def press(phone: Phone, statement_id: int, action: str = "add", *, htmx: bool = False, **extra: str):
    page = phone.open()
    data = {"csrf_token": csrf_from(page), "action": action, **extra}
    return phone.client.post(f"/j/{phone.code}/s/{statement_id}/me-too", data=data, headers=HX if htmx else {})


def stored(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(MeToo.id))) or 0


def room(signed_in: Actions, **settings: object) -> tuple[str, Phone, Phone, int]:
    """An open workshop using Me too, Alice's phone with one statement, and Bob's phone with none."""
    settings.setdefault("me_too", True)
    code = signed_in.workshop(**settings)
    alice, bob = signed_in.phone_for(code), signed_in.phone_for(code)
    assert alice.post("Run a literature search training session for the ward by March", name="Alice").status_code == 302
    return code, alice, bob, statement_ids(signed_in.app, code)[0]


def test_the_setting_is_off_by_default_and_saved_from_the_settings_form(signed_in: Actions) -> None:
    code = signed_in.workshop()
    assert not signed_in.workshop_row(code).me_too
    page = signed_in.client.get(f"/facilitate/w/{code}/settings").get_data(as_text=True)
    assert "Let participants add ‘Me too’ to others’ statements" in page
    form = {
        "title": "MAP on tour",
        "prompt": "When I get back to work, I'm going to…",
        "max_statements": "5",
        "char_limit": "280",
        "review_weeks": "8",
        "me_too": "y",
    }
    saved = signed_in.post_form(f"/facilitate/w/{code}/settings", form)
    assert saved.status_code == 302
    assert signed_in.workshop_row(code).me_too
    form.pop("me_too")
    signed_in.post_form(f"/facilitate/w/{code}/settings", form)
    assert not signed_in.workshop_row(code).me_too


def test_a_phone_adds_me_too_once_and_withdraws_it_and_the_counts_follow(signed_in: Actions) -> None:
    code, alice, bob, sid = room(signed_in)
    page = bob.open()
    assert "Others’ statements" in page and f'id="o{sid}"' in page
    assert 'aria-pressed="false"' in page and 'Me too <span class="me-too-count">(0)</span>' in page

    for _ in range(2):  # a double tap counts once
        answer = press(bob, sid)
        assert answer.status_code == 303 and answer.headers["Location"].endswith(f"/j/{code}#o{sid}")
    assert stored(signed_in.app) == 1
    assert '<span class="me-too-tally">1 said me too</span>' in alice.open()  # the author sees the count
    page = bob.open()
    assert "Your “Me too” is counted." in page
    assert 'aria-pressed="true"' in page and "(1)" in page and "press again to take it back" in page

    wall = signed_in.client.get(f"/wall/{code}").get_data(as_text=True)
    assert '<p class="me-too-tally"><span class="me-too-number">1</span> × me too</p>' in wall
    board = signed_in.client.get(f"/facilitate/w/{code}/themes").get_data(as_text=True)
    assert '<span class="me-too-number">1</span> × me too' in board
    moderation = signed_in.client.get(f"/facilitate/w/{code}").get_data(as_text=True)
    assert '<span class="me-too-tally">1 × me too</span>' in moderation

    assert press(bob, sid, "withdraw").status_code == 303
    assert stored(signed_in.app) == 0
    assert "You took back your “Me too”." in bob.open()
    assert "× me too" not in signed_in.client.get(f"/wall/{code}").get_data(as_text=True)
    assert press(bob, sid, "withdraw").status_code == 303  # withdrawing twice is no harm
    assert stored(signed_in.app) == 0


def test_with_htmx_the_answer_is_the_one_statement_swapped_in_place(signed_in: Actions) -> None:
    code, alice, bob, sid = room(signed_in)
    answer = press(bob, sid, htmx=True)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith(f'<li class="card other-statement" id="o{sid}">')
    assert 'aria-pressed="true"' in html and "(1)" in html and "Your “Me too” is counted." in html
    again = press(bob, sid, "withdraw", htmx=True).get_data(as_text=True)
    assert 'aria-pressed="false"' in again and "(0)" in again


def test_not_on_your_own_statement(signed_in: Actions) -> None:
    code, alice, bob, sid = room(signed_in)
    assert f'id="o{sid}"' not in alice.open()  # one's own statements are not in the others' list
    assert press(alice, sid).status_code == 303
    assert OWN_MESSAGE in alice.open()
    refused = press(alice, sid, htmx=True)
    assert refused.status_code == 422 and OWN_MESSAGE in refused.get_data(as_text=True)
    assert stored(signed_in.app) == 0


def test_refused_while_switched_off_closed_or_not_yet_open(signed_in: Actions) -> None:
    code, alice, bob, sid = room(signed_in, me_too=False)
    assert "Others’ statements" not in bob.open()
    refused = press(bob, sid, htmx=True)
    assert refused.status_code == 422 and OFF_MESSAGE in refused.get_data(as_text=True)

    code, alice, bob, sid = room(signed_in)
    assert press(bob, sid).status_code == 303
    with signed_in.app.app_context():
        change_state(db.session.get(Statement, sid).workshop, WorkshopState.CLOSED)
        db.session.commit()
    page = bob.open()
    assert 'Me too: <span class="me-too-count">1</span>' in page  # the count stays, the button goes
    for action in ("add", "withdraw"):
        refused = press(bob, sid, action, htmx=True)
        assert refused.status_code == 422
        assert "This workshop is closed" in refused.get_data(as_text=True)
    assert stored(signed_in.app) == 1


def test_hidden_and_waiting_statements_are_refused_and_not_listed(signed_in: Actions) -> None:
    code, alice, bob, sid = room(signed_in)
    with signed_in.app.app_context():
        db.session.get(Statement, sid).status = StatementStatus.HIDDEN
        db.session.commit()
    assert f'id="o{sid}"' not in bob.open()
    refused = press(bob, sid, htmx=True)
    assert refused.status_code == 422 and "not on the wall just now" in refused.get_data(as_text=True)
    with signed_in.app.app_context():
        db.session.get(Statement, sid).status = StatementStatus.PENDING
        db.session.commit()
    assert press(bob, sid, htmx=True).status_code == 422
    assert stored(signed_in.app) == 0


def test_bad_input_gets_words_never_a_server_error(signed_in: Actions) -> None:
    code, alice, bob, sid = room(signed_in)
    other = signed_in.workshop(me_too=True, title="Another")
    carol = signed_in.phone_for(other)
    carol.post("Share the evidence summary with the board by May")
    theirs = statement_ids(signed_in.app, other)[0]

    for missing in (theirs, 999_999):  # another workshop's statement, or none at all
        gone = press(bob, missing, htmx=True)
        assert gone.status_code == 422 and "not on the list any more" in gone.get_data(as_text=True)
        assert press(bob, missing).status_code == 303
        assert "not on the list any more" in bob.open()
    wrong = press(bob, sid, "shout", htmx=True)
    assert wrong.status_code == 422 and "did not say what to do" in wrong.get_data(as_text=True)
    assert press(bob, sid, "", htmx=True).status_code == 422
    odd_page = press(bob, sid, before="'; drop table")
    assert odd_page.status_code == 303 and "drop" not in odd_page.headers["Location"]
    no_token = bob.client.post(f"/j/{code}/s/{sid}/me-too", data={"action": "add"})
    assert no_token.status_code == 400
    assert bob.client.get(f"/j/{code}/others?before=abc").status_code == 200
    assert bob.client.get(f"/j/{code}/others?before=-3").status_code == 200
    assert bob.client.get("/j/NOSUCH/others").status_code == 404
    assert bob.client.get(f"/j/{code}/s/{sid}/me-too").status_code == 405
    assert stored(signed_in.app) == 0


def test_a_phone_that_never_posted_joins_on_its_first_me_too_unless_joining_is_locked(signed_in: Actions) -> None:
    code, alice, bob, sid = room(signed_in)
    assert press(bob, sid).status_code == 303 and stored(signed_in.app) == 1
    with signed_in.app.app_context():
        workshop = db.session.scalars(select(Workshop).where(Workshop.code == code)).one()
        workshop.joining_locked = True
        db.session.commit()
    late = signed_in.phone_for(code)
    refused = press(late, sid, htmx=True)
    assert refused.status_code == 422 and "Joining is locked" in refused.get_data(as_text=True)
    assert press(bob, sid, "withdraw").status_code == 303  # who joined before carries on
    assert stored(signed_in.app) == 0


def test_only_the_text_and_the_counts_travel(signed_in: Actions) -> None:
    code, alice, bob, sid = room(signed_in, ask_names=True)
    assert press(bob, sid).status_code == 303
    carol = signed_in.phone_for(code)
    page = carol.open()
    others = page[page.index('id="others"') :]
    others = others[: others.index("</section>")]
    assert f'id="o{sid}"' in others and "Alice" not in others  # the text, no author
    assert "(1)" in others and 'aria-pressed="false"' in others  # the count, and only her own choice
    # The author sees her statement counted nowhere on her phone but cannot learn who pressed.
    assert "Bob" not in alice.open()


def test_the_list_shows_the_newest_page_and_more_on_request(signed_in: Actions, app: Flask) -> None:
    code = signed_in.workshop(me_too=True, max_statements=50)
    writer = signed_in.phone_for(code)
    with app.app_context():
        workshop = db.session.scalars(select(Workshop).where(Workshop.code == code)).one()
        from workshop.operations import import_statements

        import_statements(workshop, [f"Statement number {n} about searching the literature" for n in range(45)])
        db.session.commit()
    ids = statement_ids(app, code)
    page = writer.open()
    assert page.count('class="card other-statement"') == PAGE_SIZE
    assert f'id="o{ids[-1]}"' in page and f'id="o{ids[-PAGE_SIZE - 1]}"' not in page  # newest first
    more = re.search(r'href="(/j/[^"]+/others\?before=(\d+))"', page)
    assert more is not None and int(more.group(2)) == ids[-PAGE_SIZE]
    second = writer.client.get(more.group(1))
    assert second.status_code == 200 and "<html" in second.get_data(as_text=True)
    assert second.get_data(as_text=True).count('class="card other-statement"') == PAGE_SIZE
    fragment = writer.client.get(more.group(1), headers=HX).get_data(as_text=True)
    assert "<html" not in fragment and fragment.lstrip().startswith("<li")
    last = re.search(r'href="(/j/[^"]+/others\?before=(\d+))"', fragment)
    assert last is not None
    tail = writer.client.get(last.group(1)).get_data(as_text=True)
    assert tail.count('class="card other-statement"') == 45 - 2 * PAGE_SIZE and "Show more" not in tail

    # A Me too from the second page comes back to the second page.
    oldest = ids[-PAGE_SIZE - 1]
    data = {"csrf_token": csrf_from(second.get_data(as_text=True)), "action": "add", "before": str(ids[-PAGE_SIZE])}
    answer = writer.client.post(f"/j/{code}/s/{oldest}/me-too", data=data)
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith(f"/j/{code}/others?before={ids[-PAGE_SIZE]}#o{oldest}")


def test_the_phone_page_with_300_statements_stays_small(signed_in: Actions, app: Flask) -> None:
    code = signed_in.workshop(me_too=True)
    with app.app_context():
        workshop = db.session.scalars(select(Workshop).where(Workshop.code == code)).one()
        from workshop.operations import import_statements

        words = "audit ward library search evidence patients team plan journal club summary measure month".split()
        pick = random.Random(16)
        texts = [" ".join(pick.choice(words) for _ in range(40))[:280] for _ in range(300)]
        import_statements(workshop, texts)
        db.session.commit()
    html = signed_in.phone_for(code).open()
    assert html.count('class="card other-statement"') == PAGE_SIZE
    size = len(gzip.compress(html.encode()))
    assert size < 15_000


def test_the_counts_are_in_the_csv_the_xlsx_and_the_session_report(signed_in: Actions) -> None:
    code, alice, bob, sid = room(signed_in)
    carol = signed_in.phone_for(code)
    carol.post("Set up a journal club for the physiotherapists by June")
    assert press(bob, sid).status_code == 303 and press(carol, sid).status_code == 303
    rows = list(
        csv.DictReader(
            io.StringIO(
                signed_in.client.get(f"/facilitate/w/{code}/statements.csv").get_data(as_text=True).lstrip("\ufeff")
            )
        )
    )
    assert [(r["text"][:10], r["me_too"]) for r in rows] == [("Run a lite", "2"), ("Set up a j", "0")]
    sheet = openpyxl.load_workbook(
        io.BytesIO(signed_in.client.get(f"/facilitate/w/{code}/downloads/statements-xlsx").data)
    ).active
    header = [c.value for c in sheet[1]]
    assert "me_too" in header
    assert [row[header.index("me_too")] for row in sheet.iter_rows(min_row=2, values_only=True)] == [2, 0]

    report = open_docx(signed_in.client.get(f"/facilitate/w/{code}/downloads/report").data)
    assert "Statements others shared" in heading_texts(report)
    texts = all_text(report)
    assert "“Me too” added to others’ statements" in texts
    at = texts.index("“Me too” added to others’ statements")
    assert texts[at + 1] == "2"
    shared = next(t for t in report.tables if t.rows[0].cells[-1].text == "Me too")
    assert [c.text for c in shared.rows[1].cells] == [
        "Run a literature search training session for the ward by March",
        "2",
    ]
    assert len(shared.rows) == 2  # only the statements with a Me too


def test_a_report_of_a_workshop_without_me_too_has_no_such_column(signed_in: Actions) -> None:
    code, alice, bob, sid = room(signed_in, me_too=False)
    report = open_docx(signed_in.client.get(f"/facilitate/w/{code}/downloads/report").data)
    assert "Statements others shared" not in heading_texts(report)
    assert not any("Me too" in t for t in all_text(report))


def test_withdrawing_or_deleting_the_statement_takes_its_me_toos_with_it(signed_in: Actions) -> None:
    code, alice, bob, sid = room(signed_in)
    assert press(bob, sid).status_code == 303 and stored(signed_in.app) == 1
    page = alice.open()
    data = {"csrf_token": csrf_from(page)}
    assert alice.client.post(f"/j/{code}/s/{sid}/withdraw", data=data).status_code == 302
    assert stored(signed_in.app) == 0


def test_the_report_builder_lists_the_most_shared_first_and_keeps_its_structure() -> None:
    statements = tuple(
        StatementData(id=n, text=f"Statement {n}", participant_key=str(n), me_too=count)
        for n, count in enumerate([0, 3, 12, 3, 1] + [2] * 10, 1)
    )
    shared = most_shared(statements)
    assert [s.me_too for s in shared] == [12, 3, 3] + [2] * 7 and len(shared) == MOST_SHARED
    assert [s.id for s in shared[1:3]] == [2, 4]  # ties keep the posting order
    workshop = WorkshopData(title="Me too", code="ABC123", statements=statements, me_too_used=True)
    document = open_docx(build_report(workshop))
    assert_accessible_structure(document, "Session report: Me too")
    assert heading_texts(document).count("Statements others shared") == 1
