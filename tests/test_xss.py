"""Check that script in arguments and evidence comes out as harmless text everywhere it shows."""

import json
from html.parser import HTMLParser

import pytest

from app.extensions import db
from app.models import Argument, EvidenceKind, Position, Side, User
from tests.factories import make_argument, make_debate, make_evidence, make_position, make_user

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[link](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
]
CLAIM = "Cameras help " + " ".join(PAYLOADS)
BODY = "\n\n".join(["Why cameras help:", *PAYLOADS, "[a real link](https://example.org/ok)"])
REPLY = "Hoods defeat them " + " ".join(PAYLOADS)
EVIDENCE_TITLE = "Study " + " ".join(PAYLOADS)
EVIDENCE_URL = 'https://example.org/study?q="><script>alert(1)</script>'
DISPLAY_NAME = "<img src=x onerror=alert(1)>"


class TagCollector(HTMLParser):
    """Collect every element a browser would build from a page, with its attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def assert_inert(html: str) -> None:
    """Fail if the HTML would run any script a user wrote."""
    lowered = html.lower()
    assert "<script>alert" not in lowered
    assert "<img src=x" not in lowered
    assert "<svg" not in lowered
    parser = TagCollector()
    parser.feed(html)
    assert parser.tags, "not HTML at all"
    for tag, attrs in parser.tags:
        assert tag not in ("img", "svg", "iframe", "object", "embed"), (tag, attrs)
        if tag == "script":
            assert (attrs.get("src") or "").startswith("/static/"), attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                scheme = "".join((value or "").split()).lower()
                assert not scheme.startswith(("javascript:", "data:", "vbscript:")), (tag, value)


@pytest.fixture
def hostile(app):
    """Post an argument, a reply and evidence full of script, by an author with a hostile name."""
    with app.app_context():
        debate = make_debate(title="Cameras in the city")
        position = make_position(debate, statement="Cameras make cities safer")
        author = make_user(display_name=DISPLAY_NAME)
        argument = make_argument(position, author, claim=CLAIM, body=BODY)
        reply = make_argument(
            position, author, claim=REPLY, body=BODY, side=Side.CON, parent=argument
        )
        make_evidence(
            argument,
            kind=EvidenceKind.NEWS,
            title=EVIDENCE_TITLE,
            url=EVIDENCE_URL,
            excerpt="\n".join(PAYLOADS),
        )
        make_evidence(
            reply,
            kind=EvidenceKind.OTHER,
            title=EVIDENCE_TITLE,
            url=None,
            passage=debate.material.passages[1],
            excerpt=" ".join(PAYLOADS),
        )
        db.session.commit()
        return {
            "debate": debate.id,
            "position": position.id,
            "argument": argument.id,
            "reply": reply.id,
            "author": author.id,
        }


def page(client, url: str, headers=None) -> str:
    response = client.get(url, headers=headers or {})
    assert response.status_code == 200, url
    assert response.content_type.startswith("text/html")
    return response.text


def test_the_position_page_shows_script_as_text(app, client, hostile):
    html = page(client, f"/debates/{hostile['debate']}/positions/{hostile['position']}")

    assert_inert(html)
    assert "Cameras help &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_argument_page_shows_script_as_text(app, client, hostile):
    html = page(client, f"/arguments/{hostile['argument']}")

    assert_inert(html)
    assert "Cameras help &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "[link](javascript:alert(1))" in html  # left as words, never made a link
    assert '<a href="https://example.org/ok" rel="nofollow ugc noopener">a real link</a>' in html
    assert "Study &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<blockquote>&lt;script&gt;alert(1)&lt;/script&gt;" in html
    quoted_url = "https://example.org/study?q=&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    assert f'href="{quoted_url}" rel="nofollow ugc noopener"' in html


def test_the_replies_fragment_shows_script_as_text(app, client, hostile):
    html = page(client, f"/arguments/{hostile['argument']}/replies", {"HX-Request": "true"})

    assert_inert(html)
    assert "Hoods defeat them &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_reply_form_shows_the_answered_argument_as_text(app, client, auth, hostile):
    with app.app_context():
        username = db.session.get(User, hostile["author"]).username
    auth.sign_in(username)

    html = page(
        client, f"/positions/{hostile['position']}/arguments/new?parent={hostile['argument']}"
    )

    assert_inert(html)
    assert "Cameras help &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_history_page_shows_old_script_as_text(app, client, auth, hostile):
    with app.app_context():
        username = db.session.get(User, hostile["author"]).username
    auth.sign_in(username)
    edited = client.post(
        f"/arguments/{hostile['argument']}/edit",
        data={"claim": "Cameras help, calmly put", "body": "Plain words."},
    )
    assert edited.status_code == 303

    html = page(client, f"/arguments/{hostile['argument']}/history")

    assert_inert(html)
    assert "Cameras help &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_similar_claims_warning_shows_script_as_text(app, client, hostile):
    response = client.get(
        f"/positions/{hostile['position']}/arguments/similar",
        query_string={"claim": CLAIM.replace("help", "do help")},
        headers={"HX-Request": "true"},
    )
    html = response.text

    assert response.status_code == 200
    assert_inert(html)
    assert "Cameras help &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_evidence_library_shows_script_as_text(app, client, hostile):
    html = page(client, f"/debates/{hostile['debate']}/evidence")

    assert_inert(html)
    assert "Study &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "1 Cameras help &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_script_typed_into_the_form_is_stored_as_text_and_shown_inert(app, client, auth):
    with app.app_context():
        position = make_position(make_debate(), statement="Cameras make cities safer")
        user = make_user()
        db.session.commit()
        position_id, debate_id, username = position.id, position.debate_id, user.username
    auth.sign_in(username)

    response = client.post(
        f"/positions/{position_id}/arguments/new",
        data={"side": "pro", "claim": CLAIM, "body": BODY},
    )

    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(Position, position_id) is not None
        stored = db.session.scalar(db.select(Argument.claim))
    assert stored == CLAIM  # kept exactly as typed; escaping happens on the way out
    assert_inert(client.get(response.headers["Location"]).text)
    assert_inert(client.get(f"/debates/{debate_id}/positions/{position_id}").text)


def test_the_api_returns_the_text_as_json_data(app, client, hostile):
    response = client.get(f"/api/v1/positions/{hostile['position']}")

    assert response.status_code == 200
    assert response.content_type == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    data = json.loads(response.text)
    [argument] = data["arguments"]
    assert argument["claim"] == CLAIM
    assert argument["body"] == BODY.strip()
    assert argument["author"] == DISPLAY_NAME
    assert argument["evidence"][0]["title"] == EVIDENCE_TITLE
    assert argument["evidence"][0]["url"] == EVIDENCE_URL
    assert argument["children"][0]["claim"] == REPLY
