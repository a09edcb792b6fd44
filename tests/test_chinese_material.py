"""Check Chinese material end to end: passages, quotes, and similar claims without spaces."""

import io
from pathlib import Path

from sqlalchemy import select

from app.arguments.services import SIMILARITY_THRESHOLD as THRESHOLD
from app.arguments.services import similarity
from app.debates.services import locate_quote
from app.extensions import db
from app.materials.passages import (
    HEADING,
    LIST_ITEM,
    PARAGRAPH,
    decode_upload,
    split_html,
    split_markdown,
    split_plain_text,
)
from app.models import Material, Position, PositionAnchor
from tests.factories import make_debate, make_material, make_position
from tests.forms import position_form
from tests.pages import field_error
from tests.worlds import add_arguments

# A short article written for these tests: a title, three numbered sections, prose wrapped
# mid-sentence with full-width indents, full-width punctuation, quotes and a list.
ARTICLE = Path(__file__).resolve().parent / "material" / "beijing-bicycles-zh.txt"

PASSAGES = [
    (HEADING, "北京的自行车回来了"),
    (HEADING, "一、从“自行车王国”说起"),
    (PARAGRAPH, "上世纪八十年代，北京的早高峰是一条由自行车组成的河流。"),
    (PARAGRAPH, "工人、学生和干部都骑着同一种黑色的车，铃声此起彼伏。"),
    (PARAGRAPH, "后来，汽车越来越多，自行车道被一条一条地让给了机动车。"),
    (PARAGRAPH, "有人说：“骑车是落后的象征。”可是二十年后，这句话听起来已经过时了！"),
    (HEADING, "二、共享单车带来的变化"),
    (
        PARAGRAPH,
        "二〇一六年前后，共享单车在街头突然出现。扫码、开锁、骑走，整个过程不到一分钟。"
        "地铁站口的“最后一公里”第一次有了便宜的答案。",
    ),
    (PARAGRAPH, "然而，问题也随之而来。成堆的单车占据了人行道，损坏的车辆无人回收。"),
    (PARAGRAPH, "城市管理者不得不划定停车区域，并要求企业按照片区投放车辆。"),
    (HEADING, "三、今天的选择"),
    (PARAGRAPH, "现在，北京修建了专门的自行车道，其中最有名的一条连接回龙观和上地。"),
    (PARAGRAPH, "下面是骑车人最常提到的三个理由："),
    (LIST_ITEM, "比开车更快，尤其是在晚高峰。"),
    (LIST_ITEM, "花费很少，一年的骑行费用不到一箱油钱。"),
    (LIST_ITEM, "对身体好，也不排放尾气。"),
    (PARAGRAPH, "自行车会不会重新成为北京的主角？答案也许取决于下一代人的选择。"),
]


def kinds_and_texts(blocks) -> list[tuple[str, str]]:
    return [(block.kind, block.text) for block in blocks]


# Passages


def test_chinese_text_splits_at_sentence_ends_and_headings_without_spaces():
    blocks = split_plain_text(decode_upload(ARTICLE.read_bytes()))

    assert kinds_and_texts(blocks) == PASSAGES
    assert not any(" " in block.text for block in blocks)


def test_chinese_lines_without_blank_lines_run_on_until_a_sentence_ends():
    text = "城市的眼睛\n摄像头遍布街道，\n它们记录每一个行人。\n「这是为了安全。」\n他说得对吗？\n"

    assert kinds_and_texts(split_plain_text(text)) == [
        (HEADING, "城市的眼睛"),
        (PARAGRAPH, "摄像头遍布街道，它们记录每一个行人。"),
        (PARAGRAPH, "「这是为了安全。」"),
        (PARAGRAPH, "他说得对吗？"),
    ]


def test_a_chinese_sentence_ending_in_a_full_stop_is_never_a_heading():
    assert kinds_and_texts(split_plain_text("北京很大。\n\n地铁很挤！\n\n你去过吗？")) == [
        (PARAGRAPH, "北京很大。"),
        (PARAGRAPH, "地铁很挤！"),
        (PARAGRAPH, "你去过吗？"),
    ]


def test_chinese_markdown_and_html_join_wrapped_lines_without_spaces():
    markdown = "# 北京的自行车\n\n共享单车在街头\n突然出现。\n\n- 比开车\n  更快。\n"
    html = "<h1>北京的自行车</h1><p>共享单车在街头\n  突然出现。</p><p>Bikes\nare back.</p>"

    assert kinds_and_texts(split_markdown(markdown)) == [
        (HEADING, "北京的自行车"),
        (PARAGRAPH, "共享单车在街头突然出现。"),
        (LIST_ITEM, "比开车更快。"),
    ]
    assert kinds_and_texts(split_html(html)) == [
        (HEADING, "北京的自行车"),
        (PARAGRAPH, "共享单车在街头突然出现。"),
        (PARAGRAPH, "Bikes are back."),
    ]


def test_uploading_the_chinese_article_stores_and_shows_its_passages(app, client, auth):
    auth.sign_in_new()

    response = client.post(
        "/materials/new",
        data={"title": "北京的自行车", "file": (io.BytesIO(ARTICLE.read_bytes()), ARTICLE.name)},
        content_type="multipart/form-data",
    )

    assert response.status_code == 303
    with app.app_context():
        material = db.session.scalar(select(Material))
        assert [(p.kind.value, p.text) for p in material.passages] == PASSAGES
    page = client.get(response.headers["Location"]).text
    assert "北京的自行车" in page
    assert PASSAGES[5][1] in page


# Quotes


def test_a_quote_typed_with_half_width_punctuation_finds_the_full_width_words():
    text = PASSAGES[5][1]

    assert locate_quote(text, '有人说:"骑车是落后的象征."') == "有人说：“骑车是落后的象征。”"
    assert locate_quote(text, "二十年后,这句话过时了!") is None
    assert locate_quote(text, "这句话听起来已经过时了!") == "这句话听起来已经过时了！"
    assert locate_quote(text, "这句话 听起来") == "这句话听起来"
    assert locate_quote(text, "「骑车是落后的象征。」") == "“骑车是落后的象征。”"
    assert locate_quote(text, "骑车是先进的象征") is None


def test_full_width_latin_letters_and_digits_match_their_half_width_forms():
    assert locate_quote("Ｂｅｉｊｉｎｇ有２１个区", "Beijing有21个区") == "Ｂｅｉｊｉｎｇ有２１个区"
    assert locate_quote("Beijing has 21 districts", "Ｂｅｉｊｉｎｇ has ２１") == "Beijing has 21"


def chinese_debate(app) -> dict:
    with app.app_context():
        material = make_material(ARTICLE.read_text(encoding="utf-8"), "text", title="北京的自行车")
        debate = make_debate(material=material)
        db.session.commit()
        return {"debate": debate.id, "owner": debate.owner_id}


QUOTED = "二十年后，这句话听起来已经过时了！"


def test_a_chinese_position_keeps_the_exact_words_of_a_quote_typed_half_width(app, client, auth):
    ids = chinese_debate(app)
    auth.sign_in_as(ids["owner"])

    response = client.post(
        f"/debates/{ids['debate']}/positions/new",
        data=position_form("城市应该为自行车让路", (6, "二十年后,这句话听起来已经过时了!")),
    )

    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Position.statement)) == "城市应该为自行车让路"
        assert db.session.scalar(select(PositionAnchor.quote)) == QUOTED
    page = client.get(response.headers["Location"]).text
    assert "可是<mark>二十年后，这句话听起来已经过时了！</mark>" in page


def test_a_chinese_quote_not_in_the_passage_is_refused_beside_it(app, client, auth):
    ids = chinese_debate(app)
    auth.sign_in_as(ids["owner"])

    response = client.post(
        f"/debates/{ids['debate']}/positions/new",
        data=position_form("城市应该为自行车让路", (6, "骑车是先进的象征")),
    )

    assert response.status_code == 422
    assert "These words are not in passage 6." in field_error(response.text, "anchors-0-quote")


# Similar claims


def test_similarity_compares_chinese_claims_by_character_pairs():
    # On words alone each claim is one "word", so claims a character apart scored 0.
    assert similarity("北京应该修建更多的自行车道", "北京应该修建更多自行车道。") > THRESHOLD
    assert similarity("共享单车让最后一公里变得便宜", "共享单车让最后一公里变得更便宜") > THRESHOLD
    assert similarity("北京应该修建更多的自行车道", "共享单车占据了人行道") < 0.3


def test_the_similar_claims_warning_finds_a_chinese_claim_while_typing(app, client):
    with app.app_context():
        debate = make_debate()
        position = make_position(debate, statement="城市应该为自行车让路")
        db.session.commit()
        ids = {"position": position.id}
    [existing] = add_arguments(app, ids, "北京应该修建更多的自行车道")
    url = f"/positions/{ids['position']}/arguments/similar"

    match = client.get(url, query_string={"claim": "北京应当修建更多的自行车道！"})
    no_match = client.get(url, query_string={"claim": "共享单车占据了人行道"})

    assert f'href="/arguments/{existing}"' in match.text
    assert "北京应该修建更多的自行车道" in match.text
    assert "/arguments/" not in no_match.text
