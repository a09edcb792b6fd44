"""Check the probes a load balancer asks: alive, ready, and what is down when it is not."""

import os

import pytest
from flask_limiter import ApplicationLimit

from app import create_app
from app.extensions import limiter
from config import TestConfig

CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"


def test_liveness_answers_without_touching_the_database(client, count_queries):
    responses = []
    assert count_queries(lambda: responses.append(client.get("/healthz"))) == 0
    assert responses[0].status_code == 200
    assert responses[0].json == {"status": "alive"}


def test_readiness_answers_ready_when_every_service_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["status"] == "ready"
    assert response.json["down"] == []
    expected = {"database": "up"}
    if os.environ.get("TEST_REDIS_URL"):
        expected["redis"] = "up"
    assert response.json["checks"] == expected


def test_readiness_names_redis_when_it_is_down(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "REDIS_URL", CLOSED_PORT_REDIS)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
    assert response.json["down"] == ["redis"]
    assert response.json["checks"] == {"database": "up", "redis": "down"}


@pytest.fixture(scope="module")
def app_without_database(_app):
    """Build a separate app whose database cannot be opened."""
    config = type(
        "NoDatabaseConfig",
        (TestConfig,),
        {"SQLALCHEMY_DATABASE_URI": "sqlite:////nonexistent-agora-dir/agora.sqlite"},
    )
    return create_app(config)


def test_readiness_names_the_database_when_it_is_down(app_without_database):
    client = app_without_database.test_client()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "database" in response.json["down"]
    assert response.json["checks"]["database"] == "down"
    assert client.get("/healthz").status_code == 200


def test_probes_need_no_sign_in_and_set_no_cookie(client):
    for url in ("/healthz", "/readyz"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers


@pytest.fixture
def site_wide_limit():
    """Limit every route to two requests a minute per address, as an operator might."""
    manager = limiter.limit_manager
    manager.set_application_limits([ApplicationLimit("2 per minute").bind(limiter)])
    yield
    manager.set_application_limits([])


def test_probes_are_not_rate_limited(client, site_wide_limit):
    assert [client.get("/").status_code for _ in range(3)] == [200, 200, 429]
    assert {client.get("/healthz").status_code for _ in range(5)} == {200}
    assert {client.get("/readyz").status_code for _ in range(5)} == {200}
