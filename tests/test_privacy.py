"""People can download everything Agora holds about them and delete their account."""

import json

from app.arguments.votes import rate_argument, take_stance
from app.extensions import db
from app.models import Argument, PositionStance, Rating, StanceChange, StanceChoice, User
from tests.factories import PASSWORD, make_argument, make_debate, make_position, make_user


def setup_voter(app):
    """Make a debate where one person argued, rated and took a stance twice."""
    with app.app_context():
        owner = make_user()
        debate = make_debate(owner=owner)
        position = make_position(debate)
        voter = make_user(username="voter", display_name="Vera Voter")
        mine = make_argument(position, voter, claim="Oversight boards should see every match")
        theirs = make_argument(position, owner, claim="Cameras deter theft on the metro")
        rate_argument(theirs, voter, 3)
        take_stance(position, voter, StanceChoice.FOR)
        take_stance(position, voter, StanceChoice.AGAINST)
        db.session.commit()
        return {"voter": voter.id, "mine": mine.id, "theirs": theirs.id, "owner": owner.id}


def test_export_holds_the_persons_arguments_votes_and_stance_history(app, client, auth):
    ids = setup_voter(app)
    auth.sign_in("voter")

    response = client.get("/account/export.json")

    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["account"]["username"] == "voter"
    assert [a["claim"] for a in data["arguments"]] == ["Oversight boards should see every match"]
    assert data["ratings"] == [
        {"argument_id": ids["theirs"], "score": 3, "updated_at": data["ratings"][0]["updated_at"]}
    ]
    assert [s["stance"] for s in data["stances"]] == ["against"]
    assert [c["stance"] for c in data["stance_history"]] == ["for", "against"]
    assert "password_hash" not in json.dumps(data)
    assert data["account"]["mail_mode"] == "at_once"
    assert data["account"]["profile_public"] is False
    # Posting follows the position argued on, and the export says so.
    assert data["follows"][0]["kind"] == "position"


def test_export_needs_a_signed_in_person(client):
    response = client.get("/account/export.json")

    assert response.status_code == 302
    assert "/account/sign-in" in response.headers["Location"]


def test_deleting_an_account_removes_votes_and_keeps_arguments_by_nobody(app, client, auth):
    ids = setup_voter(app)
    auth.sign_in("voter")

    response = client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})

    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(User, ids["voter"]) is None
        assert db.session.scalar(db.select(db.func.count()).select_from(Rating)) == 0
        assert db.session.scalar(db.select(db.func.count()).select_from(PositionStance)) == 0
        assert db.session.scalar(db.select(db.func.count()).select_from(StanceChange)) == 0
        kept = db.session.get(Argument, ids["mine"])
        assert kept.claim == "Oversight boards should see every match"
        assert kept.author_id is None
    page = client.get(f"/arguments/{ids['mine']}").text
    assert "a former member" in page
    assert "Vera Voter" not in page
    assert auth.sign_in("voter").status_code == 422


def test_deleting_an_account_needs_the_right_password_and_the_tick(app, client, auth):
    ids = setup_voter(app)
    auth.sign_in("voter")

    wrong = client.post("/account/delete", data={"password": "not my password", "confirm": "y"})
    unticked = client.post("/account/delete", data={"password": PASSWORD})

    assert wrong.status_code == 422
    assert "The password is not right." in wrong.text
    assert unticked.status_code == 422
    assert "Tick the box to confirm." in unticked.text
    with app.app_context():
        assert db.session.get(User, ids["voter"]) is not None


def test_an_owner_of_an_open_debate_must_close_it_before_leaving(app, client, auth):
    ids = setup_voter(app)
    with app.app_context():
        owner = db.session.get(User, ids["owner"])
        username = owner.username
    auth.sign_in(username)

    response = client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})

    assert response.status_code == 422
    assert "Close the debates you own first" in response.text
    with app.app_context():
        assert db.session.get(User, ids["owner"]) is not None
