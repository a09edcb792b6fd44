"""Honour what the reader's device asks for: less motion, a dark scheme, and paper."""

import pytest
from flask import url_for
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.demo import read_demo
from app.extensions import db
from app.models import Argument, Debate, Material, Position

DEMO = read_demo()
# Read only: printing changes nothing, so any demo position will do.
PRINTED_POSITION = 2


def demo_paths(live_server) -> dict[str, str]:
    """Find the demo's material, one position and its first argument with replies."""
    statement = DEMO["positions"][PRINTED_POSITION]["statement"]
    claim = DEMO["positions"][PRINTED_POSITION]["arguments"][0]["claim"]
    with live_server.app.app_context():
        material = db.session.scalar(
            select(Material).where(Material.title == DEMO["material"]["title"])
        )
        debate = db.session.scalar(select(Debate).where(Debate.title == DEMO["debate"]["title"]))
        position = db.session.scalar(select(Position).where(Position.statement == statement))
        argument = db.session.scalar(select(Argument).where(Argument.claim == claim))
        with live_server.app.test_request_context():
            return {
                "material": url_for("materials.show", material_id=material.id),
                "reading view": url_for("debates.read", debate_id=debate.id),
                "position": url_for(
                    "debates.position", debate_id=debate.id, position_id=position.id
                ),
                "argument": url_for("arguments.show", argument_id=argument.id),
            }


@pytest.mark.parametrize(
    ("motion", "duration"), [("no-preference", "0.15s, 0.15s"), ("reduce", "0s")]
)
def test_transitions_stop_when_the_reader_asks_for_less_motion(
    page: Page, live_server, motion: str, duration: str
):
    page.emulate_media(reduced_motion=motion)
    page.goto(demo_paths(live_server)["position"])
    link = page.get_by_role("link", name="Evidence library")
    assert link.evaluate("element => getComputedStyle(element).transitionDuration") == duration


def test_a_dark_scheme_is_used_when_the_reader_prefers_it(page: Page, live_server):
    page.goto(demo_paths(live_server)["position"])
    expect(page.locator("html")).to_have_css("background-color", "rgb(245, 246, 248)")
    page.emulate_media(color_scheme="dark")
    expect(page.locator("html")).to_have_css("background-color", "rgb(17, 21, 27)")
    expect(page.locator("h1")).to_have_css("color", "rgb(232, 235, 240)")


def test_printing_the_material_keeps_the_text_and_drops_the_controls(
    page: Page, live_server, sign_up
):
    sign_up(page, "print_reader")
    paths = demo_paths(live_server)
    page.emulate_media(media="print")
    page.goto(paths["material"])
    expect(page.get_by_role("heading", name=DEMO["material"]["title"], level=1)).to_be_visible()
    expect(page.locator(".material-text .passage-text").first).to_be_visible()
    expect(page.locator(".passage-number").first).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("link", name="Start a debate on this material")).to_be_hidden()

    page.goto(paths["reading view"])
    expect(page.locator(".material-text .passage-text").first).to_be_visible()
    expect(page.locator("#raise-position")).to_be_hidden()
    expect(page.locator(".citations").first).to_be_hidden()


def test_printing_a_position_shows_its_tree_without_navigation_or_forms(
    page: Page, live_server, sign_up
):
    sign_up(page, "print_debater")
    paths = demo_paths(live_server)
    page.goto(paths["position"])
    # On screen first, so that the checks below cannot pass on a page that lacks the controls.
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.locator(".rate-form").first).to_be_visible()

    page.emulate_media(media="print")
    statement = DEMO["positions"][PRINTED_POSITION]["statement"]
    expect(page.get_by_role("heading", name=statement, level=1)).to_be_visible()
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Sort and filter")).to_be_hidden()
    expect(page.locator(".stance-form")).to_be_hidden()
    expect(page.locator(".distribution")).to_be_visible()
    for form in page.locator("main form").all():
        expect(form).to_be_hidden()
    expect(page.get_by_role("link", name="Argue for")).to_be_hidden()
    expect(page.locator(".argument-actions").first).to_be_hidden()
    for heading in ("For", "Against"):
        expect(page.get_by_role("heading", name=heading, level=2)).to_be_visible()
    for argument in DEMO["positions"][PRINTED_POSITION]["arguments"]:
        expect(page.locator(".claim", has_text=argument["claim"])).to_be_visible()
    # One column under the other, so that claims are not squeezed on paper.
    expect(page.locator(".columns")).to_have_css("display", "block")
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")


def test_printing_an_argument_shows_it_with_its_replies(page: Page, live_server):
    page.emulate_media(media="print")
    page.goto(demo_paths(live_server)["argument"])
    first = DEMO["positions"][PRINTED_POSITION]["arguments"][0]
    expect(page.locator(".argument-focus .claim")).to_have_text(first["claim"])
    for reply in first["replies"]:
        expect(page.locator(".columns .claim", has_text=reply["claim"])).to_be_visible()
    expect(page.get_by_role("navigation", name="Where this argument stands")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
