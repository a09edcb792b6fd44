"""Walk through, in Chromium, the places where new users stumbled, and check each is smooth."""

import re

from playwright.sync_api import Page, expect

from tests.browser.test_argument_tree import card, open_position, statement_of

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
