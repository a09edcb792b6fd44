"""Check that in-place rating and stance changes send words for the page's live region."""

import json

from app.arguments.votes import rate_argument
from app.extensions import db
from app.models import Argument
from tests.factories import make_user
from tests.worlds import new_argument

FRAGMENT = {"HX-Request": "true"}


def announced(response) -> str:
    """Return what the response asks the page to read aloud."""
    return json.loads(response.headers["HX-Trigger"])["announce"]


def test_a_rating_with_htmx_announces_the_score_and_the_new_strength(app, client, auth):
    ids = new_argument(app)
    with app.app_context():
        rate_argument(db.session.get(Argument, ids["argument"]), make_user(), 4)
        db.session.commit()
    auth.sign_in_new()

    response = client.post(
        f"/arguments/{ids['argument']}/rating", data={"score": "2"}, headers=FRAGMENT
    )

    assert response.status_code == 200
    assert announced(response) == "Rating saved: 2, some force. Strength 3.0 from 2 ratings."


def test_clearing_a_rating_with_htmx_announces_it(app, client, auth):
    ids = new_argument(app)
    auth.sign_in_new()
    client.post(f"/arguments/{ids['argument']}/rating", data={"score": "1"}, headers=FRAGMENT)

    response = client.post(
        f"/arguments/{ids['argument']}/rating", data={"score": ""}, headers=FRAGMENT
    )

    assert announced(response) == "Rating cleared."


def test_a_stance_with_htmx_announces_it_with_the_new_distribution(app, client, auth):
    ids = new_argument(app)
    auth.sign_in_new()

    response = client.post(
        f"/positions/{ids['position']}/stance", data={"stance": "against"}, headers=FRAGMENT
    )

    assert response.status_code == 200
    assert announced(response) == (
        "Your stance is recorded: against. Now for 0, against 1, undecided 0."
    )


def test_a_rating_without_htmx_says_it_in_the_flash_instead(app, client, auth):
    ids = new_argument(app)
    auth.sign_in_new()

    response = client.post(f"/arguments/{ids['argument']}/rating", data={"score": "3"})

    assert response.status_code == 303
    assert "HX-Trigger" not in response.headers


def test_announcements_are_said_in_the_reader_s_language(app, client, auth):
    ids = new_argument(app)
    auth.sign_in_new()
    chinese = {**FRAGMENT, "Accept-Language": "zh-CN"}

    rated = client.post(f"/arguments/{ids['argument']}/rating", data={"score": "4"},
                        headers=chinese)
    stance = client.post(f"/positions/{ids['position']}/stance", data={"stance": "for"},
                         headers=chinese)

    assert announced(rated) == "评分已保存：4，决定性。根据 1 个评分，力度为 4.0。"
    assert announced(stance) == "你的立场已记录：赞成。目前：赞成 1，反对 0，未决定 0。"
