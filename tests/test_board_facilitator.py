"""The facilitator's themes board through HTTP: group, correct, group again without losing work.

Tracey runs the MAP workshop with the seed's 17 statements. Every operation is a form POST with
CSRF that works without JavaScript (303 back to the board) and with htmx (the board fragment).
"""

from __future__ import annotations

import re

import pytest

from tests.board_helpers import (
    SEED,
    board_post,
    board_url,
    group,
    placed_by_hand,
    seeded_workshop,
    statement_id,
    theme_with,
    themes,
    unsorted,
)

TWITTER = "Activate a Twitter account. Love the ideas!"
PRESENTATION = "Re-jig my next presentation to include impact"
SMART = "Write up a detailed SMART impact plan"


def test_before_grouping_every_statement_waits_in_unsorted(signed_in):
    code = seeded_workshop(signed_in)
    page = signed_in.client.get(board_url(code)).get_data(as_text=True)
    assert "Not grouped yet. 17 statements on the wall." in page
    assert "Group the statements" in page
    assert len(unsorted(signed_in, code)) == 17


def test_grouping_shows_themes_why_and_the_engine(signed_in):
    code = seeded_workshop(signed_in)
    response = group(signed_in, code)
    assert response.headers["Location"].endswith(board_url(code))
    page = signed_in.client.get(board_url(code)).get_data(as_text=True)
    assert "Grouped: 6 themes, 0 statements unsorted." in page  # by meaning, every seed statement has a home
    assert "Grouped by meaning" in page
    labels = [t["label"] for t in themes(signed_in, code)]
    assert labels == [
        "Social media",
        "SMART impact planning",
        "Stakeholder engagement",
        "Using feedback",
        "Shout about it",
        "Events and competitions",  # a fair and a competition: named by meaning
    ]
    social = theme_with(signed_in, code, TWITTER)
    assert "twitter" in social["keywords"]
    assert re.search(r"<strong>Why together:</strong> twitter, ", page)
    assert len(social["texts"]) == 4 and "4 statements" in page
    assert sum(len(t["texts"]) for t in themes(signed_in, code)) + len(unsorted(signed_in, code)) == 17


def test_one_url_two_renders(signed_in):
    code = seeded_workshop(signed_in)
    page = signed_in.client.get(board_url(code))
    fragment = signed_in.client.get(board_url(code), headers={"HX-Request": "true"})
    assert "<html" in page.get_data(as_text=True)
    html = fragment.get_data(as_text=True)
    assert "<html" not in html and html.lstrip().startswith('<div id="board"')
    assert "HX-Request" in page.headers["Vary"] and "HX-Request" in fragment.headers["Vary"]
    group(signed_in, code)
    moved = board_post(
        signed_in, code, f"/s/{statement_id(signed_in, code, SMART)}/move", {"target": "unsorted"}, htmx=True
    )
    assert moved.status_code == 200
    body = moved.get_data(as_text=True)
    assert "<html" not in body and "Statement moved to Unsorted." in body


def test_rename_survives_grouping_again(signed_in):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    social = theme_with(signed_in, code, TWITTER)
    response = board_post(signed_in, code, f"/t/{social['id']}/rename", {"label": "Twitter and friends"})
    assert response.status_code == 303
    assert "Theme renamed “Twitter and friends”." in signed_in.client.get(board_url(code)).get_data(as_text=True)
    for size in ("auto", "more", "fewer"):
        group(signed_in, code, size)
        renamed = next(t for t in themes(signed_in, code) if t["id"] == social["id"])
        assert renamed["label"] == "Twitter and friends" and renamed["label_by_person"]
    page = signed_in.client.get(board_url(code)).get_data(as_text=True)
    assert "Twitter and friends" in page and "Named by you" in page


def test_a_locked_theme_keeps_its_statements_when_grouping_again(signed_in):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    smart = theme_with(signed_in, code, SMART)
    # Tracey adds a statement by hand to the theme, then locks it.
    board_post(signed_in, code, f"/s/{statement_id(signed_in, code, PRESENTATION)}/move", {"target": str(smart["id"])})
    assert board_post(signed_in, code, f"/t/{smart['id']}/lock", {"action": "lock"}).status_code == 303
    locked = next(t for t in themes(signed_in, code) if t["id"] == smart["id"])
    assert locked["locked"] and PRESENTATION in locked["texts"]
    for size in ("more", "fewer", "auto"):
        group(signed_in, code, size)
        after = next(t for t in themes(signed_in, code) if t["id"] == smart["id"])
        assert after["texts"] == locked["texts"] and after["locked"] and after["label"] == locked["label"]
    assert "Locked" in signed_in.client.get(board_url(code)).get_data(as_text=True)
    board_post(signed_in, code, f"/t/{smart['id']}/lock", {"action": "unlock"})
    assert not next(t for t in themes(signed_in, code) if t["id"] == smart["id"])["locked"]


def test_a_statement_moved_by_hand_stays_where_it_was_put(signed_in):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    feedback = theme_with(signed_in, code, "Create a post-it literature search feedback board")
    response = board_post(
        signed_in, code, f"/s/{statement_id(signed_in, code, TWITTER)}/move", {"target": str(feedback["id"])}
    )
    assert response.status_code == 303
    board_post(signed_in, code, f"/s/{statement_id(signed_in, code, SMART)}/move", {"target": "unsorted"})
    assert placed_by_hand(signed_in, code, TWITTER) and placed_by_hand(signed_in, code, SMART)
    for size in ("auto", "more", "fewer"):
        group(signed_in, code, size)
        assert theme_with(signed_in, code, TWITTER)["id"] == feedback["id"]
        assert SMART in unsorted(signed_in, code)
    page = signed_in.client.get(board_url(code)).get_data(as_text=True)
    assert "Placed by you: grouping again leaves it here." in page


def test_more_and_fewer_themes(signed_in):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    auto = len(themes(signed_in, code))
    group(signed_in, code, "more")
    more = len(themes(signed_in, code))
    group(signed_in, code, "fewer")
    group(signed_in, code, "fewer")
    fewer = len(themes(signed_in, code))
    assert more > auto > fewer >= 1


def test_merge_moves_statements_and_deletes_the_source(signed_in):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    shout = theme_with(signed_in, code, "Work out what ‘shout about it’ ideas are feasible")
    social = theme_with(signed_in, code, TWITTER)
    response = board_post(signed_in, code, f"/t/{shout['id']}/merge", {"into": str(social["id"])}, htmx=True)
    assert response.status_code == 200
    assert "“Shout about it” merged into “Social media”." in response.get_data(as_text=True)
    merged = next(t for t in themes(signed_in, code) if t["id"] == social["id"])
    assert set(shout["texts"]) <= set(merged["texts"])
    assert shout["id"] not in [t["id"] for t in themes(signed_in, code)]
    # Merged statements count as placed by hand: grouping again keeps them together.
    group(signed_in, code)
    assert set(shout["texts"]) <= set(next(t for t in themes(signed_in, code) if t["id"] == social["id"])["texts"])


def test_split_automatically_and_by_choosing(signed_in):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    social = theme_with(signed_in, code, TWITTER)
    response = board_post(signed_in, code, f"/t/{social['id']}/split")
    assert response.status_code == 303
    after = themes(signed_in, code)
    assert len(after) == 7
    kept = next(t for t in after if t["id"] == social["id"])
    new = after[[t["id"] for t in after].index(social["id"]) + 1]
    assert kept["texts"] and new["texts"] and sorted(kept["texts"] + new["texts"]) == social["texts"]

    stakeholders = theme_with(signed_in, code, "Talk to head of transformation re: impact of LKS support")
    chosen = statement_id(signed_in, code, "Talk to head of transformation re: impact of LKS support")
    response = board_post(signed_in, code, f"/t/{stakeholders['id']}/split", {"statements": [str(chosen)]})
    assert response.status_code == 303
    split_off = theme_with(signed_in, code, "Talk to head of transformation re: impact of LKS support")
    assert split_off["id"] != stakeholders["id"] and len(split_off["texts"]) == 1
    assert placed_by_hand(signed_in, code, "Talk to head of transformation re: impact of LKS support")


def test_reorder_and_delete(signed_in):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    first, second = themes(signed_in, code)[:2]
    assert board_post(signed_in, code, f"/t/{second['id']}/reorder", {"direction": "up"}).status_code == 303
    assert [t["id"] for t in themes(signed_in, code)[:2]] == [second["id"], first["id"]]
    board_post(signed_in, code, f"/t/{second['id']}/reorder", {"direction": "up"})  # already first: no change
    assert themes(signed_in, code)[0]["id"] == second["id"]
    assert board_post(signed_in, code, f"/t/{first['id']}/delete").status_code == 303
    assert first["id"] not in [t["id"] for t in themes(signed_in, code)]
    assert set(first["texts"]) <= set(unsorted(signed_in, code))


def test_new_statements_arrive_unsorted_and_group_again_sorts_them(signed_in):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    signed_in.phone_for(code).post("Set up an Instagram account for the library and post weekly")
    assert "Set up an Instagram account for the library and post weekly" in unsorted(signed_in, code)
    group(signed_in, code)
    assert (
        theme_with(signed_in, code, "Set up an Instagram account for the library and post weekly")["label"]
        == "Social media"
    )


def test_hidden_statements_are_not_grouped_or_shown(signed_in, app):
    from workshop.extensions import db
    from workshop.models import Statement, StatementStatus

    code = seeded_workshop(signed_in)
    with app.app_context():
        statement = db.session.get(Statement, statement_id(signed_in, code, TWITTER))
        statement.status = StatementStatus.HIDDEN
        db.session.commit()
    group(signed_in, code)
    assert all(TWITTER not in t["texts"] for t in themes(signed_in, code))
    assert TWITTER not in signed_in.client.get(board_url(code)).get_data(as_text=True)


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("", "Give the theme a name: the name cannot be empty."),
        ("   \x00\x07  ", "Give the theme a name: the name cannot be empty."),
        ("x" * 200, "Theme names can have up to 120 characters."),
    ],
)
def test_bad_names_are_refused_with_a_clear_message(signed_in, label, message):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    theme = themes(signed_in, code)[0]
    for htmx in (False, True):
        response = board_post(signed_in, code, f"/t/{theme['id']}/rename", {"label": label}, htmx=htmx)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    assert themes(signed_in, code)[0]["label"] == theme["label"]


def test_control_characters_are_removed_from_names(signed_in):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    theme = themes(signed_in, code)[0]
    board_post(signed_in, code, f"/t/{theme['id']}/rename", {"label": "Social\x00 media\x07 and\n📣 sharing\t"})
    assert themes(signed_in, code)[0]["label"] == "Social media and 📣 sharing"


def test_unknown_or_stale_ids_get_a_clear_message_never_a_500(signed_in):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    theme = themes(signed_in, code)[0]
    other = themes(signed_in, code)[1]
    sid = statement_id(signed_in, code, SMART)
    cases = [
        ("/t/999999/rename", {"label": "Anything"}, 404, "That theme is not on this board any more"),
        ("/t/999999/lock", {"action": "lock"}, 404, "That theme is not on this board any more"),
        ("/s/999999/move", {"target": "unsorted"}, 404, "That statement is not on this board any more"),
        (f"/s/{sid}/move", {"target": "999999"}, 422, "That theme is not on this board any more"),
        (f"/s/{sid}/move", {"target": "not-a-theme"}, 422, "That theme is not on this board any more"),
        (f"/s/{sid}/move", {"target": "9" * 40}, 422, "That theme is not on this board any more"),
        (f"/s/{sid}/move", {}, 422, "Choose where to move the statement."),
        (f"/t/{theme['id']}/merge", {"into": str(theme["id"])}, 422, "Choose a different theme to merge into."),
        (f"/t/{theme['id']}/merge", {"into": "unsorted"}, 422, "Choose a theme to merge into."),
        (f"/t/{theme['id']}/split", {"statements": ["abc"]}, 422, "Those statements could not be read"),
        (f"/t/{theme['id']}/split", {"statements": [str(sid)]}, 422, "not in this theme any more"),
        (f"/t/{theme['id']}/lock", {"action": "explode"}, 422, "Not a valid choice"),
        ("/group", {"size": "lots"}, 422, "Not a valid choice"),
    ]
    for path, data, status, message in cases:
        response = board_post(signed_in, code, path, data)
        assert response.status_code == status, (path, data, response.status_code)
        assert message in response.get_data(as_text=True), (path, data)
    assert other["id"] in [t["id"] for t in themes(signed_in, code)]


def test_forms_need_csrf(signed_in):
    code = seeded_workshop(signed_in)
    response = signed_in.client.post(board_url(code) + "/group", data={"size": "auto"})
    assert response.status_code == 400
    assert themes(signed_in, code) == []


def test_the_board_is_the_owners_only(signed_in, app):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    theme = themes(signed_in, code)[0]
    token_page = signed_in.client.get(board_url(code)).get_data(as_text=True)
    signed_in.facilitator(email="victoria@example.nhs.uk", name="Victoria")
    other = app.test_client()
    signed_in.sign_in("victoria@example.nhs.uk", client=other)
    assert other.get(board_url(code)).status_code == 404
    assert other.get(f"/wall/{code}/themes").status_code == 404
    assert other.get(f"/wall/{code}/themes/feed").status_code == 404
    from tests.conftest import csrf_from

    own_page = other.get("/facilitate/").get_data(as_text=True)
    response = other.post(
        f"{board_url(code)}/t/{theme['id']}/rename", data={"csrf_token": csrf_from(own_page), "label": "Mine now"}
    )
    assert response.status_code == 404
    assert themes(signed_in, code)[0]["label"] == theme["label"]
    assert token_page  # Tracey still sees her board
    anonymous = app.test_client()
    assert anonymous.get(board_url(code)).status_code == 302


def test_the_workshop_page_links_to_the_board_and_the_projector_view(signed_in):
    code = seeded_workshop(signed_in)
    page = signed_in.client.get(f"/facilitate/w/{code}").get_data(as_text=True)
    assert f'<a href="/facilitate/w/{code}/themes">Themes board</a>' in page
    assert f'<a href="/wall/{code}/themes">Themes on the projector</a>' in page


def test_board_statements_are_escaped(signed_in):
    code = seeded_workshop(signed_in, ["<script>alert(1)</script> share on Twitter", *SEED[:5]])
    group(signed_in, code)
    page = signed_in.client.get(board_url(code)).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_choosing_statements_to_split_off_has_its_own_page(signed_in):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    social = theme_with(signed_in, code, TWITTER)
    split_url = f"{board_url(code)}/t/{social['id']}/split"
    assert f'href="{split_url}"' in signed_in.client.get(board_url(code)).get_data(as_text=True)
    page = signed_in.client.get(split_url).get_data(as_text=True)
    assert "Split “Social media”" in page and page.count('name="statements"') == 4
    every = [str(statement_id(signed_in, code, text)) for text in social["texts"]]
    refused = signed_in.post_form(split_url, {"statements": every})
    assert refused.status_code == 422
    assert "Leave at least one statement in the theme" in refused.get_data(as_text=True)
    assert signed_in.post_form(split_url, {"statements": every[:2]}).status_code == 303
    assert len(themes(signed_in, code)) == 7
