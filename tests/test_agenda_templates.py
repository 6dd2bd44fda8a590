"""Workshop templates (issue 16): the kit's five-steps template from the web and `workshop create
--template`, and a facilitator's own template saved from a workshop's agenda."""

from __future__ import annotations

import html
import json

from flask import Flask

from tests.conftest import Actions, csrf_from
from workshop import agendas
from workshop.agenda_templates import operations
from workshop.agenda_templates.operations import GONE
from workshop.extensions import db
from workshop.models import Activity, ActivityKind, AgendaTemplate, Facilitator, Workshop, WorkshopState

FIVE_STEPS_KINDS = ["poll", "words", "ranking", "scale", "poll", "questions", "statements"]


def _agenda(app, code: str) -> list[tuple[str, str, str]]:
    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        assert workshop.current_activity is workshop.activities[0]
        return [(str(a.kind), a.title, a.question) for a in workshop.activities]


def test_the_five_steps_template_has_an_activity_per_step_and_the_seeds_closing_statements() -> None:
    template = agendas.BUILT_IN["five-steps"]
    assert [a.kind for a in template.activities] == FIVE_STEPS_KINDS
    assert [a.title for a in template.activities[:5]] == [
        "Step 1: consider your aim",
        "Step 2: identify the drivers",
        "Step 3: capture your idea",
        "Step 4: tell your story",
        "Step 5: share it",
    ]
    assert template.activities[-1].prompt == "When I get back to work, I'm going to…"
    assert {kind.value for kind in ActivityKind} >= set(FIVE_STEPS_KINDS)


def test_a_stored_plan_keeps_known_kinds_and_no_session_state() -> None:
    stored = json.dumps(
        [
            {"kind": "poll", "title": "A\x07", "prompt": "Q?", "settings": {"options": ["a", "b"], "revealed": True}},
            {"kind": "dance", "title": "Unknown kind"},
            "not an activity",
            {
                "kind": "words",
                "title": "W",
                "prompt": "Words?",
                "settings": {"max_words": 2, "hidden_words": ["idiot"]},
            },
        ]
    )
    [poll, words] = agendas.from_json(stored, {"poll", "statements", "words"})
    assert (poll.title, poll.prompt, poll.settings) == ("A", "Q?", {"options": ["a", "b"]})
    assert words.settings == {"max_words": 2}  # the words a facilitator hid were that session's
    assert agendas.from_json("{broken", {"poll"}) == ()


def test_workshop_create_with_the_five_steps_template_prints_the_three_lines(app, runner, actions) -> None:
    actions.facilitator()
    help_text = runner.invoke(args=["workshop", "create", "--help"]).output
    assert "--template" in help_text and "five-steps" in help_text
    result = runner.invoke(
        args=[
            "workshop",
            "create",
            "Impact in 5 steps – Winchester",
            "--facilitator",
            "tracey@example.nhs.uk",
            "--template",
            "five-steps",
        ]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split(":")[0] for line in lines] == ["code", "join", "facilitator"]
    code = lines[0].removeprefix("code: ")
    agenda = _agenda(app, code)
    assert [kind for kind, _, _ in agenda] == FIVE_STEPS_KINDS
    assert agenda[-1] == ("statements", "Back at work", "When I get back to work, I'm going to…")
    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        assert workshop.state == WorkshopState.OPEN
        scale = next(a for a in workshop.activities if a.kind == ActivityKind.SCALE)
        assert scale.settings["high_label"] == "Very confident"

    wrong = runner.invoke(
        args=["workshop", "create", "X", "--facilitator", "tracey@example.nhs.uk", "--template", "six-steps"]
    )
    assert wrong.exit_code != 0 and "no template 'six-steps'" in wrong.output and "five-steps" in wrong.output


def test_new_workshop_from_the_five_steps_template_on_the_web(signed_in) -> None:
    client = signed_in.client
    dashboard = client.get("/facilitate/").get_data(as_text=True)
    assert 'href="/facilitate/new/from-template"' in dashboard
    page = client.get("/facilitate/new/from-template").get_data(as_text=True)
    assert "Demonstrate impact in 5 easy steps" in page and "Step 2: identify the drivers" in page

    missing = client.post(
        "/facilitate/new/from-template", data={"csrf_token": csrf_from(page), "template": "five-steps"}
    )
    assert missing.status_code == 422 and "Give the workshop a title." in missing.get_data(as_text=True)
    unknown = client.post(
        "/facilitate/new/from-template", data={"csrf_token": csrf_from(page), "template": "mine-999", "title": "T"}
    )
    assert unknown.status_code == 422 and GONE in unknown.get_data(as_text=True)
    none = client.post("/facilitate/new/from-template", data={"csrf_token": csrf_from(page), "title": "T"})
    assert none.status_code == 422 and "Choose a template to start from." in none.get_data(as_text=True)

    made = client.post(
        "/facilitate/new/from-template",
        data={"csrf_token": csrf_from(page), "template": "five-steps", "title": "Taunton", "venue": "Musgrove Park"},
    )
    assert made.status_code == 302
    code = made.headers["Location"].rstrip("/").split("/")[-1]
    assert [kind for kind, _, _ in _agenda(signed_in.app, code)] == FIVE_STEPS_KINDS
    with signed_in.app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        assert (workshop.title, workshop.venue, workshop.state) == ("Taunton", "Musgrove Park", WorkshopState.DRAFT)


def test_save_a_workshops_agenda_as_my_template_and_start_from_it(signed_in, runner) -> None:
    code = signed_in.workshop(title="Winchester", prompt="Next week I will…")
    with signed_in.app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        poll = Activity(kind=ActivityKind.POLL, title="Warm-up", prompt="Tea or coffee?", position=1)
        poll.settings = {"options": ["Tea", "Coffee"], "multiple": False, "hide_results": True, "revealed": True}
        workshop.activities.append(poll)
        db.session.commit()
    client = signed_in.client
    workshop_page = client.get(f"/facilitate/w/{code}").get_data(as_text=True)
    assert f'href="/facilitate/w/{code}/save-as-template"' in workshop_page
    page = client.get(f"/facilitate/w/{code}/save-as-template").get_data(as_text=True)
    assert 'value="Winchester"' in page and "Warm-up: Tea or coffee?" in page
    blank = client.post(
        f"/facilitate/w/{code}/save-as-template", data={"csrf_token": csrf_from(page), "template_name": "  "}
    )
    assert blank.status_code == 422 and "Give the template a name." in blank.get_data(as_text=True)
    saved = client.post(
        f"/facilitate/w/{code}/save-as-template", data={"csrf_token": csrf_from(page), "template_name": "My tour <b>"}
    )
    assert saved.status_code == 302
    with signed_in.app.app_context():
        [row] = db.session.query(AgendaTemplate).all()
        assert row.name == "My tour <b>"
        stored = json.loads(row.agenda_json)
        assert [a["kind"] for a in stored] == ["statements", "poll"]
        assert stored[0]["prompt"] == "Next week I will…"
        assert stored[1]["settings"] == {"options": ["Tea", "Coffee"], "multiple": False, "hide_results": True}
        slug = f"mine-{row.id}"

    choose = client.get("/facilitate/new/from-template").get_data(as_text=True)
    assert "My tour &lt;b&gt;" in choose and "Your own: 2 activities (statements, quick poll)." in choose
    made = client.post(
        "/facilitate/new/from-template", data={"csrf_token": csrf_from(choose), "template": slug, "title": "Again"}
    )
    new_code = made.headers["Location"].rstrip("/").split("/")[-1]
    assert _agenda(signed_in.app, new_code) == [
        ("statements", "Statements", "Next week I will…"),
        ("poll", "Warm-up", "Tea or coffee?"),
    ]
    with signed_in.app.app_context():
        copy = db.session.query(Workshop).filter_by(code=new_code).one()
        assert copy.prompt == "Next week I will…" and copy.activities[1].revealed is False

    # The CLI starts from the same template; another facilitator cannot.
    result = runner.invoke(
        args=["workshop", "create", "Third", "--facilitator", "tracey@example.nhs.uk", "--template", slug]
    )
    assert result.exit_code == 0, result.output
    signed_in.facilitator("victoria@example.nhs.uk", "Victoria")
    other = runner.invoke(
        args=["workshop", "create", "X", "--facilitator", "victoria@example.nhs.uk", "--template", slug]
    )
    assert other.exit_code != 0 and f"no template {slug!r}" in other.output
    other_client = signed_in.app.test_client()
    signed_in.sign_in("victoria@example.nhs.uk", client=other_client)
    theirs = other_client.get("/facilitate/new/from-template").get_data(as_text=True)
    assert "My tour" not in theirs
    refused = other_client.post(
        "/facilitate/new/from-template", data={"csrf_token": csrf_from(theirs), "template": slug, "title": "Mine now"}
    )
    assert refused.status_code == 422
    assert other_client.get(f"/facilitate/w/{code}/save-as-template").status_code == 404
    assert GONE in refused.get_data(as_text=True)


def _text(response) -> str:
    """A page's HTML with entities read and the soft hyphens of long words (|hyphenate) taken out."""
    return html.unescape(response.get_data(as_text=True)).replace("\u00ad", "")


def _saved(app: Flask, code: str, email: str, name: str) -> str:
    """``email``'s own template called ``name``, saved from workshop ``code``'s agenda: its mine-ID."""
    with app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        owner = db.session.query(Facilitator).filter_by(email=email).one()
        row = operations.save_as_template(workshop, owner, name)
        db.session.commit()
        return f"mine-{row.id}"


def test_an_activity_without_a_title_is_listed_by_its_question_alone(signed_in: Actions) -> None:
    code = signed_in.workshop(title="Winchester", prompt="Next week I will…")
    with signed_in.app.app_context():
        workshop = db.session.query(Workshop).filter_by(code=code).one()
        poll = Activity(kind=ActivityKind.POLL, title="", prompt="Tea or coffee?", position=1)
        poll.settings = {"options": ["Tea", "Coffee"], "multiple": False}
        workshop.activities.append(poll)
        db.session.commit()
    page = signed_in.client.get(f"/facilitate/w/{code}/save-as-template").get_data(as_text=True)
    assert "<li>Tea or coffee?</li>" in page and ": Tea or coffee?" not in page


def test_create_prints_the_same_three_lines_with_a_template_or_without(runner, actions: Actions) -> None:
    actions.facilitator()

    def lines(*extra: str) -> list[str]:
        result = runner.invoke(args=["workshop", "create", "Taunton", "--facilitator", "tracey@example.nhs.uk", *extra])
        assert result.exit_code == 0, result.output
        code = result.output.splitlines()[0].removeprefix("code: ")
        return result.output.replace(code, "CODE").splitlines()

    plain, from_template = lines(), lines("--template", "five-steps")
    assert plain == from_template and len(plain) == 3
    assert plain[0] == "code: CODE" and plain[1].endswith("/j/CODE") and plain[2].endswith("/facilitate/w/CODE")


def test_the_templates_page_lists_the_kits_and_mine_and_deletes_only_mine(signed_in: Actions) -> None:
    app, client = signed_in.app, signed_in.client
    code = signed_in.workshop(title="Winchester")
    slug = _saved(app, code, "tracey@example.nhs.uk", "Winchester tour")
    number = slug.removeprefix("mine-")
    for page in ("/facilitate/new/from-template", f"/facilitate/w/{code}/save-as-template"):
        assert 'href="/facilitate/workshop-templates"' in client.get(page).get_data(as_text=True), page

    listing = _text(client.get("/facilitate/workshop-templates"))
    assert "Demonstrate impact in 5 easy steps" in listing and "The kit's own template · 7 activities" in listing
    assert "Winchester tour" in listing and "Yours · 1 activity · saved " in listing and slug in listing
    assert listing.count("/delete") == 1  # the kit's own has no Delete
    assert client.get("/facilitate/workshop-templates/five-steps/delete").status_code == 404

    # Someone else sees neither the template nor its delete page, and cannot delete it.
    signed_in.facilitator("victoria@example.nhs.uk", "Victoria")
    other = app.test_client()
    signed_in.sign_in("victoria@example.nhs.uk", client=other)
    theirs = other.get("/facilitate/workshop-templates").get_data(as_text=True)
    assert "Winchester tour" not in theirs and "You have no templates of your own yet" in theirs
    delete = f"/facilitate/workshop-templates/{number}/delete"
    assert other.get(delete).status_code == 404
    assert other.post(delete, data={"csrf_token": csrf_from(theirs)}).status_code == 404

    # A workshop started from the template keeps its agenda when the template goes.
    choose = client.get("/facilitate/new/from-template").get_data(as_text=True)
    started = client.post(
        "/facilitate/new/from-template", data={"csrf_token": csrf_from(choose), "template": slug, "title": "Before"}
    )
    started_code = started.headers["Location"].rstrip("/").split("/")[-1]
    asking = _text(client.get(delete))
    assert "Delete the template “Winchester tour”?" in asking and "keep their activities" in asking
    with app.app_context():
        assert db.session.query(AgendaTemplate).count() == 1  # asking deleted nothing
    deleted = client.post(delete, data={"csrf_token": csrf_from(asking)})
    assert deleted.status_code == 303 and deleted.headers["Location"].endswith("/facilitate/workshop-templates")
    after = _text(client.get("/facilitate/workshop-templates"))
    assert "Template “Winchester tour” deleted." in after and "Winchester tour</h2>" not in after
    assert client.get(delete).status_code == 404
    assert [kind for kind, _, _ in _agenda(app, started_code)] == ["statements"]

    # The page chosen from before the delete: a clear message, and the title typed is still there.
    late = client.post(
        "/facilitate/new/from-template", data={"csrf_token": csrf_from(choose), "template": slug, "title": "After"}
    )
    body = late.get_data(as_text=True)
    assert late.status_code == 422 and GONE in body and 'value="After"' in body


def test_the_cli_lists_templates_and_deletes_a_facilitators_own(runner, signed_in: Actions) -> None:
    app = signed_in.app
    signed_in.facilitator("victoria@example.nhs.uk", "Victoria")
    tour = _saved(app, signed_in.workshop(title="Tour"), "tracey@example.nhs.uk", "Tracey's tour")
    mine = _saved(app, signed_in.workshop("victoria@example.nhs.uk"), "victoria@example.nhs.uk", "Victoria's")
    help_text = runner.invoke(args=["workshop", "--help"]).output
    assert "templates" in help_text
    assert "delete" in runner.invoke(args=["workshop", "templates", "--help"]).output

    every = runner.invoke(args=["workshop", "templates"])
    assert every.exit_code == 0, every.output
    assert every.output.splitlines() == [
        "five-steps\tDemonstrate impact in 5 easy steps\t7 activities\tthe kit",
        f"{mine}\tVictoria's\t1 activity\tvictoria@example.nhs.uk",
        f"{tour}\tTracey's tour\t1 activity\ttracey@example.nhs.uk",
    ]
    hers = runner.invoke(args=["workshop", "templates", "--facilitator", "victoria@example.nhs.uk"])
    assert [line.split("\t")[0] for line in hers.output.splitlines()] == ["five-steps", mine]
    nobody = runner.invoke(args=["workshop", "templates", "--facilitator", "nobody@example.nhs.uk"])
    assert nobody.exit_code != 0 and "no facilitator account for nobody@example.nhs.uk" in nobody.output

    def delete(name: str, email: str):
        return runner.invoke(args=["workshop", "templates", "delete", name, "--facilitator", email])

    not_hers = delete(tour, "victoria@example.nhs.uk")
    assert not_hers.exit_code != 0 and f"victoria@example.nhs.uk has no template '{tour}'" in not_hers.output
    shipped = delete("five-steps", "tracey@example.nhs.uk")
    assert shipped.exit_code != 0 and "five-steps is the kit's own template: it cannot be deleted" in shipped.output
    with app.app_context():
        assert db.session.query(AgendaTemplate).count() == 2

    gone = delete(tour, "tracey@example.nhs.uk")
    assert gone.exit_code == 0, gone.output
    assert gone.output.strip() == (
        f"deleted template {tour} (Tracey's tour); workshops started from it keep their agendas"
    )
    assert tour not in runner.invoke(args=["workshop", "templates"]).output
    again = runner.invoke(
        args=["workshop", "create", "X", "--facilitator", "tracey@example.nhs.uk", "--template", tour]
    )
    assert again.exit_code != 0 and f"no template {tour!r} for tracey@example.nhs.uk (deleted, or not theirs)" in (
        again.output
    )
