"""Check that a position page's columns read its opening arguments through their own index,
not through every argument of the position, replies and all."""

import pytest
from flask_login import AnonymousUserMixin

from app.arguments.queries import page_of, select_children
from app.models import Side
from tests.factories import make_debate, make_position, make_user
from tests.test_closing_index import plan_of, statements_of


@pytest.mark.parametrize("sort", ["strongest", "newest", "discussed", "cross_side"])
@pytest.mark.parametrize("signed_in", [False, True])
def test_a_column_of_opening_arguments_is_read_through_the_partial_index(app_ctx, sort,
                                                                          signed_in):
    position = make_position(make_debate())
    reader = make_user() if signed_in else AnonymousUserMixin()
    # The last statement is the page's; a signed-in reader's role is looked up first.
    statement, parameters = statements_of(
        lambda: page_of(select_children(position, None, Side.CON, sort, reader), 1)
    )[-1]

    assert "ix_arguments_opening" in plan_of(statement, parameters)
