"""Prove that the migrations build exactly the schema the models describe and keep the data."""

import os
import uuid
from datetime import datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import DateTime, MetaData, create_engine, insert, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from app import create_app
from app.extensions import db
from app.models import Argument, Side
from app.search.schema import include_name
from config import TestConfig


@pytest.fixture
def empty_database_url(tmp_path):
    """Yield the URL of a brand-new empty database of the kind the suite runs on."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    name = f"agora_migrations_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def migrated_app(url: str):
    config = type("MigrationConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url})
    return create_app(config)


def test_migrations_match_the_models_exactly(empty_database_url):
    app = migrated_app(empty_database_url)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": include_name}
            )
            differences = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert differences == []


def test_migrations_downgrade_to_an_empty_database(empty_database_url):
    app = migrated_app(empty_database_url)
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        db.engine.dispose()
    assert tables == set()


NOW = datetime(2025, 1, 15, 12, 0)

# One or more rows for every table as revision 0004 left it, keyed by table in an order where
# every row's references come first. Arguments 1 and 2 are the pro argument and its con reply.
ROWS_AT_0004 = {
    "users": [
        {"id": 1, "username": "ada", "display_name": "Ada", "email": "ada@example.org",
         "password_hash": "x", "is_admin": False},
        {"id": 2, "username": "ben", "display_name": "Ben", "email": None,
         "password_hash": "x", "is_admin": False},
    ],
    "materials": [{"id": 1, "title": "On Liberty", "author": "Mill", "source_url": None,
                   "published_on": None, "added_by_id": 1}],
    "passages": [{"id": 1, "material_id": 1, "number": 1, "kind": "paragraph",
                  "text": "The only freedom which deserves the name."}],
    "debates": [{"id": 1, "material_id": 1, "owner_id": 1, "title": "Liberty",
                 "question": "Is harm the only limit?", "status": "open",
                 "visibility": "public"}],
    "memberships": [{"id": 1, "debate_id": 1, "user_id": 2, "role": "participant"}],
    "invites": [{"id": 1, "debate_id": 1, "token": "t0k3n", "role": "viewer",
                 "created_by_id": 1, "expires_at": NOW, "uses": 0}],
    "positions": [{"id": 1, "debate_id": 1, "author_id": 1, "statement": "Harm is the limit"}],
    "position_anchors": [{"id": 1, "position_id": 1, "passage_id": 1, "quote": "freedom"}],
    "arguments": [
        {"id": 1, "position_id": 1, "parent_id": None, "author_id": 1, "stance": "pro",
         "supports_position": True, "path": "00001", "depth": 1,
         "claim": "Consent settles it", "claim_key": "consent settles it", "body": ""},
        {"id": 2, "position_id": 1, "parent_id": 1, "author_id": 2, "stance": "con",
         "supports_position": False, "path": "00001.00001", "depth": 2,
         "claim": "Children cannot consent", "claim_key": "children cannot consent",
         "body": "", "edited_at": NOW},
    ],
    "argument_revisions": [{"id": 1, "argument_id": 2, "claim": "Kids cannot consent",
                            "body": "", "was_shown": True}],
    "evidence": [{"id": 1, "argument_id": 1, "added_by_id": 1, "kind": "other", "url": None,
                  "passage_id": 1, "title": "Mill", "excerpt": "freedom"}],
    "ratings": [{"id": 1, "argument_id": 2, "user_id": 1, "score": 3, "updated_at": NOW}],
    "position_stances": [{"id": 1, "position_id": 1, "user_id": 2, "stance": "against",
                          "updated_at": NOW}],
    "stance_changes": [{"id": 1, "position_id": 1, "user_id": 2, "stance": "against"}],
    "reports": [{"id": 1, "debate_id": 1, "reporter_id": 1, "argument_id": 2,
                 "evidence_id": None, "reason": "off_topic", "details": "", "weight": 1.0,
                 "status": "open"}],
    "moderation_actions": [{"id": 1, "debate_id": 1, "actor_id": 1, "actor_role": "owner",
                            "action": "lock", "target_kind": "argument", "target_id": 2,
                            "target_label": "1.1", "reason": "Settled"}],
    "notifications": [{"id": 1, "user_id": 1, "message": "Ben objected", "argument_id": 2,
                       "debate_id": 1}],
}

# Three letters, so that PostgreSQL refuses it for the CHECK and not for the VARCHAR(3).
BAD_SIDE = text(
    "INSERT INTO arguments (id, position_id, side, supports_position, path, depth, claim,"
    " claim_key, body) VALUES (3, 1, 'meh', true, '00002', 1, 'Perhaps', 'perhaps', '')"
)


def insert_rows(connection, rows_by_table: dict[str, list[dict]]) -> None:
    """Insert rows with plain SQL into the tables as they are now, not as the models say."""
    tables = MetaData()
    tables.reflect(bind=connection)
    for name, rows in rows_by_table.items():
        connection.execute(insert(tables.tables[name]), rows)


def count_rows(connection) -> dict[str, int]:
    """Count the rows of every table that ROWS_AT_0004 fills, with plain SQL."""
    return {
        name: connection.scalar(text(f"SELECT count(*) FROM {name}"))  # noqa: S608 - our names
        for name in ROWS_AT_0004
    }


def app_with_data_at_0004(url: str):
    """Build an app on a database migrated to 0004 and holding ROWS_AT_0004."""
    app = migrated_app(url)
    with app.app_context():
        upgrade(revision="0004")
        tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert set(ROWS_AT_0004) == tables, "give every table at 0004 a row"
        with db.engine.begin() as connection:
            insert_rows(connection, ROWS_AT_0004)
    return app


def test_upgrading_a_database_with_data_keeps_every_row_and_each_arguments_side(
    empty_database_url,
):
    app = app_with_data_at_0004(empty_database_url)
    with app.app_context():
        upgrade()
        loaded = {
            mapper.local_table.name: len(db.session.scalars(select(mapper.class_)).all())
            for mapper in db.Model.registry.mappers
        }
        sides = {argument.id: argument.side for argument in db.session.scalars(select(Argument))}
        reply_parent = db.session.get(Argument, 2).parent_id
        db.session.remove()
        page = app.test_client().get("/arguments/2")
        with pytest.raises(IntegrityError, match="ck_arguments_side"), db.engine.begin() as conn:
            conn.execute(BAD_SIDE)
        db.engine.dispose()

    # Tables added after 0004 have tests of their own below.
    assert {name: loaded[name] for name in ROWS_AT_0004} == {
        name: len(rows) for name, rows in ROWS_AT_0004.items()
    }
    assert sides == {1: Side.PRO, 2: Side.CON}
    assert reply_parent == 1
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Children cannot consent" in html
    assert '<article class="argument side-con" id="argument-2">' in html


def test_downgrading_a_database_with_data_brings_back_the_stance_column(empty_database_url):
    app = app_with_data_at_0004(empty_database_url)
    with app.app_context():
        upgrade()
        downgrade(revision="0004")
        with db.engine.connect() as connection:
            counts = count_rows(connection)
            stances = dict(connection.execute(text("SELECT id, stance FROM arguments")).all())
        checks = {check["name"] for check in inspect(db.engine).get_check_constraints("arguments")}
        db.engine.dispose()

    assert counts == {name: len(rows) for name, rows in ROWS_AT_0004.items()}
    assert stances == {1: "pro", 2: "con"}
    assert "ck_arguments_stance" in checks
    assert "ck_arguments_side" not in checks


def test_upgrading_to_normalised_keys_recomputes_them_and_keeps_rows_that_now_read_alike(
    empty_database_url,
):
    app = app_with_data_at_0004(empty_database_url)
    with app.app_context():
        upgrade(revision="0005")
        with db.engine.begin() as connection:
            insert_rows(connection, {
                "positions": [{"id": 2, "debate_id": 1, "author_id": 1,
                               "statement": "ＨＡＲＭ is the\u200b limit"}],
                "arguments": [{"id": 3, "position_id": 1, "parent_id": None, "author_id": 1,
                               "side": "pro", "supports_position": True, "path": "00002",
                               "depth": 1, "claim": "The ﬁrst CAFE\u0301.",
                               "claim_key": "the ﬁrst cafe\u0301", "body": ""}],
                "evidence": [
                    {"id": 2, "argument_id": 1, "added_by_id": 1, "kind": "news",
                     "url": "HTTPS://Example.com/a/", "passage_id": None, "title": "A",
                     "excerpt": ""},
                    {"id": 3, "argument_id": 1, "added_by_id": 1, "kind": "news",
                     "url": "https://example.com/%61#top", "passage_id": None, "title": "A",
                     "excerpt": ""},
                ],
            })
        upgrade()
        with db.engine.connect() as connection:
            def column(sql: str) -> dict:
                return dict(connection.execute(text(sql)).all())

            statements = column("SELECT id, statement_key FROM positions")
            claims = column("SELECT id, claim_key FROM arguments")
            urls = column("SELECT id, url_key FROM evidence")
            shown = column("SELECT id, statement FROM positions")
        db.engine.dispose()

    assert statements == {1: "harm is the limit", 2: "harm is the limit #2"}
    assert shown[2] == "ＨＡＲＭ is the\u200b limit"
    assert claims[3] == "the first café"
    assert urls == {1: None, 2: "https://example.com/a", 3: None}


def test_upgrading_moves_each_suspension_off_its_membership_and_downgrading_brings_it_back(
    empty_database_url,
):
    app = app_with_data_at_0004(empty_database_url)
    with app.app_context():
        upgrade(revision="0005")
        with db.engine.begin() as connection:
            connection.execute(
                text("UPDATE memberships SET suspended_until = :until"), {"until": NOW}
            )
        upgrade()
        with db.engine.connect() as connection:
            moved = connection.execute(
                text("SELECT debate_id, user_id, until FROM suspensions").columns(until=DateTime)
            ).all()
            members = connection.scalar(text("SELECT count(*) FROM memberships"))
        downgrade(revision="0005")
        with db.engine.connect() as connection:
            back = connection.execute(
                text("SELECT debate_id, user_id, suspended_until FROM memberships").columns(
                    suspended_until=DateTime
                )
            ).all()
        db.engine.dispose()

    assert [tuple(row) for row in moved] == [(1, 2, NOW)]
    assert members == 1
    assert [tuple(row) for row in back] == [(1, 2, NOW)]
