"""Import a debate in Chromium: upload a file, read the preview, confirm, land on the debate and
export it."""

import re

from playwright.sync_api import Page, expect

from app.auth.services import register_user
from app.extensions import db
from tests.browser.conftest import PASSWORD

KIALO = """Discussion Title: Lanterns on the harbour path

1. The harbour path should be lit all night.
1.1. Pro: Walkers have fallen on the dark steps [1].
1.1.1. Con: Only two falls were reported in ten years.
1.2. Con: Light keeps the nesting birds awake.
1.2.1. Pro: -> See 1.1.1.
1.2.2. Con: -> See 7.7.

Sources:
[1] https://example.org/harbour-falls
"""


def test_a_teacher_imports_a_kialo_file_after_its_preview_and_exports_it(
        page: Page, live_server, tmp_path):
    with live_server.app.app_context():
        register_user("lanterns", "Lantern Keeper", PASSWORD)
        db.session.commit()
    page.goto("/account/sign-in")
    page.get_by_label("Username").fill("lanterns")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out", exact=True)).to_be_visible()

    page.goto("/")
    page.get_by_role("link", name="Import a debate").click()
    file = tmp_path / "lanterns.txt"
    file.write_text(KIALO)
    page.get_by_label("Debate file").set_input_files(str(file))
    page.get_by_role("button", name="Preview").click()

    expect(page.get_by_role("heading", name="Preview the import")).to_be_visible()
    expect(page.get_by_role("heading", name="Lanterns on the harbour path")).to_be_visible()
    expect(page.locator("#count-pro")).to_have_text("2")
    expect(page.locator("#count-con")).to_have_text("2")
    expect(page.locator("#count-links")).to_have_text("1")
    expect(page.locator("#count-evidence")).to_have_text("1")
    expect(page.locator("#problems")).to_contain_text(re.compile(r"Line \d+:"))

    page.get_by_label(re.compile("Open it now")).check()
    page.get_by_role("button", name="Import this debate").click()
    expect(page.get_by_role("heading", name="Lanterns on the harbour path")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/debates/\d+$"))
    expect(page.locator(".status")).to_have_text("open")

    with page.expect_download() as download:
        page.get_by_role("link", name="Kialo text").click()
    text = download.value.path().read_text()
    assert "Walkers have fallen on the dark steps" in text and "-> See 1.1.1." in text
