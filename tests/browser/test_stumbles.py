"""Walk through, in Chromium, the places where new users stumbled, and check each is smooth."""

import re

from playwright.sync_api import Page, expect

from app.demo import read_demo
from tests.browser.test_argument_tree import card, open_position, statement_of

DEMO = read_demo()

# Each test works on its own demo position, apart from the other browser tests' ones.
LANDING_POSITION = 1


def test_after_posting_an_argument_you_land_at_it_in_the_tree(page: Page, sign_up):
    sign_up(page, "stumble_poster")
    open_position(page, LANDING_POSITION)
    page.get_by_role("link", name="Argue for").click()
    page.get_by_label("Claim").fill("Cameras at crossings catch drivers who run red lights.")
    page.get_by_role("button", name="Post the argument").click()

    expect(page).to_have_url(re.compile(r"/positions/\d+\?sort=newest#argument-\d+$"))
    heading = page.get_by_role("heading", name=statement_of(LANDING_POSITION), level=1)
    expect(heading).to_be_visible()
    posted = int(page.url.rsplit("-", 1)[1])
    expect(card(page, posted)).to_be_in_viewport()
    expect(page.get_by_text("Argument posted.")).to_be_visible()


def test_no_empty_warning_box_shows_under_the_claim(page: Page, sign_up):
    sign_up(page, "stumble_writer")
    open_position(page, LANDING_POSITION)
    page.get_by_role("link", name="Argue against").click()
    expect(page.get_by_label("Claim")).to_be_visible()

    warning = page.locator("#similar-warning")
    box = warning.bounding_box()
    assert box is None or box["height"] == 0
    assert warning.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert warning.evaluate("e => getComputedStyle(e).borderTopStyle") == "none"


NUMBER_AND_BAR = """(passage) => {
  const number = passage.querySelector(".passage-number").getBoundingClientRect();
  const text = passage.querySelector(".passage-text").getBoundingClientRect();
  return [number.right, text.left];
}"""


def test_the_citation_bar_does_not_cross_the_passage_numbers(page: Page):
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/")
        page.get_by_role("link", name=DEMO["debate"]["title"]).click()
        page.get_by_role("link", name="Read the material").first.click()
        cited = page.locator(".passage.is-cited")
        expect(cited.first).to_be_visible()
        for index in range(min(cited.count(), 5)):
            number_right, bar_left = cited.nth(index).evaluate(NUMBER_AND_BAR)
            assert number_right <= bar_left, (width, index, number_right, bar_left)


def test_rating_buttons_show_the_scales_words(page: Page, sign_up):
    sign_up(page, "stumble_rater")
    open_position(page, LANDING_POSITION)
    buttons = page.locator(".rate-form").first.locator("button.score")

    expect(buttons).to_have_text(["0 no force", "1 weak", "2 some force", "3 strong", "4 decisive"])
    for score in range(5):
        name = buttons.nth(score).get_attribute("aria-label")
        assert re.match(rf"^{score} [a-z ]+: rate argument [\d.]+ {score} of 4$", name), name


BRANCH_POSITION = 11


def test_show_replies_becomes_hide_replies_and_a_branch_expands_at_once(page: Page, sign_up):
    from tests.browser.test_argument_tree import demo_claim

    sign_up(page, "stumble_reader")
    open_position(page, BRANCH_POSITION)
    top = page.locator("#column-pro-list > li > article").filter(
        has=page.get_by_text(demo_claim(BRANCH_POSITION, 0), exact=True)
    )
    top_id = top.get_attribute("id").split("-")[1]
    toggle = top.locator(f"#replies-toggle-{top_id}")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_have_attribute("aria-controls", f"replies-{top_id}")

    toggle.click()
    expect(toggle).to_have_text("Hide replies")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    child_claim = top.locator(f"#replies-{top_id}").get_by_text(
        demo_claim(BRANCH_POSITION, 0, 0), exact=True
    )
    expect(child_claim).to_be_visible()

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_have_text(re.compile(r"— show replies$"))
    expect(child_claim).to_have_count(0)

    top.get_by_role("link", name="Expand this branch").first.click()
    grandchild = top.get_by_text(demo_claim(BRANCH_POSITION, 0, 0, 0), exact=True)
    expect(grandchild).to_be_visible()
    expect(toggle).to_have_text("Hide replies")


def test_with_htmx_a_reply_is_written_and_inserted_in_place(page: Page, sign_up):
    from tests.browser.test_argument_tree import MARK_PAGE, demo_claim

    sign_up(page, "stumble_replier")
    open_position(page, LANDING_POSITION)
    position_url = page.url
    page.evaluate(MARK_PAGE)
    target = page.locator("#column-con-list > li > article").filter(
        has=page.get_by_text(demo_claim(LANDING_POSITION, 2), exact=True)
    )
    target_id = target.get_attribute("id").split("-")[1]

    target.get_by_role("link", name="Object", exact=True).first.click()
    slot = page.locator(f"#reply-slot-{target_id}")
    expect(slot.get_by_label("Claim")).to_be_visible()
    claim = "Footage from crossings is rarely checked by anyone at all."
    slot.get_by_label("Claim").fill(claim)
    slot.get_by_role("button", name="Post the argument").click()

    posted = slot.locator("article.argument")
    expect(posted.locator(".claim")).to_have_text(claim)
    expect(posted.locator(".relation")).to_have_text(re.compile(r"^objects to [\d.]+$"))
    expect(slot.get_by_label("Claim")).to_have_count(0)
    assert page.url == position_url
    assert page.evaluate("() => window.__marker") == 1
