"""Check that the debate readers' problems and refusals, and the API's own errors, are said in
the reader's language: Chinese when the browser or the account asks for it, English otherwise
and outside any request."""

import io
import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.imports import ImportRefused, read_debate
from app.models import Debate, Rating, User
from tests.factories import make_argument, make_debate, make_position, make_token, make_user

ZH = {"Accept-Language": "zh-CN"}
# A Kialo export with two mistakes: claim 1.1. numbered twice (line 5) and a link to a claim
# the file does not have (line 6).
BROKEN_KIALO = """Discussion Title: 自行车道

1. 城市应该修建更多自行车道。
1.1. Pro: 骑车更健康。
1.1. Con: 冬天骑车太冷了。
1.2. Con: -> See 9.9.
""".encode()


def problems_of(page: str) -> list[str]:
    """Return each listed problem as a reader sees it: its line, then its message."""
    items = re.findall(r"<li>(.*?)</li>", page.split('id="problems"', 1)[1].split("</ul>")[0],
                       re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


def preview(client, headers: dict) -> str:
    answer = client.post("/debates/import", headers=headers, content_type="multipart/form-data",
                         data={"file": (io.BytesIO(BROKEN_KIALO), "bikes.txt")})
    assert answer.status_code == 303
    return client.get(answer.headers["Location"], headers=headers).get_data(as_text=True)


def bearer(secret: str, **headers: str) -> dict:
    return {"Authorization": f"Bearer {secret}", **headers}


@pytest.fixture
def world(app):
    """An open debate with an argument, and a write token of a person with no language set."""
    with app.app_context():
        person = make_user()
        position = make_position(make_debate(), statement="城市应该修建更多自行车道")
        argument = make_argument(position, claim="骑车更健康")
        ids = {"argument": argument.id, "person": person.id, "token": make_token(person)}
        db.session.commit()
        return ids


# The preview page


def test_a_broken_kialo_file_previews_its_problems_in_chinese_with_their_lines(client, auth):
    auth.sign_in_new()

    page = preview(client, ZH)

    assert problems_of(page) == [
        "第 5 行： 主张 1.1. 出现了两次；第二次已略去。",
        "第 6 行： 主张 1.2. 链接到 9.9.，但文件中没有它；已略去。",
    ]
    assert "left out" not in page


def test_without_a_language_the_preview_keeps_the_english_problems(client, auth):
    auth.sign_in_new()

    page = preview(client, {})

    assert problems_of(page) == [
        "Line 5: Claim 1.1. appears twice; the second was left out.",
        "Line 6: Claim 1.2. links to 9.9., which is not in the file; it was left out.",
    ]


def test_a_refused_file_is_refused_beside_the_field_in_chinese(app, client, auth):
    auth.sign_in_new()

    answer = client.post("/debates/import", headers=ZH, content_type="multipart/form-data",
                         data={"file": (io.BytesIO(b"hello\x00world"), "bikes.bin")})

    assert answer.status_code == 422
    assert "这不是文本文件（其中含有二进制数据）。" in answer.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Debate.id))) == 0


# The readers, in and out of a request


def test_outside_a_request_the_readers_speak_english():
    with pytest.raises(ImportRefused) as refusal:
        read_debate(b"hello\x00world")

    assert refusal.value.message == "This is not a text file (it holds binary data)."
    assert read_debate(BROKEN_KIALO).problems[0].message == (
        "Claim 1.1. appears twice; the second was left out.")


@pytest.mark.parametrize(
    ("rows", "headers", "expected"),
    [
        (1300, {}, "1,100 more problems were found and are not listed."),
        (201, {}, "1 more problem was found and is not listed."),
        (1300, ZH, "另外还发现了 1,100 个问题，未列出。"),
    ],
)
def test_problems_beyond_the_limit_are_counted_in_the_readers_language(
    app, rows, headers, expected
):
    sheet = "path,side,claim\n1,,根\n" + "".join(f"1.{n},sideways,主张 {n}\n"
                                              for n in range(1, rows + 1))
    with app.test_request_context(headers=headers):
        debate = read_debate(sheet)

    assert debate.problems[-1].message == expected


def test_a_refusal_counts_with_the_readers_digits(app):
    sheet = "path,side,claim\n1,,根\n" + "".join(f"1.{n},pro,主张 {n}\n" for n in range(20_001))
    with app.test_request_context(headers=ZH), pytest.raises(ImportRefused) as refusal:
        read_debate(sheet)

    assert refusal.value.message == "文件中的主张超过 20,000 条，这是一次最多能导入的数量。"


# The API


def test_the_api_refuses_a_file_in_chinese_when_asked(app, client, world):
    answer = client.post("/api/v1/imports", headers=bearer(world["token"], **ZH),
                         data={"file": (io.BytesIO(b"Just some notes.\n"), "notes.txt")},
                         content_type="multipart/form-data")

    assert answer.status_code == 422
    assert answer.get_json()["error"] == {
        "status": 422, "field": "file",
        "message": "这个文件的格式 Agora 无法导入。可导入的格式有：Kialo 文本导出、Argdown、"
                   "AIF JSON，或表头为 path,side,claim 的 CSV。",
    }


def test_the_api_lists_an_imports_problems_in_chinese_when_asked(app, client, world):
    answer = client.post("/api/v1/imports", headers=bearer(world["token"], **ZH),
                         data={"file": (io.BytesIO(BROKEN_KIALO), "bikes.txt")},
                         content_type="multipart/form-data")

    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["problems"] == [
        {"line": 5, "message": "主张 1.1. 出现了两次；第二次已略去。"},
        {"line": 6, "message": "主张 1.2. 链接到 9.9.，但文件中没有它；已略去。"},
    ]


@pytest.mark.parametrize(
    ("body", "chinese", "english"),
    [
        ({"score": "high"}, "score 必须是整数或 null。", "score must be a whole number or null."),
        ({}, "请给出 0 到 4 的分数，或用 null 清除评分。",
         "Give a score from 0 to 4, or null to clear it."),
        ({"score": 3, "stars": 5}, "未知字段 'stars'；此接口接受的字段为 score。",
         "Unknown field 'stars'; this endpoint takes score."),
    ],
)
def test_the_api_refuses_a_bad_rating_in_chinese_and_otherwise_in_english(
    app, client, world, body, chinese, english
):
    url = f"/api/v1/arguments/{world['argument']}/rating"

    in_chinese = client.put(url, json=body, headers=bearer(world["token"], **ZH))
    in_english = client.put(url, json=body, headers=bearer(world["token"]))

    assert (in_chinese.status_code, in_english.status_code) == (422, 422)
    assert in_chinese.get_json()["error"]["message"] == chinese
    assert in_english.get_json()["error"]["message"] == english
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Rating)) == 0


def test_the_api_says_what_is_missing_and_what_a_token_lacks_in_chinese(client, world):
    missing = client.put("/api/v1/arguments/987654/rating", json={"score": 2},
                         headers=bearer(world["token"], **ZH))
    unknown = client.get("/api/v1/debates", headers=bearer("not-a-token", **ZH))

    assert missing.status_code == 404
    assert missing.get_json()["error"]["message"] == "论点 987654 不存在。"
    assert unknown.status_code == 401
    assert unknown.get_json()["error"]["message"] == "此令牌无法识别或已被撤销。"


def test_the_token_owners_language_outranks_the_header(app, client, world):
    with app.app_context():
        db.session.get(User, world["person"]).locale = "zh_Hans"
        db.session.commit()

    answer = client.put(f"/api/v1/arguments/{world['argument']}/rating", json={},
                        headers=bearer(world["token"], **{"Accept-Language": "en"}))

    assert answer.get_json()["error"]["message"] == "请给出 0 到 4 的分数，或用 null 清除评分。"
