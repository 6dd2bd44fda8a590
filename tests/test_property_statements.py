"""Property: whatever Unicode a phone sends, the statement path never fails, and stores what it shows.

Arbitrary text (every category but lone surrogates, which no browser can send in UTF-8): control
characters, right-to-left marks, combining sequences, emoji, markup-like text, very long lines.
Each example is a new phone posting through the real form with htmx. The server answers 200
(stored) or 422 (a rule, such as "too long", with a message), never anything else; what it stores
is exactly ``clean_text`` of what was sent; and the panel shows it escaped, never as markup.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from tests.conftest import Actions
from workshop.common.text import clean_text, has_words
from workshop.extensions import db
from workshop.models import Statement

CHAR_LIMIT = 300

ANY_TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cs",)),  # lone surrogates cannot be sent as UTF-8
    max_size=CHAR_LIMIT + 40,
)
MARKUP_LIKE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "{{ 7*7 }} {% raw %}",
        '=HYPERLINK("http://example.com")',
        "\u202eevil\u202c",
        "\x00\x07\x0b\x1b[31m",
        "e\u0301\u0327 👩🏽‍⚕️ 中文 العربية",
    ]
)


@pytest.fixture()
def app_settings() -> dict[str, Any]:
    # Every example is a new phone on 127.0.0.1: keep the per-address backstop and cap out of the way.
    return {"ADDRESS_RATE_LIMIT": "100000 per minute", "NEW_PHONE_ADDRESS_LIMIT": "100000 per minute"}


@settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=st.one_of(ANY_TEXT, st.tuples(ANY_TEXT, MARKUP_LIKE, ANY_TEXT).map("".join)))
def test_any_text_is_stored_cleaned_and_shown_escaped(actions: Actions, app: Flask, text: str) -> None:
    if not hasattr(app, "_property_workshop"):
        actions.facilitator()
        app._property_workshop = actions.workshop(char_limit=CHAR_LIMIT)  # type: ignore[attr-defined]
    code = app._property_workshop  # type: ignore[attr-defined]
    phone = actions.phone_for(code)

    response = phone.post(text, htmx=True, confirm_personal_data="y")

    assert response.status_code in (200, 422), response.status_code
    body = response.get_data(as_text=True)
    expected = clean_text(text)
    with app.app_context():
        stored = db.session.query(Statement.text).order_by(Statement.id.desc()).limit(1).scalar()
    if response.status_code == 200:
        assert stored == expected
        assert 0 < len(expected) <= CHAR_LIMIT and has_words(expected)
        assert str(escape(expected)) in body.replace("\xad", "")  # soft hyphens: where long words may break
    else:
        assert not expected or not has_words(expected) or len(expected) > CHAR_LIMIT or "personal" in body.lower(), (
            body[:500]
        )
        assert 'class="error-message"' in body or "error" in body
    assert "<script>alert(1)</script>" not in body
