"""Switch the interface to Chinese and back from the footer in Chromium, with and without
JavaScript, signed out (a cookie) and signed in (the account)."""

from playwright.sync_api import Page, expect


def switch_to(page: Page, label: str, language: str) -> None:
    footer = page.locator("footer.site-footer")
    footer.get_by_label(label).select_option(language)
    footer.get_by_role("button").click()


def test_a_visitor_reads_agora_in_chinese_after_choosing_it_in_the_footer(page: Page):
    page.goto("/materials/")
    switch_to(page, "Language", "zh_Hans")

    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    nav = page.get_by_role("navigation", name="主导航")
    expect(nav.get_by_role("link", name="辩论")).to_be_visible()
    expect(nav.get_by_role("link", name="登录")).to_be_visible()
    page.goto("/")
    expect(page.get_by_role("heading", name="辩论", exact=True)).to_be_visible()

    switch_to(page, "语言", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()


def test_without_javascript_a_signed_in_person_keeps_chinese_on_their_account(
    new_context, sign_up
):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    sign_up(page, "zh_reader")
    switch_to(page, "Language", "zh_Hans")
    expect(page.get_by_role("link", name="通知")).to_be_visible()

    context.clear_cookies()
    page.goto("/account/sign-in")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Username").fill("zh_reader")
    page.get_by_label("Password", exact=True).fill("correct horse battery")
    page.get_by_role("button", name="Sign in").last.click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.get_by_role("link", name="通知")).to_be_visible()
