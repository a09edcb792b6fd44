"""Check signing in and out: where it leads, remembered sessions, htmx and attempt limits."""

import re

import pytest

from tests.factories import PASSWORD
from tests.forms import GOOD_PASSWORD, sign_in
from tests.pages import HX, input_error, page_or_fragment, signed_in_as
from tests.worlds import new_user


def cookies_set(response) -> dict[str, str]:
    """Map each cookie name in Set-Cookie headers to its full header value."""
    return {value.split("=", 1)[0]: value for value in response.headers.getlist("Set-Cookie")}


def retry_seconds_in(text: str) -> int:
    match = re.search(r"try again in (?:(\d+) min )?(\d+) s", text)
    assert match, f"no waiting time in {text!r}"
    return int(match.group(1) or 0) * 60 + int(match.group(2))


# Signing in


def test_sign_in_with_right_password_signs_in_and_goes_home(app, client):
    new_user(app, username="alice", display_name="Alice Liddell")

    response = sign_in(client, "Alice ")

    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert "session" in cookies_set(response)
    assert signed_in_as(client) == "Alice Liddell"


def test_wrong_password_and_unknown_user_get_the_same_message(app, client):
    new_user(app, username="alice")

    wrong_password = sign_in(client, "alice", "not the password")
    unknown_user = sign_in(client, "nobody", PASSWORD)

    assert wrong_password.status_code == unknown_user.status_code == 422
    message = input_error(wrong_password.get_data(as_text=True), "password")
    assert message == "The username or password is not right."
    assert input_error(unknown_user.get_data(as_text=True), "password") == message
    assert signed_in_as(client) is None


def test_sign_in_without_password_is_refused_beside_the_field(app, client):
    new_user(app, username="alice")

    response = sign_in(client, "alice", "")

    assert response.status_code == 422
    assert input_error(response.get_data(as_text=True), "password") == "Enter your password."
    assert signed_in_as(client) is None


def test_remember_me_sets_a_lasting_http_only_cookie(app, client):
    new_user(app, username="alice")

    response = sign_in(client, remember="y")

    remember = cookies_set(response).get("remember_token")
    assert remember is not None
    assert "Expires=" in remember
    assert "HttpOnly" in remember
    assert "SameSite=Lax" in remember


def test_sign_in_without_remember_me_sets_no_remember_cookie(app, client):
    new_user(app, username="alice")

    response = sign_in(client)

    assert response.status_code == 303
    assert "remember_token" not in cookies_set(response)
    assert client.get_cookie("remember_token") is None


def test_remembered_user_stays_signed_in_after_the_session_cookie_is_gone(app, client):
    new_user(app, username="alice", display_name="Alice Liddell")
    sign_in(client, remember="y")

    client.delete_cookie("session")

    assert signed_in_as(client) == "Alice Liddell"


def test_session_cookie_is_http_only_and_same_site_lax(app, client):
    new_user(app, username="alice")

    session_cookie = cookies_set(sign_in(client))["session"]

    assert "HttpOnly" in session_cookie
    assert "SameSite=Lax" in session_cookie


def test_sign_in_follows_next_on_this_site(app, client):
    new_user(app, username="alice")

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
        # urlsplit() raises on an unclosed IPv6 bracket: once a 500.
        "http://[::1",
    ],
)
def test_sign_in_ignores_next_pointing_elsewhere_and_goes_home(app, client, target):
    new_user(app, username="alice")

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
    broken = client.get("/account/sign-in?next=http://[::1").get_data(as_text=True)

    assert '<input type="hidden" name="next" value="/debates/new">' in safe
    assert '<input type="hidden" name="next" value="/">' in unsafe
    assert '<input type="hidden" name="next" value="/">' in broken


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
    new_user(app, username="alice")

    response = client.get("/debates/new")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/sign-in?next=")

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<input type="hidden" name="next" value="/debates/new' in page


# Signing out


def test_sign_out_by_get_is_not_allowed_and_keeps_you_signed_in(app, client):
    new_user(app, username="alice", display_name="Alice Liddell")
    sign_in(client)

    response = client.get("/account/sign-out")

    assert response.status_code == 405
    assert signed_in_as(client) == "Alice Liddell"


def test_sign_out_signs_out_and_forgets_the_remember_cookie(app, client):
    new_user(app, username="alice")
    sign_in(client, remember="y")
    assert client.get_cookie("remember_token") is not None

    response = client.post("/account/sign-out")

    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert client.get_cookie("remember_token") is None
    assert signed_in_as(client) is None


def test_sign_out_tells_the_user_they_are_signed_out(app, client):
    new_user(app, username="alice")
    sign_in(client)

    client.post("/account/sign-out")

    assert "You are signed out." in client.get("/").get_data(as_text=True)


# htmx


def test_htmx_sign_in_with_wrong_password_returns_only_the_form(app, client):
    new_user(app, username="alice")

    response = sign_in(client, "alice", "not the password", headers=HX)

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert page.lstrip().startswith('<form id="sign-in-form"')
    assert "<html" not in page
    assert input_error(page, "password") == "The username or password is not right."
    assert "HX-Request" in response.headers["Vary"]


def test_htmx_sign_in_success_sends_the_browser_to_next(app, client):
    new_user(app, username="alice", display_name="Alice Liddell")

    response = sign_in(client, headers=HX, next="/debates/new")

    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == "/debates/new"
    assert "Location" not in response.headers
    assert signed_in_as(client) == "Alice Liddell"


@page_or_fragment
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
    new_user(app, username="alice")

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
    new_user(app, username="alice")
    for _ in range(5):
        sign_in(client, "alice", "not the password")

    response = sign_in(client, "alice", PASSWORD)

    assert response.status_code == 429
    assert signed_in_as(client) is None


def test_failed_attempts_count_against_the_account_whatever_case_is_typed(app, client):
    new_user(app, username="alice")
    for username in ("alice", "Alice", "ALICE", " alice", "aLiCe"):
        assert sign_in(client, username, "not the password").status_code == 422

    assert sign_in(client, "alice", "not the password").status_code == 429


def test_failed_attempts_on_one_account_do_not_lock_another(app, client):
    new_user(app, username="alice")
    new_user(app, username="bob", display_name="Bob")
    for _ in range(5):
        sign_in(client, "alice", "not the password")
    assert sign_in(client, "alice", "not the password").status_code == 429

    response = sign_in(client, "bob", PASSWORD)

    assert response.status_code == 303
    assert signed_in_as(client) == "Bob"


def test_successful_sign_ins_do_not_use_up_the_account_allowance(app, client):
    new_user(app, username="alice")
    for _ in range(4):
        assert sign_in(client, "alice", "not the password").status_code == 422
    for headers in (None, HX, None):
        assert sign_in(client, headers=headers).status_code in (204, 303)
        client.post("/account/sign-out")

    assert sign_in(client, "alice", "not the password").status_code == 422
    assert sign_in(client, "alice", "not the password").status_code == 429


def test_htmx_caller_refused_by_the_limit_gets_a_short_text_with_the_wait(app, client):
    new_user(app, username="alice")
    for _ in range(5):
        sign_in(client, "alice", "not the password", headers=HX)

    response = sign_in(client, "alice", "not the password", headers=HX)

    assert response.status_code == 429
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert "<" not in text
    assert abs(retry_seconds_in(text) - int(response.headers["Retry-After"])) <= 2


def test_twenty_first_sign_in_from_one_address_is_refused_but_others_are_not(app, client):
    new_user(app, username="alice", display_name="Alice Liddell")
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
