"""Check the debate setting that lets participants raise positions, where posting is open."""

import pytest

from app.extensions import db
from app.models import Debate, Position, PostingMode, Role
from tests.factories import add_member, make_user
from tests.forms import position_form
from tests.pages import stored
from tests.test_debates import new_debate, raise_url

SETTINGS_FORM = {
    "visibility": "public",
    "posting_mode": "open",
    "voters": "signed_in",
    "posts_per_hour": "20",
    "report_threshold": "3",
    "hide_tallies_until_rated": "y",
}


@pytest.fixture
def debate_with_participant(app, auth):
    ids = new_debate(app)
    with app.app_context():
        participant = make_user()
        add_member(db.session.get(Debate, ids["debate"]), participant, Role.PARTICIPANT)
        db.session.commit()
        ids["participant"] = participant.id
    return ids


def raise_one(client, ids):
    return client.post(raise_url(ids["debate"]), data=position_form("Mine", (2, "match faces")))


def allow(app, auth, client, ids, **settings) -> None:
    auth.sign_in_as(ids["owner"])
    form = {**SETTINGS_FORM, "participants_raise_positions": "y", **settings}
    assert client.post(f"/debates/{ids['debate']}/settings", data=form).status_code == 303
    auth.sign_out()


def test_by_default_participants_cannot_raise_positions(app, client, auth, debate_with_participant):
    ids = debate_with_participant
    auth.sign_in_as(ids["participant"])

    assert raise_one(client, ids).status_code == 403
    assert stored(app, Position) == 0


def test_the_owner_lets_participants_raise_positions(app, client, auth, debate_with_participant):
    ids = debate_with_participant
    allow(app, auth, client, ids)
    auth.sign_in_as(ids["participant"])

    assert "Raise a position" in client.get(f"/debates/{ids['debate']}").text
    assert raise_one(client, ids).status_code == 303
    assert stored(app, Position) == 1
    log = client.get(f"/debates/{ids['debate']}/log").text
    assert "participants raise positions: False → True" in log


def test_in_a_premoderated_debate_positions_stay_with_those_running_it(
    app, client, auth, debate_with_participant
):
    ids = debate_with_participant
    allow(app, auth, client, ids, posting_mode=PostingMode.PREMODERATED.value)
    auth.sign_in_as(ids["participant"])

    response = raise_one(client, ids)

    assert response.status_code == 403
    assert "Only the owner and moderators can raise positions" in response.text
    assert stored(app, Position) == 0


def test_outsiders_still_cannot_raise_positions(app, client, auth, debate_with_participant):
    ids = debate_with_participant
    allow(app, auth, client, ids)
    auth.sign_in_new()

    assert raise_one(client, ids).status_code == 403
