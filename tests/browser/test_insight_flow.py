"""Drive the insight features in Chromium: the cross-side sort, the "what moved you?" prompt
after a change of stance, and the brief on screen and on paper."""

import pytest
from flask import url_for
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.auth.services import register_user
from app.demo import read_demo
from app.extensions import db
from app.insight.scores import recompute_all
from app.models import Debate, Position, StanceReason

DEMO = read_demo()
# Its own demo position: others vote and post on the first ones.
OUR_POSITION = 3
PASSWORD = "amber quill meadow"


@pytest.fixture(scope="module")
def paths(live_server) -> dict:
    statement = DEMO["positions"][OUR_POSITION]["statement"]
    with live_server.app.app_context():
        register_user("insight_reader", "Ivy Insight", PASSWORD)
        debate = db.session.scalar(select(Debate).where(Debate.title == DEMO["debate"]["title"]))
        position = db.session.scalar(select(Position).where(Position.statement == statement))
        recompute_all()
        db.session.commit()
        with live_server.app.test_request_context():
            return {
                "position_id": position.id,
                "position": url_for("debates.position", debate_id=debate.id,
                                    position_id=position.id),
                "brief": url_for("insight.brief", debate_id=debate.id),
            }


def sign_in(page: Page, username: str) -> None:
    page.goto("/account/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_the_cross_side_sort_says_how_it_ranked(page: Page, paths):
    page.goto(paths["position"])
    page.get_by_role("link", name="Convincing to both sides").click()

    expect(page.get_by_text("Convincing to both sides", exact=True).first).to_be_visible()
    expect(page.locator("#score-note")).to_contain_text("ratings")
    assert "sort=cross_side" in page.url


def test_a_change_of_stance_offers_the_prompt_and_it_can_be_answered(
    page: Page, paths, live_server
):
    sign_in(page, "insight_reader")
    page.goto(paths["position"])
    stance = page.locator(".stance-form")
    stance.get_by_role("button", name="Against").click()
    expect(stance.get_by_role("button", name="Against")).to_have_attribute("aria-pressed", "true")
    page.locator(".stance-form").get_by_role("button", name="For").click()

    prompt = page.get_by_role("link", name="What moved you? (optional)")
    expect(prompt).to_be_visible()
    prompt.click()
    expect(page.get_by_role("heading", name="What moved you?")).to_be_visible()
    expect(page.get_by_role("link", name="Skip", exact=True)).to_be_visible()
    page.locator(".moved-form input[type=checkbox]").first.check()
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(live_server.url + paths["position"])
    with live_server.app.app_context():
        assert db.session.scalar(select(StanceReason.position_id)) == paths["position_id"]


def test_the_brief_reads_on_screen_and_prints_without_the_controls(page: Page, paths):
    page.goto(paths["brief"])
    expect(page.get_by_role("heading", name="State of the debate", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Participation")).to_be_visible()
    download = page.get_by_role("link", name="Download as Markdown")
    expect(download).to_be_visible()

    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("heading", name="Passages no position addresses")).to_be_visible()
    expect(page.locator("html")).to_have_css("background-color", "rgb(255, 255, 255)")
    assert page.pdf()[:4] == b"%PDF"
