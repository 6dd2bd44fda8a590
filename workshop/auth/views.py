"""Facilitator sign-in, sign-out and (when the host allows it) self-registration."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select

from workshop.auth.forms import RegisterForm, SignInForm
from workshop.extensions import db, limiter, login_manager
from workshop.identity import address_key
from workshop.models import Facilitator

bp = Blueprint("auth", __name__, url_prefix="/auth")

login_manager.login_view = "auth.sign_in"
login_manager.login_message = "Sign in to see that page."
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_facilitator(user_id: str) -> Facilitator | None:
    return db.session.get(Facilitator, int(user_id)) if user_id.isdigit() else None


def find_facilitator(email: str) -> Facilitator | None:
    return db.session.scalar(select(Facilitator).where(func.lower(Facilitator.email) == email.strip().lower()))


def _safe_next(target: str | None) -> str:
    """Only follow ``next`` to a path on this site, never to another host."""
    if target and urlsplit(target).netloc == "" and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("facilitate.dashboard")


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], key_func=address_key, methods=["POST"])
def sign_in() -> ResponseReturnValue:
    """Sign a facilitator in; the same message for a wrong email or password, so accounts can't be probed."""
    if current_user.is_authenticated:
        return redirect(url_for("facilitate.dashboard"))
    form = SignInForm()
    if form.validate_on_submit():
        facilitator = find_facilitator(form.email.data or "")
        if facilitator is not None and facilitator.check_password(form.password.data or ""):
            login_user(facilitator, remember=True)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors = ["That email and password do not match an account."]
    status = 422 if form.errors else 200
    return render_template(
        "auth/sign_in.html", form=form, allow_registration=current_app.config["ALLOW_REGISTRATION"]
    ), status


@bp.post("/sign-out")
@login_required
def sign_out() -> ResponseReturnValue:
    logout_user()
    flash("You have signed out.", "info")
    return redirect(url_for("participate.home"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], key_func=address_key, methods=["POST"])
def register() -> ResponseReturnValue:
    """Self-registration, off unless the host sets ALLOW_REGISTRATION."""
    if not current_app.config["ALLOW_REGISTRATION"]:
        abort(404)
    form = RegisterForm()
    if form.validate_on_submit():
        email = (form.email.data or "").strip()
        if find_facilitator(email) is not None:
            form.email.errors = ["There is already an account with that email: sign in instead."]
        else:
            facilitator = Facilitator(email=email, name=form.name.data or "")
            facilitator.set_password(form.password.data or "")
            db.session.add(facilitator)
            db.session.commit()
            login_user(facilitator, remember=True)
            return redirect(url_for("facilitate.dashboard"))
    status = 422 if form.errors else 200
    return render_template("auth/register.html", form=form), status
