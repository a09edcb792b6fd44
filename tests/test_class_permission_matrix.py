"""Check who may use each class route: teacher, co-teacher, student of the class, student of
another class, outsider and anonymous visitor, each against every route."""

from urllib.parse import urlsplit

import pytest

from app.extensions import db
from app.models import User
from tests.class_routes import CLASS_ACTORS, CLASS_CASES, REFUSAL, class_world
from tests.factories import PASSWORD
from tests.pages import snapshot

SIGN_IN_PATH = "/account/sign-in"


def test_the_class_matrix_covers_every_class_route(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()
                 if rule.endpoint.startswith("classes.")}
    assert endpoints == {route.split(":")[0] for route in CLASS_CASES}


@pytest.mark.parametrize(
    ("route", "actor"), [(route, actor) for route in CLASS_CASES for actor in CLASS_ACTORS]
)
def test_each_class_route_lets_exactly_the_allowed_people_through(app, client, route, actor):
    case = CLASS_CASES[route]
    w = class_world(app)
    if case.setup:
        with app.app_context():
            case.setup(w)
            db.session.commit()
    if actor != "anonymous":
        w.me = w.users[actor]
        with app.app_context():
            username = db.session.get(User, w.me).username
        signed_in = client.post("/account/sign-in",
                                data={"username": username, "password": PASSWORD})
        assert signed_in.status_code == 303
    with app.app_context():
        url, data = case.url(w), case.data(w)
    before = snapshot(app)

    response = client.open(url, method=case.method, data=data)

    body = response.get_data(as_text=True)
    if actor in case.allowed:
        assert response.status_code == case.success, body[:500]
        if case.method == "GET" and not route.startswith("classes.first_password"):
            assert snapshot(app) == before
        elif case.done:
            with app.app_context():
                assert case.done(w)
        return
    if actor == "anonymous":
        assert response.status_code == 302
        assert urlsplit(response.headers["Location"]).path == SIGN_IN_PATH
    else:
        status, words = case.refused[actor] if actor in case.refused else REFUSAL[actor]
        assert response.status_code == status, body[:500]
        assert words in body
    assert snapshot(app) == before
