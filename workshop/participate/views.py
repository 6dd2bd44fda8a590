"""Participants' pages: join by code, post, edit and withdraw statements, their private copy.

Every page works without JavaScript (form POST, then redirect); with htmx the same URLs answer
with a fragment and the page does not reload. Invalid input comes back with status 422 and the
text the person typed, in both cases.
"""

from __future__ import annotations

from flask import Blueprint, Flask, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from markupsafe import Markup, escape
from sqlalchemy import func, select
from werkzeug.exceptions import NotFound

from workshop import errors, operations, timer
from workshop.access import participant_by_token, workshop_by_code, workshop_with_code
from workshop.activities.agenda import activity_of
from workshop.activities.kinds import kind_of
from workshop.activities.spec import Kind
from workshop.coaching.personal_data import PersonalDataWarning, personal_data_warning
from workshop.codes import normalise_code
from workshop.common.dates import long_date
from workshop.common.hyphenation import soft_hyphenate
from workshop.common.mime import MIME_ICS
from workshop.downloads import send_download
from workshop.edge import results_poll_seconds, state_poll_seconds
from workshop.extensions import db
from workshop.identity import join, own_key, participant_for, remember
from workshop.live import once_per_version
from workshop.mail import mail_configured
from workshop.models import (
    Activity,
    ActivityKind,
    Participant,
    Statement,
    Workshop,
    WorkshopState,
    activity_stamp,
    utcnow,
)
from workshop.operations import (
    JOINING_LOCKED_MESSAGE,
    JoiningRefused,
    PersonalDataToConfirm,
    RuleBroken,
    StatementEntry,
    check_text,
    closed_message,
    edit_own_statement,
    require_open,
    withdraw_own_statement,
)
from workshop.participate.coaching import hint_title, hints_for
from workshop.participate.forms import (
    EditStatementForm,
    HintsForm,
    JoinForm,
    ReminderEmailForm,
    StatementForm,
    new_idempotency_key,
)
from workshop.participate.reminders import (
    EMAIL_NOTICE,
    REMINDER_WEEKS,
    ask_for_email_reminder,
    cancel_email_reminder,
    email_reminder_of,
    participant_reminder,
    reminder_filename,
)
from workshop.ratelimits import guessing_limited, limiter
from workshop.rendering import is_htmx, no_change, page_or_fragment

bp = Blueprint("participate", __name__)


def _render(template: str, status: int = 200, /, **context: object) -> ResponseReturnValue:
    """One URL, two renders: the whole page, or the fragment htmx asked for."""
    return page_or_fragment(template, "participate/_panel.html", status, **context)


@bp.get("/")
def home() -> ResponseReturnValue:
    """The kit's front door: type a workshop code, or sign in to run one (or, on a first run, set it up)."""
    from workshop.auth.first_run import has_accounts

    return render_template("participate/home.html", form=JoinForm(), first_run=not has_accounts())


@bp.post("/join")
@guessing_limited
def join_by_code() -> ResponseReturnValue:
    """Join by typing the code. Only wrong codes count towards the guessing limit."""
    form = JoinForm()
    try:
        workshop = workshop_by_code((form.code.data or "") if form.validate_on_submit() else "")
    except NotFound:
        form.code.errors = [
            "We could not find a workshop with that code. Codes have 6 letters and numbers, "
            "like 7KX9QM: check the screen and try again."
        ]
        return render_template("participate/home.html", form=form), 404
    return redirect(url_for("participate.workshop_page", code=workshop.code))


def _panel_context(
    workshop: Workshop,
    participant: Participant | None,
    form: StatementForm | None = None,
    *,
    keep_shared: bool = False,
    **extra: object,
) -> dict[str, object]:
    """What participate/_panel.html needs. ``keep_shared``: the answer to an htmx request from the
    panel itself (a post, a withdrawal) leaves out the room's shared sections (the themes, others'
    statements) and the page keeps the ones it shows (``hx-preserve``); their own polls keep them
    up to date. With themes shared, voting and "me too" on, drawing them for each post had doubled
    its cost (15 ms against 7 ms of CPU, 30 KB against 5 KB)."""
    mine = participant.statements if participant else []
    if form is None:
        form = StatementForm(formdata=None)
        form.idempotency_key.data = new_idempotency_key()
        if participant:
            form.name.data, form.role.data = participant.name, participant.role
        if mine:
            # Consent to share is remembered: the next statement starts with the last one's choice.
            form.share_consent.data = mine[-1].share_consent
    # Phones that joined carry on while joining is locked; a new phone is told, and gets no form.
    locked_out = workshop.is_open and workshop.joining_locked and participant is None
    activity = workshop.current_activity
    kind = kind_of(activity) if activity is not None else None
    phone = kind.phone(activity, participant) if kind and activity else {}
    return {
        # The room's activity and what its partial (participate/activities/_<kind>.html) needs.
        "activity": activity,
        "activity_template": kind.phone_template if kind else "participate/activities/_statements.html",
        **phone,
        **_results_context(workshop, activity, kind, answered=bool(phone.get("answered"))),
        "workshop": workshop,
        "participant": participant,
        "mine": mine,
        "form": form,
        "can_add": workshop.is_open and len(mine) < workshop.max_statements and not locked_out,
        "joining_locked_message": JOINING_LOCKED_MESSAGE if locked_out else None,
        "closed_message": None if workshop.is_open else closed_message(workshop),
        "state_poll_seconds": _state_poll_seconds(workshop.state, len(workshop.activities) > 1),
        "locked_out": locked_out,
        "keep_shared": keep_shared and is_htmx(),
        **extra,
    }


def _panel_answer(
    workshop: Workshop,
    participant: Participant | None,
    form: StatementForm | None = None,
    status: int = 200,
    **extra: object,
) -> ResponseReturnValue:
    """The answer to a statement posted or withdrawn from the phone's panel: the page, or with
    htmx the panel without the room's shared sections, which the page keeps (``keep_shared``)."""
    context = _panel_context(workshop, participant, form, keep_shared=True, **extra)
    return _render("participate/workshop.html", status, **context)


def _results_context(
    workshop: Workshop, activity: Activity | None, kind: Kind | None, *, answered: bool
) -> dict[str, object]:
    """What participate/_results.html needs: the wall's results of the room's activity, once this
    phone answered it (a kind with ``results``); nothing otherwise, and no tally while they are hidden."""
    if activity is None or kind is None or not kind.results or not answered:
        return {"results_template": None}
    return {
        "results_template": kind.results_template,
        "results_poll_seconds": results_poll_seconds(current_app.config),
        # the same for every phone: read once per change, however many phones redraw
        **(
            once_per_version(workshop, f"results {activity.id}", lambda: kind.wall(activity))
            if activity.results_shown
            else {}
        ),
    }


@bp.app_template_filter("hyphenate")
def _hyphenate(text: str) -> Markup:
    """Escape, then add soft hyphens to long words: words break properly on a narrow phone, or not at all."""
    return escape(soft_hyphenate(text))


@bp.app_template_global("timer_left")
def _timer_left(workshop: Workshop) -> int | None:
    """For the wall, the phones and the control room: whole seconds left on the room's timer, or None."""
    return timer.remaining_seconds(workshop)


@bp.app_template_global("timer_stamp")
def _timer_stamp(workshop: Workshop) -> str:
    """What a phone's poll tells the server it shows of the timer (``t``)."""
    return timer.stamp(workshop)


@bp.app_template_global("personal_data_warning")
def _personal_data_in(text: str) -> PersonalDataWarning | None:
    """For the moderation view: what the check finds in a held statement, quoted."""
    return personal_data_warning(text)


def _state_poll_seconds(state: WorkshopState, moving: bool = False) -> int:
    return state_poll_seconds(current_app.config, state.value, moving)


@bp.app_template_global("activity_stamp")
def _activity_stamp(workshop: Workshop) -> str:
    """What a phone's poll tells the server it shows of the room (``a``)."""
    return activity_stamp(workshop.current_activity_id)


@bp.get("/j/<code>/state")
@guessing_limited
def session_state(code: str) -> ResponseReturnValue:
    """Has the session opened or closed, or the room moved, since the phone's page was drawn?

    ``s``: the state it shows, ``t``: the timer, ``a``: the room's activity (``activity_stamp``).

    204 while not (answered by ``workshop.edge`` before Flask in a served app: hundreds of
    phones ask; here, one indexed column read, for the test client); the fresh panel when it
    has, with 286 once it is closed, since nothing more can change, which stops the polling.
    ``X-Poll-Seconds`` says when to ask next. Without htmx the page itself is the answer.
    """
    if not is_htmx():
        return redirect(url_for("participate.workshop_page", code=code))
    activities = (
        select(func.count(Activity.id)).where(Activity.workshop_id == Workshop.id).correlate(Workshop).scalar_subquery()
    )
    row = db.session.execute(
        select(
            Workshop.state, Workshop.timer_ends_at, Workshop.timer_closes, Workshop.current_activity_id, activities
        ).where(Workshop.code == normalise_code(code))
    ).first()
    if row is None or row.state == WorkshopState.ARCHIVED:
        workshop_by_code(code)  # the one "not found" answer for participants
    assert row is not None
    due = row.timer_closes and row.timer_ends_at is not None and row.timer_ends_at <= utcnow()
    shown = (request.args.get("s"), request.args.get("t", "0"), request.args.get("a", "0"))
    if (
        shown == (row.state.value, timer.stamp_of(row.timer_ends_at), activity_stamp(row.current_activity_id))
        and not due
    ):
        response = no_change()
        seconds = _state_poll_seconds(row.state, (row[4] or 0) > 1)
    else:
        workshop = workshop_by_code(code)  # settles a timer that was to close submissions
        status = 286 if workshop.state == WorkshopState.CLOSED else 200
        context = _panel_context(workshop, participant_for(workshop))
        response = page_or_fragment("participate/workshop.html", "participate/_panel.html", status, **context)
        seconds = _state_poll_seconds(workshop.state, len(workshop.activities) > 1)
    response.headers["X-Poll-Seconds"] = str(seconds)
    return response


@bp.get("/j/<code>/results")
@guessing_limited
def phone_results(code: str) -> ResponseReturnValue:
    """A phone's results section again (participate/_results.html), when its poll asks.

    ``a``: the room's activity it shows, ``v``: the workshop's version, ``shown``: 1 when it shows
    the results, 0 while they were hidden. 204 while the same (answered by ``workshop.edge`` before
    Flask in a served app, which also redraws a changing tally at most every
    ``PHONE_RESULTS_REFRESH_SECONDS``), and when the room moved on (the state poll redraws the whole
    panel then). Without htmx the page itself is the answer.
    """
    if not is_htmx():
        return redirect(url_for("participate.workshop_page", code=code) + "#results")
    workshop = workshop_by_code(code)
    activity = workshop.current_activity
    shown = (request.args.get("a"), request.args.get("v"), request.args.get("shown"))
    now = (
        activity_stamp(workshop.current_activity_id),
        str(workshop.version),
        "1" if activity is not None and activity.results_shown else "0",
    )
    if shown[0] != now[0] or shown == now:
        response = no_change()
    else:
        participant = participant_for(workshop)
        kind = kind_of(activity) if activity is not None else None
        phone = kind.phone(activity, participant) if kind and activity else {}
        context = {
            "workshop": workshop,
            "activity": activity,
            **phone,
            **_results_context(workshop, activity, kind, answered=bool(phone.get("answered"))),
        }
        response = current_app.make_response(render_template("participate/_results.html", **context))
    response.headers["X-Poll-Seconds"] = str(results_poll_seconds(current_app.config))
    return response


@bp.get("/j/<code>/questions")
@guessing_limited
def phone_questions(code: str) -> ResponseReturnValue:
    """A phone's list of the room's questions again (participate/activities/_question_list.html),
    when its poll asks: others' new questions and votes, and which were answered.

    ``a``: the room's activity it shows, ``v``: the workshop's version. 204 while the same (answered
    by ``workshop.edge`` before Flask in a served app, at most every ``PHONE_RESULTS_REFRESH_SECONDS``
    for a changing list), and when the room moved on (the state poll redraws the whole panel then).
    Without htmx the page itself is the answer.
    """
    if not is_htmx():
        return redirect(url_for("participate.workshop_page", code=code) + "#question-list")
    workshop = workshop_by_code(code)
    activity = workshop.current_activity
    shown = (request.args.get("a"), request.args.get("v"))
    if (
        activity is None
        or activity.kind != ActivityKind.QUESTIONS
        or shown[0] != activity_stamp(workshop.current_activity_id)
        or shown[1] == str(workshop.version)
    ):
        response = no_change()
    else:
        participant = participant_for(workshop)
        context = {
            "workshop": workshop,
            "activity": activity,
            "locked_out": workshop.is_open and workshop.joining_locked and participant is None,
            **kind_of(activity).phone(activity, participant),
        }
        response = current_app.make_response(render_template("participate/activities/_question_list.html", **context))
    response.headers["X-Poll-Seconds"] = str(results_poll_seconds(current_app.config))
    return response


@bp.get("/j/<code>")
@guessing_limited
def workshop_page(code: str) -> ResponseReturnValue:
    """The page the QR code opens: the prompt, the form and the statements this phone sent."""
    workshop = workshop_by_code(code)
    participant = participant_for(workshop)
    sent_hints = _hints_for_sent(participant, session.pop(_SENT_KEY, None))
    return _render("participate/workshop.html", **_panel_context(workshop, participant, sent_hints=sent_hints))


# The statement a phone without JavaScript just sent: its hints are shown once, after the redirect.
_SENT_KEY = "sent_statement"


def _hints_for_sent(participant: Participant | None, sent: object) -> tuple[str, ...]:
    """After a post without JavaScript, the SMART hints for the statement just sent (if it is theirs)."""
    if participant is None or not isinstance(sent, int):
        return ()
    statement = db.session.get(Statement, sent)
    if statement is None or statement.participant_id != participant.id:
        return ()
    return hints_for(statement.text).hints


# Hints look at the start of a statement only: enough for any real commitment, and bounded work.
_HINTS_TEXT_LIMIT = 2000


@bp.post("/j/<code>/hints")
def statement_hints(code: str) -> ResponseReturnValue:
    """SMART hints while the participant types (htmx, debounced): a fragment, never blocking.

    POST so that half-typed statements stay out of access logs. No per-route rate limit: a phone
    has no participant identity before its first post, so a limit would key on the venue's one
    shared address; the per-address backstop and the cheap, bounded work are enough.
    """
    workshop = workshop_by_code(code)
    form = HintsForm()
    text = (form.text.data or "")[:_HINTS_TEXT_LIMIT] if form.validate() else ""
    report = hints_for(text)
    return render_template(
        "participate/_hints.html",
        workshop=workshop,
        report=report,
        hint_title=hint_title(report),
        personal_data=personal_data_warning(text),
    )


@bp.post("/j/<code>")
@limiter.limit(lambda: current_app.config["STATEMENT_RATE_LIMIT"])
def post_statement(code: str) -> ResponseReturnValue:
    """Store a statement. A retried or double-tapped POST stores it once (idempotency key).

    Likely personal data (an e-mail address, a name…) sends the form back once with a warning and
    a box to tick: the participant decides, and the kinds found are kept for the moderator.
    """
    workshop = workshop_by_code(code)
    form = StatementForm()
    participant = participant_for(workshop)
    if not form.validate_on_submit():
        return _panel_answer(workshop, participant, form, 422)
    entry = StatementEntry(
        text=form.text.data or "",
        idempotency_key=own_key(form.idempotency_key.data),  # another browser's key is no key at all
        name=form.name.data or "",
        role=form.role.data or "",
        share_consent=bool(form.share_consent.data),
        personal_data_confirmed=bool(form.confirm_personal_data.data),
    )
    try:
        posted = operations.post_statement(workshop, participant, entry)
    except PersonalDataToConfirm as asked:
        db.session.rollback()
        return _panel_answer(workshop, participant, form, 422, personal_data=asked.warning)
    except RuleBroken as problem:
        db.session.rollback()
        form.text.errors = [str(problem)]
        status = problem.status if isinstance(problem, JoiningRefused) else 422  # 403 locked, 429 too many
        return _panel_answer(workshop, participant_for(workshop), form, status)
    statement, created, participant = posted.statement, posted.created, posted.participant
    remember(workshop, participant)
    # What was just written is what the answer shows: re-reading it after the commit cost a
    # query per object (about a tenth of a post, bench/profile_requests.py).
    db.session().expire_on_commit = False
    db.session.commit()
    message = (
        "Thank you: your statement is on the wall."
        if statement.is_visible
        else "Thank you: as it may contain personal details, the facilitator will check it before it goes on the wall."
        if statement.personal_data
        else "Thank you: your statement will appear once the facilitator has approved it."
    )
    if not created:
        message = "We already had that one: it is saved once."
    sent_hints = hints_for(statement.text).hints
    if is_htmx():
        return _panel_answer(workshop, participant, notice=message, sent_hints=sent_hints)
    flash(message, "success")
    session[_SENT_KEY] = statement.id
    return redirect(url_for("participate.workshop_page", code=workshop.code) + "#mine")


ROOM_MOVED_ON = "The room has moved on: this is what it is on now."


def _refused(workshop: Workshop, problem: str, status: int) -> ResponseReturnValue:
    """The page as it is now, with why the answer was not taken (by the activity's partial, or
    above it when the room has moved on to another)."""
    moved = status == 409
    context = _panel_context(
        workshop,
        participant_for(workshop),
        None,
        moved_on=problem if moved else None,
        activity_error=None if moved else problem,
    )
    return _render("participate/workshop.html", status, **context)


@bp.post("/j/<code>/a/<int:activity_id>")
@limiter.limit(lambda: current_app.config["STATEMENT_RATE_LIMIT"])
def answer_activity(code: str, activity_id: int) -> ResponseReturnValue:
    """A phone's answer to the room's activity (a poll's choice…), stored by its kind's ``answer``.

    Answering again changes the answer. Only the activity the room is on takes answers, and only
    while the session is open; anything else comes back with the page as it is now and the
    reason, never a 5xx. Without JavaScript: a redirect to the page; with htmx: the fresh panel.
    """
    workshop = workshop_by_code(code)
    activity = activity_of(workshop, activity_id)
    kind = kind_of(activity) if activity is not None else None
    if activity is None or kind is None or kind.answer is None:
        abort(404, description="That activity is not in this workshop any more: reload the page.")
    try:
        require_open(workshop)
        if workshop.current_activity is not activity:
            return _refused(workshop, ROOM_MOVED_ON, 409)
        message = kind.answer(activity, request.form, lambda: join(workshop))
    except RuleBroken as problem:
        db.session.rollback()
        return _refused(workshop, str(problem), problem.status if isinstance(problem, JoiningRefused) else 422)
    # The answer shows what was just written: re-reading the workshop, its agenda and the
    # participant after the commit cost about a fifth of an answer (bench/profile_requests.py).
    db.session().expire_on_commit = False
    db.session.commit()
    participant = participant_for(workshop)
    if is_htmx():
        return _render("participate/workshop.html", **_panel_context(workshop, participant, notice=message))
    flash(message, "success")
    return redirect(url_for("participate.workshop_page", code=workshop.code) + "#activity")


def _own_statement(workshop: Workshop, statement_id: int) -> tuple[Statement, Participant]:
    participant = participant_for(workshop)
    statement = db.session.get(Statement, statement_id)
    if participant is None or statement is None or statement.participant_id != participant.id:
        abort(404, description="That statement is not one of yours, or it has been removed.")
    return statement, participant


@bp.route("/j/<code>/s/<int:statement_id>/edit", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["STATEMENT_RATE_LIMIT"], methods=["POST"])
def edit_statement(code: str, statement_id: int) -> ResponseReturnValue:
    """Change one's own statement while the workshop is open."""
    workshop = workshop_by_code(code)
    statement, participant = _own_statement(workshop, statement_id)
    form = EditStatementForm(obj=statement if request.method == "GET" else None)
    status = 200
    warning = None
    if form.validate_on_submit():
        warning = personal_data_warning(form.text.data or "")
        try:
            if warning and not form.confirm_personal_data.data:
                require_open(workshop)  # a closed workshop or a length problem first, then the warning
                check_text(workshop, form.text.data or "")
                status = 422
            else:
                edit_own_statement(
                    statement,
                    participant,
                    form.text.data or "",
                    personal_data=warning.stored_kinds if warning else "",
                    share_consent=bool(form.share_consent.data),
                )
        except RuleBroken as problem:
            db.session.rollback()
            form.text.errors = [str(problem)]
            warning = None
            status = 422
        if status == 200:
            db.session.commit()
            if is_htmx():
                return _render(
                    "participate/workshop.html", **_panel_context(workshop, participant, notice="Your change is saved.")
                )
            flash("Your change is saved.", "success")
            return redirect(url_for("participate.workshop_page", code=workshop.code) + "#mine")
    elif request.method == "POST":
        status = 422
    context = {"workshop": workshop, "statement": statement, "form": form, "personal_data": warning}
    return page_or_fragment("participate/edit.html", "participate/_edit.html", status, **context)


@bp.post("/j/<code>/s/<int:statement_id>/withdraw")
def withdraw_statement(code: str, statement_id: int) -> ResponseReturnValue:
    """Delete one's own statement for good."""
    workshop = workshop_by_code(code)
    statement, participant = _own_statement(workshop, statement_id)
    try:
        withdraw_own_statement(statement, participant)
    except RuleBroken as problem:
        db.session.rollback()
        flash(str(problem), "error")
    else:
        db.session.commit()
        flash("Your statement has been withdrawn and deleted.", "success")
    if is_htmx():
        return _panel_answer(workshop, participant)
    return redirect(url_for("participate.workshop_page", code=workshop.code) + "#mine")


@bp.get("/mine/<token>")
@guessing_limited
def private_copy(token: str) -> ResponseReturnValue:
    """A participant's private link: their statements and their documents, no account needed."""
    participant = participant_by_token(token)
    return _private_page(participant)


def _private_page(
    participant: Participant, form: ReminderEmailForm | None = None, status: int = 200
) -> ResponseReturnValue:
    if form is None:
        form = ReminderEmailForm(formdata=None, weeks=str(participant.workshop.review_weeks))
    context = {
        "participant": participant,
        "workshop": participant.workshop,
        "email_reminders": mail_configured(current_app.config) and bool(participant.statements),
        "email_reminder": email_reminder_of(participant),
        "reminder_form": form,
        "email_notice": EMAIL_NOTICE,
    }
    return render_template("participate/private.html", **context), status


@bp.post("/mine/<token>/remind-email")
@guessing_limited
@limiter.limit(lambda: current_app.config["STATEMENT_RATE_LIMIT"])
def email_reminder(token: str) -> ResponseReturnValue:
    """Keep an address, with consent, for one reminder e-mail; ``reminders send`` sends it and deletes it."""
    participant = participant_by_token(token)
    if not mail_configured(current_app.config) or not participant.statements:
        abort(404, description="Email reminders are not set up on this server: use the calendar file instead.")
    form = ReminderEmailForm()
    if not form.validate_on_submit():
        return _private_page(participant, form, 422)
    reminder = ask_for_email_reminder(participant, form.email.data or "", int(form.weeks.data or 0))
    db.session.commit()
    flash(f"We will email you a reminder on {long_date(reminder.send_on)}, then delete your address.", "success")
    return redirect(url_for("participate.private_copy", token=participant.token) + "#email-reminder")


@bp.post("/mine/<token>/remind-email/cancel")
@guessing_limited
def cancel_reminder(token: str) -> ResponseReturnValue:
    """Cancel the reminder e-mail: the address is deleted now (the CSRF token is checked app-wide)."""
    participant = participant_by_token(token)
    if cancel_email_reminder(participant):
        db.session.commit()
        flash("Your reminder is cancelled and your email address deleted.", "success")
    return redirect(url_for("participate.private_copy", token=participant.token) + "#email-reminder")


@bp.get("/mine/<token>/remind.ics")
@guessing_limited
def review_reminder(token: str) -> ResponseReturnValue:
    """A calendar file reminding the participant to look back at what they committed to."""
    participant = participant_by_token(token)
    workshop = participant.workshop
    asked = request.args.get("weeks", str(workshop.review_weeks))
    weeks = int(asked) if asked.isdigit() and len(asked) <= 3 else 0
    if weeks not in {*REMINDER_WEEKS, workshop.review_weeks} or not 1 <= weeks <= 104:
        abort(400, description="Reminders can be set for 4, 8 or 12 weeks after the workshop.")
    return send_download(participant_reminder(participant, weeks), MIME_ICS, reminder_filename(weeks))


@bp.record_once
def _register_csrf_recovery(state: BlueprintSetupState) -> None:
    assert isinstance(state.app, Flask)  # blueprints are only registered on Flask apps
    errors.register_csrf_recovery(state.app, recover_from_csrf_error)


def recover_from_csrf_error() -> ResponseReturnValue | None:
    """A stale CSRF token on a statement form: show the form again with the text kept.

    A phone left on the page all day, or a cookie cleared by the browser, must never lose what
    its owner typed; the refreshed form carries a fresh token, so pressing Send again works.
    Hints while typing are only advice: with a stale token they say nothing (204: htmx swaps nothing).
    """
    if request.endpoint == "participate.statement_hints":
        return current_app.response_class(status=204)
    if request.endpoint != "participate.post_statement":
        return None
    code = (request.view_args or {}).get("code", "")
    workshop = workshop_with_code(str(code))
    if workshop is None:
        return None
    form = StatementForm(meta={"csrf": False})
    form.text.errors = [
        "This page had been open a long time, so we refreshed it for your security. "
        "Your text is kept below: press Send again."
    ]
    return _render("participate/workshop.html", 400, **_panel_context(workshop, participant_for(workshop), form))
