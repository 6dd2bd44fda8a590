"""``/healthz`` for load balancers and monitoring: 200 when the app and its database answer.

Its own blueprint, not a participant's page: it is exempt from rate limits and carries no session.
"""

from __future__ import annotations

from flask import Blueprint
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from workshop.extensions import db
from workshop.ratelimits import limiter

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@limiter.exempt
def healthz() -> ResponseReturnValue:
    db.session.execute(select(1))
    return {"status": "ok", "database": "ok"}
