"""Drive the argument tree in Chromium: post, reply, cite, rate and vote, with and without htmx."""

import re

from playwright.sync_api import Locator, Page, expect

from app.demo import read_demo

DEMO = read_demo()

# Each test works on its own demo position, so their votes and posts never meet.
JS_POSITION = 11  # Giving up some privacy for greater safety is a reasonable trade
PLAIN_POSITION = 10  # Police drones should be allowed to run face recognition from the air
SORT_POSITION = 4  # Barring court debtors from trains and flights is a fair penalty

ARGUMENT_URL = re.compile(r"/arguments/(\d+)(#argument-\d+)?$")
# A new argument is shown where it stands in the tree, the page scrolled to it.
POSTED_URL = re.compile(r"/(?:positions|arguments)/\d+\?sort=newest#argument-(\d+)$")

# A full navigation starts a new window object; a boosted one replaces <main>'s content.
# Either would lose one of these marks, an in-place htmx swap elsewhere keeps both.
MARK_PAGE = """() => {
  window.__marker = 1;
  document.querySelector("main h1").dataset.marker = "kept";
}"""


def statement_of(index: int) -> str:
    """Return the statement of a demo position by its place in the demo."""
    return DEMO["positions"][index]["statement"]


def demo_claim(position: int, *path: int) -> str:
    """Return the claim of a demo argument, e.g. (4, 1, 0) = first reply to the second one."""
    nodes, node = DEMO["positions"][position]["arguments"], None
    for step in path:
        node = nodes[step]
        nodes = node["replies"]
    return node["claim"]


def open_position(page: Page, index: int) -> None:
    """Go from the home page through the demo debate to one of its positions."""
    page.goto("/")
    page.get_by_role("link", name=DEMO["debate"]["title"]).click()
    expect(page.get_by_role("heading", name=DEMO["debate"]["title"], level=1)).to_be_visible()
    page.locator(".position-list").get_by_role("link", name=statement_of(index)).click()
    expect(page).to_have_url(re.compile(r"/debates/\d+/positions/\d+$"))
    expect(page.get_by_role("heading", name=statement_of(index), level=1)).to_be_visible()


def back_to_position(page: Page, index: int) -> None:
    """Follow the breadcrumb from an argument's page to its position, in its default order;
    on the position already (where a new argument lands), open it afresh."""
    breadcrumb = page.get_by_role("navigation", name="Where this argument stands")
    if breadcrumb.count():
        breadcrumb.get_by_role("link", name=statement_of(index)).click()
    else:
        page.goto(page.url.split("?")[0].split("#")[0])
    expect(page.get_by_role("heading", name=statement_of(index), level=1)).to_be_visible()


def card(page: Page, argument_id: int) -> Locator:
    """Find an argument's card on the page."""
    return page.locator(f"#argument-{argument_id}")


def write_argument(page: Page, side: str, claim: str) -> int:
    """Fill the open argument form with its side already chosen, post it, return its id."""
    expect(page.get_by_label(side, exact=True)).to_be_checked()
    page.get_by_label("Claim").fill(claim)
    page.get_by_role("button", name="Post the argument").click()
    expect(page).to_have_url(POSTED_URL)
    expect(page.get_by_text("Argument posted.")).to_be_visible()
    argument_id = int(POSTED_URL.search(page.url).group(1))
    expect(card(page, argument_id).locator(".claim")).to_have_text(claim)
    return argument_id


def argue(page: Page, index: int, heading: str, claim: str) -> int:
    """Post a top-level argument with the column's "Argue for/against" button."""
    page.get_by_role("link", name=f"Argue {heading.lower()}").click()
    expect(page.get_by_role("heading", name="New argument")).to_be_visible()
    expect(page.locator(".parent-text")).to_have_text(statement_of(index))
    return write_argument(page, heading, claim)


def reply_in_place(page: Page, parent_id: int, action: str, claim: str) -> int:
    """Answer an argument from its card with htmx: the form opens under the card, and the
    posted reply takes its place there; return the reply's id."""
    card(page, parent_id).get_by_role("link", name=action, exact=True).click()
    slot = page.locator(f"#reply-slot-{parent_id}")
    expect(slot.get_by_label(action, exact=True)).to_be_checked()
    slot.get_by_label("Claim").fill(claim)
    slot.get_by_role("button", name="Post the argument").click()
    expect(slot.locator("article .claim")).to_have_text(claim)
    return int(slot.locator("article").get_attribute("id").split("-")[1])


def reply(page: Page, parent_id: int, parent_claim: str, action: str, claim: str) -> int:
    """Answer an argument from its card: the form shows the parent's text beside it."""
    card(page, parent_id).get_by_role("link", name=action, exact=True).click()
    expect(page.get_by_role("heading", name="Reply")).to_be_visible()
    expect(
        page.get_by_role("complementary", name="What you are answering").locator(".parent-text")
    ).to_have_text(parent_claim)
    return write_argument(page, action, claim)


def add_evidence(page: Page, argument_id: int, url: str, title: str) -> None:
    """Attach a web source from the argument's card and see it counted on the card."""
    card(page, argument_id).get_by_role("link", name="Add evidence").click()
    expect(page.get_by_role("heading", name="Add evidence")).to_be_visible()
    page.get_by_label("Kind of source").select_option(label="Research")
    page.get_by_label("Web address (http or https)").fill(url)
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_role("button", name="Attach evidence").click()
    expect(page).to_have_url(ARGUMENT_URL)
    expect(page.get_by_text("Evidence attached.")).to_be_visible()
    expect(card(page, argument_id).get_by_role("link", name="1 source")).to_be_visible()
    expect(page.locator(".evidence-list").get_by_role("link", name=title)).to_have_attribute(
        "href", url
    )


def score_name(score: int) -> re.Pattern:
    """Match a rating button's accessible name, which starts with its score and word."""
    return re.compile(rf"^{score} [a-z ]+: rate argument ")


def stance_count(page: Page, choice: str) -> int:
    """Read how many people hold a stance on the position shown."""
    return int(page.locator(f"#main .stance .stance-{choice} strong").inner_text())


def test_with_javascript_votes_ratings_and_replies_update_in_place(page: Page, sign_up):
    sign_up(page, "tree_reader_js")
    open_position(page, JS_POSITION)

    pro_claim = "Targeted, time-limited camera use near schools makes children measurably safer."
    con_claim = "Once collected, footage tends to outlive the purpose it was gathered for."
    reply_claim = "Strict deletion rules can cap how long footage is kept."
    pro = argue(page, JS_POSITION, "For", pro_claim)
    back_to_position(page, JS_POSITION)
    con = argue(page, JS_POSITION, "Against", con_claim)
    back_to_position(page, JS_POSITION)
    answer = reply_in_place(page, con, "Object", reply_claim)
    expect(card(page, answer).locator(".side")).to_have_text("supports the position")
    back_to_position(page, JS_POSITION)
    add_evidence(page, pro, "https://example.org/school-zones", "School zone camera study")
    back_to_position(page, JS_POSITION)
    expect(card(page, pro).get_by_role("link", name="1 source")).to_be_visible()
    expect(card(page, con).locator(".needs-evidence")).to_have_text("needs evidence")

    position_url = page.url
    page.evaluate(MARK_PAGE)

    # One's own argument offers no rating, and says why.
    mine = page.locator(f"#rating-{pro}")
    expect(mine.locator(".tally")).to_have_text("No ratings yet")
    expect(mine.get_by_role("button")).to_have_count(0)
    expect(mine).to_contain_text("You cannot rate your own argument")

    # A demo argument's tally stays hidden until this person has rated it too.
    demo = page.locator("#column-pro-list article").filter(
        has=page.get_by_text(demo_claim(JS_POSITION, 0), exact=True)
    )
    demo_rating = demo.locator(".rating")
    expect(demo_rating.locator(".tally")).to_have_text("Rate it to see how others rated it")
    with page.expect_response(re.compile(r"/arguments/\d+/rating$")) as rated:
        demo_rating.get_by_role("button", name=score_name(4)).click()
    assert rated.value.request.headers.get("hx-request") == "true"
    expect(demo_rating.locator(".tally")).to_have_text(
        re.compile(rf"^\s*Strength \d\.\d\s+· {len(DEMO['users'])} ratings\s*$")
    )
    expect(demo_rating.get_by_role("button", name=score_name(4))).to_have_attribute(
        "aria-pressed", "true"
    )

    # The stance vote updates the distribution in place.
    before = stance_count(page, "for")
    stance = page.get_by_role("region", name="Where people stand")
    stance.get_by_role("button", name="For", exact=True).click()
    expect(stance.locator(".stance-for strong")).to_have_text(str(before + 1))
    expect(stance.get_by_role("button", name="For", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )

    # "show replies" loads the replies under the card, and a reply's replies under it.
    card(page, con).get_by_role("link", name="0 pros · 1 con — show replies").click()
    expect(page.locator(f"#replies-{con} #argument-{answer} .claim")).to_have_text(reply_claim)
    demo.get_by_role("link", name="0 pros · 1 con — show replies").click()
    child = demo.locator(".replies article").filter(
        has=page.get_by_text(demo_claim(JS_POSITION, 0, 0), exact=True)
    )
    expect(child).to_be_visible()
    child.get_by_role("link", name="0 pros · 1 con — show replies").click()
    expect(child.locator(".replies .claim")).to_have_text(demo_claim(JS_POSITION, 0, 0, 0))

    assert page.url == position_url
    assert page.evaluate("() => window.__marker") == 1
    expect(page.locator("main h1")).to_have_attribute("data-marker", "kept")


def test_without_javascript_every_step_works_as_a_plain_form_post(new_context, sign_up):
    page = new_context(java_script_enabled=False).new_page()
    sign_up(page, "tree_reader_plain")
    open_position(page, PLAIN_POSITION)

    pro_claim = "Drones can find a lost hiker on a mountainside within minutes."
    con_claim = "Face matching from the air cannot be noticed, let alone refused."
    reply_claim = "Police could be required to announce every drone flight in advance."
    pro = argue(page, PLAIN_POSITION, "For", pro_claim)
    back_to_position(page, PLAIN_POSITION)
    con = argue(page, PLAIN_POSITION, "Against", con_claim)
    back_to_position(page, PLAIN_POSITION)
    answer = reply(page, con, con_claim, "Object", reply_claim)
    back_to_position(page, PLAIN_POSITION)
    add_evidence(page, pro, "https://example.org/mountain-rescue", "Mountain rescue by drone")
    back_to_position(page, PLAIN_POSITION)
    expect(card(page, pro).get_by_role("link", name="1 source")).to_be_visible()

    # Without htmx the reply count links to the argument's own page, which lists the reply.
    card(page, con).get_by_role("link", name="0 pros · 1 con — show replies").click()
    expect(page).to_have_url(re.compile(rf"/arguments/{con}$"))
    objections = page.locator("section.column-con")
    expect(objections.locator(f"#argument-{answer} .claim")).to_have_text(reply_claim)
    back_to_position(page, PLAIN_POSITION)

    expect(page.locator(f"#rating-{pro}").get_by_role("button")).to_have_count(0)
    demo = page.locator("#column-pro-list article").filter(
        has=page.get_by_text(demo_claim(PLAIN_POSITION, 0), exact=True)
    )
    demo_id = int(demo.first.get_attribute("id").split("-")[1])
    theirs = page.locator(f"#rating-{demo_id}")
    with page.expect_response(lambda r: r.request.method == "POST") as rated:
        theirs.get_by_role("button", name=score_name(2)).click()
    assert "hx-request" not in rated.value.request.headers
    assert rated.value.status == 303
    expect(page.get_by_text("Rating saved.")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/positions/\d+\??#argument-{demo_id}$"))
    expect(theirs.locator(".tally")).to_have_text(re.compile(r"Strength \d\.\d"))
    expect(theirs.get_by_role("button", name=score_name(2))).to_have_attribute(
        "aria-pressed", "true"
    )

    before = stance_count(page, "against")
    stance = page.get_by_role("region", name="Where people stand")
    stance.get_by_role("button", name="Against", exact=True).click()
    expect(page.get_by_text("Your stance is recorded.")).to_be_visible()
    expect(stance.locator(".stance-against strong")).to_have_text(str(before + 1))
    expect(stance.get_by_role("button", name="Against", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )


def column_claims(page: Page, stance: str) -> Locator:
    """Find the claims of a column's top-level arguments, in the order shown."""
    return page.locator(f"#column-{stance}-list > li > article > .claim")


def test_sort_links_reorder_columns_and_needs_evidence_lists_only_unsupported(page: Page, sign_up):
    sign_up(page, "tree_sorter")
    open_position(page, SORT_POSITION)
    newest = "A travel ban is easier to enforce than seizing hidden assets."
    argue(page, SORT_POSITION, "For", newest)
    back_to_position(page, SORT_POSITION)

    # The demo rates its third argument 2.7 on average, above an unrated one (which sorts as
    # the prior, 2.0), and its first 1.7, below it; only the first has a reply.
    first, third = demo_claim(SORT_POSITION, 0), demo_claim(SORT_POSITION, 2)
    controls = page.get_by_role("navigation", name="Sort and filter")
    expect(controls.locator("[aria-current]")).to_have_text("Strongest")
    expect(column_claims(page, "pro")).to_have_text([third, newest, first])

    controls.get_by_role("link", name="Newest").click()
    expect(page).to_have_url(re.compile(r"\?sort=newest$"))
    expect(controls.locator("[aria-current]")).to_have_text("Newest")
    expect(column_claims(page, "pro")).to_have_text([newest, third, first])

    controls.get_by_role("link", name="Most discussed").click()
    expect(page).to_have_url(re.compile(r"\?sort=discussed$"))
    expect(controls.locator("[aria-current]")).to_have_text("Most discussed")
    expect(column_claims(page, "pro")).to_have_text([first, third, newest])

    controls.get_by_role("link", name="Strongest").click()
    expect(page).to_have_url(re.compile(r"\?sort=strongest$"))
    expect(column_claims(page, "pro")).to_have_text([third, newest, first])

    controls.get_by_role("link", name="Needs evidence").click()
    expect(page).to_have_url(re.compile(r"\?filter=needs-evidence$"))
    expect(controls.locator("[aria-current]")).to_have_text("Needs evidence")
    listed = page.locator(".unsupported article")
    # Every argument of the position in tree order but the third, which cites a news article.
    expect(listed.locator("> .claim")).to_have_text(
        [
            first,
            demo_claim(SORT_POSITION, 0, 0),
            demo_claim(SORT_POSITION, 1),
            demo_claim(SORT_POSITION, 1, 0),
            demo_claim(SORT_POSITION, 1, 0, 0),
            newest,
        ]
    )
    expect(listed.filter(has=page.locator(".needs-evidence"))).to_have_count(6)
    expect(listed.locator(".meta a", has_text="source")).to_have_count(0)
    expect(page.get_by_text(third)).to_have_count(0)
