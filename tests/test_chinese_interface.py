"""Check the Chinese interface: how the language is chosen and switched, Babel's dates, numbers
and plurals, and every main page read in Chinese without an English string left."""

import io
import re
from datetime import date, datetime, timedelta
from html import unescape
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask import render_template_string
from flask_babel import force_locale, ngettext
from sqlalchemy import select

from app.extensions import db
from app.i18n import ago, day
from app.models import Argument, ModerationState, Role, Side, User
from app.models.columns import utcnow
from app.moderation.services import moderate_item
from tests.factories import (
    add_member,
    make_argument,
    make_debate,
    make_evidence,
    make_invite,
    make_material,
    make_position,
    make_report,
    make_user,
)

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "tests" / "material" / "beijing-bicycles-zh.txt"
ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
# Names of things that read the same in Chinese.
NAMES = {"Agora", "Markdown", "HTML"}
# Known gap: the public log keeps what an action was about ("invite link for participants") in
# the language of whoever acted, and a notice in its recipient's at the time: both are text.
STORED_IN_ENGLISH = {}
# The columns a CSV import reads, named as a file must name them.
CSV_COLUMNS = "path, side, claim, body, evidence_url"


def lang_of(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html)[1]


# Choosing the language


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "en"),
        ("en-GB,en;q=0.9", "en"),
        ("zh-CN", "zh-Hans"),
        ("zh-Hans-CN,zh;q=0.8", "zh-Hans"),
        ("zh-TW;q=0.5,en;q=0.9", "en"),
        ("fr-FR,fr;q=0.9", "en"),
    ],
)
def test_the_browser_language_chooses_the_interface_when_nothing_else_does(
    client, header, expected
):
    headers = {"Accept-Language": header} if header else {}

    page = client.get("/", headers=headers).text

    assert lang_of(page) == expected
    assert ("辩论" in page) == (expected == "zh-Hans")


def test_a_visitor_switches_language_in_the_footer_and_a_cookie_keeps_it(client):
    home = client.get("/").text
    assert 'action="/account/language"' in home and 'name="locale"' in home

    switched = client.post("/account/language", data={"locale": "zh_Hans", "next": "/materials/"})

    assert switched.status_code == 303
    assert switched.headers["Location"] == "/materials/"
    assert "locale=zh_Hans" in switched.headers["Set-Cookie"]
    page = client.get("/materials/", headers={"Accept-Language": "en"}).text
    assert lang_of(page) == "zh-Hans"
    assert "导入材料" in page or "还没有材料" in page
    assert '<option value="zh_Hans" lang="zh-Hans" selected>' in page


def test_a_signed_in_person_switches_language_on_their_account(app, client, auth):
    user_id = auth.sign_in_new()

    switched = client.post("/account/language", data={"locale": "zh_Hans", "next": "/account/"})

    assert switched.status_code == 303
    assert "Set-Cookie" not in switched.headers or "locale=" not in switched.headers["Set-Cookie"]
    with app.app_context():
        assert db.session.get(User, user_id).locale == "zh_Hans"
    page = client.get("/account/", headers={"Accept-Language": "en"}).text
    assert lang_of(page) == "zh-Hans"
    assert "你的账户" in page

    client.post("/account/language", data={"locale": "en"})
    page = client.get("/account/", headers=ZH).text
    assert lang_of(page) == "en"
    assert "Your account" in page


def test_the_account_setting_outranks_the_cookie_and_the_browser(app, client, auth):
    client.post("/account/language", data={"locale": "zh_Hans"})
    user_id = auth.sign_in_new()
    with app.app_context():
        db.session.get(User, user_id).locale = "en"
        db.session.commit()

    assert lang_of(client.get("/", headers=ZH).text) == "en"


def test_an_unknown_language_is_refused_and_a_foreign_next_is_not_followed(client):
    assert client.post("/account/language", data={"locale": "xx"}).status_code == 400
    response = client.post(
        "/account/language", data={"locale": "en", "next": "https://evil.example/"}
    )
    assert response.headers["Location"] == "/"


# Dates, numbers, relative times and plurals


def test_dates_and_relative_times_are_said_in_each_language(app):
    three_hours_ago = utcnow() - timedelta(hours=3, minutes=5)
    with app.test_request_context():
        with force_locale("en"):
            assert ago(three_hours_ago) == "3 hours ago"
            assert ago(utcnow() - timedelta(days=1, hours=2)) == "1 day ago"
            assert ago(utcnow()) == "just now"
            assert day(date(2026, 11, 30)) == "Nov 30, 2026"
        with force_locale("zh_Hans"):
            assert ago(three_hours_ago) == "3小时前"
            assert ago(utcnow()) == "刚刚"
            assert day(date(2026, 11, 30)) == "2026年11月30日"
            assert day(datetime(2026, 1, 2, 23, 0)) == "2026年1月2日"


def test_plural_forms_are_right_in_both_languages(app):
    with app.test_request_context():
        with force_locale("en"):
            assert ngettext("%(num)s rating", "%(num)s ratings", 1) == "1 rating"
            assert ngettext("%(num)s rating", "%(num)s ratings", 2) == "2 ratings"
            assert ngettext("%(num)s rating", "%(num)s ratings", 0) == "0 ratings"
        with force_locale("zh_Hans"):
            assert ngettext("%(num)s rating", "%(num)s ratings", 1) == "1 次评分"
            assert ngettext("%(num)s rating", "%(num)s ratings", 2) == "2 次评分"


def test_a_template_follows_a_locale_forced_for_a_while_then_the_requests_again(app):
    template = "{{ _('Strength') }} · {{ ngettext('%(num)s rating', '%(num)s ratings', 2) }}"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        before = render_template_string(template)
        # As mail to a reader of another language is written in the middle of a request.
        with force_locale("zh_Hans"):
            forced = render_template_string(template)
        after = render_template_string(template)

    assert before == after == "Strength · 2 ratings"
    assert forced == "力度 · 2 次评分"


def test_numbers_on_pages_follow_the_language(client, auth):
    auth.sign_in_new()
    english = client.get("/materials/new").text
    chinese = client.get("/materials/new", headers=ZH).text

    assert "300,000 characters" in english
    assert "300,000 个字符" in chinese


# Every main page in Chinese


def english_phrases() -> list[str]:
    """Return the English of every catalogue entry, cut at its placeholders, that is long
    enough to be told from a name or a code."""
    with (ROOT / "translations" / "messages.pot").open("rb") as file:
        catalogue = read_po(file)
    phrases = set()
    for message in catalogue:
        for text in (message.id,) if isinstance(message.id, str) else message.id:
            for piece in re.split(r"%\(\w+\)s|[“”]", text.replace("%%", "%")):
                piece = piece.strip(" .,;:·—()…")
                if len(re.findall(r"[A-Za-z]", piece)) >= 4 and piece not in NAMES:
                    phrases.add(piece)
    return sorted(phrases, key=len, reverse=True)


def visible_text(html: str) -> str:
    """Return what a reader sees or hears: text, and titles and labels of elements."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    # Code is what a reader types as it stands (a CSV's column names): no words to translate.
    html = re.sub(r"<code>.*?</code>", " ", html, flags=re.S).replace(CSV_COLUMNS, " ")
    labels = re.findall(r'\b(?:title|aria-label|placeholder|alt)="([^"]*)"', html)
    text = re.sub(r"<[^>]+>", " ", html)
    return " ".join(unescape(" ".join([text, *labels])).split())


def english_left(html: str, phrases: list[str]) -> list[str]:
    text = visible_text(html)
    return [
        phrase
        for phrase in phrases
        if re.search(rf"(?<![A-Za-z]){re.escape(phrase)}(?![A-Za-z])", text)
    ]


# Latin words a Chinese page may still show: names, formats, the switcher's "English", and the
# usernames and web addresses of the world below.
LATIN = {"Agora", "English", "UTC", "IP", "API", "JSON", "CSV", "Markdown", "HTML", "KB", "html",
         "md", "txt", "http", "https", "s", "example", "org", "bikes", "wang", "li", "zhang",
         "Kialo", "Argdown", "AIF", "AIFdb", "OVA", "oEmbed"}


def latin_words(html: str) -> set[str]:
    """Return the Latin words of a page that are not names, formats or the world's own data,
    to catch English that was never marked and so is no catalogue entry either."""
    # The account page shows the API's own address (http://localhost/api/v1/…): data, not words.
    text = re.sub(r"https?://localhost/\S*", "", visible_text(html))
    return set(re.findall(r"[A-Za-z]+", text)) - LATIN


def chinese_world(app) -> dict:
    """Make a debate written in Chinese, by people using the Chinese interface, with every kind
    of thing the main pages show."""
    with app.test_request_context(headers=ZH):
        owner = make_user(username="wang", display_name="王老师", locale="zh_Hans")
        moderator = make_user(username="li", display_name="李版主")
        author = make_user(username="zhang", display_name="张同学")
        material = make_material(ARTICLE.read_text(encoding="utf-8"), "text", title="北京的自行车",
                                 author="本报记者", source_url="https://example.org/bikes",
                                 published_on=date(2026, 11, 1))
        debate = make_debate(owner=owner, material=material, title="单车与城市",
                             question="北京应该为自行车让路吗？")
        add_member(debate, moderator, Role.MODERATOR)
        add_member(debate, author, Role.PARTICIPANT)
        position = make_position(debate, statement="城市应该为自行车让路", passage_number=6)
        first = make_argument(position, owner, claim="自行车道让通勤更快")
        make_evidence(first, owner, title="交通研究报告", url="https://example.org/2026/7")
        reply = make_argument(position, author, claim="冬天骑车太冷了", parent=first,
                              side=Side.CON)
        make_argument(position, moderator, claim="共享单车减少了短途开车")
        make_report(reply, make_user(display_name="路人"))
        moderate_item(make_argument(position, author, claim="这条评论离题了"), moderator, "hide",
                      "与主题无关。")
        make_invite(debate)
        db.session.commit()
        assert db.session.scalar(select(Argument).where(
            Argument.moderation == ModerationState.HIDDEN)) is not None
        return {"debate": debate.id, "position": position.id, "argument": first.id,
                "material": material.id, "owner": owner.id}


def test_every_main_page_reads_in_chinese_without_english_left(app, client, auth):
    w = chinese_world(app)
    phrases = english_phrases()
    debate = f"/debates/{w['debate']}"
    signed_out = {
        "home": "/",
        "material": f"/materials/{w['material']}",
        "debate": debate,
        "position signed out": f"{debate}/positions/{w['position']}",
        "argument": f"/arguments/{w['argument']}",
        "sign-up": "/account/sign-up",
        "sign-in": "/account/sign-in",
        "reading view": f"{debate}/read",
        "log": f"{debate}/log",
    }
    signed_in = {
        "position signed in": f"{debate}/positions/{w['position']}",
        "account": "/account/",
        "settings and members": f"{debate}/settings",
        "queue": f"{debate}/queue",
        "notifications": "/notifications",
        "new argument": f"/positions/{w['position']}/arguments/new",
        "new debate": "/debates/new",
        "import material": "/materials/new",
        "import debate": "/debates/import",
        "evidence library": f"{debate}/evidence",
        "history": f"/arguments/{w['argument']}/history",
        "password": "/account/password",
    }
    left = {}
    for name, url in signed_out.items():
        response = client.get(url, headers=ZH)
        assert response.status_code == 200, name
        assert lang_of(response.text) == "zh-Hans"
        left[name] = english_left(response.text, phrases) + sorted(latin_words(response.text))
    # The owner chose Chinese on their account; their browser asks for English.
    auth.sign_in_as(w["owner"])
    for name, url in signed_in.items():
        response = client.get(url, headers={"Accept-Language": "en"})
        assert response.status_code == 200, name
        assert lang_of(response.text) == "zh-Hans"
        left[name] = english_left(response.text, phrases) + sorted(latin_words(response.text))

    assert {name: found for name, found in left.items() if found} == STORED_IN_ENGLISH


def test_the_english_check_would_see_an_untranslated_page(app, client):
    phrases = english_phrases()

    assert "Sign in" in english_left(client.get("/").text, phrases)
    assert "Create account" in english_left(client.get("/account/sign-up").text, phrases)


def test_error_pages_and_refusals_read_in_chinese(client):
    missing = client.get("/debates/123456", headers=ZH)
    refused = client.get("/materials/new", headers=ZH, follow_redirects=True)

    assert missing.status_code == 404
    assert "未找到" in missing.text and "Not found" not in missing.text
    assert "请登录后继续。" in refused.text


def test_an_import_preview_and_its_problems_read_in_chinese(client, auth):
    auth.sign_in_new()
    kialo = ("Discussion Title: 自行车\n\n1. 城市应该修建更多自行车道。\n1.1. Pro: 骑车更健康。\n"
             "1.2. Con: -> See 9.9.\n").encode()
    answer = client.post("/debates/import", headers=ZH, content_type="multipart/form-data",
                         data={"file": (io.BytesIO(kialo), "bikes.txt")})
    assert answer.status_code == 303
    preview = client.get(answer.headers["Location"], headers=ZH).get_data(as_text=True)
    assert lang_of(preview) == "zh-Hans"
    assert "预览导入" in preview and "正方主张" in preview and "导入这场辩论" in preview
    assert re.search(r"第 \d+ 行：", preview)
    assert "Preview the import" not in preview
