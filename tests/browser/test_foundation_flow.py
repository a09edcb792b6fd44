"""Drive the foundation in Chromium: sign up, start a debate, raise a position from a selection."""

import re

from playwright.sync_api import Page, expect

from app.demo import read_demo

DEMO = read_demo()

# Passage 3 of the demo briefing is a paragraph; these nine words stand in its middle.
PASSAGE = 3
QUOTE = "Cameras watch roads, metro stations, airports and shopping streets"
STATEMENT = "Cameras in public places do more good than harm"

SELECT_WORDS = """([selector, words]) => {
  const text = document.querySelector(selector).firstChild;
  const start = text.data.indexOf(words);
  if (start <= 0) { throw new Error("words not inside " + selector); }
  const range = document.createRange();
  range.setStart(text, start);
  range.setEnd(text, start + words.length);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  return selection.toString();
}"""


def start_debate_on_demo(page: Page, title: str) -> None:
    """Go from the Material page to a new open debate on the demo briefing."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Material").click()
    expect(page.get_by_role("heading", name="Material", exact=True)).to_be_visible()
    page.get_by_role("link", name=DEMO["material"]["title"]).click()
    expect(page.get_by_role("heading", name=DEMO["material"]["title"])).to_be_visible()
    page.get_by_role("link", name="Start a debate on this material").click()
    expect(page.get_by_label("Material")).to_have_value(re.compile(r"^[1-9]\d*$"))
    page.get_by_label("Title").fill(title)
    page.get_by_label("Framing question").fill("Should Beijing keep its street cameras?")
    page.get_by_label("Open it now").check()
    page.get_by_role("button", name="Start the debate").click()
    expect(page).to_have_url(re.compile(r"/debates/\d+$"))
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.get_by_text("Debate started.")).to_be_visible()


def test_selecting_words_in_the_material_raises_a_position_quoting_them(page: Page, sign_up):
    sign_up(page, "selection_reader")
    start_debate_on_demo(page, "Cameras in Beijing")

    page.locator(".debate-head").get_by_role("link", name="Read the material").click()
    passage = page.locator(f"#p-{PASSAGE}")
    expect(passage).to_have_class(re.compile(r"\bpassage-paragraph\b"))
    selected = page.evaluate(SELECT_WORDS, [f"#p-{PASSAGE} .passage-text", QUOTE])
    assert selected == QUOTE
    page.get_by_role("button", name="Raise a position").click()

    expect(page).to_have_url(re.compile(r"/debates/\d+/positions/new\?"))
    first_row = page.get_by_role("group", name="Quoted passage 1", exact=True)
    expect(first_row.get_by_label("Passage")).to_have_value(str(PASSAGE))
    expect(first_row.get_by_label("Quoted words")).to_have_value(QUOTE)
    page.get_by_label("Position", exact=True).fill(STATEMENT)
    page.get_by_role("button", name="Raise the position").click()

    expect(page).to_have_url(re.compile(r"/debates/\d+/positions/\d+$"))
    expect(page.get_by_role("heading", name=STATEMENT, level=1)).to_be_visible()
    expect(page.get_by_text("Position raised.")).to_be_visible()
    expect(page.locator("blockquote.anchor mark")).to_have_text(QUOTE)

    page.get_by_role("link", name="← Cameras in Beijing").click()
    listed = page.locator(".position-list > li").filter(has_text=STATEMENT)
    expect(listed).to_have_count(1)
    expect(listed.get_by_role("link", name=f"§{PASSAGE}", exact=True)).to_have_attribute(
        "href", re.compile(rf"/debates/\d+/read\?p={PASSAGE}#p-{PASSAGE}$")
    )
    expect(listed.locator("q")).to_have_text(QUOTE)


def test_demo_debate_lists_its_positions_and_the_material_links_back_to_them(page: Page):
    page.goto("/")
    page.get_by_role("link", name=DEMO["debate"]["title"]).click()
    expect(page.get_by_role("heading", name=DEMO["debate"]["title"], level=1)).to_be_visible()
    positions = page.locator(".position-list > li")
    expect(positions.nth(7)).to_be_visible()
    assert positions.count() == len(DEMO["positions"]) >= 8

    page.locator(".debate-head").get_by_role("link", name="Read the material").click()
    expect(page.get_by_role("heading", name=DEMO["material"]["title"], level=1)).to_be_visible()
    markers = page.locator("a.citation-marker")
    expect(markers.nth(7)).to_be_visible()
    for marker in markers.all():
        expect(marker).to_have_attribute("href", re.compile(r"/debates/\d+/positions/\d+$"))
    statement = markers.first.inner_text()
    markers.first.click()
    expect(page).to_have_url(re.compile(r"/debates/\d+/positions/\d+$"))
    expect(page.get_by_role("heading", name=statement, level=1)).to_be_visible()
    expect(page.locator("blockquote.anchor mark").first).not_to_be_empty()


def test_without_javascript_a_wrong_quote_is_refused_beside_its_field(new_context, sign_up):
    page = new_context(java_script_enabled=False).new_page()
    sign_up(page, "no_script_reader")
    start_debate_on_demo(page, "Street cameras, no scripts")

    page.locator(".debate-head").get_by_role("link", name="Raise a position").click()
    expect(page).to_have_url(re.compile(r"/debates/\d+/positions/new$"))
    page.get_by_label("Position", exact=True).fill(STATEMENT)
    first_row = page.get_by_role("group", name="Quoted passage 1", exact=True)
    first_row.get_by_label("Passage").select_option(str(PASSAGE))
    quote = first_row.get_by_label("Quoted words")
    quote.fill("Cameras watch every single corner of every street")
    with page.expect_response(lambda response: response.request.method == "POST") as refused:
        page.get_by_role("button", name="Raise the position").click()

    # The browser itself posted the form: htmx, which sets HX-Request, never ran.
    assert "hx-request" not in refused.value.request.headers
    assert refused.value.status == 422
    expect(quote).to_have_attribute("aria-invalid", "true")
    expect(first_row.locator(".error")).to_have_text(
        f"These words are not in passage {PASSAGE}. Copy them exactly from the text."
    )
    expect(first_row.get_by_label("Passage")).to_have_value(str(PASSAGE))

    quote.fill(QUOTE)
    page.get_by_role("button", name="Raise the position").click()
    expect(page.get_by_role("heading", name=STATEMENT, level=1)).to_be_visible()
    expect(page.locator("blockquote.anchor mark")).to_have_text(QUOTE)
    page.get_by_role("link", name="← Street cameras, no scripts").click()
    listed = page.locator(".position-list > li").filter(has_text=STATEMENT)
    expect(listed.get_by_role("link", name=f"§{PASSAGE}", exact=True)).to_be_visible()
