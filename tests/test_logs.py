"""Check the logs operators read: one line per request, its id everywhere, nothing private."""

import json
import logging
import os
import re

import pytest

from app import create_app
from app.extensions import db
from app.logs import formatter_for
from app.models import Debate
from config import DevelopmentConfig, ProductionConfig, TestConfig
from tests.factories import PASSWORD, make_invite
from tests.worlds import moderation_world, new_user

ADDRESS = "203.0.113.77"
FROM_ADDRESS = {"REMOTE_ADDR": ADDRESS}
GENERATED_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def json_app(_app):
    """Build a separate app that logs JSON lines, as production does, then restore logging."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    app = create_app(type("JsonLogConfig", (TestConfig,), {"LOG_FORMAT": "json"}))

    @app.get("/test/boom")
    def boom():
        app.logger.info("about to fail")
        raise RuntimeError(f"failed while serving {ADDRESS}")

    yield app
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture
def json_logs(app):
    """Have the shared app's log handler write JSON lines for one test."""
    handler = next(h for h in logging.getLogger().handlers if hasattr(h, "installed_by_agora"))
    formatter = handler.formatter
    handler.setFormatter(formatter_for("json"))
    yield
    handler.setFormatter(formatter)


def json_lines(captured: str) -> list[dict]:
    return [json.loads(line) for line in captured.splitlines() if line.strip()]


def test_request_id_from_the_caller_comes_back_in_the_response(client):
    response = client.get("/", headers={"X-Request-ID": "lb-7f3a-0001"})
    assert response.headers["X-Request-ID"] == "lb-7f3a-0001"


@pytest.mark.parametrize("given", [None, "", "two words", "x" * 129, 'id"} {"level": "ERROR'])
def test_request_id_is_generated_when_missing_or_malformed(client, given):
    headers = {} if given is None else {"X-Request-ID": given}
    response = client.get("/", headers=headers)
    assert GENERATED_ID.fullmatch(response.headers["X-Request-ID"])


def test_each_request_gets_its_own_id(client):
    assert client.get("/").headers["X-Request-ID"] != client.get("/").headers["X-Request-ID"]


def test_error_page_shows_the_request_id(client):
    response = client.get("/no-such-page", headers={"X-Request-ID": "support-case-42"})
    assert response.status_code == 404
    assert "support-case-42" in response.text
    assert response.headers["X-Request-ID"] == "support-case-42"


def test_every_line_of_a_failing_request_is_json_and_carries_its_id(json_app, capsys):
    capsys.readouterr()
    response = json_app.test_client().get(
        "/test/boom", headers={"X-Request-ID": "boom-1"}, environ_base=FROM_ADDRESS
    )
    assert response.status_code == 500
    assert "boom-1" in response.text

    lines = json_lines(capsys.readouterr().err)
    assert lines[0]["message"] == "about to fail"
    assert {line["request_id"] for line in lines} == {"boom-1"}
    assert {line["pid"] for line in lines} == {os.getpid()}
    failure = next(line for line in lines if line["level"] == "ERROR")
    assert "RuntimeError" in failure["exception"]
    request = lines[-1]
    assert request["logger"] == "agora.requests"
    assert (request["method"], request["path"], request["status"]) == ("GET", "/test/boom", 500)
    assert request["client"] == "203.0.113.0"
    assert request["duration_ms"] >= 0


def test_production_writes_json_lines_and_development_readable_ones():
    assert ProductionConfig.LOG_FORMAT == "json"
    assert DevelopmentConfig.LOG_FORMAT == "text"


def test_development_lines_are_readable_text_with_the_request_id(client, capsys):
    capsys.readouterr()
    client.get("/", headers={"X-Request-ID": "dev-1"})
    line = capsys.readouterr().err.strip().splitlines()[-1]
    assert re.search(
        rf"\[{os.getpid()}\] INFO \[dev-1\] agora\.requests: GET / 200 in [\d.]+ ms$", line)


def test_probes_are_not_logged(client, capsys):
    capsys.readouterr()
    client.get("/healthz")
    client.get("/readyz")
    assert "agora.requests" not in capsys.readouterr().err


def test_logs_hold_no_password_token_or_full_address(app, client, json_logs, capsys):
    w = moderation_world(app)
    with app.app_context():
        token = make_invite(db.session.get(Debate, w["debate"])).token
        db.session.commit()
    new_user(app, username="nina")
    capsys.readouterr()

    wrong = "wrong-horse-battery-9x"
    for _ in range(6):  # past the per-account limit, whose refusal the limiter logs
        client.post("/account/sign-in", data={"username": "nina", "password": wrong},
                    environ_base=FROM_ADDRESS)
    client.post("/account/sign-in", data={"username": "nina", "password": PASSWORD},
                environ_base={"REMOTE_ADDR": "2001:db8:85a3::8a2e:370:7334"})
    client.get(f"/join/{token}", environ_base=FROM_ADDRESS)
    # Libraries log addresses too (the limiter names the key it refused).
    logging.getLogger("flask-limiter").info("ratelimit exceeded for (%s)", ADDRESS)

    logged = capsys.readouterr().err
    lines = json_lines(logged)
    assert any(line.get("status") == 429 for line in lines)
    assert any(line.get("path") == "/join/<token>" for line in lines)
    assert "203.0.113.0" in logged
    assert "2001:db8:85a3::" in logged
    for secret in (wrong, PASSWORD, token, ADDRESS, "8a2e:370:7334"):
        assert secret not in logged
