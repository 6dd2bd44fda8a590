"""The whole live loop in a real browser, as a room would live it.

Tracey signs in, creates a workshop, opens it and puts the wall on the projector; the QR code is
read off a screenshot of the wall with zbarimg; three phones join with it and post; each
statement appears on the still-open wall without a reload.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def decode_qr(png: Path) -> str:
    result = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_facilitator_runs_a_workshop_and_phones_fill_the_wall(browser, live_server, actions, tmp_path):
    actions.facilitator()
    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    facilitator = desk.new_page()
    facilitator.goto(live_server.url + "/auth/sign-in")
    facilitator.get_by_label("Email address").fill("tracey@example.nhs.uk")
    facilitator.get_by_label("Password").fill(PASSWORD)
    facilitator.get_by_role("button", name="Sign in").click()
    facilitator.get_by_role("link", name="Create a workshop").click()
    facilitator.get_by_label("Title").fill("MAP on tour: Taunton")
    facilitator.get_by_label("Venue").fill("Taunton")
    facilitator.get_by_role("button", name="Create workshop").click()
    facilitator.get_by_role("button", name="Open submissions").click()
    expect(facilitator.get_by_text("The workshop is now open.")).to_be_visible()
    code = facilitator.locator(".code").first.inner_text().strip()

    with facilitator.expect_popup() as popup:
        facilitator.get_by_role("link", name="Open the wall").click()
    wall = popup.value
    wall.set_viewport_size({"width": 1600, "height": 900})
    wall.wait_for_load_state()
    screenshot = tmp_path / "wall.png"
    wall.locator(".wall-qr").screenshot(path=str(screenshot))
    join_url = decode_qr(screenshot)
    assert join_url == f"{live_server.url}/j/{code}"

    wall.evaluate("window.__sameDocument = true")
    statements = [
        "Increase use of Twitter / Facebook / Instagram accounts for impact of service",
        "Try to find a customer who is willing to contribute to a case study",
        "Launch a library competition: tell us your library story 📚",
    ]
    phones = []
    for text in statements:
        context = browser.new_context(**PHONE)
        phone = context.new_page()
        phone.goto(join_url)
        phone.evaluate("window.__sameDocument = true")
        phone.get_by_label("When I get back to work, I'm going to…").fill(text)
        phone.get_by_role("button", name="Send").click()
        phone.locator(".flash-success", has_text="Thank you: your statement is on the wall.").wait_for()
        assert phone.evaluate("window.__sameDocument") is True, "posting reloaded the phone's page"
        expect(phone.locator("#mine").get_by_text(text)).to_be_visible()
        phones.append(context)
        # The wall shows it within 2 seconds, without reloading.
        wall.locator(".wall-card", has_text=text).wait_for(timeout=2500)

    assert wall.evaluate("window.__sameDocument") is True, "the wall reloaded"
    assert wall.locator(".wall-counts").inner_text().startswith("3 participants · 3 statements")
    for context in phones:
        context.close()
    desk.close()


def test_the_phone_page_works_without_javascript(browser, live_server, actions):
    actions.facilitator()
    code = actions.workshop()
    context = browser.new_context(java_script_enabled=False, **PHONE)
    phone = context.new_page()
    phone.goto(live_server.url + "/")
    phone.get_by_label("Workshop code").fill(code.lower())
    phone.get_by_role("button", name="Join").click()
    phone.get_by_label("When I get back to work, I'm going to…").fill("Choose a project to use the five steps with")
    phone.get_by_role("button", name="Send").click()
    expect(phone.locator(".flash-success", has_text="Thank you: your statement is on the wall.")).to_be_visible()
    expect(phone.locator("#mine").get_by_text("Choose a project to use the five steps with")).to_be_visible()
    phone.get_by_label("When I get back to work, I'm going to…").fill("x" * 300)
    phone.get_by_role("button", name="Send").click()
    expect(phone.get_by_text("That is 300 characters; the limit is 280.").first).to_be_visible()
    assert phone.get_by_label("When I get back to work, I'm going to…").input_value() == "x" * 300
    context.close()


def test_the_character_counter_counts_down_as_you_type(browser, live_server, actions):
    actions.facilitator()
    code = actions.workshop(char_limit=50)
    context = browser.new_context(**PHONE)
    phone = context.new_page()
    phone.goto(f"{live_server.url}/j/{code}")
    box = phone.get_by_label("When I get back to work, I'm going to…")
    box.fill("Write a SMART plan")
    assert phone.locator("#text-count").inner_text() == "32 of 50 characters left"
    box.fill("y" * 55)
    assert phone.locator("#text-count").inner_text() == "Too long by 5 characters (limit 50)"
    context.close()


def test_text_being_typed_survives_the_facilitator_closing_submissions(browser, live_server, signed_in):
    code = signed_in.workshop()
    context = browser.new_context(**PHONE)
    phone = context.new_page()
    phone.goto(f"{live_server.url}/j/{code}")
    typed = "Ask for a wellbeing room on the third floor with a kettle"
    phone.get_by_label("When I get back to work, I'm going to…").fill(typed)
    response = signed_in.post_form(f"/facilitate/w/{code}/state", {"state": "closed"}, page=f"/facilitate/w/{code}")
    assert response.status_code in (200, 302)
    phone.get_by_text("This workshop is closed", exact=False).first.wait_for(timeout=20_000)
    expect(phone.locator("#text")).to_have_count(0)  # the form went with the redraw
    expect(phone.get_by_text("Not sent: what you were typing is below")).to_be_visible()
    expect(phone.get_by_label("What you were typing (not sent)")).to_have_value(typed)
    phone.get_by_role("button", name="Clear it").click()
    expect(phone.locator("#unsent")).to_have_count(0)
    context.close()


def test_the_box_is_empty_after_a_statement_is_sent_even_when_the_room_redraws_meanwhile(
    browser, live_server, signed_in
):
    """A trial on 7 December: the box still held the sent statement, inviting a second Send. A
    redraw of the panel by the room while the post is on its way must not put the text back."""
    code = signed_in.workshop()
    context = browser.new_context(**PHONE)
    phone = context.new_page()
    phone.goto(f"{live_server.url}/j/{code}")
    box = phone.get_by_label("When I get back to work, I'm going to…")
    box.fill("Ask the ward sisters what they need from the library by May")
    phone.get_by_role("button", name="Send").click()
    expect(phone.locator(".flash-success", has_text="Thank you")).to_be_visible()
    expect(box).to_have_value("")
    expect(phone.locator("#unsent")).to_have_count(0)

    # Now with the room's redraw arriving while the post is on its way (its answer held back).
    phone.route(f"**/j/{code}", lambda route: (phone.wait_for_timeout(1500), route.continue_()))
    box.fill("Write two impact case studies with the outreach team by June")
    phone.get_by_role("button", name="Send").click()
    phone.evaluate("htmx.trigger(document.querySelector('[hx-get*=\"/state\"]'), 'load')")
    phone.evaluate(
        "document.querySelector('#panel') && htmx.ajax('GET', location.pathname + '/panel', {target: '#panel', swap: 'outerHTML'})"
    )
    expect(phone.locator(".flash-success", has_text="Thank you")).to_be_visible(timeout=10_000)
    phone.wait_for_timeout(500)
    expect(box).to_have_value("")
    expect(phone.locator("#unsent")).to_have_count(0)
    context.close()
