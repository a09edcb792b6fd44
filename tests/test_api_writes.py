"""Check writes through the API: arguments, evidence, ratings and stances, for tokens only."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Argument,
    Debate,
    DebateStatus,
    Evidence,
    ModerationState,
    PositionStance,
    PostingMode,
    Rating,
    Role,
    StanceChoice,
    Visibility,
)
from tests.factories import (
    add_member,
    make_argument,
    make_debate,
    make_position,
    make_token,
    make_user,
)


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def world(app):
    """An open debate with a position and an argument, a participant with a write token and a
    read token, and an outsider with a write token."""
    with app.app_context():
        participant, outsider = make_user(), make_user()
        debate = make_debate()
        add_member(debate, participant, Role.PARTICIPANT)
        position = make_position(debate, statement="Cameras make cities safer")
        argument = make_argument(position, claim="Cameras deter pickpockets")
        ids = {
            "debate": debate.id,
            "position": position.id,
            "argument": argument.id,
            "participant": participant.id,
            "write": make_token(participant, "write"),
            "read": make_token(participant, "read"),
            "outsider": make_token(outsider, "write"),
        }
        db.session.commit()
        return ids


def post_argument(client, w, token="write", **body):
    payload = {"parent_id": None, "side": "pro", "claim": "Lighting works as well", "body": ""}
    payload.update(body)
    return client.post(f"/api/v1/positions/{w['position']}/arguments", json=payload,
                       headers=bearer(w[token]))


def set_debate(app, w, **values):
    with app.app_context():
        debate = db.session.get(Debate, w["debate"])
        for name, value in values.items():
            setattr(debate, name, value)
        db.session.commit()


def stored(app, query):
    with app.app_context():
        return db.session.scalar(query)


def test_a_write_token_posts_an_argument_and_gets_it_back_with_its_id(app, client, world):
    response = post_argument(client, world, claim="Street lighting works as well as cameras",
                             body="Studies of lighting show it.")

    assert response.status_code == 201
    data = response.json
    assert data["claim"] == "Street lighting works as well as cameras"
    assert data["side"] == "pro" and data["parent_id"] is None
    assert data["moderation"] == "visible"
    assert response.headers["Location"].endswith(f"/arguments/{data['id']}")
    argument = stored(app, select(Argument).where(Argument.id == data["id"]))
    assert argument.author_id == world["participant"]
    assert argument.body == "Studies of lighting show it."


def test_a_reply_through_the_api_stands_under_its_parent(app, client, world):
    response = post_argument(client, world, parent_id=world["argument"], side="con",
                             claim="Pickpockets simply move to the next street")

    assert response.status_code == 201
    assert response.json["parent_id"] == world["argument"]
    assert response.json["supports_position"] is False


def test_an_argument_posted_in_a_premoderated_debate_waits_for_review(app, client, world):
    set_debate(app, world, posting_mode=PostingMode.PREMODERATED)

    response = post_argument(client, world)

    assert response.status_code == 201
    assert response.json["moderation"] == "pending"
    assert stored(app, select(Argument.moderation).where(Argument.id == response.json["id"])) \
        == ModerationState.PENDING


def test_the_hourly_limit_of_the_pages_holds_for_the_api(app, client, world):
    set_debate(app, world, posts_per_hour=1)
    assert post_argument(client, world, claim="The first of many claims").status_code == 201

    response = post_argument(client, world, claim="A second claim in the same hour")

    assert response.status_code == 429
    assert "this debate's limit" in response.json["error"]["message"]


def test_the_same_claim_twice_is_a_conflict(app, client, world):
    response = post_argument(client, world, claim="Cameras deter pickpockets")

    assert response.status_code == 409
    assert response.json["error"] == {
        "status": 409, "message": "This argument has already been made here.", "field": "claim",
    }


def test_a_claim_much_like_another_is_held_back_with_the_look_alikes_unless_allowed(
    app, client, world
):
    held = post_argument(client, world, claim="Cameras deter the pickpockets")

    assert held.status_code == 409
    assert held.json["error"]["field"] == "claim"
    assert [each["id"] for each in held.json["error"]["similar"]] == [world["argument"]]
    posted = post_argument(client, world, claim="Cameras deter the pickpockets",
                           allow_similar=True)
    assert posted.status_code == 201


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"side": "maybe"}, 422, "side"),
        ({"claim": 42}, 422, "claim"),
        ({"claim": "   "}, 422, "claim"),
        ({"claim": "x" * 281}, 422, "claim"),
        ({"claim": "Bell\x07 rings"}, 422, "claim"),
        ({"parent_id": "1"}, 422, "parent_id"),
        ({"parent_id": True}, 422, "parent_id"),
        ({"allow_similar": "yes"}, 422, "allow_similar"),
        ({"colour": "red"}, 422, "colour"),
        ({"parent_id": 999_999}, 404, None),
        ({"parent_id": 10**30}, 404, None),
        ({"parent_id": -1}, 404, None),
        ({"body": "half a pair \ud800"}, 422, "body"),
    ],
)
def test_bad_arguments_get_a_json_error_naming_the_field(app, client, world, body, status, field):
    response = post_argument(client, world, **body)

    assert response.status_code == status
    assert response.json["error"]["message"]
    assert response.json["error"].get("field") == field
    assert stored(app, select(func.count()).select_from(Argument)) == 1


@pytest.mark.parametrize(
    "raw", [b"{not json", b"[1, 2]", b'"a string"', b"", b"\xff\xfe{", b"[" * 100_000]
)
def test_a_body_that_is_not_a_json_object_is_a_bad_request(app, client, world, raw):
    response = client.post(f"/api/v1/positions/{world['position']}/arguments", data=raw,
                           content_type="application/json", headers=bearer(world["write"]))

    assert response.status_code == 400
    assert response.json["error"]["message"] == "Send a JSON object as the request body."


def test_an_outsider_cannot_post_in_a_members_only_debate_it_does_not_exist_for_them(
    app, client, world
):
    set_debate(app, world, visibility=Visibility.MEMBERS)

    response = post_argument(client, world, token="outsider")

    assert response.status_code == 404
    assert stored(app, select(func.count()).select_from(Argument)) == 1


def test_nobody_posts_in_a_closed_debate(app, client, world):
    set_debate(app, world, status=DebateStatus.CLOSED)

    response = post_argument(client, world)

    assert response.status_code == 409
    assert "closed" in response.json["error"]["message"]


def test_a_read_token_cannot_write(app, client, world):
    response = post_argument(client, world, token="read")

    assert response.status_code == 403
    assert "only read" in response.json["error"]["message"]
    for method, url, body in [
        ("PUT", f"/api/v1/arguments/{world['argument']}/rating", {"score": 3}),
        ("PUT", f"/api/v1/positions/{world['position']}/stance", {"stance": "for"}),
        ("POST", f"/api/v1/arguments/{world['argument']}/evidence",
         {"kind": "news", "title": "A source", "url": "https://example.org/a"}),
    ]:
        assert client.open(url, method=method, json=body,
                           headers=bearer(world["read"])).status_code == 403
    assert stored(app, select(func.count()).select_from(Rating)) == 0


def test_a_cookie_alone_never_writes_through_the_api(app, client, auth, world):
    auth.sign_in_as(world["participant"])

    response = client.post(f"/api/v1/positions/{world['position']}/arguments",
                           json={"side": "pro", "claim": "Sent with a cookie only"})

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "cookies are not accepted" in response.json["error"]["message"]
    assert client.put(f"/api/v1/arguments/{world['argument']}/rating",
                      json={"score": 3}).status_code == 401
    assert stored(app, select(func.count()).select_from(Argument)) == 1


def test_a_cross_site_api_write_without_a_token_is_refused_before_anything_else(
    app, client, auth, world
):
    auth.sign_in_as(world["participant"])
    app.config["WTF_CSRF_ENABLED"] = True

    response = client.post(f"/api/v1/positions/{world['position']}/arguments",
                           json={"side": "pro", "claim": "Forged from another site"})

    assert response.status_code == 400
    assert stored(app, select(func.count()).select_from(Argument)) == 1


def test_a_write_with_no_credentials_at_all_is_told_to_bring_a_token(app, client, world):
    app.config["WTF_CSRF_ENABLED"] = True

    response = client.put(f"/api/v1/arguments/{world['argument']}/rating", json={"score": 2})

    assert response.status_code == 401
    assert "personal access token with write scope" in response.json["error"]["message"]


def test_a_bearer_write_needs_no_csrf_token(app, client, world):
    app.config["WTF_CSRF_ENABLED"] = True

    assert post_argument(client, world).status_code == 201


def test_evidence_is_attached_by_url_or_by_passage(app, client, world):
    url = f"/api/v1/arguments/{world['argument']}/evidence"
    by_url = client.post(url, json={"kind": "research", "title": "Home Office study",
                                    "url": "https://example.org/study", "excerpt": "Fell 20%"},
                         headers=bearer(world["write"]))
    by_passage = client.post(url, json={"kind": "other", "passage": 2},
                             headers=bearer(world["write"]))

    assert by_url.status_code == 201
    assert by_url.json["url"] == "https://example.org/study"
    assert by_url.json["moderation"] == "visible"
    assert by_passage.status_code == 201
    assert by_passage.json["passage"] == 2
    assert by_passage.json["title"] == "Passage 2 of the material"
    assert stored(app, select(func.count()).select_from(Evidence)) == 2


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"kind": "news", "title": "A source", "url": "javascript:alert(1)"}, 422, "url"),
        # urlsplit() raises on an unclosed IPv6 bracket: once a 500.
        ({"kind": "news", "title": "A source", "url": "http://[::1"}, 422, "url"),
        ({"kind": "news", "title": "A source"}, 422, "url"),
        ({"kind": "gossip", "title": "A source", "url": "https://example.org/a"}, 422, "kind"),
        ({"kind": "other", "passage": 999}, 422, "passage"),
        ({"kind": "other", "passage": 2, "url": "https://example.org/a"}, 422, "url"),
        ({"kind": "news", "title": ["A"], "url": "https://example.org/a"}, 422, "title"),
    ],
)
def test_bad_evidence_gets_a_json_error(app, client, world, body, status, field):
    response = client.post(f"/api/v1/arguments/{world['argument']}/evidence", json=body,
                           headers=bearer(world["write"]))

    assert response.status_code == status
    assert response.json["error"]["field"] == field
    assert stored(app, select(func.count()).select_from(Evidence)) == 0


def test_the_same_source_twice_is_a_conflict(app, client, world):
    url = f"/api/v1/arguments/{world['argument']}/evidence"
    body = {"kind": "news", "title": "A source", "url": "https://example.org/a"}
    assert client.post(url, json=body, headers=bearer(world["write"])).status_code == 201

    assert client.post(url, json=body, headers=bearer(world["write"])).status_code == 409


def test_evidence_on_an_unknown_argument_is_not_found(app, client, world):
    response = client.post("/api/v1/arguments/999999/evidence",
                           json={"kind": "news", "title": "A", "url": "https://example.org/a"},
                           headers=bearer(world["write"]))

    assert response.status_code == 404


def test_a_rating_is_set_changed_and_cleared(app, client, world):
    url = f"/api/v1/arguments/{world['argument']}/rating"
    mine = select(Rating.score).where(Rating.user_id == world["participant"])

    first = client.put(url, json={"score": 3}, headers=bearer(world["write"]))
    assert first.status_code == 200
    assert first.json == {"argument_id": world["argument"], "score": 3,
                          "rating": {"mean": 3.0, "count": 1}}
    assert client.put(url, json={"score": 0}, headers=bearer(world["write"])).status_code == 200
    assert stored(app, mine) == 0
    assert client.put(url, json={"score": None}, headers=bearer(world["write"])).json["score"] \
        is None
    assert stored(app, mine) is None


@pytest.mark.parametrize(
    "body", [{"score": 9}, {"score": -1}, {"score": "3"}, {"score": 2.5}, {"score": True}, {}]
)
def test_a_rating_out_of_range_or_of_the_wrong_type_is_refused(app, client, world, body):
    response = client.put(f"/api/v1/arguments/{world['argument']}/rating", json=body,
                          headers=bearer(world["write"]))

    assert response.status_code == 422
    assert response.json["error"]["field"] == "score"
    assert stored(app, select(func.count()).select_from(Rating)) == 0


def test_an_outsider_cannot_rate_where_only_members_vote(app, client, world):
    from app.models import Voters

    set_debate(app, world, voters=Voters.MEMBERS)

    response = client.put(f"/api/v1/arguments/{world['argument']}/rating", json={"score": 2},
                          headers=bearer(world["outsider"]))

    assert response.status_code == 403
    assert response.json["error"]["message"] == (
        "You cannot rate arguments in this debate. Only its members vote."
    )


def test_a_stance_is_taken_changed_and_withdrawn(app, client, world):
    url = f"/api/v1/positions/{world['position']}/stance"
    mine = select(PositionStance.stance).where(PositionStance.user_id == world["participant"])

    taken = client.put(url, json={"stance": "for"}, headers=bearer(world["write"]))
    assert taken.status_code == 200
    assert taken.json == {"position_id": world["position"], "stance": "for",
                          "stances": {"for": 1, "against": 0, "undecided": 0}}
    client.put(url, json={"stance": "undecided"}, headers=bearer(world["write"]))
    assert stored(app, mine) == StanceChoice.UNDECIDED
    assert client.put(url, json={"stance": None}, headers=bearer(world["write"])).status_code \
        == 200
    assert stored(app, mine) is None


@pytest.mark.parametrize("body", [{"stance": "maybe"}, {"stance": 1}, {}, {"stance": ["for"]}])
def test_a_bad_stance_is_refused(app, client, world, body):
    response = client.put(f"/api/v1/positions/{world['position']}/stance", json=body,
                          headers=bearer(world["write"]))

    assert response.status_code == 422
    assert response.json["error"]["field"] == "stance"


def test_nobody_votes_in_a_closed_debate_through_the_api(app, client, world):
    set_debate(app, world, status=DebateStatus.CLOSED)

    response = client.put(f"/api/v1/positions/{world['position']}/stance",
                          json={"stance": "for"}, headers=bearer(world["write"]))

    assert response.status_code == 403
    assert stored(app, select(func.count()).select_from(PositionStance)) == 0
