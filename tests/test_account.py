"""Check the account page: changing the display name, and finding the password change."""

from tests.forms import sign_in
from tests.pages import signed_in_as
from tests.worlds import new_user


def test_the_account_page_changes_the_display_name(app, client):
    new_user(app, username="alice", display_name="Alice Liddell")
    sign_in(client)

    response = client.post("/account/display-name", data={"display_name": "  Alice L.  "})

    assert response.status_code == 303
    assert signed_in_as(client) == "Alice L."
    assert 'value="Alice L."' in client.get("/account/").text


def test_an_empty_display_name_is_refused_beside_the_field(app, client):
    new_user(app, username="alice", display_name="Alice Liddell")
    sign_in(client)

    response = client.post("/account/display-name", data={"display_name": "   "})

    assert response.status_code == 422
    assert "Say how your name should appear." in response.text
    assert signed_in_as(client) == "Alice Liddell"


def test_an_overlong_display_name_is_refused(app, client):
    new_user(app, username="alice", display_name="Alice Liddell")
    sign_in(client)

    assert client.post("/account/display-name", data={"display_name": "x" * 61}).status_code == 422
    assert signed_in_as(client) == "Alice Liddell"


def test_renaming_needs_a_sign_in(client):
    response = client.post("/account/display-name", data={"display_name": "Mallory"})

    assert response.status_code in (302, 303)


def test_the_account_page_says_how_a_password_change_signs_out_other_browsers(app, client):
    new_user(app, username="alice")
    sign_in(client)

    page = client.get("/account/").text

    assert 'href="/account/password"' in page
    assert "asks for the current one" in page
    assert "signs out every" in page
    assert "other browser and device" in page
