"""Drive Chinese material in Chromium: import it, select words, raise a position quoting them."""

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.test_foundation_flow import SELECT_WORDS

ARTICLE = Path(__file__).resolve().parents[1] / "material" / "beijing-bicycles-zh.txt"
TITLE = "北京的自行车回来了"
# Passage 8 is a paragraph joined from two lines wrapped mid-sentence; these words cross the wrap.
PASSAGE = 8
QUOTE = "整个过程不到一分钟。地铁站口的“最后一公里”"
STATEMENT = "共享单车解决了最后一公里的问题"


def test_selecting_chinese_words_raises_a_position_quoting_them_exactly(page: Page, sign_up):
    sign_up(page, "chinese_reader")
    page.goto("/materials/new")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("…or upload a .txt, .md or .html file").set_input_files(str(ARTICLE))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text(f"Imported “{TITLE}” as 17 passages.")).to_be_visible()
    expect(page.locator("#p-2")).to_have_class(re.compile(r"\bpassage-heading\b"))

    page.get_by_role("link", name="Start a debate on this material").click()
    page.get_by_label("Title").fill("单车与城市")
    page.get_by_label("Framing question").fill("北京应该为自行车让路吗？")
    page.get_by_label("Open it now").check()
    page.get_by_role("button", name="Start the debate").click()
    expect(page.get_by_role("heading", name="单车与城市", level=1)).to_be_visible()

    page.locator(".debate-head").get_by_role("link", name="Read the material").click()
    expect(page.locator(f"#p-{PASSAGE}")).to_have_class(re.compile(r"\bpassage-paragraph\b"))
    selected = page.evaluate(SELECT_WORDS, [f"#p-{PASSAGE} .passage-text", QUOTE])
    assert selected == QUOTE
    page.get_by_role("button", name="Raise a position").click()

    first_row = page.get_by_role("group", name="Quoted passage 1", exact=True)
    expect(first_row.get_by_label("Passage")).to_have_value(str(PASSAGE))
    expect(first_row.get_by_label("Quoted words")).to_have_value(QUOTE)
    page.get_by_label("Position", exact=True).fill(STATEMENT)
    page.get_by_role("button", name="Raise the position").click()

    expect(page).to_have_url(re.compile(r"/debates/\d+/positions/\d+$"))
    expect(page.get_by_role("heading", name=STATEMENT, level=1)).to_be_visible()
    expect(page.locator("blockquote.anchor mark")).to_have_text(QUOTE)
