"""Drive following and mail in Chromium: confirm an address from the mail a real SMTP server
received, follow a debate, get mailed when someone posts, and unsubscribe from that mail."""

import time

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.arguments.services import post_argument
from app.auth.services import find_user, register_user
from app.debates.services import locate_quote, raise_position, start_debate
from app.demo import read_demo
from app.extensions import db
from app.models import MailMode, Material, Position, Side
from tests.mailbox import link_in, start_smtp_server, text_of

DEMO = read_demo()
ADDRESS = "follower@example.org"


@pytest.fixture
def mailbox(live_server):
    received, stop = start_smtp_server(live_server.app)
    yield received
    stop()


def wait_for_mail(mailbox, address: str, count: int = 1):
    """Wait (a few seconds at most) for the server to have received this many messages."""
    deadline = time.monotonic() + 10
    while len(mailbox.to(address)) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    messages = mailbox.to(address)
    assert len(messages) == count, [text_of(message) for message in messages]
    return messages[-1]


def quiet_debate(app) -> tuple[int, int]:
    """Open a debate of its own (the other browser tests count the demo's), with a position."""
    with app.app_context():
        owner = register_user("mail_owner", "Mo Owner", "amber quill meadow")
        material = db.session.scalar(
            select(Material).where(Material.title == DEMO["material"]["title"])
        )
        quote = DEMO["positions"][1]["quote"]
        passage = next(p for p in material.passages if locate_quote(p.text, quote))
        debate = start_debate(material, owner, "Followed by mail", "Heard of it?", open_now=True)
        position = raise_position(debate, owner, "Mail should reach followers",
                                  [(passage.number, quote, "")])
        db.session.commit()
        return debate.id, position.id


def test_a_follower_is_mailed_and_unsubscribes_from_the_mail(
    page: Page, sign_up, live_server, mailbox
):
    debate_id, position_id = quiet_debate(live_server.app)
    sign_up(page, "mail_follower")
    page.goto("/account/")
    page.get_by_label("Email address").fill(ADDRESS)
    page.get_by_label("Notices by email").select_option("at_once")
    page.get_by_role("button", name="Save mail settings").click()
    expect(page.get_by_text("If no other account uses this address")).to_be_visible()

    confirmation = wait_for_mail(mailbox, ADDRESS)
    page.goto(link_in(confirmation, "/account/email/verify/"))
    page.get_by_role("button", name="Confirm this address").click()
    expect(page.get_by_text(f"Your address {ADDRESS} is confirmed.")).to_be_visible()

    page.goto(f"/debates/{debate_id}")
    page.get_by_role("button", name="Follow this debate").click()
    expect(page.get_by_role("button", name="Following · unfollow")).to_be_visible()

    with live_server.app.app_context():
        poster = register_user("mail_poster", "Pat Poster", "amber quill meadow")
        position = db.session.get(Position, position_id)
        post_argument(position, poster, Side.PRO, "Followers deserve a quick word")
        db.session.commit()

    notice = wait_for_mail(mailbox, ADDRESS, count=2)
    assert "Pat Poster posted the argument 1" in text_of(notice)
    assert notice["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = link_in(notice, "/mail/unsubscribe/")

    # The link works in a browser that is not signed in.
    stranger = page.context.browser.new_context(base_url=live_server.url)
    try:
        other = stranger.new_page()
        other.goto(unsubscribe)
        other.get_by_role("button", name="Unsubscribe").click()
        expect(other.get_by_role("heading", name="Unsubscribed")).to_be_visible()
        other.goto(unsubscribe)
        expect(other.get_by_text("This link was already used.")).to_be_visible()
    finally:
        stranger.close()

    page.goto("/account/")
    expect(page.get_by_label("Notices by email")).to_have_value("never")
    with live_server.app.app_context():
        assert find_user("mail_follower").mail_mode == MailMode.NEVER
