"""Check the map of opinion: two camps found as two groups, and nothing shown that could
point at a few people."""

import numpy as np

from app.extensions import db
from app.insight import opinion_map as mapping
from app.insight.bridging import Ratings
from app.insight.scores import recompute_all
from app.models import Debate
from tests.insight_worlds import polarised
from tests.worlds import client_of


def camps(for_people: int, against_people: int) -> tuple[Ratings, np.ndarray]:
    """Two camps rating six arguments in opposite ways, every rating given."""
    rows = []
    people = for_people + against_people
    for person in range(people):
        own = person < for_people
        for argument in range(6):
            high = (argument < 3) == own
            rows.append((person, argument, 4 if high else (person + argument) % 2))
    table = np.array(rows)
    side = np.array([1] * for_people + [-1] * against_people)
    return Ratings(table[:, 0], table[:, 1], table[:, 2], side, 6), np.arange(100, 106)


def test_two_camps_are_found_as_two_groups_with_what_divides_them():
    ratings, ids = camps(8, 7)
    found = mapping.opinion_map(ratings, ids)

    assert [group["size"] for group in found["groups"]] == [8, 7]
    by_group = {}
    for _, _, side, group in found["dots"]:
        by_group.setdefault(group, set()).add(side)
    assert sorted(map(sorted, by_group.values())) == [[-1], [1]]
    assert found["groups"][0]["distinctive"][0]["group_mean"] == 4.0


def test_no_map_below_the_minimum_of_participants():
    ratings, ids = camps(5, mapping.MAP_MIN_PARTICIPANTS - 6)

    assert mapping.opinion_map(ratings, ids) is None


def test_a_group_smaller_than_the_minimum_never_appears():
    # Twelve people, but one camp of three: splitting them off would expose three people.
    ratings, ids = camps(9, 3)
    found = mapping.opinion_map(ratings, ids)

    assert found is None or min(g["size"] for g in found["groups"]) >= mapping.GROUP_MIN


def insight(app, w) -> dict:
    return client_of(app).get(f"/api/v1/positions/{w['position']}/insight").get_json()


def open_tallies(app, w) -> None:
    with app.app_context():
        db.session.get(Debate, w["debate"]).hide_tallies_until_rated = False
        db.session.commit()


def test_the_api_shows_the_map_only_where_everyone_may_read_tallies(app):
    w = polarised(app, for_raters=8, against_raters=7)
    with app.app_context():
        recompute_all()
    hidden = insight(app, w)
    open_tallies(app, w)
    shown = insight(app, w)
    page = client_of(app).get(f"/positions/{w['position']}/insight")

    assert hidden["opinion_map"] is None
    assert shown["opinion_map"]["participants"] == 15
    assert sorted(g["size"] for g in shown["opinion_map"]["groups"]) == [7, 8]
    assert all(set(dot) == {"x", "y", "stance", "group"} for dot in shown["opinion_map"]["dots"])
    assert 'id="opinion-groups"' in page.text


def test_three_dissenters_are_never_shown_as_a_group_of_their_own(app):
    w = polarised(app, for_raters=13, against_raters=3)
    with app.app_context():
        recompute_all()
    open_tallies(app, w)
    found = insight(app, w)["opinion_map"]
    page = client_of(app).get(f"/positions/{w['position']}/insight")

    assert found is None or min(g["size"] for g in found["groups"]) >= mapping.GROUP_MIN
    assert found is not None or 'id="no-map"' in page.text
