"""Who a respondent is, without an account: a random token in the signed session cookie.

One response per device is kept by this token, and rate limits count per token rather than per
address, because a venue's phones share one public address.
"""

from __future__ import annotations

import secrets

from flask import session

from workshop.ratelimits import address_key

_RESPONDENT = "survey_respondent"


def respondent_token(create: bool = False) -> str | None:
    """This browser's random respondent token, kept in the signed session cookie."""
    token = session.get(_RESPONDENT)
    if token is None and create:
        token = secrets.token_urlsafe(18)
        session[_RESPONDENT] = token
        session.permanent = True
    return token


def respondent_key() -> str:
    """Rate limits per respondent: a venue's phones share one public address."""
    token = session.get(_RESPONDENT) if session else None
    return f"r:{token}" if token else address_key()
