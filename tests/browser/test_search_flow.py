"""Drive the search box in Chromium: results follow the typing without leaving the page."""

import re

from playwright.sync_api import Page, expect


def test_results_appear_as_one_types_and_lead_to_the_item(page: Page):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    expect(page.get_by_role("heading", name="Search", level=1)).to_be_visible()
    # A mark that a full page load would wipe out.
    page.evaluate("window.stillHere = true")
    page.get_by_label("Search for").press_sequentially("camer", delay=40)
    results = page.locator("#search-results")
    expect(results.locator(".search-hit").first).to_be_visible()
    expect(results.locator("mark").first).to_have_text(re.compile("camer", re.IGNORECASE))
    expect(results.get_by_role("status")).to_have_text(re.compile(r"\d+ results?"))
    assert page.evaluate("window.stillHere") is True
    expect(page).to_have_url(re.compile(r"/search\?q=camer"))

    page.get_by_label("Only").select_option("argument")
    expect(results.locator(".search-hit .meta")).not_to_contain_text(["Material"])
    expect(results.locator(".search-hit .meta").first).to_contain_text("Argument")
    assert page.evaluate("window.stillHere") is True

    page.get_by_label("Search for").fill("")
    page.get_by_label("Search for").press_sequentially("qqqzzz", delay=40)
    expect(results).to_contain_text("Nothing found for “qqqzzz”.")

    page.get_by_label("Only").select_option("")
    page.get_by_label("Search for").fill("cameras")
    expect(page).to_have_url(re.compile(r"/search\?q=cameras&kind=$"))
    expect(results.locator("mark").first).to_have_text(re.compile("^cameras$", re.IGNORECASE))
    first = results.locator(".search-hit a").first
    target = first.get_attribute("href")
    first.click()
    expect(page).to_have_url(re.compile(re.escape(target.split("#")[0])))
