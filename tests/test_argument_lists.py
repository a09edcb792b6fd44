"""Check how a position lists its arguments: sorting, filters, pages and replies."""

import re
from datetime import timedelta
from html import unescape

from app.arguments.votes import rate_argument
from app.extensions import db
from app.models import Argument, Position, Side
from app.models.columns import utcnow
from tests.factories import make_argument, make_evidence, make_user
from tests.pages import claims_in, plain_or_boosted, position_page
from tests.worlds import add_arguments, new_position, reply

# Sorting and filtering


def test_strongest_first_does_not_let_one_high_rating_beat_many_good_ones(app, client):
    ids = new_position(app)
    with app.app_context():
        position = db.session.get(Position, ids["position"])
        lone = make_argument(position, claim="Rated once, very strong")
        many = make_argument(position, claim="Rated by twenty, strong")
        make_argument(position, claim="Never rated")
        raters = [make_user() for _ in range(21)]
        rate_argument(lone, raters[0], 4)
        for number, rater in enumerate(raters[1:]):
            rate_argument(many, rater, 4 if number % 2 else 3)
        db.session.commit()

    page = position_page(client, ids, sort="strongest")
    default = position_page(client, ids)

    assert claims_in(page) == [
        "Rated by twenty, strong",
        "Rated once, very strong",
        "Never rated",
    ]
    assert claims_in(default) == claims_in(page)


def test_newest_first_lists_the_latest_argument_first(app, client):
    ids = new_position(app)
    with app.app_context():
        position = db.session.get(Position, ids["position"])
        now = utcnow()
        for claim, age in [("An hour old", 60), ("Two hours old", 120), ("Just now", 0)]:
            make_argument(position, claim=claim).created_at = now - timedelta(minutes=age)
        db.session.commit()

    page = position_page(client, ids, sort="newest")

    assert claims_in(page) == ["Just now", "An hour old", "Two hours old"]
    assert '<strong aria-current="true">Newest</strong>' in page


def test_most_discussed_counts_direct_replies(app, client):
    ids = new_position(app)
    _, deep, busy = add_arguments(app, ids, "Quiet one", "Deep one", "Busy one")
    first = reply(app, ids, deep, "Only direct answer to the deep one")
    for number in range(3):
        first = reply(app, ids, first, f"Answer below that, level {number}")
    reply(app, ids, busy, "First answer to the busy one")
    reply(app, ids, busy, "Second answer to the busy one", side=Side.PRO)

    page = position_page(client, ids, sort="discussed")

    assert claims_in(page) == ["Busy one", "Deep one", "Quiet one"]
    assert "1 pro · 1 con — show replies" in page
    assert "0 pros · 1 con — show replies" in page


def test_needs_evidence_lists_only_arguments_without_evidence(app, client):
    ids = new_position(app)
    backed, bare = add_arguments(app, ids, "Backed by a study", "Backed by nothing")
    bare_reply = reply(app, ids, backed, "An unbacked answer")
    with app.app_context():
        make_evidence(db.session.get(Argument, backed))
        db.session.commit()

    page = position_page(client, ids, filter="needs-evidence")

    assert claims_in(page) == ["An unbacked answer", "Backed by nothing"]
    assert f'id="argument-{bare}"' in page and f'id="argument-{bare_reply}"' in page
    assert f'id="argument-{backed}"' not in page
    assert '<strong aria-current="true">Needs evidence</strong>' in page


def test_needs_evidence_says_when_every_argument_cites_a_source(app, client):
    ids = new_position(app)
    [backed] = add_arguments(app, ids, "Backed by a study")
    with app.app_context():
        make_evidence(db.session.get(Argument, backed))
        db.session.commit()

    page = position_page(client, ids, filter="needs-evidence")

    assert claims_in(page) == []
    assert "Every argument here cites a source." in page


# Pagination


def twenty_five_pros(app, ids) -> list[str]:
    claims = [f"Reason number {number:02d} for cameras" for number in range(1, 26)]
    add_arguments(app, ids, *claims)
    return claims


def test_a_long_column_shows_twenty_arguments_and_a_show_more_link(app, client):
    ids = new_position(app)
    claims = twenty_five_pros(app, ids)

    page = position_page(client, ids)

    assert claims_in(page) == claims[:20]
    more = re.search(r'<a class="more" href="([^"]*)"\s+hx-get="([^"]*)"', page)
    assert unescape(more[1]) == (
        f"/debates/{ids['debate']}/positions/{ids['position']}?sort=strongest&pro_page=2"
    )
    assert unescape(more[2]) == (
        f"/positions/{ids['position']}/arguments?side=pro&page=2&sort=strongest"
    )
    assert ">Show more</a>" in page


def test_the_next_page_of_a_column_comes_as_a_fragment_for_htmx(app, client):
    ids = new_position(app)
    claims = twenty_five_pros(app, ids)

    response = client.get(
        f"/positions/{ids['position']}/arguments",
        query_string={"side": "pro", "page": 2},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert "<html" not in response.text
    assert claims_in(response.text) == claims[20:]
    assert "Show more" not in response.text
    assert "HX-Request" in response.headers["Vary"]


@plain_or_boosted
def test_the_next_page_of_a_column_without_htmx_is_the_position_page(app, client, headers):
    ids = new_position(app)
    claims = twenty_five_pros(app, ids)

    response = client.get(
        f"/positions/{ids['position']}/arguments",
        query_string={"side": "pro", "page": 2},
        headers=headers,
    )

    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(f"/debates/{ids['debate']}/positions/{ids['position']}?")
    assert "pro_page=2" in location
    page = client.get(location).text
    assert "<html" in page
    assert claims_in(page) == claims[20:]


# htmx contract of the replies list


def argument_with_replies(app, ids) -> int:
    [parent] = add_arguments(app, ids, "Cameras deter theft")
    reply(app, ids, parent, "Thieves just wear hoods")
    reply(app, ids, parent, "Fewer thefts were reported", side=Side.PRO)
    return parent


def test_replies_come_as_a_fragment_for_htmx(app, client):
    ids = new_position(app)
    parent = argument_with_replies(app, ids)

    response = client.get(f"/arguments/{parent}/replies", headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.lstrip().startswith('<ol class="argument-list">')
    assert sorted(claims_in(response.text)) == [
        "Fewer thefts were reported",
        "Thieves just wear hoods",
    ]
    assert "Cameras deter theft" not in response.text


@plain_or_boosted
def test_replies_without_htmx_are_the_arguments_full_page(app, client, headers):
    ids = new_position(app)
    parent = argument_with_replies(app, ids)

    response = client.get(f"/arguments/{parent}/replies", headers=headers)

    assert response.status_code == 302
    assert response.headers["Location"] == f"/arguments/{parent}"
    page = client.get(response.headers["Location"]).text
    assert "<html" in page
    assert {"Cameras deter theft", "Thieves just wear hoods", "Fewer thefts were reported"} <= set(
        claims_in(page)
    )


def test_the_replies_toggle_loads_the_replies_into_their_own_slot(app, client):
    ids = new_position(app)
    parent = argument_with_replies(app, ids)

    page = position_page(client, ids)

    assert f'hx-get="/arguments/{parent}/replies"' in page
    assert f'hx-target="#replies-{parent}"' in page
    assert f'id="replies-{parent}"' in page
