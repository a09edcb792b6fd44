"""Use a position page with the keyboard alone: skip links, rating, a stance and a reply."""


from flask import url_for
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.arguments.services import post_argument
from app.auth.services import register_user
from app.debates.services import locate_quote, raise_position, start_debate
from app.demo import read_demo
from app.extensions import db
from app.models import Material, Position, Side

DEMO = read_demo()
# Ours alone: the other browser tests vote and post on other demo positions.
KEYBOARD_POSITION = 5
REPLY = "Suppliers cannot foresee every use a buyer makes of a camera"
# Tab presses Tab-only navigation takes to the first argument's rating: past the header, the
# stance buttons, the passages and the sort links (the skip links add two).
TABS_BEFORE = 19

FOCUSED = """() => {
  const element = document.activeElement;
  return {
    tag: element.tagName,
    id: element.id,
    name: element.getAttribute("name"),
    value: element.getAttribute("value"),
    text: element.textContent.trim(),
    inArgument: element.closest("article.argument")?.id || null,
    inRating: element.closest(".rating")?.id || null,
  };
}"""


def open_position(page: Page, live_server) -> tuple[str, int]:
    """Open the position's page; return its path and the first argument in the For column."""
    statement = DEMO["positions"][KEYBOARD_POSITION]["statement"]
    with live_server.app.app_context():
        position = db.session.scalar(select(Position).where(Position.statement == statement))
        with live_server.app.test_request_context():
            path = url_for(
                "debates.position", debate_id=position.debate_id, position_id=position.id
            )
    page.goto(path)
    first = page.locator("#column-pro-list article.argument").first.get_attribute("id")
    return path, int(first.removeprefix("argument-"))


def tab_until(page: Page, reached, limit: int = 60) -> int:
    """Press Tab until `reached(focused)` holds; return how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if reached(page.evaluate(FOCUSED)):
            return presses
    raise AssertionError(f"not reached in {limit} Tab presses; focus on {page.evaluate(FOCUSED)}")


def is_first_rating(first: int):
    """Recognise the first score button of the first argument."""
    return lambda focused: focused["inRating"] == f"rating-{first}" and focused["name"] == "score"


def test_skip_links_reach_the_first_arguments_controls_in_a_few_presses(
    page: Page, live_server, sign_up
):
    sign_up(page, "kb_counter")
    path, first = open_position(page, live_server)
    # Without the skip links, counted from the top of the page, for comparison.
    plain = tab_until(page, is_first_rating(first))
    assert plain >= TABS_BEFORE

    page.goto(path)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    expect(page.get_by_role("link", name="Skip to main content")).to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to the arguments")).to_be_focused()
    page.keyboard.press("Enter")
    to_argument = tab_until(page, lambda focused: focused["inArgument"] == f"argument-{first}")
    to_rating = to_argument + tab_until(page, is_first_rating(first))
    # Tab, Tab, Enter; then "Argue for" and the argument's permalink (2 presses), and its
    # sources link and the first score (2 more): 5 presses to the argument, 7 to its rating,
    # where Tab alone takes 21 (19 before the two skip links were added in front).
    assert 3 + to_argument <= 5, f"{3 + to_argument} key presses to the first argument"
    assert 3 + to_rating <= 7, f"{3 + to_rating} key presses to its rating ({plain} by Tab alone)"


def test_focus_is_clearly_visible(page: Page, live_server):
    open_position(page, live_server)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    width = skip.evaluate("element => parseFloat(getComputedStyle(element).outlineWidth)")
    style = skip.evaluate("element => getComputedStyle(element).outlineStyle")
    assert style == "solid" and width >= 2


def test_rating_voting_and_replying_by_keyboard_alone(page: Page, live_server, sign_up):
    sign_up(page, "kb_only")
    path, first = open_position(page, live_server)
    announcer = page.locator("#announcer")
    expect(announcer).to_have_attribute("aria-live", "polite")

    # Rate the first argument 3 with Enter: focus stays on the "3" button that was pressed.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    tab_until(page, lambda focused: is_first_rating(first)(focused) and focused["value"] == "3")
    page.keyboard.press("Enter")
    three = page.locator(f"#rating-{first} button[name=score][value='3']")
    expect(three).to_have_attribute("aria-pressed", "true")
    expect(three).to_be_focused()
    expect(announcer).to_contain_text("Rating saved: 3")
    expect(page.locator(f"#rating-{first} .tally")).to_contain_text("Strength")

    # Change it to 1 with Space, from where focus was left.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    one = page.locator(f"#rating-{first} button[name=score][value='1']")
    expect(one).to_have_attribute("aria-pressed", "true")
    expect(one).to_be_focused()
    expect(announcer).to_contain_text("Rating saved: 1")

    # Say where you stand: from the top of the page, into the main content, on to "Against".
    page.goto(path)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    tab_until(page, lambda focused: focused["text"] == "Against" and focused["tag"] == "BUTTON")
    page.keyboard.press("Enter")
    against = page.locator(".stance-form button[value=against]")
    expect(against).to_have_attribute("aria-pressed", "true")
    expect(against).to_be_focused()
    expect(announcer).to_contain_text("Your stance is recorded: against")

    # Reply to the first argument: its "Object" link opens the form in place, focus in Claim.
    mine = f"argument-{first}"
    position_url = page.url
    tab_until(page, lambda focused: focused["inArgument"] == mine and focused["text"] == "Object")
    page.keyboard.press("Enter")
    slot = page.locator(f"#reply-slot-{first}")
    expect(slot.get_by_label("Claim")).to_be_focused()
    page.keyboard.type(REPLY)
    tab_until(page, lambda focused: focused["text"] == "Post the argument")
    page.keyboard.press("Enter")
    expect(slot.locator(".claim", has_text=REPLY)).to_be_visible()
    assert page.url == position_url


def test_show_more_by_keyboard_hands_focus_to_the_first_argument_it_brought(
    page: Page, live_server
):
    with live_server.app.app_context():
        owner = register_user("kb_many", "Many Reasons", "amber quill meadow")
        material = db.session.scalar(
            select(Material).where(Material.title == DEMO["material"]["title"])
        )
        debate = start_debate(material, owner, "A long column", "Enough?", open_now=True)
        quote = DEMO["positions"][0]["quote"]
        passage = next(p for p in material.passages if locate_quote(p.text, quote))
        anchors = [(passage.number, quote, "")]
        position = raise_position(debate, owner, "One page is not enough", anchors)
        posted = [
            post_argument(position, owner, Side.PRO, f"Reason {n}", allow_similar=True)
            for n in range(1, 23)
        ]
        db.session.commit()
        ids = [argument.id for argument in posted]
        with live_server.app.test_request_context():
            path = url_for("debates.position", debate_id=debate.id, position_id=position.id)
    page.goto(path)
    column = page.locator("#column-pro-list article.argument")
    expect(column).to_have_count(20)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    tab_until(page, lambda focused: focused["text"] == "Show more", limit=400)
    page.keyboard.press("Enter")
    expect(column).to_have_count(22)
    twenty_first = column.nth(20).get_attribute("id")
    assert twenty_first.removeprefix("argument-") in {str(i) for i in ids}
    expect(page.locator(f"#{twenty_first} a.path")).to_be_focused()
