"""Check that forwarded headers count only when the configured proxy sends them."""

import pytest
from flask import Flask, request
from werkzeug.test import Client

from app.proxy import init_proxy
from config import Config, ProductionConfig

FORWARDED = {"X-Forwarded-For": "198.51.100.9", "X-Forwarded-Proto": "https"}


def echo_client(trusted: tuple[str, ...]) -> Client:
    """Build a tiny app that says whom it thinks it serves, behind the proxy setting."""
    app = Flask(__name__)
    app.config["TRUSTED_PROXIES"] = trusted

    @app.get("/")
    def whoami():
        return f"{request.remote_addr} {request.scheme}"

    init_proxy(app)
    return app.test_client()


def seen(client: Client, from_address: str) -> str:
    return client.get("/", headers=FORWARDED, environ_base={"REMOTE_ADDR": from_address}).text


@pytest.mark.parametrize(("proxy", "address"), [("127.0.0.1", "127.0.0.1"),
                                                 ("10.0.0.0/8", "10.1.2.3")])
def test_a_trusted_proxy_passes_on_the_client_address_and_scheme(proxy, address):
    assert seen(echo_client((proxy,)), address) == "198.51.100.9 https"


def test_anyone_else_cannot_choose_the_address_rate_limits_see():
    assert seen(echo_client(("127.0.0.1",)), "203.0.113.7") == "203.0.113.7 http"


def test_without_configured_proxies_forwarded_headers_are_ignored():
    assert Config.TRUSTED_PROXIES == ()
    assert seen(echo_client(()), "127.0.0.1") == "127.0.0.1 http"


def test_production_trusts_a_proxy_on_the_same_machine_by_default():
    assert set(ProductionConfig.TRUSTED_PROXIES) == {"127.0.0.1", "::1"}


def test_behind_two_proxies_the_client_is_two_addresses_from_the_end():
    app = Flask(__name__)
    app.config.update(TRUSTED_PROXIES=("127.0.0.1",), TRUSTED_PROXY_COUNT=2)

    @app.get("/")
    def whoami():
        return request.remote_addr

    init_proxy(app)
    chain = {"X-Forwarded-For": "198.51.100.9, 10.0.0.2"}
    answer = app.test_client().get("/", headers=chain, environ_base={"REMOTE_ADDR": "127.0.0.1"})

    assert answer.text == "198.51.100.9"
