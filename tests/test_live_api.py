"""Check the live-event API: organisers with tokens, phones with audience tokens."""

import pytest

from app.extensions import db
from app.models import Debate, LiveVote, Role
from tests.factories import add_member, make_debate, make_position, make_token, make_user


@pytest.fixture
def evening(app):
    """A debate with a motion, its owner's write token and a stranger's."""
    with app.app_context():
        owner, stranger = make_user(), make_user()
        debate = make_debate(owner=owner)
        position = make_position(debate)
        world = {
            "debate": debate.id,
            "position": position.id,
            "owner": {"Authorization": f"Bearer {make_token(owner)}"},
            "stranger": {"Authorization": f"Bearer {make_token(stranger)}"},
        }
        db.session.commit()
        return world


def create(client, evening, headers=None):
    response = client.post(
        f"/api/v1/debates/{evening['debate']}/events",
        json={"position_id": evening["position"], "title": "Oxford evening"},
        headers=headers or evening["owner"],
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def join(client, code):
    response = client.post("/api/v1/live/join", json={"code": code})
    assert response.status_code == 201, response.get_data(as_text=True)
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def voting(client, evening, event, vote, is_open):
    response = client.post(f"/api/v1/live/{event}/voting", json={"vote": vote, "open": is_open},
                           headers=evening["owner"])
    assert response.status_code == 200, response.get_data(as_text=True)


def vote(client, event, device, round_, choice):
    return client.post(f"/api/v1/live/{event}/vote", json={"vote": round_, "choice": choice},
                       headers=device)


def test_an_organiser_creates_an_event_with_a_join_code_without_look_alike_letters(
        client, evening):
    event = create(client, evening)

    assert len(event["join_code"]) == 6
    assert not set(event["join_code"]) & set("01OILZ2S5B8")
    assert event["phase"] == "Doors open and pre-vote" and event["version"] == 1


def test_a_stranger_cannot_create_or_run_an_event(client, evening):
    response = client.post(f"/api/v1/debates/{evening['debate']}/events",
                           json={"position_id": evening["position"], "title": "Mine"},
                           headers=evening["stranger"])
    assert response.status_code == 403
    event = create(client, evening)
    response = client.post(f"/api/v1/live/{event['id']}/phase",
                           json={"phase": 1, "version": 1}, headers=evening["stranger"])
    assert response.status_code == 403
    assert "owner and moderators" in response.get_json()["error"]["message"]


def test_a_moderator_runs_the_event(app, client, evening):
    with app.app_context():
        moderator = make_user()
        add_member(db.session.get(Debate, evening["debate"]), moderator, Role.MODERATOR)
        headers = {"Authorization": f"Bearer {make_token(moderator)}"}
        db.session.commit()
    event = create(client, evening, headers)
    response = client.post(f"/api/v1/live/{event['id']}/phase",
                           json={"phase": "Opening statements", "version": 1}, headers=headers)
    assert response.status_code == 200
    assert response.get_json()["phase"] == "Opening statements"


def test_a_stale_version_moves_the_phase_once_and_says_why(client, evening):
    event = create(client, evening)
    url = f"/api/v1/live/{event['id']}/phase"

    first = client.post(url, json={"phase": 1, "version": 1}, headers=evening["owner"])
    second = client.post(url, json={"phase": 2, "version": 1}, headers=evening["owner"])

    assert first.status_code == 200 and first.get_json()["version"] == 2
    assert second.status_code == 409
    assert "Someone changed the event first" in second.get_json()["error"]["message"]
    assert client.get(f"/api/v1/live/{event['id']}").get_json()["phase_index"] == 1


def test_phones_vote_change_their_vote_and_are_refused_once_voting_closes(app, client, evening):
    event = create(client, evening)
    phone = join(client, event["join_code"])

    assert vote(client, event["id"], phone, "pre", "for").status_code == 409
    voting(client, evening, event["id"], "pre", True)
    assert vote(client, event["id"], phone, "pre", "for").status_code == 200
    assert vote(client, event["id"], phone, "pre", "against").status_code == 200
    voting(client, evening, event["id"], "pre", False)
    late = vote(client, event["id"], phone, "pre", "undecided")

    assert late.status_code == 409
    assert "closed" in late.get_json()["error"]["message"]
    with app.app_context():
        assert [v.choice.value for v in db.session.query(LiveVote)] == ["against"]


def test_bad_votes_get_clear_4xx(client, evening):
    event = create(client, evening)
    phone = join(client, event["join_code"])
    voting(client, evening, event["id"], "pre", True)

    assert vote(client, event["id"], phone, "pre", "maybe").status_code == 422
    assert vote(client, event["id"], phone, "during", "for").status_code == 422
    assert vote(client, event["id"], {}, "pre", "for").status_code == 401
    forged = {"Authorization": phone["Authorization"][:-3] + "abc"}
    assert vote(client, event["id"], forged, "pre", "for").status_code == 401
    assert client.post("/api/v1/live/join", json={"code": "ZZZZZZ"}).status_code == 404
    assert client.post("/api/v1/live/join", json={"code": 7}).status_code == 422
    assert client.post("/api/v1/live/join", data="nonsense").status_code == 400
    response = client.post(f"/api/v1/live/{event['id']}/phase", json={"phase": "Nope",
                           "version": 1}, headers=evening["owner"])
    assert response.status_code == 422
    response = client.post(f"/api/v1/live/{event['id']}/phase", json={"phase": 1},
                           headers=evening["owner"])
    assert response.status_code == 422
    assert client.post("/api/v1/live/999999/vote", json={}, headers=phone).status_code == 404


def test_too_many_votes_from_one_token_are_refused_but_not_a_hall_on_one_address(
        app, client, evening, monkeypatch):
    monkeypatch.setitem(app.config, "LIVE_VOTE_LIMIT", "5 per minute")
    event = create(client, evening)
    voting(client, evening, event["id"], "pre", True)
    stuffer = join(client, event["join_code"])
    statuses = [vote(client, event["id"], stuffer, "pre", "for").status_code for _ in range(7)]
    hall = [join(client, event["join_code"]) for _ in range(8)]

    assert statuses[:5] == [200] * 5 and statuses[5:] == [429, 429]
    assert all(vote(client, event["id"], phone, "pre", "for").status_code == 200
               for phone in hall)


def test_results_follow_iq2_and_count_each_devices_pair(client, evening):
    """29/29/42 → 54/35/11 of 100 devices gives For the win, +25 against +6."""
    event = create(client, evening)
    pre = ["for"] * 29 + ["against"] * 29 + ["undecided"] * 42
    # 25 undecided go For, 6 undecided go Against; the rest keep their vote.
    post = ["for"] * 29 + ["against"] * 29 + ["for"] * 25 + ["against"] * 6 + ["undecided"] * 11
    phones = [join(client, event["join_code"]) for _ in range(100)]
    voting(client, evening, event["id"], "pre", True)
    for phone, choice in zip(phones, pre, strict=True):
        assert vote(client, event["id"], phone, "pre", choice).status_code == 200
    voting(client, evening, event["id"], "post", True)
    for phone, choice in zip(phones, post, strict=True):
        assert vote(client, event["id"], phone, "post", choice).status_code == 200

    result = client.get(f"/api/v1/live/{event['id']}/results", headers=evening["owner"])
    body = result.get_json()

    assert body["pre"] == {"for": 29, "against": 29, "undecided": 42}
    assert body["post"] == {"for": 54, "against": 35, "undecided": 11}
    assert body["pre_percent"] == {"for": 29.0, "against": 29.0, "undecided": 42.0}
    assert body["delta"] == {"for": 25.0, "against": 6.0}
    assert body["winner"] == "for"
    assert body["transitions"]["undecided"] == {"for": 25, "against": 6, "undecided": 11}
    assert body["transitions"]["for"] == {"for": 29, "against": 0, "undecided": 0}
    assert body["changed_minds"] == 31
    assert body["turnout"] == {"devices": 100, "pre": 100, "post": 100, "both": 100}


def test_results_stay_with_the_organiser_until_revealed(client, evening):
    event = create(client, evening)
    phone = join(client, event["join_code"])
    assert client.get(f"/api/v1/live/{event['id']}/results", headers=phone).status_code == 403
    assert "results" not in client.get(f"/api/v1/live/{event['id']}").get_json()


def test_a_vote_lands_while_redis_is_down(app, client, evening, monkeypatch):
    # Put back for the tests that follow, which use the suite's Redis.
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")
    app.extensions.pop("live_broker", None)
    try:
        event = create(client, evening)
        phone = join(client, event["join_code"])
        voting(client, evening, event["id"], "pre", True)
        response = vote(client, event["id"], phone, "pre", "for")
    finally:
        app.extensions.pop("live_broker", None)

    assert response.status_code == 200
    assert response.get_json()["votes_cast"] == {"pre": 1, "post": 0}


def test_a_verified_audience_joins_with_single_use_tickets(app, client, evening):
    from app.live.services import issue_tickets
    from app.models import LiveEvent

    event = create(client, evening)
    with app.app_context():
        codes = issue_tickets(db.session.get(LiveEvent, event["id"]), 2)
        db.session.commit()

    def join_with(ticket):
        return client.post("/api/v1/live/join", json={"code": event["join_code"],
                                                      "ticket": ticket})

    assert join_with(None).status_code == 422
    assert join_with("NOTATICKET").status_code == 422
    assert join_with(codes[0].lower()).status_code == 201
    used = join_with(codes[0])
    assert used.status_code == 409
    assert "used already" in used.get_json()["error"]["message"]
    assert join_with(codes[1]).status_code == 201


def evening_of(client, evening, moves: dict[tuple[str, str], int]) -> dict:
    """Run an evening through the API where each (pre, post) pair is voted by that many
    phones, and return its results."""
    event = create(client, evening)
    pairs = [pair for pair, count in moves.items() for _ in range(count)]
    phones = [join(client, event["join_code"]) for _ in pairs]
    for round_, index in (("pre", 0), ("post", 1)):
        voting(client, evening, event["id"], round_, True)
        for phone, pair in zip(phones, pairs, strict=True):
            assert vote(client, event["id"], phone, round_, pair[index]).status_code == 200
    return client.get(f"/api/v1/live/{event['id']}/results", headers=evening["owner"]).get_json()


def test_against_wins_when_it_moved_more_of_the_room_through_the_api(client, evening):
    """26/41/33 → 29/62/9: Against +21 points against For +3."""
    body = evening_of(client, evening, {
        ("for", "for"): 26, ("against", "against"): 41, ("undecided", "for"): 3,
        ("undecided", "against"): 21, ("undecided", "undecided"): 9,
    })

    assert body["pre"] == {"for": 26, "against": 41, "undecided": 33}
    assert body["post"] == {"for": 29, "against": 62, "undecided": 9}
    assert body["delta"] == {"for": 3.0, "against": 21.0}
    assert body["winner"] == "against"


def test_an_exact_tie_is_called_a_tie_through_the_api(client, evening):
    """30/30/40 → 45/45/10: both sides +15 points."""
    body = evening_of(client, evening, {
        ("for", "for"): 30, ("against", "against"): 30, ("undecided", "for"): 15,
        ("undecided", "against"): 15, ("undecided", "undecided"): 10,
    })

    assert body["delta"] == {"for": 15.0, "against": 15.0}
    assert body["winner"] == "tie"
    assert body["changed_minds"] == 30
