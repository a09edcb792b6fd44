"""Check access past the matrix's one public world: members-only debates, suspensions, loopholes."""

from datetime import timedelta

import pytest

from app.extensions import db
from app.models import (
    Argument,
    Debate,
    ModerationState,
    PositionStance,
    Rating,
    Side,
    Suspension,
    User,
    Visibility,
    Voters,
)
from app.models.columns import utcnow
from tests.factories import make_argument
from tests.pages import snapshot, stored
from tests.routes import CASES, NEW_CLAIM, REASON, get, set_argument
from tests.worlds import World, client_of, roles_world, sign_in_as

# Pages of a members-only debate; the HX-Request header asks for the replies fragment.
MEMBERS_ONLY_PAGES = {
    "debate page": (lambda w: f"/debates/{w.debate}", {}),
    "position page": (lambda w: f"/debates/{w.debate}/positions/{w.position}", {}),
    "argument permalink": (lambda w: f"/arguments/{w.argument}", {}),
    "replies fragment": (lambda w: f"/arguments/{w.argument}/replies", {"HX-Request": "true"}),
    "evidence library": (lambda w: f"/debates/{w.debate}/evidence", {}),
    "moderation log": (lambda w: f"/debates/{w.debate}/log", {}),
    "api debate": (lambda w: f"/api/v1/debates/{w.debate}", {}),
    "api position": (lambda w: f"/api/v1/positions/{w.position}", {}),
    "api moderation log": (lambda w: f"/api/v1/debates/{w.debate}/moderation-log", {}),
}
READERS = {"anonymous": 404, "outsider": 404, "viewer": 200, "participant": 200, "admin": 200}


@pytest.mark.parametrize(
    ("page", "actor"), [(page, actor) for page in MEMBERS_ONLY_PAGES for actor in READERS]
)
def test_a_members_only_debate_is_absent_for_non_members(app, client, auth, page, actor):
    w = roles_world(app, visibility=Visibility.MEMBERS)
    w.me = sign_in_as(app, auth, w.users, actor)
    url, headers = MEMBERS_ONLY_PAGES[page]
    response = client.get(url(w), headers=headers)
    assert response.status_code == READERS[actor]
    if READERS[actor] == 404:
        # Nothing of the debate leaks: not its positions, arguments or material.
        assert "Cameras" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "route",
    ["arguments.new", "arguments.new_evidence", "arguments.rate", "arguments.stance",
     "moderation.report:argument", "moderation.report:evidence", "memberships.leave"],
)
def test_a_non_member_cannot_act_in_a_members_only_debate(app, client, auth, route):
    case = CASES[route]
    w = roles_world(app, visibility=Visibility.MEMBERS)
    w.me = sign_in_as(app, auth, w.users, "outsider")
    with app.app_context():
        url, data = case.url(w), case.data(w)
    before = snapshot(app)
    assert client.open(url, method=case.method, data=data).status_code == 404
    assert snapshot(app) == before


SUSPENDED_ACTIONS = ["arguments.new", "arguments.new:reply", "arguments.new_evidence",
                     "arguments.rate", "arguments.stance"]


def suspend_participant(app, w: World, until) -> None:
    with app.app_context():
        db.session.add(Suspension(debate_id=w.debate, user_id=w.users["participant"],
                                  until=until))
        db.session.commit()


@pytest.mark.parametrize("route", SUSPENDED_ACTIONS)
def test_a_suspended_member_cannot_post_rate_or_take_a_stance(app, client, auth, route):
    case = CASES[route]
    w = roles_world(app)
    suspend_participant(app, w, utcnow() + timedelta(days=3))
    w.me = sign_in_as(app, auth, w.users, "participant")
    with app.app_context():
        url, data = case.url(w), case.data(w)
    before = snapshot(app)
    response = client.open(url, method=case.method, data=data)
    assert response.status_code == 403
    assert snapshot(app) == before


def test_a_suspended_member_is_told_until_when(app, client, auth):
    w = roles_world(app)
    suspend_participant(app, w, utcnow() + timedelta(days=3))
    w.me = sign_in_as(app, auth, w.users, "participant")
    response = client.post(f"/positions/{w.position}/arguments/new",
                           data={"side": "pro", "claim": NEW_CLAIM})
    assert response.status_code == 403
    assert "You are suspended from this debate until" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        lambda w: f"/debates/{w.debate}",
        lambda w: f"/debates/{w.debate}/positions/{w.position}",
        lambda w: f"/arguments/{w.argument}",
        lambda w: f"/debates/{w.debate}/evidence",
        lambda w: f"/api/v1/positions/{w.position}",
    ],
)
def test_a_suspended_member_can_still_read(app, client, auth, url):
    w = roles_world(app)
    suspend_participant(app, w, utcnow() + timedelta(days=3))
    w.me = sign_in_as(app, auth, w.users, "participant")
    assert client.get(url(w)).status_code == 200


@pytest.mark.parametrize("route", SUSPENDED_ACTIONS)
def test_a_member_whose_suspension_ended_can_post_rate_and_stand_again(
    app, client, auth, route
):
    case = CASES[route]
    w = roles_world(app)
    suspend_participant(app, w, utcnow() - timedelta(minutes=1))
    w.me = sign_in_as(app, auth, w.users, "participant")
    with app.app_context():
        url, data = case.url(w), case.data(w)
    response = client.open(url, method=case.method, data=data)
    assert response.status_code == 303
    with app.app_context():
        assert case.done(w)


# Ways round the rules that the matrix, with one well-behaved world, would not try.


@pytest.mark.parametrize("days", ["0", "7"])
def test_a_moderator_cannot_let_someone_into_a_members_only_debate_by_suspending_them(
    app, client, auth, days
):
    w = roles_world(app, visibility=Visibility.MEMBERS)
    w.me = sign_in_as(app, auth, w.users, "moderator")
    with app.app_context():
        outsider = get(User, w.users["outsider"]).username
    before = snapshot(app)

    response = client.post(
        f"/debates/{w.debate}/suspensions",
        data={"username": outsider, "days": days, "reason": REASON},
    )

    assert response.status_code == 409
    assert "not a member" in response.get_data(as_text=True)
    assert snapshot(app) == before


def test_lifting_a_suspension_nobody_had_makes_nobody_a_member(app, client, auth):
    # Where only members vote, a membership would be a vote a moderator may not grant.
    w = roles_world(app, voters=Voters.MEMBERS)
    w.me = sign_in_as(app, auth, w.users, "moderator")
    with app.app_context():
        outsider = get(User, w.users["outsider"]).username
    before = snapshot(app)

    response = client.post(
        f"/debates/{w.debate}/suspensions",
        data={"username": outsider, "days": "0", "reason": REASON},
    )

    assert response.status_code == 409
    assert snapshot(app) == before


def get_username(app, user_id: int) -> str:
    with app.app_context():
        return get(User, user_id).username


def suspend_outsider(client, w: World, days: str):
    return client.post(
        f"/debates/{w.debate}/suspensions",
        data={"username": get_username(client.application, w.users["outsider"]), "days": days,
              "reason": REASON},
    )


def test_suspending_then_lifting_never_gives_an_outsider_a_vote_where_only_members_vote(
    app, client, auth
):
    w = roles_world(app, voters=Voters.MEMBERS)
    moderator = client_of(app, w.users["moderator"])
    assert suspend_outsider(moderator, w, "1").status_code == 303
    assert suspend_outsider(moderator, w, "0").status_code == 303
    w.me = sign_in_as(app, auth, w.users, "outsider")

    stance = client.post(f"/positions/{w.position}/stance", data={"stance": "for"})
    rating = client.post(f"/arguments/{w.argument}/rating", data={"score": "3"})

    assert (stance.status_code, rating.status_code) == (403, 403)
    assert "Only its members vote." in stance.get_data(as_text=True)
    assert stored(app, PositionStance) == stored(app, Rating) == 0
    assert f'id="member-{w.me}"' not in client_of(app, w.users["owner"]).get(
        f"/debates/{w.debate}/settings").get_data(as_text=True)


def test_a_moderator_can_still_suspend_a_non_member_of_a_public_debate(app, client, auth):
    # Suspending an outsider once made them a member; now it leaves the members as they were.
    w = roles_world(app)
    moderator = client_of(app, w.users["moderator"])
    w.me = sign_in_as(app, auth, w.users, "outsider")

    assert suspend_outsider(moderator, w, "7").status_code == 303

    refused = client.post(f"/positions/{w.position}/arguments/new",
                          data={"side": "pro", "claim": NEW_CLAIM})
    assert refused.status_code == 403
    assert "You are suspended from this debate until" in refused.get_data(as_text=True)
    assert f'id="suspension-{w.me}"' in moderator.get(
        f"/debates/{w.debate}/queue").get_data(as_text=True)
    assert f'id="member-{w.me}"' not in client_of(app, w.users["owner"]).get(
        f"/debates/{w.debate}/settings").get_data(as_text=True)

    assert suspend_outsider(moderator, w, "0").status_code == 303
    posted = client.post(f"/positions/{w.position}/arguments/new",
                         data={"side": "pro", "claim": NEW_CLAIM})
    assert posted.status_code == 303


def test_a_suspended_outsider_loses_sight_of_a_debate_once_it_is_members_only(
    app, client, auth
):
    w = roles_world(app)
    assert suspend_outsider(client_of(app, w.users["moderator"]), w, "7").status_code == 303
    with app.app_context():
        get(Debate, w.debate).visibility = Visibility.MEMBERS
        db.session.commit()
    w.me = sign_in_as(app, auth, w.users, "outsider")

    response = client.get(f"/debates/{w.debate}/positions/{w.position}")

    assert response.status_code == 404
    assert "Cameras" not in response.get_data(as_text=True)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_nobody_reports_evidence_on_an_argument_they_cannot_see(app, client, auth, method):
    w = roles_world(app)
    with app.app_context():
        set_argument(moderation=ModerationState.HIDDEN)(w)
        db.session.commit()
    w.me = sign_in_as(app, auth, w.users, "outsider")
    before = snapshot(app)

    response = client.open(
        f"/report/evidence/{w.evidence}", method=method, data={"reason": "spam"}
    )

    assert response.status_code == 404
    assert "Source" not in response.get_data(as_text=True)
    assert snapshot(app) == before


@pytest.mark.parametrize("state", [ModerationState.PENDING, ModerationState.HIDDEN,
                                   ModerationState.REJECTED])
def test_the_similar_claims_warning_never_shows_an_argument_the_reader_cannot_see(
    app, client, auth, state
):
    w = roles_world(app)
    with app.app_context():
        set_argument(moderation=state)(w)
        db.session.commit()
    w.me = sign_in_as(app, auth, w.users, "outsider")
    claim = "Cameras deter pickpockets daily"

    typing = client.get(
        f"/positions/{w.position}/arguments/similar",
        query_string={"claim": claim},
        headers={"HX-Request": "true"},
    )
    posting = client.post(
        f"/positions/{w.position}/arguments/new", data={"side": "pro", "claim": claim}
    )

    assert "Cameras deter pickpockets" not in typing.get_data(as_text=True)
    # Nothing the reader may see is like it, so it is simply posted.
    assert posting.status_code == 303


def test_the_similar_claims_warning_still_shows_the_author_their_own_pending_argument(
    app, client, auth
):
    w = roles_world(app)
    with app.app_context():
        set_argument(moderation=ModerationState.PENDING)(w)
        db.session.commit()
    w.me = sign_in_as(app, auth, w.users, "author")

    typing = client.get(
        f"/positions/{w.position}/arguments/similar",
        query_string={"claim": "Cameras deter pickpockets daily"},
    )

    assert "Cameras deter pickpockets" in typing.get_data(as_text=True)


def test_the_similar_claims_warning_does_not_look_under_a_parent_the_reader_cannot_see(
    app, client, auth
):
    w = roles_world(app)
    with app.app_context():
        argument = get(Argument, w.argument)
        make_argument(argument.position, get(User, w.users["participant"]),
                      claim="Thieves just wear hoods", parent=argument, side=Side.CON)
        argument.moderation = ModerationState.HIDDEN
        db.session.commit()
    w.me = sign_in_as(app, auth, w.users, "outsider")

    typing = client.get(
        f"/positions/{w.position}/arguments/similar",
        query_string={"parent": w.argument, "claim": "Thieves just wear big hoods"},
    )

    assert typing.status_code == 404
    assert "Thieves" not in typing.get_data(as_text=True)
