"""Prove that a database out of reach gives a clean 503 that says to try again, and that the
app recovers by itself once connections come back."""

import os

import pytest
from sqlalchemy import text

from app import create_app
from app.extensions import db
from config import TestConfig

# Nothing listens on port 1: every connection attempt is refused at once, as during a restart.
UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/agora"


@pytest.fixture
def unreachable_app():
    config = type("UnreachableConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": UNREACHABLE})
    return create_app(config)


def test_a_page_says_the_database_is_briefly_out_of_reach_with_503(unreachable_app):
    response = unreachable_app.test_client().get("/")

    assert response.status_code == 503
    assert "The database is briefly out of reach. Nothing was saved" in response.text
    assert response.headers["Retry-After"] == "2"


def test_the_api_says_it_in_json(unreachable_app):
    response = unreachable_app.test_client().get("/api/v1/debates")

    assert response.status_code == 503
    assert response.json["error"]["status"] == 503


def test_htmx_gets_a_short_message_for_the_flash_area(unreachable_app):
    response = unreachable_app.test_client().get("/", headers={"HX-Request": "true"})

    assert response.status_code == 503
    assert response.text.startswith("The database is briefly out of reach.")


@pytest.mark.postgresql
def test_the_app_recovers_by_itself_after_its_connections_are_cut(app, client):
    assert client.get("/").status_code == 200
    database = os.environ["TEST_DATABASE_URL"].rsplit("/", 1)[-1]
    with app.app_context():
        # What a restart does to the pool: every other connection to the database is closed.
        db.session.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                 "WHERE datname = :name AND pid <> pg_backend_pid()"),
            {"name": database},
        )
        db.session.commit()

    assert client.get("/").status_code == 200


def test_a_signed_in_person_gets_the_503_page_though_nobody_can_say_who_they_are(
        unreachable_app):
    client = unreachable_app.test_client()
    with client.session_transaction() as session:
        # What a signed-in browser carries: the page cannot look its sign-in up, and must not
        # try again while rendering the error.
        session["_user_id"] = "a-sign-in-token"
        session["_fresh"] = True

    response = client.get("/notifications")

    assert response.status_code == 503
    assert "The database is briefly out of reach. Nothing was saved" in response.text
