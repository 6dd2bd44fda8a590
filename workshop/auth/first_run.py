"""First run in the browser: a one-time set-up link creates the first facilitator account.

A facilitator who has just started the kit on a laptop should not need a second terminal and a
host command to get in. While no account exists, starting the kit (``impact-kit serve``,
``make run``, ``impact-kit setup-link`` in a container) prints a link with a random token on its
console; the home page says to open it. The link works once: creating the account spends it, and
any account existing (made by the link or by ``facilitator create``) closes the page for good.
The host command stays for scripts.
"""

from __future__ import annotations

import hashlib
import logging
import secrets

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_user
from sqlalchemy import delete, exists, select

from workshop.auth import passwords
from workshop.auth.forms import RegisterForm
from workshop.extensions import db
from workshop.models import Facilitator, SetupToken
from workshop.ratelimits import guessing_limited

log = logging.getLogger(__name__)

bp = Blueprint("first_run", __name__, url_prefix="/setup")

_GONE = "This set-up link has been used or is out of date. Sign in, or restart the kit for a new link."


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def has_accounts() -> bool:
    return bool(db.session.scalar(select(exists().where(Facilitator.id.isnot(None)))))


def issue_token() -> str | None:
    """A fresh set-up token while no account exists (earlier ones stop working), else ``None``. Flushes."""
    if has_accounts():
        db.session.execute(delete(SetupToken))
        return None
    token = secrets.token_urlsafe(32)
    db.session.execute(delete(SetupToken))
    db.session.add(SetupToken(token_hash=_hash(token)))
    db.session.flush()
    return token


def setup_path(token: str) -> str:
    with current_app.test_request_context():
        return url_for("first_run.setup", token=token)


def announce(base_url: str) -> str | None:
    """Issue a token and return the link to print (``base_url`` + path), or ``None`` if accounts exist."""
    token = issue_token()
    db.session.commit()
    if token is None:
        return None
    log.info("first run: no facilitator account yet; a one-time set-up link was printed on the console")
    return base_url.rstrip("/") + setup_path(token)


def _valid(token: str) -> bool:
    if len(token) > 100 or has_accounts():
        return False
    return db.session.scalar(select(SetupToken.id).where(SetupToken.token_hash == _hash(token))) is not None


@bp.route("/<token>", methods=["GET", "POST"])
@guessing_limited
def setup(token: str) -> ResponseReturnValue:
    """Create the first facilitator account (the password rule is shown before it is typed)."""
    if not _valid(token):
        abort(404, description=_GONE)
    form = RegisterForm()
    if form.validate_on_submit():
        # Spending the token is the lock: of two tabs sending at once, only one deletes the row.
        spent = db.session.execute(delete(SetupToken).where(SetupToken.token_hash == _hash(token)))
        if getattr(spent, "rowcount", 0) != 1 or has_accounts():
            db.session.rollback()
            abort(404, description=_GONE)
        facilitator = Facilitator(email=(form.email.data or "").strip(), name=form.name.data or "")
        facilitator.set_password(form.password.data or "")
        db.session.add(facilitator)
        db.session.commit()
        login_user(facilitator, remember=True)
        log.info("first run: the first facilitator account was created from the set-up link")
        flash("Your account is ready. Create your first workshop below.", "info")
        return redirect(url_for("facilitate.dashboard"))
    status = 422 if form.errors else 200
    return render_template("auth/first_run.html", form=form, rule=passwords.RULE), status
