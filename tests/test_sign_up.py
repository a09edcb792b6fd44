"""Check how accounts are made: the sign-up form and the create-admin command."""

import re

import pytest
from sqlalchemy import select

from app.auth.services import common_passwords
from app.extensions import db
from app.models import User
from tests.factories import PASSWORD
from tests.forms import GOOD_PASSWORD, sign_in
from tests.pages import HX, flashes, input_error, signed_in_as, stored
from tests.worlds import new_user


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


def find_user(app, username: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        if user is not None:
            db.session.expunge(user)
        return user


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
    assert message in input_error(response.get_data(as_text=True), field)
    assert stored(app, User) == 0
    assert signed_in_as(client) is None


def test_common_passwords_checked_include_the_ones_used_above():
    # The rejection cases above rely on these being in zxcvbn's top 10,000 list.
    assert {"1234567890", "qwertyuiop"} <= common_passwords()
    assert GOOD_PASSWORD not in common_passwords()


def test_sign_up_rejects_taken_username_whatever_its_case(app, client):
    new_user(app, username="alice")

    response = sign_up(client, username="ALICE")

    assert response.status_code == 422
    assert input_error(response.get_data(as_text=True), "username") == "This username is taken."
    assert stored(app, User) == 1
    assert signed_in_as(client) is None


def test_sign_up_with_an_email_already_used_reads_as_any_other_sign_up(app, client):
    new_user(app, username="mad_hatter", email="alice@example.org")
    fresh = app.test_client()

    taken = sign_up(client, email="Alice@Example.org")
    free = sign_up(fresh, username="bob", email="bob@example.org")

    assert taken.status_code == free.status_code == 303
    assert flashes(client.get("/").text) == [
        "Welcome to Agora, Alice Liddell.",
        "An email address is kept only if no other account uses it; your account page shows "
        "whether it was.",
    ]
    assert len(flashes(fresh.get("/").text)) == 2
    assert find_user(app, "alice").email is None
    assert find_user(app, "mad_hatter").email == "alice@example.org"


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
    assert "between 3 and 30 characters" in input_error(page, "username")
    assert "HX-Request" in response.headers["Vary"]
    assert stored(app, User) == 0


def test_htmx_sign_up_success_sends_the_browser_home(client):
    response = sign_up(client, headers=HX)

    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == "/"
    assert signed_in_as(client) == "Alice Liddell"


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
    assert stored(app, User) == 0


def test_create_admin_promotes_an_existing_user_keeping_their_password(app, client):
    new_user(app, username="alice", display_name="Alice Liddell")
    result = run_cli(app, "create-admin", "alice", "--password", GOOD_PASSWORD)

    assert result.exit_code == 0, result.output
    assert "alice is a site admin." in result.output
    user = find_user(app, "alice")
    assert user.is_admin is True
    assert user.display_name == "Alice Liddell"
    assert stored(app, User) == 1
    assert sign_in(client, "alice", PASSWORD).status_code == 303
