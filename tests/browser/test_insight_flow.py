"""Drive the insight features in Chromium: the cross-side sort, the "what moved you?" prompt
after a change of stance, the brief on screen and on paper, and the guided rating walk."""

import re

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
        register_user("insight_walker", "Walt Walker", PASSWORD)
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
                "contribute": url_for("insight.contribute", debate_id=debate.id),
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


def test_the_guided_walk_rates_one_argument_at_a_time_hiding_others_ratings_until_rated(
    page: Page, paths, live_server
):
    sign_in(page, "insight_walker")
    page.goto(paths["contribute"])
    walk = page.locator("#walk-argument")
    expect(walk).to_have_count(1)
    expect(page.locator("#walk")).to_contain_text("Others’ ratings stay hidden until you rate.")
    expect(walk).not_to_contain_text("Strength")
    first_claim = walk.locator(".claim").inner_text()
    left = int(re.search(r"(\d+) arguments? you have not rated",
                         page.locator("#walk").inner_text()).group(1))
    first_page = walk.get_by_role("link", name="Read it in its place").get_attribute("href")

    argument_id = first_page.rstrip("/").rsplit("/", 1)[-1]
    page.goto(first_page)
    tally = page.locator(f"#argument-{argument_id} .tally").first
    expect(tally).to_contain_text("Rate it to see how others rated it")
    page.go_back()
    walk.get_by_role("button", name=re.compile(r"^3 · strong")).click()

    expect(page).to_have_url(live_server.url + paths["contribute"])
    expect(walk).to_have_count(1 if left > 1 else 0)
    expect(walk.locator(".claim")).not_to_have_text(first_claim)
    expect(page.locator("#walk")).to_contain_text(
        f"{left - 1} argument{'s' if left - 1 != 1 else ''} you have not rated")
    page.goto(first_page)
    expect(tally).to_contain_text("Strength")
    expect(tally).to_contain_text("rating")
