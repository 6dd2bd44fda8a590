""" "Shout about it": social media cards of a closed workshop on the facilitator's page, decoded
with Pillow, with alt text and captions; statement cards only with the author's consent.
"""

from __future__ import annotations

import html
import io
import re

from flask import Flask
from PIL import Image

from tests.conftest import Actions
from workshop.extensions import db
from workshop.models import Statement, StatementStatus, Theme, Workshop, WorkshopState

VISIBLE = StatementStatus.VISIBLE

SHARED = "Write 3 case studies with my team by the end of March"
PRIVATE = "Ask my manager about a library survey"


def _closed_workshop(signed_in: Actions, *, themes: bool = False) -> tuple[str, list[int]]:
    code = signed_in.workshop()
    phone = signed_in.phone_for(code)
    phone.post(SHARED, share_consent="y")
    phone.post(PRIVATE)
    signed_in.phone_for(code).post("Post on social media about the library every week", share_consent="y")
    with signed_in.app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        statements = db.session.query(Statement).filter_by(workshop_id=workshop.id).order_by(Statement.id).all()
        if themes:
            social = Theme(workshop=workshop, label="Social media", position=0)
            stories = Theme(workshop=workshop, label="Case studies", position=1)
            statements[0].theme = stories
            statements[1].theme = stories
            statements[2].theme = social
            db.session.add_all([social, stories])
        workshop.state = WorkshopState.CLOSED
        db.session.commit()
        ids = [s.id for s in statements]
    return code, ids


def _png(response) -> Image.Image:
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    image = Image.open(io.BytesIO(response.data))
    image.load()
    return image


def test_a_closed_workshop_offers_summary_cards_in_both_sizes(app: Flask, signed_in: Actions) -> None:
    code, _ = _closed_workshop(signed_in, themes=True)
    workshop_page = signed_in.client.get(f"/facilitate/w/{code}").get_data(as_text=True)
    assert f'href="/facilitate/w/{code}/cards"' in workshop_page

    page = signed_in.client.get(f"/facilitate/w/{code}/cards").get_data(as_text=True)
    for size, expected in (("landscape", (1200, 675)), ("square", (1080, 1080))):
        src = f"/facilitate/w/{code}/cards/summary-{size}.png"
        img = re.search(rf'<img src="{re.escape(src)}\?v=[0-9a-f]+" alt="([^"]+)"', page)
        assert img, size
        alt = html.unescape(img.group(1))
        assert "2 participants wrote 3 commitments" in alt
        assert "Case studies (2 statements)" in alt
        assert "Social media (1 statement)" in alt
        assert _png(signed_in.client.get(src)).size == expected
        download = signed_in.client.get(src + "?download=1")
        assert download.headers["Content-Disposition"].startswith("attachment;")
        assert _png(download).size == expected
    captions = re.findall(r'<textarea id="caption-summary-[a-z]+"[^>]*>([^<]*)</textarea>', page)
    assert len(captions) == 2
    assert all("#LKSImpact" in html.unescape(caption) and len(html.unescape(caption)) <= 280 for caption in captions)
    assert re.search(r'<textarea id="alt-summary-landscape"[^>]*readonly', page)


def test_without_themes_the_summary_says_so(app: Flask, signed_in: Actions) -> None:
    code, _ = _closed_workshop(signed_in)
    page = html.unescape(signed_in.client.get(f"/facilitate/w/{code}/cards").get_data(as_text=True))
    assert "No themes yet." in page


def test_statement_cards_only_for_statements_shared_with_consent(app: Flask, signed_in: Actions) -> None:
    code, (shared, private, other) = _closed_workshop(signed_in)
    page = signed_in.client.get(f"/facilitate/w/{code}/cards").get_data(as_text=True)
    names = set(re.findall(rf"/facilitate/w/{code}/cards/(statement-\d+-[a-z]+)\.png", page))
    assert names == {f"statement-{i}-{size}" for i in (shared, other) for size in ("landscape", "square")}
    assert SHARED in html.unescape(page)
    assert PRIVATE not in html.unescape(page)
    image = _png(signed_in.client.get(f"/facilitate/w/{code}/cards/statement-{shared}-square.png"))
    assert image.size == (1080, 1080)
    assert signed_in.client.get(f"/facilitate/w/{code}/cards/statement-{private}-square.png").status_code == 404


def test_hidden_statements_get_no_card_even_with_consent(app: Flask, signed_in: Actions) -> None:
    code, (shared, _, _) = _closed_workshop(signed_in)
    with app.app_context():
        statement = db.session.get(Statement, shared)
        statement.status = statement.status.HIDDEN
        db.session.commit()
    assert f"statement-{shared}-" not in signed_in.client.get(f"/facilitate/w/{code}/cards").get_data(as_text=True)
    assert signed_in.client.get(f"/facilitate/w/{code}/cards/statement-{shared}-landscape.png").status_code == 404


def test_no_cards_while_the_workshop_is_open(app: Flask, signed_in: Actions) -> None:
    code = signed_in.workshop()
    signed_in.phone_for(code).post(SHARED, share_consent="y")
    assert f"/facilitate/w/{code}/cards" not in signed_in.client.get(f"/facilitate/w/{code}").get_data(as_text=True)
    page = signed_in.client.get(f"/facilitate/w/{code}/cards")
    assert page.status_code == 200
    assert "Close submissions first" in page.get_data(as_text=True)
    assert signed_in.client.get(f"/facilitate/w/{code}/cards/summary-landscape.png").status_code == 404


def test_bad_card_names_are_not_found(app: Flask, signed_in: Actions) -> None:
    code, (shared, _, _) = _closed_workshop(signed_in)
    for name in (
        "summary-huge",
        "statement-0-square",
        f"statement-{shared}",
        "../../etc/passwd",
        "statement-99999-square",
        "statement-" + "9" * 30 + "-square",
        "summary-landscape.png",
    ):
        assert signed_in.client.get(f"/facilitate/w/{code}/cards/{name}.png").status_code == 404, name


def test_cards_are_for_the_owner_only(app: Flask, signed_in: Actions) -> None:
    code, (shared, _, _) = _closed_workshop(signed_in)
    stranger = app.test_client()
    assert stranger.get(f"/facilitate/w/{code}/cards").status_code == 302  # to sign in
    assert stranger.get(f"/facilitate/w/{code}/cards/summary-square.png").status_code == 302
    signed_in.facilitator(email="other@example.nhs.uk", name="Other")
    signed_in.sign_in("other@example.nhs.uk", client=stranger)
    assert stranger.get(f"/facilitate/w/{code}/cards").status_code == 404
    assert stranger.get(f"/facilitate/w/{code}/cards/statement-{shared}-square.png").status_code == 404


def test_a_statement_from_another_workshop_is_not_found(app: Flask, signed_in: Actions) -> None:
    code, _ = _closed_workshop(signed_in)
    other_code, (foreign, _, _) = _closed_workshop(signed_in)
    assert signed_in.client.get(f"/facilitate/w/{code}/cards/statement-{foreign}-square.png").status_code == 404
    assert signed_in.client.get(f"/facilitate/w/{other_code}/cards/statement-{foreign}-square.png").status_code == 200


def _logo_png(size: tuple[int, int] = (200, 80)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_facilitator_puts_a_logo_on_every_card_and_removes_it(app: Flask, signed_in: Actions) -> None:
    code, ids = _closed_workshop(signed_in)
    plain = _png(signed_in.client.get(f"/facilitate/w/{code}/cards/summary-landscape.png"))

    response = signed_in.post_form(
        f"/facilitate/w/{code}/logo",
        {"logo": (io.BytesIO(_logo_png()), "logo.png")},
        page=f"/facilitate/w/{code}/cards",
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert signed_in.workshop_row(code).logo_type == "image/png"
    with_logo = _png(signed_in.client.get(f"/facilitate/w/{code}/cards/summary-landscape.png"))
    corner = (with_logo.width - 100, 90)  # inside the plate, top right
    assert with_logo.getpixel(corner) != plain.getpixel(corner)
    statement = _png(signed_in.client.get(f"/facilitate/w/{code}/cards/statement-{ids[0]}-square.png"))
    assert (200, 30, 30) in {statement.getpixel((x, 60)) for x in range(statement.width - 200, statement.width - 60)}

    removed = signed_in.post_form(f"/facilitate/w/{code}/logo", {"remove": "y"}, page=f"/facilitate/w/{code}/cards")
    assert removed.status_code == 302 and signed_in.workshop_row(code).logo_type == ""


def test_a_logo_that_is_not_a_small_png_or_jpeg_is_refused_with_a_message(app: Flask, signed_in: Actions) -> None:
    code, _ = _closed_workshop(signed_in)
    for data, message in (
        (b"GIF89a not really", "not a PNG or JPEG image"),
        (_logo_png((4000, 20)), "use 16 to 3,000 pixels a side"),
    ):
        response = signed_in.post_form(
            f"/facilitate/w/{code}/logo",
            {"logo": (io.BytesIO(data), "logo.png")},
            page=f"/facilitate/w/{code}/cards",
            content_type="multipart/form-data",
        )
        assert response.status_code == 422
        assert message in html.unescape(response.get_data(as_text=True))
        assert signed_in.workshop_row(code).logo_type == ""


def test_summary_card_ranks_themes_by_votes_when_the_room_voted(app: Flask, signed_in: Actions) -> None:
    code, _ = _closed_workshop(signed_in, themes=True)
    with signed_in.app.app_context():
        from workshop.models import Vote

        workshop = db.session.query(Workshop).filter_by(code=code).one()
        workshop.voting = True
        social = db.session.query(Theme).filter_by(workshop_id=workshop.id, label="Social media").one()
        participants = [p.id for p in workshop.participants]
        db.session.add_all(Vote(theme=social, participant_id=pid) for pid in participants)
        db.session.commit()
    page = html.unescape(signed_in.client.get(f"/facilitate/w/{code}/cards").get_data(as_text=True))

    assert "Top themes by votes: Social media (2 votes); Case studies (0 votes)." in page


# --- finding 16: a paginated page of image URLs, each PNG drawn when asked for, cached by content ------


def many_shared(signed_in: Actions, count: int) -> str:
    """A closed workshop with ``count`` + 2 statements shared with consent (also the a11y checks' cards page)."""
    code, _ = _closed_workshop(signed_in)
    with signed_in.app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        db.session.add_all(
            Statement(workshop=workshop, text=f"Write case study {n} by March", share_consent=True, status=VISIBLE)
            for n in range(count)
        )
        db.session.commit()
    return code


def _card_urls(page: str, code: str) -> list[str]:
    return [html.unescape(src) for src in re.findall(rf'<img src="(/facilitate/w/{code}/cards/statement-[^"]+)"', page)]


def test_the_cards_page_lists_one_page_of_image_urls_with_next_and_previous(app: Flask, signed_in: Actions) -> None:
    code = many_shared(signed_in, 60)  # 62 shared statements with the two of _closed_workshop
    first = signed_in.client.get(f"/facilitate/w/{code}/cards").get_data(as_text=True)
    urls = _card_urls(first, code)
    assert len(urls) == 2 * 24  # both sizes of 24 statements, not all 124 cards
    assert "Page 1 of 3" in first
    assert f'href="/facilitate/w/{code}/cards?page=2#statement-cards"' in first
    assert "Previous" not in first

    second = signed_in.client.get(f"/facilitate/w/{code}/cards?page=2").get_data(as_text=True)
    assert "Page 2 of 3" in second
    assert (
        f'href="/facilitate/w/{code}/cards?page=1#statement-cards"' in second
        and f'href="/facilitate/w/{code}/cards?page=3#statement-cards"' in second
    )
    assert not set(_card_urls(second, code)) & set(urls)
    last = signed_in.client.get(f"/facilitate/w/{code}/cards?page=3").get_data(as_text=True)
    assert len(_card_urls(last, code)) == 2 * (62 - 48) and "Next" not in last

    for bad, shown in (("0", "Page 1 of 3"), ("-4", "Page 1 of 3"), ("abc", "Page 1 of 3"), ("999", "Page 3 of 3")):
        response = signed_in.client.get(f"/facilitate/w/{code}/cards?page={bad}")
        assert response.status_code == 200, bad
        assert shown in response.get_data(as_text=True), bad


def test_a_card_png_has_a_content_etag_and_answers_304(app: Flask, signed_in: Actions) -> None:
    code, (shared, _, _) = _closed_workshop(signed_in)
    page = signed_in.client.get(f"/facilitate/w/{code}/cards").get_data(as_text=True)
    url = next(u for u in _card_urls(page, code) if f"statement-{shared}-square.png?v=" in u)
    first = signed_in.client.get(url)
    assert _png(first).size == (1080, 1080)
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"].startswith("private, max-age=")
    assert signed_in.client.get(url).headers["ETag"] == etag
    again = signed_in.client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.data

    with app.app_context():
        db.session.get(Statement, shared).text = "Run a journal club every month from April"
        db.session.commit()
    changed = signed_in.client.get(f"/facilitate/w/{code}/cards").get_data(as_text=True)
    new_url = next(u for u in _card_urls(changed, code) if f"statement-{shared}-square.png?v=" in u)
    assert new_url != url
    fresh = signed_in.client.get(new_url, headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and fresh.headers["ETag"] != etag
    stale = signed_in.client.get(url)  # an old page's URL still gets the statement's current card
    assert _png(stale).size == (1080, 1080) and stale.headers["ETag"] == fresh.headers["ETag"]


def test_each_statement_is_one_tile_with_both_sizes_and_one_alt_text_and_caption(
    app: Flask, signed_in: Actions
) -> None:
    """The page was two full-width images and four text boxes a statement (48,610 px for 24 at 1366x768)."""
    code, (shared, _, other) = _closed_workshop(signed_in)
    page = signed_in.client.get(f"/facilitate/w/{code}/cards").get_data(as_text=True)
    tiles = re.findall(r'<li class="share-card card">(.*?)</li>', page, re.S)
    assert len(tiles) == 2
    for tile, statement_id in zip(tiles, (shared, other), strict=True):
        assert re.findall(r"statement-(\d+)-(landscape|square)\.png\?v=", tile) == [
            (str(statement_id), "landscape"),
            (str(statement_id), "square"),
        ]
        assert tile.count("<textarea") == 2  # one alt text, one caption: the words are the same in both sizes
        assert f'id="alt-statement-{statement_id}"' in tile and f'id="caption-statement-{statement_id}"' in tile
        assert "?download=1" in tile
    assert "2 statements can be shared." in page
    assert "Pages of statement cards" not in page  # one page: no page links


def test_many_pages_of_cards_say_where_you_are_and_link_pages_above_and_below(app: Flask, signed_in: Actions) -> None:
    code = many_shared(signed_in, 298)  # 300 shared: 13 pages of 24
    page = html.unescape(signed_in.client.get(f"/facilitate/w/{code}/cards?page=7").get_data(as_text=True))
    assert "300 statements can be shared: 145 to 168 are on this page (page 7 of 13)." in page
    navs = re.findall(r'<nav class="pagination" aria-label="([^"]+)">(.*?)</nav>', page, re.S)
    assert [label for label, _ in navs] == ["Pages of statement cards", "Pages of statement cards, below the cards"]
    for _, nav in navs:
        linked = [int(n) for n in re.findall(r"cards\?page=(\d+)#statement-cards\"><span", nav)]
        assert linked == [1, 5, 6, 8, 9, 13]  # the ends and two either side; Previous and Next besides
        assert nav.count("…") == 2 and 'aria-current="page" class="pagination-current">Page 7 of 13' in nav
        assert 'rel="prev"' in nav and 'rel="next"' in nav
    assert '<ol class="share-card-grid" start="145">' in page
