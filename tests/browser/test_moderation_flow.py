"""Drive moderation in Chromium: report, hide, the author's mend, approval and the public log."""

import re
from dataclasses import dataclass

from flask import url_for
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select

from app.auth.services import register_user
from app.debates.services import locate_quote, raise_position, start_debate
from app.demo import read_demo
from app.extensions import db
from app.models import Material, Membership, Role

PASSWORD = "quiet lantern orchard"
TITLE = "Cameras on trial"
STATEMENT = "Face recognition in public squares should be banned"
ORIGINAL_CLAIM = "The new tram line to the airport leaves every twelve minutes"
EDITED_CLAIM = "Scanning every face in a square treats every passer-by as a suspect"
REPORT_DETAILS = "This is about trams, not cameras."
HIDE_REASON = "Off-topic: about transport, not surveillance"
APPROVE_REASON = "Now on topic: it is about scanning faces"
DONE = "Done. The action is in the public moderation log."
ARGUMENT_URL = re.compile(r"/arguments/(\d+)(#argument-\d+)?$")
# A new argument is shown where it stands in the tree, the page scrolled to it.
POSTED_URL = re.compile(r"/(?:positions|arguments)/\d+\?sort=newest#argument-(\d+)$")


@dataclass
class Stage:
    """Where the scenario happens, and who plays in it."""

    debate_path: str
    position_path: str
    moderator: str
    reader: str


def set_the_stage(live_server) -> Stage:
    """Open a debate on the demo material with a moderator who is not its owner, and a reader."""
    demo = read_demo()
    with live_server.app.app_context():
        owner = register_user("modflow_owner", "Olga Owner", PASSWORD)
        moderator = register_user("modflow_moderator", "Mira Moderator", PASSWORD)
        register_user("modflow_reader", "Rae Reader", PASSWORD)
        title = demo["material"]["title"]
        material = db.session.scalar(select(Material).where(Material.title == title))
        debate = start_debate(material, owner, TITLE, "Should cities scan faces?", open_now=True)
        db.session.add(Membership(debate=debate, user=moderator, role=Role.MODERATOR))
        quote = demo["positions"][0]["quote"]
        passage = next(p for p in material.passages if locate_quote(p.text, quote))
        position = raise_position(debate, owner, STATEMENT, [(passage.number, quote, "")])
        db.session.commit()
        with live_server.app.test_request_context():
            return Stage(
                debate_path=url_for("debates.show", debate_id=debate.id),
                position_path=url_for(
                    "debates.position", debate_id=debate.id, position_id=position.id
                ),
                moderator="modflow_moderator",
                reader="modflow_reader",
            )


def sign_in(page: Page, base: str, username: str, path: str, display_name: str) -> None:
    """Sign in through the real form, coming back to the page asked for."""
    page.goto(f"/account/sign-in?next={path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(base + path)
    expect(page.locator(".site-header .who")).to_have_text(display_name)


def card(page: Page, argument_id: int) -> Locator:
    """Find an argument's card on the page."""
    return page.locator(f"#argument-{argument_id}")


def open_queue(page: Page, stage: Stage) -> None:
    """Go from the debate's page to its review queue."""
    page.goto(stage.debate_path)
    page.locator(".debate-head").get_by_role("link", name="Review queue").click()
    expect(page.get_by_role("heading", name="Review queue", level=1)).to_be_visible()


def act_on(entry: Locator, action: str, reason: str) -> None:
    """Give a reason and press one of a queue entry's action buttons."""
    entry.get_by_label("Reason (the author and the public log see it)").fill(reason)
    entry.get_by_role("button", name=action, exact=True).click()


def test_reported_argument_is_hidden_mended_by_its_author_approved_and_logged(
    live_server, new_context, sign_up
):
    stage = set_the_stage(live_server)
    base = live_server.url
    author = new_context().new_page()
    reader = new_context().new_page()
    moderator = new_context().new_page()

    # The author posts an argument that strays from the position.
    sign_up(author, "modflow_author")
    author.goto(stage.position_path)
    author.get_by_role("link", name="Argue against").click()
    expect(author.get_by_role("heading", name="New argument")).to_be_visible()
    expect(author.locator(".parent-text")).to_have_text(STATEMENT)
    expect(author.get_by_label("Against", exact=True)).to_be_checked()
    author.get_by_label("Claim").fill(ORIGINAL_CLAIM)
    author.get_by_role("button", name="Post the argument").click()
    expect(author).to_have_url(POSTED_URL)
    expect(author.get_by_text("Argument posted.")).to_be_visible()
    argument_id = int(POSTED_URL.search(author.url).group(1))
    label = card(author, argument_id).locator(".path").inner_text()

    # A participant reports it as off-topic.
    sign_in(reader, base, stage.reader, stage.position_path, "Rae Reader")
    expect(card(reader, argument_id).locator(".claim")).to_have_text(ORIGINAL_CLAIM)
    card(reader, argument_id).get_by_role("link", name="Report").click()
    expect(reader.get_by_role("heading", name="Report", level=1)).to_be_visible()
    expect(reader.locator(".parent-text")).to_have_text(ORIGINAL_CLAIM)
    reader.get_by_label("Off-topic").check()
    reader.get_by_label("Details").fill(REPORT_DETAILS)
    reader.get_by_role("button", name="Send the report").click()
    expect(reader).to_have_url(base + stage.position_path)
    expect(reader.get_by_text("Thank you. The moderators will review your report.")).to_be_visible()

    # The moderator finds it in the queue, with the report and its context, and hides it.
    sign_in(moderator, base, stage.moderator, stage.debate_path, "Mira Moderator")
    open_queue(moderator, stage)
    entry = moderator.locator(f"#queue-argument-{argument_id}")
    expect(entry.locator(".status")).to_have_text("visible")
    expect(entry.get_by_role("link", name=STATEMENT)).to_be_visible()
    expect(entry.locator(".claim")).to_contain_text(ORIGINAL_CLAIM)
    expect(entry.locator(".reports li")).to_have_count(1)
    expect(entry.locator(".reports li strong")).to_have_text("Off-topic")
    expect(entry.locator(".reports li")).to_contain_text(REPORT_DETAILS)
    act_on(entry, "Hide", HIDE_REASON)
    expect(moderator.get_by_text(DONE)).to_be_visible()
    expect(entry).to_have_count(0)
    expect(moderator.get_by_text("Nothing waits for review.")).to_be_visible()

    # The participant no longer sees it.
    reader.reload()
    expect(reader.get_by_role("heading", name=STATEMENT, level=1)).to_be_visible()
    expect(card(reader, argument_id)).to_have_count(0)
    expect(reader.get_by_text(ORIGINAL_CLAIM)).to_have_count(0)

    # The author is told why, and mends the argument, which sends it back for review.
    author.reload()
    badge = author.locator(".notifications-link .badge")
    expect(badge).to_have_text("1")
    expect(badge).to_have_attribute("aria-label", "1 unread")
    author.locator(".notifications-link").click()
    expect(author.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    notice = author.locator(".notification.unread")
    expect(notice).to_have_count(1)
    expect(notice.get_by_role("link")).to_have_text(
        f"Your argument {label} was hidden by a moderator: {HIDE_REASON}"
    )
    notice.get_by_role("link").click()
    expect(author).to_have_url(ARGUMENT_URL)
    note = card(author, argument_id).locator(".moderation-note")
    expect(note).to_have_class(re.compile(r"\bmoderation-hidden\b"))
    expect(note).to_have_text(f"Hidden Reason: {HIDE_REASON}", use_inner_text=True)
    card(author, argument_id).get_by_role("link", name="Edit", exact=True).click()
    expect(author.get_by_role("heading", name=f"Edit argument {label}")).to_be_visible()
    expect(author.get_by_label("Claim")).to_have_value(ORIGINAL_CLAIM)
    author.get_by_label("Claim").fill(EDITED_CLAIM)
    author.get_by_role("button", name="Save").click()
    expect(author).to_have_url(ARGUMENT_URL)
    expect(author.get_by_text("Argument updated.")).to_be_visible()
    expect(card(author, argument_id).locator(".claim")).to_have_text(EDITED_CLAIM)
    note = card(author, argument_id).locator(".moderation-note")
    expect(note).to_have_class(re.compile(r"\bmoderation-pending\b"))
    expect(note).to_contain_text("Awaiting review — only you and the moderators see it.")

    # Still out of sight for others while it waits.
    reader.reload()
    expect(reader.get_by_role("heading", name=STATEMENT, level=1)).to_be_visible()
    expect(card(reader, argument_id)).to_have_count(0)

    # The moderator finds it pending, with its new text, and approves it.
    open_queue(moderator, stage)
    expect(entry.locator(".status")).to_have_text("pending")
    expect(entry.locator(".claim")).to_contain_text(EDITED_CLAIM)
    expect(entry.locator(".reports li")).to_have_count(0)
    act_on(entry, "Approve", APPROVE_REASON)
    expect(moderator.get_by_text(DONE)).to_be_visible()
    expect(entry).to_have_count(0)

    # Everyone sees the mended argument again.
    reader.reload()
    expect(card(reader, argument_id).locator(".claim")).to_have_text(EDITED_CLAIM)
    expect(card(reader, argument_id).locator(".moderation-note")).to_have_count(0)

    # The public log names the actions, the moderator's role and the reasons, never the text.
    anonymous = new_context().new_page()
    anonymous.goto(stage.debate_path)
    anonymous.locator(".debate-head").get_by_role("link", name="Moderation log").click()
    expect(anonymous.get_by_role("heading", name="Moderation log", level=1)).to_be_visible()
    rows = anonymous.locator("table.log tbody tr")
    expect(rows).to_have_count(2)
    for row, action, reason in (
        (rows.nth(0), "approve", APPROVE_REASON),
        (rows.nth(1), "hide", HIDE_REASON),
    ):
        cells = row.locator("td")
        expect(cells.nth(1)).to_have_text("Mira Moderator (moderator)")
        expect(cells.nth(2)).to_have_text(action)
        expect(cells.nth(3)).to_have_text(f"argument {label}")
        expect(cells.nth(4)).to_have_text(reason)
    expect(anonymous.locator("main")).not_to_contain_text(ORIGINAL_CLAIM)
