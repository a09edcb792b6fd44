"""Drive the ends of a sign-in in Chromium: a copied cookie, the password page, signing out
everywhere. Each browser context is one device; copying its cookies is what a thief would do."""

import re

from playwright.sync_api import Browser, BrowserContext, Page, expect

from app.auth.services import register_user
from app.extensions import db
from tests.browser.conftest import PASSWORD

NEW_PASSWORD = "violet harbour kettle"
SIGN_IN_URL = re.compile(r"/account/sign-in")


def make_account(live_server, username: str) -> None:
    with live_server.app.app_context():
        register_user(username, username.title(), PASSWORD)
        db.session.commit()


def device(browser: Browser, live_server) -> BrowserContext:
    return browser.new_context(base_url=live_server.url)


def sign_in(context: BrowserContext, username: str, password: str = PASSWORD,
            remember: bool = False) -> Page:
    page = context.new_page()
    page.goto("/account/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    if remember:
        page.get_by_label("Keep me signed in on this device").check()
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out", exact=True)).to_be_visible()
    return page


def opens_account(context: BrowserContext) -> bool:
    """Whether this device still reaches the account page rather than the sign-in form."""
    page = context.new_page()
    page.goto("/account/")
    opened = page.get_by_role("heading", name="Your account", exact=True).is_visible()
    page.close()
    return opened


def copy_of(browser: Browser, live_server, context: BrowserContext) -> BrowserContext:
    """A new device holding a copy of every cookie the given one has."""
    thief = device(browser, live_server)
    thief.add_cookies(context.cookies())
    return thief


def test_signing_out_refuses_a_copied_session_and_remember_cookie(browser, live_server):
    make_account(live_server, "cookie_owner")
    laptop = device(browser, live_server)
    page = sign_in(laptop, "cookie_owner", remember=True)
    thief = copy_of(browser, live_server, laptop)
    assert opens_account(thief)

    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_text("You are signed out.")).to_be_visible()

    assert not opens_account(laptop)
    assert not opens_account(thief)
    thief_page = thief.new_page()
    thief_page.goto("/account/")
    expect(thief_page).to_have_url(SIGN_IN_URL)


def test_changing_the_password_signs_out_every_other_device(browser, live_server):
    make_account(live_server, "password_changer")
    laptop = device(browser, live_server)
    phone = device(browser, live_server)
    page = sign_in(laptop, "password_changer")
    sign_in(phone, "password_changer", remember=True)
    page.goto("/account/")
    expect(page.locator("#sign-ins")).to_contain_text("signed in on 2 browsers")

    page.get_by_role("link", name="changing your password").click()
    page.get_by_label("Current password").fill("not my password")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Repeat the new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("The current password is not right")).to_be_visible()
    assert opens_account(phone)

    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Repeat the new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("every other browser is signed out")).to_be_visible()
    expect(page.locator("#sign-ins")).to_contain_text("signed in on 1 browser ")

    assert opens_account(laptop)
    assert not opens_account(phone)
    sign_in(phone, "password_changer", NEW_PASSWORD)


def test_signing_out_everywhere_ends_this_and_every_other_device(browser, live_server):
    make_account(live_server, "everywhere_leaver")
    laptop, phone = device(browser, live_server), device(browser, live_server)
    page = sign_in(laptop, "everywhere_leaver", remember=True)
    sign_in(phone, "everywhere_leaver", remember=True)
    thief = copy_of(browser, live_server, phone)

    page.goto("/account/")
    page.get_by_role("button", name="Sign out everywhere").click()
    expect(page.get_by_text("You are signed out everywhere.")).to_be_visible()

    assert not opens_account(laptop)
    assert not opens_account(phone)
    assert not opens_account(thief)
