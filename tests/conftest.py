"""Provide the app, a client, a database emptied before each test, and a sign-in helper."""

import os

import pytest
from sqlalchemy import event

from app import create_app
from app.extensions import db, limiter
from config import TestConfig


def pytest_collection_modifyitems(config, items):
    """Run concurrency tests only on PostgreSQL (SQLite serialises every writer anyway), checks
    of SQLite's own planner only on SQLite, and tests of Redis itself only when TEST_REDIS_URL
    names one.

    They are deselected, not skipped, so that the SQLite run reports nothing as skipped and the
    PostgreSQL run with Redis (which CI always makes) runs them all.
    """
    needs = []
    if os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
        needs.append("sqlite")
    else:
        needs.append("postgresql")
    if not os.environ.get("TEST_REDIS_URL"):
        needs.append("redis")
    deselected = [item for item in items if any(item.get_closest_marker(m) for m in needs)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if item not in deselected]


@pytest.fixture(scope="session")
def _app():
    """Build one app for the session and create its tables once."""
    app = create_app(TestConfig)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()


@pytest.fixture
def app(_app):
    """Hand each test the app with every table empty and rate limits reset."""
    with _app.app_context():
        db.session.remove()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
    limiter.reset()
    _app.config["WTF_CSRF_ENABLED"] = False
    yield _app
    with _app.app_context():
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield


class Auth:
    """Sign people in and out through the real routes."""

    def __init__(self, app, client):
        self.app = app
        self.client = client

    def sign_in(self, username: str, password: str = "correct horse battery"):
        return self.client.post(
            "/account/sign-in", data={"username": username, "password": password}
        )

    def sign_in_new(self, **overrides) -> int:
        """Create a person, sign them in and return their id."""
        from tests.worlds import new_user

        user_id = new_user(self.app, **overrides)
        self.sign_in_as(user_id)
        return user_id

    def sign_in_as(self, user_id: int) -> None:
        """Sign in as an existing person."""
        from app.models import User

        with self.app.app_context():
            username = db.session.get(User, user_id).username
        assert self.sign_in(username).status_code == 303

    def sign_out(self):
        return self.client.post("/account/sign-out")


@pytest.fixture
def auth(app, client):
    return Auth(app, client)


class QueryCounter:
    """Count the SQL statements an app issues while active."""

    def __init__(self):
        self.count = 0

    def __call__(self, *args):
        self.count += 1


@pytest.fixture
def count_queries(app):
    """Yield a function that runs a callable and returns how many queries it issued."""

    def run(action):
        counter = QueryCounter()
        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", counter)
        try:
            action()
        finally:
            event.remove(engine, "before_cursor_execute", counter)
        return counter.count

    return run
