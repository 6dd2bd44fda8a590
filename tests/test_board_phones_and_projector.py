"""Themes beyond the facilitator's laptop: the projector's themes view, and phones that see and vote.

Both poll with the workshop's version: 204 while nothing changed, the fresh fragment otherwise.
"""

from __future__ import annotations

import re

from tests.board_helpers import board_post, board_url, group, seeded_workshop, statement_id, themes, vote
from tests.conftest import readable, sql_sent
from workshop.extensions import db
from workshop.models import Workshop

TWITTER = "Activate a Twitter account. Love the ideas!"


def _version(html: str) -> int:
    return int(re.search(r'data-version="(\d+)"', html).group(1))


def _share(signed_in, code: str, *, voting: bool = False) -> None:
    board_post(signed_in, code, "/share", {"state": "on"})
    if voting:
        board_post(signed_in, code, "/voting", {"state": "on"})


def test_projector_themes_view_shows_the_themes_not_the_engines_words(signed_in):
    """The room sees the themes and their statements; the "why" words and the engine are the board's."""
    code = seeded_workshop(signed_in)
    empty = signed_in.client.get(f"/wall/{code}/themes").get_data(as_text=True)
    assert "Themes appear here once the facilitator groups the statements." in empty
    group(signed_in, code)
    page = signed_in.client.get(f"/wall/{code}/themes").get_data(as_text=True)
    assert '<span class="wall-theme-label">Social media</span>' in page
    assert "Why together" not in page and "Grouped by" not in page
    assert "Why together:</strong> twitter" in signed_in.client.get(f"/facilitate/w/{code}/themes").get_data(
        as_text=True
    )
    assert f'href="/wall/{code}"' in page  # back to the statements wall
    assert f'href="/wall/{code}/themes"' in signed_in.client.get(f"/wall/{code}").get_data(as_text=True)


def test_projector_feed_is_204_until_the_board_changes(signed_in):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    feed = signed_in.client.get(f"/wall/{code}/themes/feed", headers={"HX-Request": "true"})
    html = feed.get_data(as_text=True)
    assert "<html" not in html and "HX-Request" in feed.headers["Vary"]
    version = _version(html)
    idle = signed_in.client.get(f"/wall/{code}/themes/feed?v={version}", headers={"HX-Request": "true"})
    assert idle.status_code == 204 and idle.data == b""
    theme = themes(signed_in, code)[0]
    board_post(signed_in, code, f"/t/{theme['id']}/rename", {"label": "Tweeting our impact"})
    fresh = signed_in.client.get(f"/wall/{code}/themes/feed?v={version}", headers={"HX-Request": "true"})
    assert fresh.status_code == 200 and "Tweeting our impact" in fresh.get_data(as_text=True)
    assert _version(fresh.get_data(as_text=True)) > version


def test_phones_see_themes_only_when_shared(signed_in):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    phone = signed_in.phone_for(code)
    page = phone.open()
    assert 'id="themes"' in page and "Themes</h2>" not in page and "Social media" not in page
    alone = readable(phone.client.get(f"/j/{code}/themes").get_data(as_text=True))
    assert "Social media" not in alone
    _share(signed_in, code)
    page = phone.open()
    assert '<h2 id="themes-title">Themes</h2>' in page
    assert '<h3 class="phone-theme-title">Social media</h3>' in page
    assert "Vote<span" not in page  # voting is off
    # a few of each theme's statements under it, all of them a tap away
    social = next(t for t in themes(signed_in, code) if t["label"] == "Social media")
    listed = phone.client.get(f"/j/{code}/themes/t/{social['id']}")
    assert listed.status_code == 200 and TWITTER in readable(listed.get_data(as_text=True))
    for card in re.findall(r'<li class="card phone-theme">.*?</li>\s*</ul>', page, re.S):
        assert card.count('<li dir="auto">') <= 3
    board_post(signed_in, code, "/share", {"state": "off"})
    assert "Social media" not in phone.open()
    assert phone.client.get(f"/j/{code}/themes/t/{social['id']}").status_code == 404  # not shared: not there


def test_a_phone_shows_a_few_statements_of_each_theme_and_links_the_rest(signed_in):
    """A 500-person room's themes on a phone: a few statements each, not all 1,500 (issue 15)."""
    code = seeded_workshop(signed_in)
    phone = signed_in.phone_for(code)
    for number in range(6):
        phone.post(f"Share our impact stories on Twitter and Instagram, post {number} of six")
    group(signed_in, code)
    _share(signed_in, code)
    page = phone.open()
    biggest = max(themes(signed_in, code), key=lambda t: len(t["texts"]))
    count = len(biggest["texts"])
    assert count > 3
    link = f'href="/j/{code}/themes/t/{biggest["id"]}">All {count} statements'
    assert link in page
    listed = phone.client.get(f"/j/{code}/themes/t/{biggest['id']}").get_data(as_text=True)
    assert listed.count('<li dir="auto">') == count and f"{count} statements" in listed
    assert phone.client.get(f"/j/{code}/themes/t/999999").status_code == 404


def test_phone_themes_poll_answers_204_until_something_changes(signed_in):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    phone = signed_in.phone_for(code)
    version = signed_in.workshop_row(code).version
    idle = phone.client.get(f"/j/{code}/themes?v={version}", headers={"HX-Request": "true"})
    assert idle.status_code == 204 and "HX-Request" in idle.headers["Vary"]
    _share(signed_in, code)
    fresh = phone.client.get(f"/j/{code}/themes?v={version}", headers={"HX-Request": "true"})
    html = fresh.get_data(as_text=True)
    assert fresh.status_code == 200 and "<html" not in html and "Social media" in html
    assert html.lstrip().startswith('<section id="themes"')


def test_voting_one_vote_per_theme_three_in_all_with_a_live_tally(signed_in):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    ids = [t["id"] for t in themes(signed_in, code)]
    phone = signed_in.phone_for(code)
    refused = vote(phone, code, ids[0])
    assert refused.status_code == 303
    assert "Voting is not open just now." in phone.open()
    _share(signed_in, code, voting=True)

    for _ in range(2):  # a double tap counts once
        assert vote(phone, code, ids[0]).status_code == 303
    page = phone.open()
    assert "Your vote for “Social media” is counted." in page
    assert '<span class="vote-tally">1 vote</span>' in page and "You have 2 left." in page
    other = signed_in.phone_for(code)
    response = vote(other, code, ids[0], htmx=True)
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert "<html" not in fragment and '<span class="vote-tally">2 votes</span>' in fragment

    vote(phone, code, ids[1])
    vote(phone, code, ids[2])
    over = vote(phone, code, ids[3], htmx=True)
    assert over.status_code == 422
    assert "You have used your 3 votes." in over.get_data(as_text=True)
    vote(phone, code, ids[2], "unvote")
    assert vote(phone, code, ids[3]).status_code == 303
    page = phone.open()
    assert "You have 0 left." in page and page.count("Take back my vote") == 3

    wall = signed_in.client.get(f"/wall/{code}/themes").get_data(as_text=True)
    assert '<span class="count">4</span> votes' in wall  # two phones: 3 + 1
    assert '<p class="wall-votes"><span class="count">2</span> votes</p>' in wall
    # ranked by votes: the theme with 2 first, each with its rank, ties in the board's order
    tallies = [int(n) for n in re.findall(r'<p class="wall-votes"><span class="count">(\d+)</span>', wall)]
    assert tallies == sorted(tallies, reverse=True) and tallies[0] == 2
    assert '<span class="wall-theme-rank">1.</span>' in wall
    board = signed_in.client.get(board_url(code)).get_data(as_text=True)
    assert "voting open, 4 votes" in board and "· 2 votes" in board


def test_merging_keeps_one_vote_per_participant(signed_in):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    ids = [t["id"] for t in themes(signed_in, code)]
    _share(signed_in, code, voting=True)
    phone = signed_in.phone_for(code)
    vote(phone, code, ids[0])
    vote(phone, code, ids[1])
    board_post(signed_in, code, f"/t/{ids[1]}/merge", {"into": str(ids[0])})
    page = phone.open()
    assert '<span class="vote-tally">1 vote</span>' in page and "You have 2 left." in page


def test_voting_on_a_stale_theme_or_without_csrf(signed_in, app):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    _share(signed_in, code, voting=True)
    phone = signed_in.phone_for(code)
    response = vote(phone, code, 999999, htmx=True)
    assert response.status_code == 422 and "That theme is not on the list any more" in response.get_data(as_text=True)
    theme = themes(signed_in, code)[0]
    assert phone.client.post(f"/j/{code}/themes/t/{theme['id']}/vote", data={"action": "vote"}).status_code == 400
    bad = vote(phone, code, theme["id"], "stuff")
    assert bad.status_code == 303 and "Not a valid choice" in phone.open()


def test_a_phone_sees_its_statements_theme(signed_in):
    code = seeded_workshop(signed_in)
    phone = signed_in.phone_for(code)
    phone.post("Post our impact stories on Twitter and Instagram every week")
    group(signed_in, code)
    assert "Theme: Social media" in phone.open()
    assert statement_id(signed_in, code, TWITTER)


def test_the_board_says_when_statements_arrive_without_redrawing_itself(signed_in):
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    version = signed_in.workshop_row(code).version
    news = f"{board_url(code)}/news?v={version}"
    assert signed_in.client.get(news, headers={"HX-Request": "true"}).status_code == 204
    signed_in.phone_for(code).post("Present our impact case study at the Trust board")
    fresh = signed_in.client.get(news, headers={"HX-Request": "true"})
    assert fresh.status_code == 200 and "Show the changes" in fresh.get_data(as_text=True)
    assert "hx-trigger" not in fresh.get_data(as_text=True)  # it stops polling until the board is redrawn


def test_a_post_from_the_panel_leaves_the_shared_sections_to_the_page(signed_in):
    """The htmx answer to a post holds empty, preserved themes and others' sections (the page keeps
    its own, hx-preserve): drawing them for every post had doubled its cost. Without htmx, and on
    the join page, they are drawn in full."""
    code = seeded_workshop(signed_in, me_too=True)
    group(signed_in, code)
    _share(signed_in, code, voting=True)
    phone = signed_in.phone_for(code)
    full = phone.open()
    assert 'class="card phone-theme"' in full and 'id="others-title"' in full
    answer = phone.post("Write 3 case studies with my team by the end of March", htmx=True)
    html = readable(answer.get_data(as_text=True))
    assert answer.status_code == 200 and "Thank you: your statement is on the wall." in html
    assert '<section id="themes" class="phone-themes" hx-preserve="true"></section>' in html
    assert '<section id="others" class="others" hx-preserve="true"></section>' in html
    assert "phone-theme-title" not in html and "others-title" not in html
    assert "Write 3 case studies" in html  # the phone's own statements are drawn
    refused = phone.post("", htmx=True)  # a refused post keeps them too
    assert refused.status_code == 422 and 'id="themes" class="phone-themes" hx-preserve="true"' in refused.get_data(
        as_text=True
    )
    plain = phone.post("Ask two ward managers what changed after the evidence summary, by May")
    assert plain.status_code == 302
    again = phone.open()
    assert 'class="card phone-theme"' in again and "hx-preserve" not in again


def test_votes_recount_the_tally_without_rereading_the_themes(signed_in, app):
    """Every vote is a new version, but not a new ``board_version``: the phones' shared themes
    (labels, counts, example statements) are read once until something else changes, the tally
    at every vote. A rename, a moved statement or a new theme is read again at once."""
    code = seeded_workshop(signed_in)
    group(signed_in, code)
    _share(signed_in, code, voting=True)
    ids = [t["id"] for t in themes(signed_in, code)]
    phone, other = signed_in.phone_for(code), signed_in.phone_for(code)
    phone.open()  # the themes, read once
    with sql_sent(app, lambda sql: "row_number" in sql.lower()) as reads:  # the example statements' query
        first = vote(phone, code, ids[0], htmx=True).get_data(as_text=True)
        assert '<span class="vote-tally">1 vote</span>' in first
        second = vote(other, code, ids[0], htmx=True).get_data(as_text=True)
        assert '<span class="vote-tally">2 votes</span>' in second
        taken_back = vote(other, code, ids[0], "unvote", htmx=True).get_data(as_text=True)
        assert '<span class="vote-tally">1 vote</span>' in taken_back
        assert reads == []  # three votes, the themes not read again
        board_post(signed_in, code, f"/t/{ids[0]}/rename", {"label": "Telling our story"})
        assert "Telling our story" in phone.open()
        assert len(reads) == 1
        assert '<span class="vote-tally">1 vote</span>' in phone.open()


def test_a_closed_session_shows_its_votes_but_no_vote_buttons(signed_in, app):
    code = seeded_workshop(signed_in)
    phone = signed_in.phone_for(code)
    phone.post("Put our impact case studies on the intranet")
    group(signed_in, code)
    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        workshop.themes_shared = workshop.voting = True
        db.session.commit()
    theme = themes(signed_in, code)[0]
    assert vote(phone, code, theme["id"]).status_code in (200, 302, 303)
    assert 'value="vote"' in phone.open() and "Vote for the themes" in phone.open()
    closing = signed_in.post_form(f"/facilitate/w/{code}/state", {"state": "closed"}, page=f"/facilitate/w/{code}")
    assert closing.status_code in (200, 302, 303)
    page = phone.open()
    assert "1 vote" in page and "your vote" in page  # the tally stays
    assert 'value="vote"' not in page and 'value="unvote"' not in page and "Vote for the themes" not in page
