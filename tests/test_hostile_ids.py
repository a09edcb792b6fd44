"""Check that ids and page numbers too large for the database are not found, never a crash."""

import re

import pytest

from tests.forms import new_url
from tests.pages import HX
from tests.worlds import client_of, roles_world

# The smallest id a 32-bit INTEGER column cannot hold, and the largest 64-bit one.
TOO_LARGE = (2**31, 2**63 - 1)


def id_routes(app) -> list[tuple[str, str]]:
    """List (method, rule) for every route that takes an id in its path."""
    routes = []
    for rule in app.url_map.iter_rules():
        if "<int:" not in rule.rule:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((method, rule.rule))
    return routes


def with_ids(rule: str, value: int) -> str:
    return re.sub(r"<int:[^>]+>", str(value), rule)


@pytest.mark.parametrize("value", TOO_LARGE)
@pytest.mark.parametrize("who", ["anonymous", "admin"])
def test_every_id_route_answers_not_found_for_ids_beyond_the_columns(app, value, who):
    w = roles_world(app)
    client = client_of(app, w.users.get(who))
    routes = id_routes(app)
    assert len(routes) > 30

    for method, rule in routes:
        url = with_ids(rule, value)
        response = client.open(url, method=method)

        assert response.status_code == 404, f"{method} {url}"


@pytest.mark.parametrize("value", TOO_LARGE)
def test_a_parent_beyond_the_columns_is_not_found(app, value):
    w = roles_world(app)
    client = client_of(app, w.users["participant"])

    for response in (
        client.get(new_url(w.position, value)),
        client.post(new_url(w.position, value), data={"side": "pro", "claim": "A reply"}),
        client.post(new_url(w.position), data={"side": "pro", "claim": "A reply",
                                               "parent": str(value)}),
        client.get(f"/positions/{w.position}/arguments/similar?parent={value}&claim=Cameras"),
    ):
        assert response.status_code == 404


def test_a_parent_that_is_not_a_number_is_not_found_rather_than_posted_at_the_top(app):
    w = roles_world(app)
    client = client_of(app, w.users["participant"])

    response = client.post(new_url(w.position), data={"side": "pro", "claim": "A reply",
                                                      "parent": "x"})

    assert response.status_code == 404


@pytest.mark.parametrize("value", TOO_LARGE)
def test_page_numbers_beyond_the_columns_show_the_first_page(app, value):
    w = roles_world(app)
    client = client_of(app, w.users["owner"])

    for url in (
        f"/debates/{w.debate}/positions/{w.position}?page={value}&pro_page={value}",
        f"/debates/{w.debate}/log?page={value}",
        f"/api/v1/debates?page={value}",
        f"/api/v1/debates/{w.debate}/moderation-log?page={value}",
    ):
        assert client.get(url).status_code == 200, url
    replies = client.get(f"/arguments/{w.argument}/replies?page={value}", headers=HX)
    assert replies.status_code == 200
