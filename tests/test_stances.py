"""Check taking a stance on a position, its kept history, and counts that never say who."""

import re

from sqlalchemy import func, select

from app.arguments.votes import rate_argument, take_stance
from app.extensions import db
from app.models import Argument, DebateStatus, Position, StanceChange, StanceChoice
from tests.factories import make_user
from tests.pages import position_url, stances
from tests.worlds import new_argument


def choose(client, ids: dict, stance: str, headers=None):
    return client.post(
        f"/positions/{ids['position']}/stance", data={"stance": stance}, headers=headers or {}
    )


def distribution(html: str) -> dict[str, int]:
    """Read the stance counts a page shows."""
    return {
        label: int(count)
        for label, count in re.findall(
            r'<span class="stance-count stance-\w+">(\w+) <strong>(\d+)</strong>', html
        )
    }

def test_a_member_takes_a_stance_and_changes_it_and_every_change_is_kept(app, client, auth):
    ids = new_argument(app)
    user_id = auth.sign_in_new()

    responses = [choose(client, ids, choice) for choice in ("for", "against", "undecided")]

    assert [response.status_code for response in responses] == [303, 303, 303]
    assert responses[0].headers["Location"] == position_url(ids)
    assert stances(app, ids["position"]) == {user_id: StanceChoice.UNDECIDED}
    with app.app_context():
        changes = db.session.execute(
            select(StanceChange.stance, StanceChange.created_at)
            .where(StanceChange.user_id == user_id)
            .order_by(StanceChange.id)
        ).all()
    assert [change.stance for change in changes] == [
        StanceChoice.FOR,
        StanceChoice.AGAINST,
        StanceChoice.UNDECIDED,
    ]
    assert all(change.created_at is not None for change in changes)
    assert changes[0].created_at <= changes[1].created_at <= changes[2].created_at
    page = client.get(position_url(ids)).text
    assert "Your stance is recorded." in page
    assert distribution(page) == {"For": 0, "Against": 0, "Undecided": 1}
    assert "1 person;" in page
    assert 'value="undecided" class="stance-choice is-mine"' in page


def test_choosing_the_same_stance_again_records_no_change(app, client, auth):
    ids = new_argument(app)
    user_id = auth.sign_in_new()

    choose(client, ids, "for")
    choose(client, ids, "for")

    with app.app_context():
        assert db.session.scalar(
            select(func.count()).where(StanceChange.user_id == user_id)
        ) == 1


def test_clearing_a_stance_removes_it_from_the_tally_and_is_recorded(app, client, auth):
    ids = new_argument(app)
    user_id = auth.sign_in_new()
    choose(client, ids, "against")

    response = choose(client, ids, "")

    assert response.status_code == 303
    assert stances(app, ids["position"]) == {}
    with app.app_context():
        assert db.session.scalars(
            select(StanceChange.stance).where(StanceChange.user_id == user_id)
            .order_by(StanceChange.id)
        ).all() == [StanceChoice.AGAINST, None]
    page = client.get(response.headers["Location"]).text
    assert "Your stance is cleared." in page
    assert distribution(page) == {"For": 0, "Against": 0, "Undecided": 0}


def test_an_unknown_stance_is_a_bad_request(app, client, auth):
    ids = new_argument(app)
    auth.sign_in_new()

    response = choose(client, ids, "maybe")

    assert response.status_code == 400
    assert stances(app, ids["position"]) == {}


def test_taking_a_stance_in_a_closed_debate_is_not_allowed(app, client, auth):
    ids = new_argument(app, status=DebateStatus.CLOSED)
    auth.sign_in_new()

    response = choose(client, ids, "for")

    assert response.status_code == 403
    assert "You cannot vote in this debate." in response.text
    assert stances(app, ids["position"]) == {}


def test_the_page_shows_how_many_stand_where_but_never_who(app, client, auth):
    ids = new_argument(app)
    with app.app_context():
        position = db.session.get(Position, ids["position"])
        voters = [
            make_user(username=f"voter{number}", display_name=f"Secret Voter {number}")
            for number in range(4)
        ]
        for voter, choice in zip(voters, ["for", "for", "against", "undecided"], strict=True):
            take_stance(position, voter, StanceChoice(choice))
        rate_argument(db.session.get(Argument, ids["argument"]), voters[0], 2)
        db.session.commit()

    pages = {
        "position": client.get(position_url(ids)).text,
        "argument": client.get(f"/arguments/{ids['argument']}").text,
        "api": client.get(f"/api/v1/positions/{ids['position']}").text,
    }
    auth.sign_in_new()
    pages["position, signed in"] = client.get(position_url(ids)).text

    assert distribution(pages["position"]) == {"For": 2, "Against": 1, "Undecided": 1}
    assert "(50%)" in pages["position"] and "(25%)" in pages["position"]
    assert "4 people;" in pages["position"]
    assert client.get(f"/api/v1/positions/{ids['position']}").json["stances"] == {
        "for": 2,
        "against": 1,
        "undecided": 1,
    }
    for name, page in pages.items():
        assert "Secret Voter" not in page, name
        assert "voter0" not in page and "voter3" not in page, name


def test_a_stance_with_htmx_returns_the_control_with_the_new_distribution(app, client, auth):
    ids = new_argument(app)
    with app.app_context():
        take_stance(db.session.get(Position, ids["position"]), make_user(), StanceChoice.FOR)
        db.session.commit()
    auth.sign_in_new()

    response = choose(client, ids, "against", headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "<html" not in response.text
    root = f'<section class="stance" id="stance-{ids["position"]}"'
    assert response.text.lstrip().startswith(root)
    assert distribution(response.text) == {"For": 1, "Against": 1, "Undecided": 0}
    assert 'value="against" class="stance-choice is-mine"' in response.text
    assert "HX-Request" in response.headers["Vary"]


def test_a_boosted_stance_gets_the_redirect_to_a_full_page(app, client, auth):
    ids = new_argument(app)
    auth.sign_in_new()

    response = choose(client, ids, "for", headers={"HX-Request": "true", "HX-Boosted": "true"})

    assert response.status_code == 303
    page = client.get(response.headers["Location"]).text
    assert "<html" in page
    assert distribution(page) == {"For": 1, "Against": 0, "Undecided": 0}
