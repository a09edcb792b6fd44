"""Check that a sign-in can be ended for good: signing out, signing out everywhere and a new
password refuse every copy of the old session and remember-me cookies."""

from datetime import timedelta

import pytest
from sqlalchemy import update

from app.extensions import db
from app.models import SignIn
from app.models.columns import utcnow
from tests.factories import PASSWORD
from tests.forms import GOOD_PASSWORD, sign_in
from tests.pages import flashes, input_error, signed_in_as
from tests.worlds import new_user

COOKIES = ("session", "remember_token")


def copy_of(app, client, *names: str):
    """Return a new client holding copies of the named cookies, as a thief would."""
    thief = app.test_client()
    for name in names:
        cookie = client.get_cookie(name)
        assert cookie is not None, name
        thief.set_cookie(name, cookie.value)
    return thief


def opens_the_account(client) -> bool:
    return client.get("/account/").status_code == 200


@pytest.mark.parametrize("cookie", COOKIES)
def test_a_copied_cookie_opens_nothing_once_its_owner_signs_out(app, client, cookie):
    new_user(app, username="alice")
    sign_in(client, remember="y")
    thief = copy_of(app, client, cookie)
    assert opens_the_account(thief)

    client.post("/account/sign-out")

    assert not opens_the_account(thief)
    assert signed_in_as(thief) is None


def test_signing_out_on_one_browser_leaves_another_signed_in(app, client):
    new_user(app, username="alice", display_name="Alice Liddell")
    laptop = app.test_client()
    sign_in(client)
    sign_in(laptop)

    client.post("/account/sign-out")

    assert signed_in_as(laptop) == "Alice Liddell"


def test_each_sign_in_gets_a_remember_cookie_of_its_own(app, client):
    new_user(app, username="alice")
    values = []
    for _ in range(2):
        sign_in(client, remember="y")
        values.append(client.get_cookie("remember_token").value)
        client.post("/account/sign-out")

    assert values[0] != values[1]


def test_sign_out_everywhere_ends_every_sign_in_and_every_copy(app, client):
    new_user(app, username="alice")
    laptop = app.test_client()
    sign_in(client, remember="y")
    sign_in(laptop, remember="y")
    thieves = [copy_of(app, client, cookie) for cookie in COOKIES]
    page = client.get("/account/").get_data(as_text=True)
    assert "You are signed in on 2 browsers or devices." in page

    response = client.post("/account/sign-out-everywhere")

    assert response.status_code == 303
    assert "You are signed out everywhere." in flashes(client.get("/").get_data(as_text=True))
    assert [opens_the_account(c) for c in (client, laptop, *thieves)] == [False] * 4


def test_sign_out_everywhere_is_a_post(app, client):
    new_user(app, username="alice", display_name="Alice Liddell")
    sign_in(client)

    assert client.get("/account/sign-out-everywhere").status_code == 405
    assert signed_in_as(client) == "Alice Liddell"


def change_password(client, current=PASSWORD, new=GOOD_PASSWORD, confirm=None, **options):
    return client.post(
        "/account/password",
        data={"current_password": current, "password": new, "confirm": confirm or new},
        **options,
    )


def test_changing_the_password_signs_out_every_other_browser_and_every_copy(app, client):
    new_user(app, username="alice", display_name="Alice Liddell")
    laptop = app.test_client()
    sign_in(client, remember="y")
    sign_in(laptop)
    thieves = [copy_of(app, client, cookie) for cookie in COOKIES]

    response = change_password(client)

    assert response.status_code == 303
    assert response.headers["Location"] == "/account/"
    assert [opens_the_account(c) for c in (laptop, *thieves)] == [False] * 3
    # The browser that changed it stays signed in, remembered as before.
    assert signed_in_as(client) == "Alice Liddell"
    client.delete_cookie("session")
    assert signed_in_as(client) == "Alice Liddell"


def test_after_a_password_change_only_the_new_password_signs_in(app, client):
    new_user(app, username="alice")
    sign_in(client)
    change_password(client)
    client.post("/account/sign-out")

    assert sign_in(client, password=PASSWORD).status_code == 422
    assert sign_in(client, password=GOOD_PASSWORD).status_code == 303


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"current": "not my password"}, "current_password", "The current password is not right."),
        ({"new": "password123"}, "password",
         "This password is one of the most commonly used; choose another."),
        ({"confirm": "something else entirely"}, "confirm", "The two passwords differ."),
        ({"new": PASSWORD}, "password", "Choose a password different from the current one."),
    ],
)
def test_a_refused_password_change_says_why_beside_the_field_and_signs_nobody_out(
    app, client, data, field, message
):
    new_user(app, username="alice", display_name="Alice Liddell")
    laptop = app.test_client()
    sign_in(client)
    sign_in(laptop)

    response = change_password(client, **data)

    assert response.status_code == 422
    assert input_error(response.get_data(as_text=True), field) == message
    assert signed_in_as(laptop) == "Alice Liddell"
    client.post("/account/sign-out")
    assert sign_in(client, password=PASSWORD).status_code == 303


def test_the_password_form_is_a_fragment_for_htmx_and_a_page_otherwise(app, client):
    new_user(app, username="alice")
    sign_in(client)

    page = client.get("/account/password").get_data(as_text=True)
    refused = change_password(client, current="not my password", headers={"HX-Request": "true"})
    done = change_password(client, headers={"HX-Request": "true"})

    assert "<h1>Change your password</h1>" in page
    assert refused.status_code == 422
    assert refused.get_data(as_text=True).lstrip().startswith('<form id="password-form"')
    assert (done.status_code, done.headers["HX-Redirect"]) == (204, "/account/")


def test_a_sign_in_ends_by_itself_after_its_lifetime(app, client):
    new_user(app, username="alice")
    sign_in(client, remember="y")
    with app.app_context():
        db.session.execute(update(SignIn).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()

    assert not opens_the_account(client)


def test_an_old_cookie_naming_only_the_user_id_opens_nothing(app, client):
    user_id = new_user(app, username="alice")
    with client.session_transaction() as session:
        session["_user_id"] = str(user_id)
        session["_fresh"] = True

    assert not opens_the_account(client)
