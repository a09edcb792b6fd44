"""Check signing up, signing in and out, their limits, and the create-admin command."""

import html
import re

import pytest
from sqlalchemy import func, select

from app.auth.services import common_passwords
from app.extensions import db
from app.models import User
from tests.factories import PASSWORD, make_user

GOOD_PASSWORD = "tea party at four"
HX = {"HX-Request": "true"}


def sign_up(client, headers=None, **overrides):
    data = {
        "username": "alice",
        "display_name": "Alice Liddell",
        "email": "",
        "password": GOOD_PASSWORD,
        "confirm": GOOD_PASSWORD,
    }
    data.update(overrides)
    return client.post("/account/sign-up", data=data, headers=headers)


def sign_in(client, username="alice", password=PASSWORD, headers=None, **extra):
    data = {"username": username, "password": password, **extra}
    return client.post("/account/sign-in", data=data, headers=headers)


def add_user(app, **values) -> None:
    with app.app_context():
        make_user(**values)
        db.session.commit()


def find_user(app, username: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        if user is not None:
            db.session.expunge(user)
        return user


def user_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def field_error(page: str, field: str) -> str:
    """Return the error printed beside a field, checking the input points at it."""
    match = re.search(rf'<p class="error" id="{field}-error">(.*?)</p>', page, re.S)
    assert match, f"no error beside {field!r}"
    inputs = re.findall(rf'<input[^>]*\bid="{field}"[^>]*>', page)
    assert inputs and 'aria-invalid="true"' in inputs[0]
    assert f'aria-describedby="{field}-error"' in inputs[0]
    return html.unescape(match.group(1))


def header_of(page: str) -> str:
    match = re.search(r'<header class="site-header">(.*?)</header>', page, re.S)
    assert match, "no site header on the page"
    return match.group(1)


def signed_in_as(client) -> str | None:
    """Return the display name the home page's header shows, or None when signed out."""
    header = header_of(client.get("/").get_data(as_text=True))
    match = re.search(r'<a class="who"[^>]*>(.*?)</a>', header)
    if match:
        assert "Sign out" in header
        return html.unescape(match.group(1))
    assert "Sign in" in header and "Sign out" not in header
    return None


def cookies_set(response) -> dict[str, str]:
    """Map each cookie name in Set-Cookie headers to its full header value."""
    return {value.split("=", 1)[0]: value for value in response.headers.getlist("Set-Cookie")}


def retry_seconds_in(text: str) -> int:
    match = re.search(r"try again in (?:(\d+) min )?(\d+) s", text)
    assert match, f"no waiting time in {text!r}"
    return int(match.group(1) or 0) * 60 + int(match.group(2))


# Signing up


def test_sign_up_creates_account_signs_in_and_goes_home(app, client):
    response = sign_up(client, username="Alice")

    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert signed_in_as(client) == "Alice Liddell"
    user = find_user(app, "alice")
    assert user is not None
    assert user.display_name == "Alice Liddell"
    assert user.email is None
    assert user.is_admin is False
    assert user.password_hash.startswith("scrypt:")
    assert GOOD_PASSWORD not in user.password_hash


def test_sign_up_welcomes_the_new_user_by_name(client):
    sign_up(client)

    assert "Welcome to Agora, Alice Liddell." in client.get("/").get_data(as_text=True)


def test_sign_up_stores_optional_email_in_lowercase(app, client):
    response = sign_up(client, email=" Alice@Example.ORG ")

    assert response.status_code == 303
    assert find_user(app, "alice").email == "alice@example.org"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"username": ""}, "username", "Choose a username."),
        ({"username": "alice!"}, "username", "Use lowercase letters, digits and underscores"),
        ({"username": "al"}, "username", "between 3 and 30 characters"),
        ({"username": "a" * 31}, "username", "between 3 and 30 characters"),
        ({"display_name": "  "}, "display_name", "Say how your name should appear."),
        ({"email": "alice@"}, "email", "Enter a valid email address."),
        (
            {"password": "nine char", "confirm": "nine char"},
            "password",
            "between 10 and 128 characters",
        ),
        (
            {"password": "1234567890", "confirm": "1234567890"},
            "password",
            "one of the most commonly used",
        ),
        (
            {"password": "QwertyuioP", "confirm": "QwertyuioP"},
            "password",
            "one of the most commonly used",
        ),
        (
            {"password": "alice-in-the-garden", "confirm": "alice-in-the-garden"},
            "password",
            "Don't build the password from your name.",
        ),
        ({"confirm": "tea party at five"}, "confirm", "The two passwords differ."),
        (
            {"password": "tea party " * 13, "confirm": "tea party " * 13},
            "password",
            "between 10 and 128 characters",
        ),
    ],
    ids=[
        "missing-username",
        "bad-username-characters",
        "too-short-username",
        "too-long-username",
        "missing-display-name",
        "invalid-email",
        "too-short-password",
        "common-password",
        "common-password-in-other-case",
        "password-with-username",
        "mismatched-confirmation",
        "password-over-128",
    ],
)
def test_sign_up_rejects_bad_field_beside_it_and_saves_nothing(
    app, client, overrides, field, message
):
    response = sign_up(client, **overrides)

    assert response.status_code == 422
    assert message in field_error(response.get_data(as_text=True), field)
    assert user_count(app) == 0
    assert signed_in_as(client) is None


def test_common_passwords_checked_include_the_ones_used_above():
    # The rejection cases above rely on these being in zxcvbn's top 10,000 list.
    assert {"1234567890", "qwertyuiop"} <= common_passwords()
    assert GOOD_PASSWORD not in common_passwords()


def test_sign_up_rejects_taken_username_whatever_its_case(app, client):
    add_user(app, username="alice")

    response = sign_up(client, username="ALICE")

    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "username") == "This username is taken."
    assert user_count(app) == 1
    assert signed_in_as(client) is None


def test_sign_up_rejects_email_already_used(app, client):
    add_user(app, username="mad_hatter", email="alice@example.org")

    response = sign_up(client, email="Alice@Example.org")

    assert response.status_code == 422
    message = field_error(response.get_data(as_text=True), "email")
    assert message == "An account already uses this email address."
    assert user_count(app) == 1


def test_sign_up_keeps_a_128_character_password_whole(app, client):
    password = ("tea party at four " * 8)[:128]

    assert sign_up(client, password=password, confirm=password).status_code == 303
    client.post("/account/sign-out")

    assert sign_in(client, "alice", password[:-1]).status_code == 422
    assert sign_in(client, "alice", password).status_code == 303


def test_sign_up_form_asks_the_browser_to_check_lengths_first(client):
    page = client.get("/account/sign-up").get_data(as_text=True)

    password_input = re.search(r'<input[^>]*\bid="password"[^>]*>', page).group(0)
    assert 'minlength="10"' in password_input
    assert 'maxlength="128"' in password_input
    assert "required" in password_input


def test_htmx_sign_up_with_bad_field_returns_only_the_form(app, client):
    response = sign_up(client, headers=HX, username="al")

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert page.lstrip().startswith('<form id="sign-up-form"')
    assert "<html" not in page
    assert "between 3 and 30 characters" in field_error(page, "username")
    assert "HX-Request" in response.headers["Vary"]
    assert user_count(app) == 0


def test_htmx_sign_up_success_sends_the_browser_home(client):
    response = sign_up(client, headers=HX)

    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == "/"
    assert signed_in_as(client) == "Alice Liddell"


# Signing in


def test_sign_in_with_right_password_signs_in_and_goes_home(app, client):
    add_user(app, username="alice", display_name="Alice Liddell")

    response = sign_in(client, "Alice ")

    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert "session" in cookies_set(response)
    assert signed_in_as(client) == "Alice Liddell"


def test_wrong_password_and_unknown_user_get_the_same_message(app, client):
    add_user(app, username="alice")

    wrong_password = sign_in(client, "alice", "not the password")
    unknown_user = sign_in(client, "nobody", PASSWORD)

    assert wrong_password.status_code == unknown_user.status_code == 422
    message = field_error(wrong_password.get_data(as_text=True), "password")
    assert message == "The username or password is not right."
    assert field_error(unknown_user.get_data(as_text=True), "password") == message
    assert signed_in_as(client) is None


def test_sign_in_without_password_is_refused_beside_the_field(app, client):
    add_user(app, username="alice")

    response = sign_in(client, "alice", "")

    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "password") == "Enter your password."
    assert signed_in_as(client) is None


def test_remember_me_sets_a_lasting_http_only_cookie(app, client):
    add_user(app, username="alice")

    response = sign_in(client, remember="y")

    remember = cookies_set(response).get("remember_token")
    assert remember is not None
    assert "Expires=" in remember
    assert "HttpOnly" in remember
    assert "SameSite=Lax" in remember


def test_sign_in_without_remember_me_sets_no_remember_cookie(app, client):
    add_user(app, username="alice")

    response = sign_in(client)

    assert response.status_code == 303
    assert "remember_token" not in cookies_set(response)
    assert client.get_cookie("remember_token") is None


def test_remembered_user_stays_signed_in_after_the_session_cookie_is_gone(app, client):
    add_user(app, username="alice", display_name="Alice Liddell")
    sign_in(client, remember="y")

    client.delete_cookie("session")

    assert signed_in_as(client) == "Alice Liddell"


def test_session_cookie_is_http_only_and_same_site_lax(app, client):
    add_user(app, username="alice")

    session_cookie = cookies_set(sign_in(client))["session"]

    assert "HttpOnly" in session_cookie
    assert "SameSite=Lax" in session_cookie


def test_sign_in_follows_next_on_this_site(app, client):
    add_user(app, username="alice")

    response = sign_in(client, next="/debates/new")

    assert response.status_code == 303
    assert response.headers["Location"] == "/debates/new"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "https:evil.example",
        "javascript:alert(1)",
    ],
)
def test_sign_in_ignores_next_pointing_elsewhere_and_goes_home(app, client, target):
    add_user(app, username="alice")

    from_form = sign_in(client, next=target)
    client.post("/account/sign-out")
    from_query = client.post(
        "/account/sign-in",
        query_string={"next": target},
        data={"username": "alice", "password": PASSWORD},
    )

    assert from_form.status_code == from_query.status_code == 303
    assert from_form.headers["Location"] == from_query.headers["Location"] == "/"


def test_sign_in_page_carries_only_a_safe_next_into_its_form(client):
    safe = client.get("/account/sign-in?next=/debates/new").get_data(as_text=True)
    unsafe = client.get("/account/sign-in?next=//evil.example").get_data(as_text=True)

    assert '<input type="hidden" name="next" value="/debates/new">' in safe
    assert '<input type="hidden" name="next" value="/">' in unsafe


@pytest.mark.parametrize(
    ("target", "location"),
    [("/debates/new", "/debates/new"), ("//evil.example", "/"), ("javascript:alert(1)", "/")],
)
def test_sign_up_follows_next_only_on_this_site(client, target, location):
    response = client.post(
        "/account/sign-up",
        query_string={"next": target},
        data={
            "username": "alice",
            "display_name": "Alice Liddell",
            "password": GOOD_PASSWORD,
            "confirm": GOOD_PASSWORD,
        },
    )

    assert response.status_code == 303
    assert response.headers["Location"] == location


def test_page_for_members_sends_visitors_to_sign_in_and_back(app, client):
    add_user(app, username="alice")

    response = client.get("/debates/new")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/sign-in?next=")

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<input type="hidden" name="next" value="/debates/new' in page


# Signing out


def test_sign_out_by_get_is_not_allowed_and_keeps_you_signed_in(app, client):
    add_user(app, username="alice", display_name="Alice Liddell")
    sign_in(client)

    response = client.get("/account/sign-out")

    assert response.status_code == 405
    assert signed_in_as(client) == "Alice Liddell"


def test_sign_out_signs_out_and_forgets_the_remember_cookie(app, client):
    add_user(app, username="alice")
    sign_in(client, remember="y")
    assert client.get_cookie("remember_token") is not None

    response = client.post("/account/sign-out")

    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert client.get_cookie("remember_token") is None
    assert signed_in_as(client) is None


def test_sign_out_tells_the_user_they_are_signed_out(app, client):
    add_user(app, username="alice")
    sign_in(client)

    client.post("/account/sign-out")

    assert "You are signed out." in client.get("/").get_data(as_text=True)


# htmx


def test_htmx_sign_in_with_wrong_password_returns_only_the_form(app, client):
    add_user(app, username="alice")

    response = sign_in(client, "alice", "not the password", headers=HX)

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert page.lstrip().startswith('<form id="sign-in-form"')
    assert "<html" not in page
    assert field_error(page, "password") == "The username or password is not right."
    assert "HX-Request" in response.headers["Vary"]


def test_htmx_sign_in_success_sends_the_browser_to_next(app, client):
    add_user(app, username="alice", display_name="Alice Liddell")

    response = sign_in(client, headers=HX, next="/debates/new")

    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == "/debates/new"
    assert "Location" not in response.headers
    assert signed_in_as(client) == "Alice Liddell"


@pytest.mark.parametrize(
    ("headers", "full_page"),
    [
        ({}, True),
        ({"HX-Request": "true"}, False),
        ({"HX-Request": "true", "HX-Boosted": "true"}, True),
    ],
    ids=["plain", "htmx", "boosted"],
)
@pytest.mark.parametrize("path", ["/account/sign-in", "/account/sign-up"])
def test_account_forms_are_full_pages_unless_htmx_asks_for_a_fragment(
    client, path, headers, full_page
):
    response = client.get(path, headers=headers)

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert ("<html" in page) is full_page
    assert 'method="post"' in page
    assert "HX-Request" in response.headers["Vary"]


# Rate limits


def test_sixth_failed_sign_in_on_one_account_is_refused_and_says_when_to_retry(app, client):
    add_user(app, username="alice")

    for _ in range(5):
        assert sign_in(client, "alice", "not the password").status_code == 422
    response = sign_in(client, "alice", "still not it")

    assert response.status_code == 429
    retry_after = int(response.headers["Retry-After"])
    assert 0 < retry_after <= 300
    page = response.get_data(as_text=True)
    assert "Too many attempts" in page
    assert abs(retry_seconds_in(page) - retry_after) <= 2
    assert "<html" in page


def test_locked_account_refuses_even_the_right_password_for_the_window(app, client):
    # The per-account limit is checked before the password: once five refused attempts
    # are spent, the owner waits out the window too, so a guesser learns nothing.
    add_user(app, username="alice")
    for _ in range(5):
        sign_in(client, "alice", "not the password")

    response = sign_in(client, "alice", PASSWORD)

    assert response.status_code == 429
    assert signed_in_as(client) is None


def test_failed_attempts_count_against_the_account_whatever_case_is_typed(app, client):
    add_user(app, username="alice")
    for username in ("alice", "Alice", "ALICE", " alice", "aLiCe"):
        assert sign_in(client, username, "not the password").status_code == 422

    assert sign_in(client, "alice", "not the password").status_code == 429


def test_failed_attempts_on_one_account_do_not_lock_another(app, client):
    add_user(app, username="alice")
    add_user(app, username="bob", display_name="Bob")
    for _ in range(5):
        sign_in(client, "alice", "not the password")
    assert sign_in(client, "alice", "not the password").status_code == 429

    response = sign_in(client, "bob", PASSWORD)

    assert response.status_code == 303
    assert signed_in_as(client) == "Bob"


def test_successful_sign_ins_do_not_use_up_the_account_allowance(app, client):
    add_user(app, username="alice")
    for _ in range(4):
        assert sign_in(client, "alice", "not the password").status_code == 422
    for headers in (None, HX, None):
        assert sign_in(client, headers=headers).status_code in (204, 303)
        client.post("/account/sign-out")

    assert sign_in(client, "alice", "not the password").status_code == 422
    assert sign_in(client, "alice", "not the password").status_code == 429


def test_htmx_caller_refused_by_the_limit_gets_a_short_text_with_the_wait(app, client):
    add_user(app, username="alice")
    for _ in range(5):
        sign_in(client, "alice", "not the password", headers=HX)

    response = sign_in(client, "alice", "not the password", headers=HX)

    assert response.status_code == 429
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert "<" not in text
    assert abs(retry_seconds_in(text) - int(response.headers["Retry-After"])) <= 2


def test_twenty_first_sign_in_from_one_address_is_refused_but_others_are_not(app, client):
    add_user(app, username="alice", display_name="Alice Liddell")
    # Four attempts on each of five names stay under every per-account limit.
    for number in range(20):
        assert sign_in(client, f"guess{number % 5}", "not the password").status_code == 422

    refused = sign_in(client, "alice", PASSWORD)

    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 600
    assert signed_in_as(client) is None
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "203.0.113.7"
    assert sign_in(other, "alice", PASSWORD).status_code == 303
    assert signed_in_as(other) == "Alice Liddell"


# The create-admin command


def run_cli(app, *args, input=None):
    # `flask` pushes an app context before running a command; the test runner does not.
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args), input=input)


def test_create_admin_creates_an_admin_who_can_sign_in(app, client):
    result = run_cli(app, "create-admin", "Alice", "--password", GOOD_PASSWORD)

    assert result.exit_code == 0, result.output
    assert "alice is a site admin." in result.output
    user = find_user(app, "alice")
    assert user.is_admin is True
    assert user.display_name == "Alice"
    assert user.password_hash.startswith("scrypt:")
    assert sign_in(client, "alice", GOOD_PASSWORD).status_code == 303


def test_create_admin_uses_the_given_display_name(app):
    result = run_cli(
        app, "create-admin", "alice", "--display-name", "Alice L", "--password", GOOD_PASSWORD
    )

    assert result.exit_code == 0, result.output
    assert find_user(app, "alice").display_name == "Alice L"


def test_create_admin_prompts_for_the_password_twice(app):
    result = run_cli(app, "create-admin", "alice", input=f"{GOOD_PASSWORD}\n{GOOD_PASSWORD}\n")

    assert result.exit_code == 0, result.output
    assert find_user(app, "alice").is_admin is True


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("1234567890", "This password is one of the most commonly used; choose another."),
        ("short", "Use at least 10 characters."),
        ("alice-in-the-garden", "Don't build the password from your name."),
    ],
)
def test_create_admin_refuses_a_weak_password_clearly(app, password, message):
    result = run_cli(app, "create-admin", "alice", "--password", password)

    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert user_count(app) == 0


def test_create_admin_promotes_an_existing_user_keeping_their_password(app, client):
    add_user(app, username="alice", display_name="Alice Liddell")
    result = run_cli(app, "create-admin", "alice", "--password", GOOD_PASSWORD)

    assert result.exit_code == 0, result.output
    assert "alice is a site admin." in result.output
    user = find_user(app, "alice")
    assert user.is_admin is True
    assert user.display_name == "Alice Liddell"
    assert user_count(app) == 1
    assert sign_in(client, "alice", PASSWORD).status_code == 303
