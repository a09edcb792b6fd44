"""Run a live Oxford-style evening in Chromium: the organiser, the console, the projector and
three phones that join by code without an account."""

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select, update

from app.auth.services import register_user
from app.debates.services import locate_quote, raise_position, start_debate
from app.demo import read_demo
from app.extensions import db
from app.models import LiveEvent, Material

PASSWORD = "lantern over the hall"
STATEMENT = "Cities should ban cars from their centres"


def set_the_stage(live_server) -> str:
    """Open a debate with a motion, owned by the organiser; return the debate's path."""
    demo = read_demo()
    with live_server.app.app_context():
        owner = register_user("live_organiser", "Orla Organiser", PASSWORD)
        material = db.session.scalar(
            select(Material).where(Material.title == demo["material"]["title"]))
        debate = start_debate(material, owner, "Cars on trial", "Should cars go?", open_now=True)
        quote = demo["positions"][0]["quote"]
        passage = next(p for p in material.passages if locate_quote(p.text, quote))
        raise_position(debate, owner, STATEMENT, [(passage.number, quote, "")])
        db.session.commit()
        return f"/debates/{debate.id}"


def sign_in(page: Page, path: str) -> None:
    page.goto(f"/account/sign-in?next={path}")
    page.get_by_label("Username").fill("live_organiser")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".site-header .who")).to_have_text("Orla Organiser")


def console_button(page: Page, name: str) -> None:
    page.locator("#console").get_by_role("button", name=name, exact=True).click()


def join(browser: Browser, base_url: str, code: str, javascript: bool = True) -> Page:
    """Join from a fresh phone, no account, by typing the code."""
    phone = browser.new_context(base_url=base_url, java_script_enabled=javascript,
                                viewport={"width": 390, "height": 844}).new_page()
    phone.goto("/live/join")
    phone.get_by_label("Code").fill(code.lower())
    phone.get_by_role("button", name="Join").click()
    expect(phone.locator("#phone-state .motion")).to_have_text(STATEMENT)
    return phone


def vote(phone: Page, choice: str) -> None:
    phone.locator("#phone-vote").get_by_role("button", name=choice, exact=True).click()
    expect(phone.locator(".your-vote")).to_contain_text(f"Your vote: {choice}")


def test_an_oxford_evening_from_setup_to_results(live_server, browser: Browser, page: Page):
    debate_path = set_the_stage(live_server)
    base = live_server.url

    # The organiser sets the evening up from the debate page.
    sign_in(page, debate_path)
    page.get_by_role("link", name="Run a live evening").click()
    page.get_by_label("Title of the evening").fill("Cars on trial, live")
    page.get_by_role("button", name="Create the evening").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up: Cars on trial, live")
    page.get_by_label("Name", exact=True).fill("Ada Green")
    page.get_by_role("button", name="Add speaker").click()
    expect(page.get_by_text("Speaker added.")).to_be_visible()
    code = page.locator(".join-code").inner_text()
    with live_server.app.app_context():
        event_id = db.session.scalar(select(LiveEvent.id).where(LiveEvent.join_code == code))

    page.get_by_role("link", name="Moderator console").click()
    expect(page.locator("#console")).to_be_visible()
    projector = browser.new_context(base_url=base).new_page()
    projector.goto(f"/live/{event_id}/projector")
    expect(projector.locator(".join-code")).to_have_text(code)
    expect(projector.locator(".phase")).to_have_text("Doors open and pre-vote")

    # Three phones join by code, no account, and pre-vote.
    phones = [join(browser, base, code) for _ in range(3)]
    console_button(page, "Open pre-vote")
    for phone, choice in zip(phones, ("For", "Against", "Undecided"), strict=True):
        vote(phone, choice)
    expect(page.locator(".votes-cast")).to_contain_text("pre-vote 3")

    # The moderator advances: the projector follows within a second, without reloading.
    marker = projector.evaluate("() => (window.unreloaded = true)")
    console_button(page, "Next phase")
    expect(projector.locator(".phase")).to_have_text("Opening statements", timeout=1000)
    assert projector.evaluate("() => window.unreloaded") is marker

    # Two moderators click "Next phase" on the same version: the phase moves once.
    second = browser.new_context(base_url=base, java_script_enabled=False).new_page()
    sign_in(second, f"/live/{event_id}/console")
    console_button(page, "Next phase")
    expect(projector.locator(".phase")).to_have_text("Moderated discussion", timeout=1000)
    console_button(second, "Next phase")
    expect(second.get_by_text("Someone changed the event first")).to_be_visible()
    expect(projector.locator(".phase")).to_have_text("Moderated discussion")

    # A phone that missed the update (no JavaScript) still shows the open pre-vote.
    late = join(browser, base, code, javascript=False)
    # Post-vote: the undecided phone goes For, the Against phone stays.
    console_button(page, "Open post-vote")
    for phone, choice in zip(phones, ("For", "Against", "For"), strict=True):
        expect(phone.locator("#vote-title")).to_contain_text("Post-vote")
        vote(phone, choice)
    console_button(page, "Close voting")
    expect(phones[0].locator("#vote-title")).to_have_text("Voting is closed")
    late.locator("#phone-vote").get_by_role("button", name="Against", exact=True).click()
    expect(late.get_by_text("The pre-vote is closed; it takes no more votes.")).to_be_visible()

    console_button(page, "Reveal results")
    expect(projector.locator(".winner")).to_contain_text("For wins", timeout=1000)
    page.goto(f"/live/{event_id}/results")
    expect(page.locator("#result-summary .winner")).to_have_text(
        "For wins: For +33.3 points, Against +0.0 points.")
    rows = page.locator("#transitions tbody tr")
    # Undecided → For once, Against → Against once.
    expect(rows.filter(has_text="Undecided").locator("td").nth(0)).to_have_text("1")
    expect(rows.filter(has_text="Against").locator("td").nth(1)).to_have_text("1")
    expect(page.get_by_text("1 changed their mind")).to_be_visible()

    # The projector drops its connection and reconnects: it shows the whole state at once,
    # even a change it was never told about.
    live_server.app.config["LIVE_STREAM_SECONDS"] = 1
    try:
        page.goto(f"/live/{event_id}/console")
        console_button(page, "Start timer")
        # The projector's stream, woken by that change, ends and reconnects.
        expect(projector.locator(".timer")).to_have_attribute("data-running", "1")
        with live_server.app.app_context():
            db.session.execute(update(LiveEvent).where(LiveEvent.id == event_id)
                               .values(current_phase=4, version=LiveEvent.version + 1))
            db.session.commit()
        expect(projector.locator(".phase")).to_have_text("Closing statements", timeout=8000)
    finally:
        live_server.app.config["LIVE_STREAM_SECONDS"] = 300


def test_a_projector_without_its_stream_follows_the_evening_by_polling(
        live_server, browser: Browser):
    """The hall's network refuses the event stream: the projector says so and still shows a
    phase change within the poll interval, without a reload."""
    from app.live.services import create_event
    from app.models import Debate, User

    with live_server.app.app_context():
        if db.session.scalar(select(User).where(User.username == "live_organiser")) is None:
            set_the_stage(live_server)
        owner = db.session.scalar(select(User).where(User.username == "live_organiser"))
        debate = db.session.scalar(select(Debate).where(Debate.owner_id == owner.id))
        event = create_event(debate, debate.positions[0], owner, "Polling evening", [
            {"name": "Doors open", "minutes": 5}, {"name": "Opening statements", "minutes": 5}])
        db.session.commit()
        event_id = event.id
    projector = browser.new_context(base_url=live_server.url).new_page()
    projector.route("**/live/*/stream*", lambda route: route.abort())
    projector.goto(f"/live/{event_id}/projector")
    expect(projector.locator(".phase")).to_have_text("Doors open")
    expect(projector.locator("#connection")).to_contain_text("Reconnecting")
    projector.evaluate("() => (window.unreloaded = true)")

    with live_server.app.app_context():
        db.session.execute(update(LiveEvent).where(LiveEvent.id == event_id)
                           .values(current_phase=1, version=LiveEvent.version + 1))
        db.session.commit()

    seconds = live_server.app.config["LIVE_POLL_SECONDS"]
    expect(projector.locator(".phase")).to_have_text("Opening statements",
                                                     timeout=seconds * 1000 + 1000)
    assert projector.evaluate("() => window.unreloaded") is True
