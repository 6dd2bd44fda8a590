"""Getting the workshop's outputs out into the world: "email me my plan" and social media cards.

Step five of the workshop is "shout about it". Participants can have their personal SMART plan
e-mailed to them (when the host set up SMTP), and the facilitator of a closed workshop gets
ready-made PNG cards with alt text and a caption. These views live in ``exports`` because they
use its builders; the core (``workshop``) never imports from here.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from flask import Blueprint, Flask, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required
from flask_wtf import FlaskForm
from limits import parse
from sqlalchemy import Select, func, select

from exports import documents
from exports.builders.cards import (
    LANDSCAPE,
    LOGO_MAX_BYTES,
    SQUARE,
    build_statement_card,
    build_summary_card,
    check_logo,
    statement_card_text,
    summary_card_text,
)
from exports.forms import LogoForm
from exports.snapshot import workshop_data
from workshop import links
from workshop.access import owned_workshop, participant_by_token
from workshop.common.dates import long_date
from workshop.common.mime import MIME_PNG
from workshop.downloads import send_download
from workshop.extensions import db
from workshop.forms import email_address_field
from workshop.guards import accepts_files
from workshop.mail import Attachment, MailNotSent, mail_configured, send_mail
from workshop.models import Participant, Statement, StatementStatus, Workshop, WorkshopState, utcnow
from workshop.ratelimits import address_key, limiter
from workshop.urls import lasting_url

bp = Blueprint("sharing", __name__, template_folder="templates")


# --- "email me my plan" ---------------------------------------------------------------------------


class EmailPlanForm(FlaskForm):
    email = email_address_field("Your email address", "Enter the email address to send your plan to.")


def _mail_or_404() -> None:
    if not mail_configured(current_app.config):
        abort(404, description="Email is not set up on this server: download your plan instead.")


def _per_private_link() -> str:
    return "email-plan:" + str((request.view_args or {}).get("token", ""))[:64]


def _sent(response: Response) -> bool:
    """Only e-mails actually sent count towards the limit: fixing a typo in the address is free."""
    return response.status_code == 302


def _email_body(participant: Participant) -> str:
    """The message: written by the kit and the facilitator only, never by the participant.

    Whoever holds a private link can ask for the mail, to any address: if their own words were in
    it, the kit would carry their text to a stranger under the NHS sender's name. The statements
    travel in the attached documents, which the recipient opens knowing who they are from.
    """
    workshop = participant.workshop
    private_url = lasting_url("participate.private_copy", token=participant.token)
    where = (
        f"Your private page, with your statements and documents: {private_url}"
        if private_url
        else "Keep this email: the workshop's web pages close with the session, and the attached plans are your copy."
    )
    return (
        f"Here is your take-home pack from {workshop.title}: your SMART action plan and five-step "
        "impact plan (Word documents) and a calendar reminder to look back at them.\n\n"
        "Your statements are in the attached plans.\n\n"
        f"{where}\n\n"
        "You asked for this email on your private page. We have not kept your email address.\n"
    )


def _per_workshop() -> str:
    participant = participant_by_token(str((request.view_args or {}).get("token", "")))
    return f"email-plan-workshop:{participant.workshop_id}"


class MailRefused(Exception):
    """Why this participant may not have the plan mailed now, said to them (HTTP status given)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def _check_may_mail(participant: Participant) -> None:
    workshop = participant.workshop
    if not participant.statements:
        raise MailRefused("Write a statement first: your plan is made from it.", 409)
    days = int(current_app.config["EMAIL_PLAN_DAYS_AFTER_CLOSE"])
    if workshop.state != WorkshopState.OPEN and (
        workshop.closed_at is None or utcnow() - workshop.closed_at > timedelta(days=days)
    ):
        raise MailRefused(
            f"Plans can be emailed until {days} days after the workshop closes. Download your pack instead: "
            "the button is on your private page.",
            409,
        )


_ONE_A_DAY = parse("1 per day")


def _check_one_address_a_day(participant: Participant, address: str) -> None:
    """One address per participant per day (resending to it is fine): no list of strangers."""
    digest = hmac.new(
        str(current_app.secret_key).encode(), address.strip().lower().encode(), hashlib.sha256
    ).hexdigest()[:24]
    strategy = limiter.limiter
    if strategy.test(_ONE_A_DAY, "email-plan-address", participant.token, digest):
        # Not sent to this address today: it must be the first address of the day.
        if not strategy.hit(_ONE_A_DAY, "email-plan-addresses", participant.token):
            raise MailRefused("Your plan can go to one email address a day: send it to the one you used.", 429)
        strategy.hit(_ONE_A_DAY, "email-plan-address", participant.token, digest)


@bp.route("/mine/<token>/email-plan", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["EMAIL_PLAN_GLOBAL_RATE_LIMIT"],
    key_func=lambda: "email-plan-global",
    methods=["POST"],
    deduct_when=_sent,
)
@limiter.limit(
    lambda: current_app.config["EMAIL_PLAN_WORKSHOP_RATE_LIMIT"],
    key_func=_per_workshop,
    methods=["POST"],
    deduct_when=_sent,
)
@limiter.limit(
    lambda: current_app.config["EMAIL_PLAN_RATE_LIMIT"], key_func=_per_private_link, methods=["POST"], deduct_when=_sent
)
@limiter.limit(
    lambda: current_app.config["EMAIL_PLAN_ADDRESS_RATE_LIMIT"],
    key_func=address_key,
    methods=["POST"],
    deduct_when=_sent,
)
def email_plan(token: str) -> ResponseReturnValue:
    """Send the participant's SMART plan (Word) to an address they type, used once and never kept.

    Limited per private link and per client address (messages sent, not attempts), so the page
    cannot be turned into a way of sending mail to strangers.
    """
    _mail_or_404()
    participant = participant_by_token(token)
    form = EmailPlanForm()
    status = 200
    if form.validate_on_submit():
        try:
            _check_may_mail(participant)
            _check_one_address_a_day(participant, form.email.data or "")
        except MailRefused as refused:
            form.email.errors = [str(refused)]
            html = render_template(
                "sharing/email_plan.html", form=form, participant=participant, workshop=participant.workshop
            )
            return html, refused.status
        pack = documents.personal_pack_files(participant)
        try:
            send_mail(
                current_app.config,
                to=form.email.data or "",
                subject=f"Your SMART action plan and take-home pack from {participant.workshop.title}"[:200],
                body=_email_body(participant),
                # Separate files, not the ZIP: many NHS mail filters hold back ZIP attachments.
                attachments=tuple(Attachment(file.filename, file.mimetype, file.content) for file in pack),
            )
        except MailNotSent as problem:
            form.email.errors = [str(problem)]
            status = 503
        else:
            flash("Your plan is on its way. We have not kept your email address.", "success")
            return redirect(url_for("participate.private_copy", token=participant.token))
    elif request.method == "POST":
        status = 422
    html = render_template("sharing/email_plan.html", form=form, participant=participant, workshop=participant.workshop)
    return html, status


def _participant_links(participant: Participant) -> list[links.Link]:
    if not mail_configured(current_app.config) or not participant.statements:
        return []
    return [
        links.Link(
            "Email me my pack",
            url_for("sharing.email_plan", token=participant.token),
            primary=True,
            hint="The same plans and reminder as attachments; we do not keep your address.",
        )
    ]


# --- social media cards -----------------------------------------------------------------------------

SIZES = {"landscape": LANDSCAPE, "square": SQUARE}
SIZE_NAMES = {"landscape": "Landscape 1200×675 (X, LinkedIn, Bluesky)", "square": "Square 1080×1080 (Instagram)"}
_CARD_NAME = re.compile(r"^(?:summary|statement-(?P<statement_id>[1-9]\d{0,17}))-(?P<size>landscape|square)$")


PER_PAGE = 24  # statements a page (two cards each): a 515-statement workshop is 22 pages, not 1,030 images
_CARD_MAX_AGE = 24 * 3600  # the URL carries the content's hash, so a changed card has a new URL


@dataclass(frozen=True)
class CardEntry:
    """One card on the facilitator's page: its file name, a heading, its texts and its content hash.

    The page never draws a card: it links to the image, whose URL carries ``version`` (a short hash
    of what the card shows), and the browser asks for each PNG when it scrolls to it.
    """

    name: str
    heading: str
    size: str
    alt_text: str
    caption: str
    version: str


@dataclass(frozen=True)
class _Content:
    """Everything a card is drawn from; its hash names the image (URL, ETag) and keys the cache."""

    kind: str
    parts: tuple[object, ...]
    logo: bytes | None

    @property
    def version(self) -> str:
        digest = hashlib.sha256(repr((self.kind, self.parts)).encode("utf-8"))
        digest.update(hashlib.sha256(self.logo or b"").digest())
        return digest.hexdigest()[:16]


def _cards_ready(workshop: Workshop) -> bool:
    return workshop.is_over


def _date_text(workshop: Workshop) -> str:
    return long_date(workshop.date, weekday=False) if workshop.date else ""


_SUMMARY_FIELDS = (
    "title",
    "date_text",
    "participant_count",
    "statement_count",
    "top_themes",
    "prompt",
    "size",
    "counted",
)
_STATEMENT_FIELDS = ("statement", "theme", "workshop_title", "prompt", "size")


@lru_cache(maxsize=128)
def _drawn(content: _Content) -> bytes:
    """The card's PNG, drawn once per content (an LRU of the last 128 cards asked for)."""
    fields = _SUMMARY_FIELDS if content.kind == "summary" else _STATEMENT_FIELDS
    arguments = dict(zip(fields, content.parts, strict=True))
    arguments["size"] = SIZES[str(arguments["size"])]
    build = build_summary_card if content.kind == "summary" else build_statement_card
    return build(**arguments, logo=content.logo).png  # type: ignore[arg-type]


def _summary(workshop: Workshop, size: str) -> _Content:
    """Top themes by the room's votes when it voted, by statements otherwise."""
    snapshot = workshop_data(workshop)
    voted = snapshot.voting_used and any(theme.votes for theme in snapshot.themes)
    themes = sorted(
        (
            (theme.label, theme.votes if voted else len(theme.statement_ids))
            for theme in snapshot.themes
            if theme.statement_ids
        ),
        key=lambda pair: -pair[1],
    )
    parts = (
        workshop.title,
        _date_text(workshop),
        snapshot.participant_count,
        len(snapshot.statements),
        tuple(themes),
        workshop.prompt,
        size,
        "vote" if voted else "statement",
    )
    return _Content("summary", parts, workshop.logo)


def _shareable(workshop: Workshop) -> Select[tuple[Statement]]:
    return select(Statement).where(
        Statement.workshop_id == workshop.id,
        Statement.status == StatementStatus.VISIBLE,
        Statement.share_consent.is_(True),
    )


def _statement_content(workshop: Workshop, statement: Statement, size: str) -> _Content:
    theme = statement.theme.label if statement.theme else ""
    return _Content("statement", (statement.text, theme, workshop.title, workshop.prompt, size), workshop.logo)


def _entry(name: str, size: str, content: _Content) -> CardEntry:
    fields = _SUMMARY_FIELDS if content.kind == "summary" else _STATEMENT_FIELDS
    arguments = dict(zip(fields, content.parts, strict=True))
    if content.kind == "summary":
        arguments["size"] = SIZES[size]
        alt_text, caption = summary_card_text(**arguments)  # type: ignore[arg-type]
    else:
        del arguments["size"]  # the statement card says the same in both sizes
        alt_text, caption = statement_card_text(**arguments)  # type: ignore[arg-type]
    return CardEntry(name, SIZE_NAMES[size], size, alt_text, caption, content.version)


@dataclass(frozen=True)
class StatementCards:
    """One shared statement's two cards (the same words in both sizes, so one alt text and caption)."""

    statement_id: int
    landscape: CardEntry
    square: CardEntry


@dataclass(frozen=True)
class _Page:
    number: int
    count: int
    total: int = 0  # shared statements in all

    @property
    def first(self) -> int:
        return min(self.total, (self.number - 1) * PER_PAGE + 1)

    @property
    def last(self) -> int:
        return min(self.total, self.number * PER_PAGE)

    @property
    def links(self) -> list[int | None]:
        """The page numbers to link to: all of up to 9 pages, else the ends and two either side (None: a gap)."""
        if self.count <= 9:
            return list(range(1, self.count + 1))
        near = {1, self.count, *range(self.number - 2, self.number + 3)}
        shown = sorted(n for n in near if 1 <= n <= self.count)
        numbers: list[int | None] = []
        for n in shown:
            if numbers and n - (numbers[-1] or 0) > 1:
                numbers.append(None)
            numbers.append(n)
        return numbers


def _page_number(raw: str | None, count: int) -> int:
    """``?page=N`` held to 1..count: a missing, non-numeric or too small page is the first, too large the last."""
    number = int(raw) if raw and raw.isdigit() and len(raw) < 7 else 1
    return min(max(number, 1), count)


def _statement_cards(workshop: Workshop, statement: Statement) -> StatementCards:
    landscape, square = (
        _entry(f"statement-{statement.id}-{size}", size, _statement_content(workshop, statement, size))
        for size in ("landscape", "square")
    )
    return StatementCards(statement.id, landscape, square)


def _entries(workshop: Workshop, raw_page: str | None) -> tuple[list[CardEntry], list[StatementCards], _Page]:
    summary = [_entry(f"summary-{size}", size, _summary(workshop, size)) for size in SIZES]
    total = db.session.scalar(select(func.count()).select_from(_shareable(workshop).subquery())) or 0
    count = max(1, -(-total // PER_PAGE))
    page = _Page(_page_number(raw_page, count), count, total)
    shown = db.session.scalars(
        _shareable(workshop).order_by(Statement.id).offset((page.number - 1) * PER_PAGE).limit(PER_PAGE)
    )
    return summary, [_statement_cards(workshop, s) for s in shown], page


@bp.get("/facilitate/w/<code>/cards")
@login_required
def cards(code: str) -> ResponseReturnValue:
    """The "shout about it" page: a closed workshop's cards, 24 statements a page (``?page=N``)."""
    return _cards_page(owned_workshop(code))


def _cards_page(workshop: Workshop, *, logo_error: str = "", status: int = 200) -> ResponseReturnValue:
    ready = _cards_ready(workshop)
    summary, statements, page = _entries(workshop, request.args.get("page")) if ready else ([], [], _Page(1, 1))
    rendered = render_template(
        "sharing/cards.html",
        workshop=workshop,
        ready=ready,
        summary_cards=summary,
        statement_cards=statements,
        page=page,
        logo_form=LogoForm(),
        logo_error=logo_error,
    )
    return rendered, status


@bp.post("/facilitate/w/<code>/logo")
@login_required
@accepts_files
def logo(code: str) -> ResponseReturnValue:
    """Upload, replace or remove the logo drawn on the workshop's cards."""
    workshop = owned_workshop(code)
    form = LogoForm()
    if not form.validate_on_submit():
        abort(400, description="The form had expired. Go back to the cards page and try again.")
    if form.remove.data:
        workshop.logo, workshop.logo_type = None, ""
        message = "Logo removed from the cards."
    else:
        data = b""
        if form.logo.data:
            with form.logo.data.stream as upload:  # closed at once: a large upload is spooled to a file
                data = upload.read(LOGO_MAX_BYTES + 1)
        try:
            logo_type = check_logo(data)
        except ValueError as error:
            return _cards_page(workshop, logo_error=str(error), status=422)
        workshop.logo, workshop.logo_type = data, logo_type
        message = "Logo saved: it is on every card."
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("sharing.cards", code=workshop.code))


@bp.get("/facilitate/w/<code>/cards/<name>.png")
@login_required
def card_image(code: str, name: str) -> ResponseReturnValue:
    """One card as a PNG (``?download=1`` to save it rather than show it), drawn when asked for.

    ``?v=`` (the content hash the page put in the URL) only makes the URL change with the card: an
    old URL still gets the current card. The ETag is that hash, so the browser revalidates for free.
    """
    workshop = owned_workshop(code)
    match = _CARD_NAME.match(name)
    if match is None or not _cards_ready(workshop):
        abort(404)
    size = match["size"]
    if match["statement_id"] is None:
        content = _summary(workshop, size)
    else:
        statement = db.session.get(Statement, int(match["statement_id"]))
        if (
            statement is None
            or statement.workshop_id != workshop.id
            or not statement.share_consent
            or not statement.is_visible
        ):
            abort(404)
        content = _statement_content(workshop, statement, size)
    download = bool(request.args.get("download"))
    if not download and content.version in request.if_none_match:
        response = Response(status=304)
    else:
        filename = f"{workshop.code.lower()}-{name}.png"
        response = send_download(_drawn(content), MIME_PNG, filename, inline=not download)
    if not download:
        response.set_etag(content.version)
        response.headers["Cache-Control"] = f"private, max-age={_CARD_MAX_AGE}"
    return response


def _facilitator_links(workshop: Workshop) -> list[links.Link]:
    if not _cards_ready(workshop):
        return []
    return [links.Link("Social media cards (shout about it)", url_for("sharing.cards", code=workshop.code))]


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    links.register(app, _facilitator_links)
    links.register_participant(app, _participant_links)
