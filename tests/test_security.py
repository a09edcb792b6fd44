"""Check the security headers, CSRF protection, error pages and Markdown sanitising."""

import html
import json
import logging
import re
from html.parser import HTMLParser

import pytest
from flask import abort

from app import create_app
from app.errors import NotAllowed
from app.models import User
from app.security import render_markdown
from config import ProductionConfig, TestConfig
from tests.factories import PASSWORD
from tests.forms import GOOD_PASSWORD
from tests.pages import HX, header_of, stored
from tests.worlds import new_user

SECRET = "hunter2-db-password-7f3a"
SIGN_UP = {
    "username": "alice",
    "display_name": "Alice Liddell",
    "password": GOOD_PASSWORD,
    "confirm": GOOD_PASSWORD,
}


def home_header(client) -> str:
    return header_of(client.get("/").get_data(as_text=True))


def is_signed_in(client) -> bool:
    return "Sign out" in home_header(client)


def csp_directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(response) -> None:
    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    policy = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in (
        "no-referrer",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
    )


@pytest.fixture(scope="module")
def failing_app():
    """Build a separate app with routes that fail, leaving the shared app untouched."""
    app = create_app(TestConfig)

    @app.get("/test/boom")
    def boom():
        raise RuntimeError(f"could not connect with password {SECRET}")

    @app.get("/test/bad")
    def bad():
        abort(400, description=f"parser state {SECRET}")

    @app.get("/test/forbidden")
    def forbidden():
        abort(403, description=f"role check {SECRET}")

    @app.get("/test/missing")
    def missing():
        abort(404, description=f"row {SECRET} not found")

    @app.get("/test/too-many")
    def too_many():
        abort(429, description=f"bucket {SECRET}")

    @app.get("/test/not-allowed")
    def not_allowed():
        raise NotAllowed("You cannot post in this debate.")

    return app


# Headers


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("get", "/", {}, 200),
        ("get", "/account/sign-in", {}, 200),
        ("get", "/account/sign-in", {"headers": HX}, 200),
        ("get", "/no-such-page", {}, 404),
        ("get", "/no-such-page", {"headers": HX}, 404),
        ("get", "/static/css/app.css", {}, 200),
        ("get", "/static/js/app.js", {}, 200),
        ("post", "/account/sign-in", {"data": {"username": "x"}}, 422),
        ("get", "/account/sign-out", {}, 405),
    ],
    ids=[
        "home",
        "page",
        "fragment",
        "404-page",
        "404-htmx",
        "stylesheet",
        "script",
        "post-error",
        "wrong-method",
    ],
)
def test_every_response_carries_the_security_headers(client, method, path, kwargs, status):
    response = getattr(client, method)(path, **kwargs)

    assert response.status_code == status
    assert_security_headers(response)
    response.close()


def test_server_error_and_csrf_refusal_carry_the_security_headers(app, client, failing_app):
    app.config["WTF_CSRF_ENABLED"] = True

    assert_security_headers(failing_app.test_client().get("/test/boom"))
    assert_security_headers(client.post("/account/sign-in", data={"username": "x"}))


@pytest.mark.parametrize("path", ["/", "/account/sign-in", "/account/sign-up", "/nope"])
def test_pages_need_no_inline_script_or_style_that_the_policy_would_block(client, path):
    page = client.get(path).get_data(as_text=True)

    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts, "the page loads htmx"
    assert all(" src=" in tag for tag in scripts)
    assert "<style" not in page
    assert not re.search(r"\sstyle=", page)
    assert not re.search(r"<[^>]+\son[a-z]+=", page)


# CSRF


def form_token(page: str, form_id: str) -> str:
    form = re.search(rf'<form id="{form_id}".*?</form>', page, re.S).group(0)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)


def htmx_header_token(page: str) -> str:
    headers = json.loads(html.unescape(re.search(r"hx-headers='([^']*)'", page).group(1)))
    return headers["X-CSRFToken"]


def test_sign_up_without_csrf_token_is_refused_and_saves_nothing(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    client.get("/account/sign-up")

    response = client.post("/account/sign-up", data=SIGN_UP)

    assert response.status_code == 400
    assert "reload the page" in response.get_data(as_text=True)
    assert stored(app, User) == 0
    assert not is_signed_in(client)


def test_sign_up_with_token_from_the_form_succeeds(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    token = form_token(client.get("/account/sign-up").get_data(as_text=True), "sign-up-form")

    response = client.post("/account/sign-up", data={**SIGN_UP, "csrf_token": token})

    assert response.status_code == 303
    assert stored(app, User) == 1
    assert is_signed_in(client)


def test_sign_in_without_csrf_token_is_refused_even_with_the_right_password(app, client):
    new_user(app, username="alice")
    app.config["WTF_CSRF_ENABLED"] = True
    client.get("/account/sign-in")

    response = client.post("/account/sign-in", data={"username": "alice", "password": PASSWORD})

    assert response.status_code == 400
    assert not is_signed_in(client)


def test_sign_in_with_token_from_the_form_succeeds(app, client):
    new_user(app, username="alice")
    app.config["WTF_CSRF_ENABLED"] = True
    token = form_token(client.get("/account/sign-in").get_data(as_text=True), "sign-in-form")

    response = client.post(
        "/account/sign-in",
        data={"username": "alice", "password": PASSWORD, "csrf_token": token},
    )

    assert response.status_code == 303
    assert is_signed_in(client)


def test_htmx_post_with_the_csrf_header_from_the_page_is_accepted(app, client):
    new_user(app, username="alice")
    app.config["WTF_CSRF_ENABLED"] = True
    token = htmx_header_token(client.get("/account/sign-in").get_data(as_text=True))

    response = client.post(
        "/account/sign-in",
        data={"username": "alice", "password": PASSWORD},
        headers={**HX, "X-CSRFToken": token},
    )

    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == "/"
    assert is_signed_in(client)


def test_htmx_post_without_the_csrf_header_gets_a_short_refusal(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    client.get("/account/sign-up")

    response = client.post("/account/sign-up", data=SIGN_UP, headers=HX)

    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert "reload the page" in response.get_data(as_text=True)
    assert stored(app, User) == 0


def test_csrf_token_from_another_session_is_refused(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    other = app.test_client()
    token = form_token(other.get("/account/sign-up").get_data(as_text=True), "sign-up-form")
    client.get("/account/sign-up")

    response = client.post("/account/sign-up", data={**SIGN_UP, "csrf_token": token})

    assert response.status_code == 400
    assert stored(app, User) == 0


def test_sign_out_without_csrf_token_is_refused_and_keeps_you_signed_in(app, client):
    new_user(app, username="alice")
    client.post("/account/sign-in", data={"username": "alice", "password": PASSWORD})
    app.config["WTF_CSRF_ENABLED"] = True

    response = client.post("/account/sign-out")

    assert response.status_code == 400
    assert is_signed_in(client)
    token = re.search(r'name="csrf_token" value="([^"]+)"', home_header(client)).group(1)
    assert client.post("/account/sign-out", data={"csrf_token": token}).status_code == 303
    assert not is_signed_in(client)


# Error pages


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/test/bad", 400, "The request could not be understood."),
        ("/test/forbidden", 403, "Not allowed"),
        ("/test/missing", 404, "Not found"),
        ("/test/too-many", 429, "Too many attempts."),
        ("/test/boom", 500, "Something went wrong on our side."),
    ],
)
def test_error_pages_explain_without_leaking_internals(failing_app, path, status, message):
    response = failing_app.test_client().get(path)

    page = response.get_data(as_text=True)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert "<html" in page
    assert message in page
    assert '<a href="/">' in page
    assert SECRET not in page
    assert "Traceback" not in page
    assert "RuntimeError" not in page


@pytest.mark.parametrize("path", ["/test/bad", "/test/forbidden", "/test/boom"])
def test_htmx_errors_get_a_short_text_without_internals(failing_app, path):
    response = failing_app.test_client().get(path, headers=HX)

    text = response.get_data(as_text=True)
    assert response.status_code >= 400
    assert response.mimetype == "text/plain"
    assert 0 < len(text) < 200
    assert "<" not in text
    assert SECRET not in text
    assert "HX-Request" in response.headers["Vary"]


def test_server_error_is_logged_for_operators(failing_app, caplog):
    with caplog.at_level(logging.ERROR):
        failing_app.test_client().get("/test/boom")

    assert "Unhandled error on GET /test/boom" in caplog.text
    assert SECRET in caplog.text


def test_refusal_by_a_rule_shows_its_message_with_403(failing_app):
    response = failing_app.test_client().get("/test/not-allowed")

    assert response.status_code == 403
    assert "You cannot post in this debate." in response.get_data(as_text=True)


def test_missing_page_is_html_with_a_link_home(client):
    response = client.get("/no-such-page")

    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "<h1>Not found</h1>" in page
    assert '<a href="/">Back to the debates</a>' in page


def test_missing_page_does_not_echo_the_address(client):
    response = client.get("/<script>alert(1)</script>")

    assert response.status_code == 404
    assert "<script>alert(1)" not in response.get_data(as_text=True)


def test_htmx_request_for_a_missing_page_gets_a_short_text(client):
    response = client.get("/no-such-page", headers=HX)

    assert response.status_code == 404
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == "Not found"


def test_rate_limit_page_does_not_show_the_limit_rule(app, client):
    for _ in range(6):
        response = client.post(
            "/account/sign-in", data={"username": "alice", "password": "not the password"}
        )

    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "Too many attempts" in page
    assert "per 5 minute" not in page
    assert '<a href="/">' in page


# Markdown from users


class MarkupCollector(HTMLParser):
    """Collect the tags and attributes a browser would build from some HTML."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parsed(markup: str) -> list[tuple[str, dict[str, str | None]]]:
    collector = MarkupCollector()
    collector.feed(markup)
    collector.close()
    return collector.tags


def assert_inert(markup: str) -> None:
    for tag, attrs in parsed(markup):
        assert tag not in ("script", "img", "iframe", "object", "embed", "svg", "style")
        assert not [name for name in attrs if name.startswith("on")]
        assert "style" not in attrs and "src" not in attrs
        for name in ("href", "action", "formaction"):
            value = (attrs.get(name) or "").strip().lower()
            scheme = re.match(r"^([a-z][a-z0-9+.-]*):", value)
            assert scheme is None or scheme.group(1) in ("http", "https"), value


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "Hello <script src=https://evil.example/x.js></script>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](  javascript:alert(1) )",
        "<javascript:alert(1)>",
        "[click][ref]\n\n[ref]: javascript:alert(1)",
        '<a href="javascript:alert(1)">click</a>',
        "<img src=x onerror=alert(1)>",
        '<p onmouseover="alert(1)">hover</p>',
        "![x](https://evil.example/x.png)",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[click](data:image/png;base64,iVBORw0KGgo=)",
        "[click](vbscript:msgbox(1))",
        '<iframe src="https://evil.example"></iframe>',
        "<svg onload=alert(1)>",
    ],
)
def test_markdown_makes_xss_payloads_inert(payload):
    assert_inert(render_markdown(payload))


def test_markdown_shows_raw_html_as_text_people_can_read():
    rendered = render_markdown("<script>alert(1)</script>")

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert parsed(rendered) == [("p", {})]


def test_markdown_keeps_formatting_and_safe_links():
    rendered = render_markdown("Some **bold** and *quiet* text.\n\n- one\n- two")

    assert "<strong>bold</strong>" in rendered
    assert "<em>quiet</em>" in rendered
    assert [tag for tag, _ in parsed(rendered)] == ["p", "strong", "em", "ul", "li", "li"]


@pytest.mark.parametrize(
    ("source", "href"),
    [
        ("[the report](https://example.org/report)", "https://example.org/report"),
        ("<https://example.org/a?b=c>", "https://example.org/a?b=c"),
        ("[old site](http://example.org/)", "http://example.org/"),
    ],
)
def test_markdown_links_from_users_get_nofollow_ugc_noopener(source, href):
    links = [attrs for tag, attrs in parsed(render_markdown(source)) if tag == "a"]

    assert len(links) == 1
    assert links[0]["href"] == href
    assert set(links[0]["rel"].split()) == {"nofollow", "ugc", "noopener"}
    assert set(links[0]) == {"href", "rel"}


def test_ids_and_pages_too_large_for_the_database_are_not_found_not_crashes(client):
    huge = "99999999999999999999"

    for url in (
        f"/arguments/{huge}",
        f"/debates/{huge}",
        f"/api/v1/debates/{huge}",
        f"/api/v1/positions/{huge}",
        f"/debates/{huge}/log?page={huge}",
    ):
        assert client.get(url).status_code == 404, url
    listing = client.get(f"/api/v1/debates?page={huge}")
    assert listing.status_code == 200
    assert listing.get_json()["page"] == 1


def test_production_tells_browsers_to_stay_on_https_and_development_does_not(client):
    production = type(
        "HttpsConfig",
        (ProductionConfig,),
        {"SECRET_KEY": "production-test-secret", "SQLALCHEMY_DATABASE_URI": "sqlite://"},
    )

    response = create_app(production).test_client().get("/static/css/app.css")

    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in client.get("/static/css/app.css").headers
