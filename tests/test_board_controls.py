"""The board's controls do what they say: More and Fewer give one more and one fewer theme, a typed
number gives that many, a new theme is empty and named, a split-off theme gets the name asked for,
and a statement's move menu is loaded only when asked for (so a board of 300 stays light).
"""

from __future__ import annotations

import pytest

from tests.board_helpers import (
    board_post,
    board_url,
    group,
    many_statements,
    seeded_workshop,
    statement_id,
    themes,
    unsorted,
)

TWITTER = "Activate a Twitter account. Love the ideas!"


def test_more_and_fewer_give_exactly_one_more_and_one_fewer(signed_in):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    auto = len(themes(signed_in, code))
    page = signed_in.client.get(board_url(code)).get_data(as_text=True)
    assert f"{auto} themes now:" in page and 'name="number" type="number"' in page
    group(signed_in, code, "more")
    assert len(themes(signed_in, code)) == auto + 1
    group(signed_in, code, "more")
    assert len(themes(signed_in, code)) == auto + 2
    group(signed_in, code, "fewer")
    assert len(themes(signed_in, code)) == auto + 1
    group(signed_in, code, "fewer")
    group(signed_in, code, "fewer")
    assert len(themes(signed_in, code)) == auto - 1


@pytest.mark.parametrize("number", [3, 7])
def test_the_facilitator_types_the_number_of_themes(signed_in, number):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    response = board_post(signed_in, code, "/group", {"size": "exact", "number": str(number)})
    assert response.status_code == 303
    assert len(themes(signed_in, code)) == number
    assert f"Grouped again: {number} themes" in signed_in.client.get(board_url(code)).get_data(as_text=True)


def test_a_number_of_themes_that_cannot_be_is_refused_with_a_message(signed_in):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    before = themes(signed_in, code)
    for number, message in (("", "Type how many themes you want"), ("0", "between 1 and 60"), ("abc", "integer")):
        response = board_post(signed_in, code, "/group", {"size": "exact", "number": number}, htmx=True)
        assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert themes(signed_in, code) == before


def test_asking_for_more_themes_than_statements_allow_says_so(signed_in):
    code = seeded_workshop(signed_in, ["Tweet twice a week", "Run a survey of nurses", "Write a case study"])
    group(signed_in, code)
    board_post(signed_in, code, "/group", {"size": "exact", "number": "9"})
    page = signed_in.client.get(board_url(code)).get_data(as_text=True)
    assert "You asked for 9: these statements make" in page


def test_a_new_theme_is_empty_named_and_kept_when_grouping_again(signed_in):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    response = board_post(signed_in, code, "/new", {"label": "  Ideas for the away day  "})
    assert response.status_code == 303
    added = next(t for t in themes(signed_in, code) if t["label"] == "Ideas for the away day")
    assert added["texts"] == [] and added["label_by_person"]
    assert themes(signed_in, code)[-1]["id"] == added["id"]  # last on the board
    board_post(signed_in, code, f"/s/{statement_id(signed_in, code, TWITTER)}/move", {"target": str(added["id"])})
    group(signed_in, code)
    kept = next(t for t in themes(signed_in, code) if t["id"] == added["id"])
    assert kept["texts"] == [TWITTER]
    refused = board_post(signed_in, code, "/new", {"label": "   "}, htmx=True)
    assert refused.status_code == 422 and "Give the new theme a name." in refused.get_data(as_text=True)


def test_splitting_gives_the_new_theme_the_name_asked_for(signed_in):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    biggest = max(themes(signed_in, code), key=lambda t: len(t["texts"]))
    response = board_post(signed_in, code, f"/t/{biggest['id']}/split", {"label": "Twitter polls"})
    assert response.status_code == 303
    labels = [t["label"] for t in themes(signed_in, code)]
    assert "Twitter polls" in labels
    split_off = next(t for t in themes(signed_in, code) if t["label"] == "Twitter polls")
    assert split_off["label_by_person"] and split_off["texts"]


def test_a_split_without_a_name_never_repeats_a_name_on_the_board(signed_in):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    biggest = max(themes(signed_in, code), key=lambda t: len(t["texts"]))
    board_post(signed_in, code, f"/t/{biggest['id']}/split")
    labels = [t["label"] for t in themes(signed_in, code)]
    assert len(labels) == len(set(labels)), labels


def test_the_move_menu_is_loaded_on_demand(signed_in):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    page = signed_in.client.get(board_url(code)).get_data(as_text=True)
    assert "move-target" not in page and page.count("<select") == len(themes(signed_in, code))  # merge only
    twitter = statement_id(signed_in, code, TWITTER)
    menu = signed_in.client.get(f"{board_url(code)}/s/{twitter}/move", headers={"HX-Request": "true"})
    html = menu.get_data(as_text=True)
    assert menu.status_code == 200 and "<html" not in html and "Move to…" in html
    assert '<option value="unsorted">Unsorted</option>' in html
    full = signed_in.client.get(f"{board_url(code)}/s/{twitter}/move").get_data(as_text=True)
    assert "<h1>Move a statement</h1>" in full and TWITTER in full
    moved = signed_in.post_form(
        f"{board_url(code)}/s/{twitter}/move", {"target": "unsorted"}, page=f"{board_url(code)}/s/{twitter}/move"
    )
    assert moved.status_code == 303 and TWITTER in unsorted(signed_in, code)
    assert signed_in.client.get(f"{board_url(code)}/s/999999/move").status_code == 404


def test_a_board_of_300_statements_stays_light(signed_in):
    code = seeded_workshop(signed_in, many_statements(300))
    group(signed_in, code)
    size = len(signed_in.client.get(board_url(code)).data)
    assert size < 200 * 1024, f"the board of 300 statements is {size / 1024:.0f} KiB"
