"""Sign up a whole class in Chromium from one address through a code, and stop a script without."""

import re

from playwright.sync_api import Page, expect

from app.extensions import db
from tests.browser.conftest import PASSWORD
from tests.factories import make_debate, make_invite, make_user

CLASS_SIZE = 40


def teachers_code(live_server) -> str:
    with live_server.app.app_context():
        invite = make_invite(make_debate(owner=make_user(username="class_teacher")))
        db.session.commit()
        return invite.token


def fill_sign_up(page: Page, username: str) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Display name").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()


def test_a_class_of_forty_signs_up_from_one_address_through_the_code(page: Page, live_server):
    code = teachers_code(live_server)

    for number in range(CLASS_SIZE):
        page.context.clear_cookies()
        page.goto(f"/account/sign-up?code={code}")
        expect(page.get_by_label("Class or event code (optional)")).to_have_value(code)
        fill_sign_up(page, f"pupil_{number}")
        expect(page.get_by_text(f"Welcome to Agora, pupil_{number}.")).to_be_visible()


def test_a_script_without_a_code_meets_the_ceiling(page: Page, live_server):
    ceiling = int(live_server.app.config["SIGN_UP_LIMIT_PER_ADDRESS"].split()[0])
    statuses = []
    for number in range(ceiling + 1):
        page.context.clear_cookies()
        form = page.request.get("/account/sign-up").text()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form)
        token = token or re.search(r'name="csrf_token" value="([^"]+)"', form)
        response = page.request.post("/account/sign-up", max_redirects=0, form={
            "csrf_token": token.group(1), "username": f"bot_{number}", "display_name": "Bot",
            "password": PASSWORD, "confirm": PASSWORD,
        })
        statuses.append(response.status)

    assert statuses[:ceiling] == [303] * ceiling
    assert statuses[ceiling] == 429
    page.goto("/account/sign-up")
    fill_sign_up(page, "one_more_bot")
    expect(page.get_by_text(re.compile("Too many"))).to_be_visible()
