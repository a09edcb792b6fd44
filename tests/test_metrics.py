"""Check the Prometheus metrics: only for the token holder, and counting what people do."""

import re

import pytest
from prometheus_client.parser import text_string_to_metric_families

from app import create_app
from config import TestConfig
from tests.worlds import client_of, moderation_world, new_argument

TOKEN = "scrape-token-5d1c9e"
BEARER = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def metrics_token(app, monkeypatch):
    monkeypatch.setitem(app.config, "METRICS_TOKEN", TOKEN)


def scrape(client) -> dict[tuple[str, tuple], float]:
    """Read every sample the metrics page serves, keyed by name and sorted labels."""
    response = client.get("/metrics", headers=BEARER)
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def counted(client, name: str) -> float:
    return scrape(client)[(f"agora_{name}_total", ())]


def test_metrics_do_not_exist_without_a_token_configured(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "METRICS_TOKEN", None)
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong-token"}, {"Authorization": "Bearer "},
     {"Authorization": TOKEN[:-1]}],
    ids=["anonymous", "wrong", "empty", "truncated"],
)
def test_a_scrape_without_the_token_is_refused(client, metrics_token, headers):
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "agora_" not in response.text


def test_a_signed_in_person_cannot_read_the_metrics(app, client, auth, metrics_token):
    auth.sign_in_new()
    assert client.get("/metrics").status_code == 401


def test_a_rating_increments_the_ratings_counter(app, client, auth, metrics_token):
    ids = new_argument(app)
    auth.sign_in_new()
    before = counted(client, "ratings")
    url = f"/arguments/{ids['argument']}/rating"

    assert client.post(url, data={"score": "3"}).status_code == 303
    assert client.post(url, data={"score": "2"}, headers={"HX-Request": "true"}).status_code == 200
    assert client.post(url, data={"score": "9"}).status_code == 400  # refused: not counted
    assert client.post(url, data={"score": ""}).status_code == 303  # cleared: not a rating

    assert counted(client, "ratings") == before + 2


def test_a_stance_increments_the_votes_counter(app, client, auth, metrics_token):
    ids = new_argument(app)
    auth.sign_in_new()
    before = counted(client, "votes")

    url = f"/positions/{ids['position']}/stance"
    assert client.post(url, data={"stance": "for"}).status_code == 303

    assert counted(client, "votes") == before + 1


def test_a_report_increments_the_reports_counter_and_the_queue(app, metrics_token):
    w = moderation_world(app)
    scraper = app.test_client()
    before = counted(scraper, "reports")
    queue = ("agora_review_queue_length", (("kind", "report"),))
    assert scrape(scraper)[queue] == 0

    reporter = client_of(app, w["participant"])
    data = {"reason": "spam", "details": ""}
    assert reporter.post(f"/report/argument/{w['shown']}", data=data).status_code == 303

    samples = scrape(scraper)
    assert samples[("agora_reports_total", ())] == before + 1
    assert samples[queue] == 1


def test_request_latency_is_recorded_by_endpoint(client, metrics_token):
    client.get("/")
    client.get("/healthz")

    samples = scrape(client)
    home = (
        "flask_http_request_duration_seconds_count",
        (("endpoint", "debates.index"), ("method", "GET"), ("status", "200")),
    )
    assert samples[home] >= 1
    endpoints = {dict(labels).get("endpoint") for name, labels in samples}
    assert "health.alive" not in endpoints


def test_several_apps_in_one_process_keep_their_own_counts(app, client, metrics_token):
    other = create_app(type("OtherConfig", (TestConfig,), {"METRICS_TOKEN": TOKEN}))
    before = counted(client, "ratings")
    with other.test_request_context():
        other.extensions["agora.metrics"].counters["ratings"].inc()

    assert counted(client, "ratings") == before
    assert re.search(r"^agora_ratings_total 1\.0$", other.test_client().get(
        "/metrics", headers=BEARER).text, re.M)
