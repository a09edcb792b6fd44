"""Check the sign-up ceilings: successes only, lifted by a code, and keyed on the real client."""

import pytest

from app.extensions import db
from tests.factories import make_debate, make_invite, make_user
from tests.forms import GOOD_PASSWORD

FORWARDED_BY_PROXY = {"REMOTE_ADDR": "127.0.0.1"}


def sign_up(client, number: int, environ=None, **overrides):
    data = {
        "username": f"pupil{number}",
        "display_name": f"Pupil {number}",
        "password": GOOD_PASSWORD,
        "confirm": GOOD_PASSWORD,
        **overrides,
    }
    response = client.post("/account/sign-up", data=data, environ_base=environ or {})
    client.post("/account/sign-out", environ_base=environ or {})
    return response


@pytest.fixture
def small_limits(app):
    saved = {key: app.config[key] for key in app.config if key.startswith("SIGN_UP_LIMIT")}
    app.config.update(
        SIGN_UP_LIMIT_PER_ADDRESS="3 per hour",
        SIGN_UP_LIMIT_PER_CODE_GIVER="5 per day",
        SIGN_UP_LIMIT_SITE_WIDE="8 per hour",
    )
    yield app
    app.config.update(saved)


def invite_code(app) -> str:
    with app.app_context():
        invite = make_invite(make_debate(owner=make_user(username="teacher")))
        db.session.commit()
        return invite.token


def test_failed_sign_ups_do_not_count_against_the_address(small_limits, client):
    for number in range(10):
        assert sign_up(client, number, confirm="not the same").status_code == 422

    for number in range(3):
        assert sign_up(client, number).status_code == 303


def test_a_script_without_a_code_meets_the_address_ceiling(small_limits, client):
    for number in range(3):
        assert sign_up(client, number).status_code == 303

    assert sign_up(client, 3).status_code == 429


def test_a_code_lifts_the_address_ceiling_up_to_its_givers_ceiling(small_limits, client):
    code = invite_code(small_limits)
    for number in range(5):
        assert sign_up(client, number, code=code).status_code == 303

    assert sign_up(client, 5, code=code).status_code == 429


def test_the_code_can_come_in_the_link(small_limits, client):
    code = invite_code(small_limits)
    for number in range(4):
        response = client.post(f"/account/sign-up?code={code}", data={
            "username": f"pupil{number}", "display_name": "P",
            "password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD})
        client.post("/account/sign-out")
        assert response.status_code == 303


def test_an_unknown_code_is_refused_beside_its_field(small_limits, client):
    response = sign_up(client, 1, code="no-such-code")

    assert response.status_code == 422
    assert "This code is unknown or no longer works" in response.text


def test_the_site_wide_ceiling_holds_whatever_the_address(small_limits, app):
    for number in range(8):
        other = app.test_client()
        assert sign_up(other, number, {"REMOTE_ADDR": f"203.0.113.{number}"}).status_code == 303

    assert sign_up(app.test_client(), 9, {"REMOTE_ADDR": "198.51.100.1"}).status_code == 429


def test_behind_a_trusted_proxy_each_client_has_its_own_allowance(small_limits, app):
    from app.proxy import init_proxy

    saved = app.wsgi_app
    app.config["TRUSTED_PROXIES"] = ("127.0.0.1",)
    init_proxy(app)
    try:
        client = app.test_client()
        for number in range(3):
            proxied = {**FORWARDED_BY_PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.1"}
            assert sign_up(client, number, proxied).status_code == 303
        proxied = {**FORWARDED_BY_PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.1"}
        assert sign_up(client, 3, proxied).status_code == 429
        other = {**FORWARDED_BY_PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.2"}
        assert sign_up(client, 4, other).status_code == 303
    finally:
        app.wsgi_app = saved
        app.config["TRUSTED_PROXIES"] = ()
