"""Drive the account page's token section in Chromium: make a token, see it once, use it,
revoke it."""

from playwright.sync_api import Page, expect

from app.auth.tokens import TOKEN_PREFIX


def test_a_token_made_on_the_account_page_opens_the_api_until_revoked(page: Page, sign_up):
    sign_up(page, "token_maker")
    page.goto("/account/")

    page.get_by_label("Name", exact=True).fill("reading script")
    page.get_by_label("Scope").select_option("write")
    page.get_by_role("button", name="Make a token").click()

    shown = page.locator("#new-token")
    expect(shown).to_contain_text(TOKEN_PREFIX)
    secret = shown.inner_text().strip()
    api = page.request.get("/api/v1/debates", headers={"Authorization": f"Bearer {secret}"})
    assert api.status == 200
    row = page.locator("#tokens tr", has_text="reading script")
    expect(row).to_contain_text("write")

    page.reload()
    expect(page.locator("#new-token")).to_have_count(0)
    page.locator("#tokens tr", has_text="reading script").get_by_role(
        "button", name="Revoke"
    ).click()

    expect(page.get_by_text("The token “reading script” is revoked.")).to_be_visible()
    expect(page.locator("#tokens tr", has_text="reading script")).to_contain_text("revoked")
    api = page.request.get("/api/v1/debates", headers={"Authorization": f"Bearer {secret}"})
    assert api.status == 401
