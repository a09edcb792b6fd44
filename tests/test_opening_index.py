"""Check that a position page's columns read its opening arguments through their own index,
not through every argument of the position, replies and all."""

import random

import pytest
from flask_login import AnonymousUserMixin

from app.arguments.queries import page_of, select_children
from app.extensions import db
from app.models import Side
from tests.benchmarks.bulk import insert_tree
from tests.factories import make_debate, make_position, make_user
from tests.test_closing_index import plan_of, statements_of

# PostgreSQL has more than one index for these rows (`parent_id IS NULL` is also found through
# the parent index) and picks by its statistics; SQLite, without statistics, read the whole
# position's index until this one existed.
pytestmark = pytest.mark.sqlite


@pytest.fixture
def position(app_ctx):
    """A position shaped like a real one: a few opening arguments under hundreds of replies."""
    position = make_position(make_debate())
    authors = [make_user().id for _ in range(5)]
    insert_tree(position.id, authors, size=400, max_depth=6, rng=random.Random(4))
    db.session.commit()
    return position


@pytest.mark.parametrize("sort", ["strongest", "newest", "discussed", "cross_side"])
@pytest.mark.parametrize("signed_in", [False, True])
def test_a_column_of_opening_arguments_is_read_through_the_partial_index(position, sort,
                                                                          signed_in):
    reader = make_user() if signed_in else AnonymousUserMixin()
    # A signed-in reader's role is looked up first, and the authors of the page after it.
    statement, parameters = next(
        (statement, parameters) for statement, parameters in statements_of(
            lambda: page_of(select_children(position, None, Side.CON, sort, reader), 1))
        if statement.startswith("SELECT arguments.")
    )

    assert "ix_arguments_opening" in plan_of(statement, parameters)
