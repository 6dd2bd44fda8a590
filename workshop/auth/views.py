"""Facilitator sign-in, sign-out, password change and (when the host allows it) self-registration.

Sign-in is revocable: the id Flask-Login keeps in the session and the remember cookie carries the
account's session nonce (``Facilitator.get_id``), so a new nonce at sign-out, password change or
disable turns every copy of an earlier cookie into a stranger. Wrong passwords are throttled per
account and per address, counting failures only, and cost the same time for an unknown e-mail.
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user, logout_user

from workshop.access import find_facilitator
from workshop.auth import passwords
from workshop.auth.forms import ChangePasswordForm, RegisterForm, SignInForm
from workshop.extensions import db, login_manager
from workshop.models import Facilitator
from workshop.ratelimits import address_key, limiter

bp = Blueprint("auth", __name__, url_prefix="/auth")

login_manager.login_view = "auth.sign_in"
login_manager.login_message = "Sign in to see that page."
login_manager.login_message_category = "info"

_NO_MATCH = "That email and password do not match an account."


@login_manager.user_loader
def load_facilitator(user_id: str) -> Facilitator | None:
    """The account named by ``id.nonce``, only while that nonce is current and the account enabled."""
    number, _, nonce = user_id.partition(".")
    if not number.isdigit() or not nonce or len(number) > 18:
        return None
    facilitator = db.session.get(Facilitator, int(number))
    if facilitator is None or facilitator.disabled or not facilitator.session_nonce:
        return None
    return facilitator if hmac.compare_digest(facilitator.session_nonce, nonce) else None


def _safe_next(target: str | None) -> str:
    """Only follow ``next`` to a path on this site, never to another host."""
    if target and urlsplit(target).netloc == "" and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("facilitate.dashboard")


def _account_key() -> str:
    email = (request.form.get("email") or "").strip().lower()
    return "login-account:" + hashlib.sha256(email.encode()).hexdigest()[:32]


def _wrong_password(response: object) -> bool:
    return getattr(response, "status_code", 0) == 422


def _sign_in_fresh(facilitator: Facilitator) -> None:
    """A new session at sign-in: nothing planted before (a fixed session, a known CSRF secret) survives."""
    session.clear()
    login_user(facilitator, remember=True)


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_ACCOUNT_FAILURE_LIMIT"],
    key_func=_account_key,
    methods=["POST"],
    deduct_when=_wrong_password,
    error_message="Too many wrong passwords for this account. Wait a few minutes, then try again.",
)
@limiter.limit(
    lambda: current_app.config["LOGIN_ADDRESS_FAILURE_LIMIT"],
    key_func=lambda: "login-address:" + address_key(),
    methods=["POST"],
    deduct_when=_wrong_password,
    error_message="Too many wrong passwords from this network. Wait a few minutes, then try again.",
)
def sign_in() -> ResponseReturnValue:
    """Sign a facilitator in; the same message (and time) for a wrong email or password."""
    if current_user.is_authenticated:
        return redirect(url_for("facilitate.dashboard"))
    form = SignInForm()
    if form.validate_on_submit():
        facilitator = find_facilitator(form.email.data or "")
        password = form.password.data or ""
        if facilitator is None:
            passwords.spend_a_check(password)
        elif facilitator.check_password(password) and not facilitator.disabled:
            _sign_in_fresh(facilitator)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors = [_NO_MATCH]
    status = 422 if form.errors else 200
    return render_template(
        "auth/sign_in.html", form=form, allow_registration=current_app.config["ALLOW_REGISTRATION"]
    ), status


@bp.post("/sign-out")
@login_required
def sign_out() -> ResponseReturnValue:
    """Sign out everywhere: every session and remember cookie of this account stops working."""
    current_user.revoke_sessions()
    db.session.commit()
    logout_user()
    flash("You have signed out on every device.", "info")
    return redirect(url_for("participate.home"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password() -> ResponseReturnValue:
    """Change the password; other devices are signed out, this one stays signed in."""
    form = ChangePasswordForm(email=current_user.email)
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data or ""):
            form.current.errors = ["That is not your current password."]
        else:
            current_user.set_password(form.password.data or "")
            db.session.commit()
            _sign_in_fresh(current_user)
            flash("Your password is changed. Other devices have been signed out.", "info")
            return redirect(url_for("facilitate.dashboard"))
    status = 422 if form.errors else 200
    return render_template("auth/password.html", form=form, rule=passwords.RULE), status


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], key_func=address_key, methods=["POST"])
def register() -> ResponseReturnValue:
    """Self-registration, off unless the host sets ALLOW_REGISTRATION.

    An e-mail that has an account already gets the same answer, after the same work, as a new one,
    and its account is left as it was: registration cannot be used to find who has an account.
    """
    if not current_app.config["ALLOW_REGISTRATION"]:
        abort(404)
    form = RegisterForm()
    if form.validate_on_submit():
        email = (form.email.data or "").strip()
        password = form.password.data or ""
        if find_facilitator(email) is None:
            facilitator = Facilitator(email=email, name=form.name.data or "")
            facilitator.set_password(password)
            db.session.add(facilitator)
            db.session.commit()
        else:
            passwords.hash_password(password)
        flash("Your account is ready: sign in with your email address and password.", "info")
        return redirect(url_for("auth.sign_in"))
    status = 422 if form.errors else 200
    return render_template("auth/register.html", form=form, rule=passwords.RULE), status
