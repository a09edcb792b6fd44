"""Check the backup the README prescribes: pg_dump -Fc, pg_restore into a fresh database."""

import re
import shutil
import subprocess

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from app.arguments.votes import rate_argument, take_stance
from app.extensions import db
from app.models import Argument, Position, StanceChoice, User
from config import TestConfig
from tests.factories import make_evidence, make_report, make_user
from tests.worlds import add_arguments, client_of, moderation_world, reply

pytestmark = pytest.mark.postgresql


def libpq_url(url) -> str:
    """Turn a SQLAlchemy URL into one pg_dump and pg_restore understand."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def populate(app) -> dict:
    """Fill the database with a debate people have argued, rated, stood on and reported."""
    w = moderation_world(app)
    first, second = add_arguments(app, w, "Footage solves burglaries", "Cameras move crime")
    reply(app, w, first, "Most footage is too grainy to use", author_id=w["participant"])
    with app.app_context():
        argument = db.session.get(Argument, first)
        position = db.session.get(Position, w["position"])
        for score, user in zip((4, 3, 1), (make_user() for _ in range(3)), strict=True):
            rate_argument(argument, user, score)
            take_stance(position, user, StanceChoice.FOR if score > 2 else StanceChoice.AGAINST)
        make_evidence(argument, db.session.get(User, w["author"]))
        make_report(db.session.get(Argument, second), db.session.get(User, w["participant"]))
        db.session.commit()
    return w


def without_csrf_tokens(html: str) -> str:
    """Blank the CSRF tokens, which differ with every session and say nothing of the data."""
    html = re.sub(r'"X-CSRFToken": "[^"]*"', '"X-CSRFToken": ""', html)
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]*"', r'\1"', html)


def pages_of(app, w: dict) -> dict[str, str]:
    """Fetch what a reader and the debate's moderator see."""
    urls = [
        "/",
        f"/debates/{w['debate']}",
        f"/debates/{w['debate']}/positions/{w['position']}",
        f"/debates/{w['debate']}/evidence",
        f"/debates/{w['debate']}/log",
        f"/api/v1/positions/{w['position']}",
    ]
    moderator_urls = [*urls, f"/debates/{w['debate']}/queue"]
    pages = {}
    for name, client, seen in (("reader", app.test_client(), urls),
                               ("moderator", client_of(app, w["moderator"]), moderator_urls)):
        for url in seen:
            response = client.get(url)
            assert response.status_code == 200, (name, url)
            pages[f"{name} {url}"] = without_csrf_tokens(response.text)
    return pages


@pytest.fixture
def fresh_database(app):
    """Create an empty database beside the test one, and drop it afterwards."""
    source = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    target = source.set(database=f"{source.database}_restored")
    admin = create_engine(source.set(database="postgres"), isolation_level="AUTOCOMMIT")
    drop = text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)')
    with admin.connect() as connection:
        connection.execute(drop)
        connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    yield source, target
    with admin.connect() as connection:
        connection.execute(drop)
    admin.dispose()


@pytest.mark.skipif(not shutil.which("pg_dump"), reason="needs the PostgreSQL client tools")
def test_a_dump_restored_into_a_fresh_database_serves_the_same_pages(app, fresh_database,
                                                                      tmp_path):
    source, target = fresh_database
    w = populate(app)
    before = pages_of(app, w)
    position_page = f"reader /debates/{w['debate']}/positions/{w['position']}"
    assert "Footage solves burglaries" in before[position_page]
    dump = tmp_path / "agora.dump"

    subprocess.run(  # noqa: S603 - fixed tools, arguments from the test's own config
        ["pg_dump", "-Fc", "--no-owner", "--file", str(dump), libpq_url(source)],  # noqa: S607
        check=True, capture_output=True,
    )
    subprocess.run(  # noqa: S603
        ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", libpq_url(target),  # noqa: S607
         str(dump)],
        check=True, capture_output=True,
    )
    restored = create_app(type("RestoredConfig", (TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": target.render_as_string(hide_password=False)}))
    try:
        after = pages_of(restored, w)
    finally:
        with restored.app_context():
            db.engine.dispose()

    assert after.keys() == before.keys()
    for page, html in before.items():
        assert after[page] == html, page
