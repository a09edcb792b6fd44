"""Check the read-only JSON API: what it lists, the argument tree it returns and its errors."""

import gc
import re
from datetime import datetime

import pytest

from app.arguments.votes import rate_argument, take_stance
from app.extensions import db
from app.models import Argument, DebateStatus, Position, Side, StanceChoice
from tests.factories import make_argument, make_debate, make_evidence, make_position, make_user

NODE_KEYS = {
    "id",
    "path",
    "stance",
    "claim",
    "author",
    "created_at",
    "rating",
    "evidence",
    "children",
}


def get_json(client, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, response.text
    assert response.content_type == "application/json"
    return response.json


def argued_position(app, status=DebateStatus.OPEN, **debate_overrides) -> dict:
    """Build a position with a small tree: 1 (with 1.1 and 1.1.1) and 2; return ids."""
    with app.app_context():
        debate = make_debate(title="Cameras in the city", **debate_overrides)
        position = make_position(debate, statement="Cameras make cities safer")
        alice = make_user(display_name="Alice Author")
        first = make_argument(position, alice, claim="Cameras deter theft")
        answer = make_argument(
            position, claim="Thieves wear hoods", side=Side.CON, parent=first
        )
        deeper = make_argument(
            position, claim="Gait recognition sees through hoods", side=Side.CON,
            parent=answer,
        )
        second = make_argument(position, claim="Cameras cost too much", side=Side.CON)
        make_evidence(
            first, title="Station theft figures", url="https://example.org/thefts", excerpt="-20%"
        )
        debate.status = status  # argued while open; it may be a draft or closed now
        db.session.commit()
        return {
            "debate": debate.id,
            "position": position.id,
            "owner": debate.owner_id,
            "first": first.id,
            "answer": answer.id,
            "deeper": deeper.id,
            "second": second.id,
        }


# Listing debates


def test_the_debate_list_shows_open_and_closed_debates_but_not_others_drafts(app, client, auth):
    with app.app_context():
        owner = make_user()
        make_debate(owner=owner, title="Open one")
        make_debate(owner=owner, title="Closed one", status=DebateStatus.CLOSED)
        make_debate(owner=owner, title="Someone's draft", status=DebateStatus.DRAFT)
        db.session.commit()
        owner_id = owner.id

    anonymous = get_json(client, "/api/v1/debates")
    auth.sign_in_new()
    stranger = get_json(client, "/api/v1/debates")
    auth.sign_out()
    auth.sign_in_as(owner_id)
    own = get_json(client, "/api/v1/debates")

    for listing in (anonymous, stranger):
        assert sorted(d["title"] for d in listing["debates"]) == ["Closed one", "Open one"]
    assert sorted(d["title"] for d in own["debates"]) == [
        "Closed one",
        "Open one",
        "Someone's draft",
    ]
    first = anonymous["debates"][0]
    assert {"id", "title", "question", "status", "created_at", "url"} <= set(first)
    assert anonymous["has_more"] is False


def test_the_debate_list_comes_a_page_at_a_time(app, client):
    with app.app_context():
        for number in range(3):
            make_debate(title=f"Debate {number}")
        db.session.commit()

    first = get_json(client, "/api/v1/debates?per_page=2")
    second = get_json(client, "/api/v1/debates?per_page=2&page=2")

    assert (len(first["debates"]), first["has_more"]) == (2, True)
    assert (len(second["debates"]), second["has_more"]) == (1, False)
    titles = [d["title"] for d in first["debates"] + second["debates"]]
    assert sorted(titles) == ["Debate 0", "Debate 1", "Debate 2"]


# One debate


def test_a_debate_comes_with_its_material_positions_and_anchors(app, client):
    ids = argued_position(app)

    debate = get_json(client, f"/api/v1/debates/{ids['debate']}")

    assert debate["id"] == ids["debate"]
    assert debate["title"] == "Cameras in the city"
    assert debate["status"] == "open"
    assert debate["material"]["title"].startswith("Material ")
    assert set(debate["material"]) >= {"id", "title", "author", "source_url", "published_on"}
    [position] = debate["positions"]
    assert position["id"] == ids["position"]
    assert position["statement"] == "Cameras make cities safer"
    assert position["anchors"] == [
        {"passage": 2, "kind": "paragraph", "quote": "Cameras in the city match faces against "}
    ]
    assert position["url"].endswith(f"/debates/{ids['debate']}/positions/{ids['position']}")


# One position and its tree


def test_a_position_comes_with_its_stance_tally_and_whole_nested_tree(app, client):
    ids = argued_position(app)
    with app.app_context():
        position = db.session.get(Position, ids["position"])
        for choice in ("for", "for", "against"):
            take_stance(position, make_user(), StanceChoice(choice))
        db.session.commit()

    data = get_json(client, f"/api/v1/positions/{ids['position']}")

    assert data["id"] == ids["position"]
    assert data["debate_id"] == ids["debate"]
    assert data["statement"] == "Cameras make cities safer"
    assert data["stances"] == {"for": 2, "against": 1, "undecided": 0}
    first, second = data["arguments"]
    assert (first["id"], first["path"], first["stance"]) == (ids["first"], "1", "pro")
    assert (second["id"], second["path"], second["stance"]) == (ids["second"], "2", "con")
    assert second["children"] == []
    [answer] = first["children"]
    assert (answer["id"], answer["path"], answer["claim"]) == (
        ids["answer"],
        "1.1",
        "Thieves wear hoods",
    )
    [deeper] = answer["children"]
    assert (deeper["path"], deeper["stance"], deeper["children"]) == ("1.1.1", "con", [])
    for node in (first, second, answer, deeper):
        assert set(node) >= NODE_KEYS
        assert set(node["rating"]) == {"mean", "count"}
        assert isinstance(node["evidence"], list)
        assert datetime.fromisoformat(node["created_at"].replace("Z", "+00:00"))
    assert first["claim"] == "Cameras deter theft"
    assert first["author"] == "Alice Author"
    assert [(e["title"], e["url"], e["kind"], e["excerpt"]) for e in first["evidence"]] == [
        ("Station theft figures", "https://example.org/thefts", "research", "-20%")
    ]
    assert answer["evidence"] == []


def test_the_tree_never_names_who_rated_or_stood_where(app, client):
    ids = argued_position(app)
    with app.app_context():
        voter = make_user(username="quietvoter", display_name="Quiet Voter")
        rate_argument(db.session.get(Argument, ids["first"]), voter, 4)
        take_stance(db.session.get(Position, ids["position"]), voter, StanceChoice.AGAINST)
        db.session.commit()

    text = client.get(f"/api/v1/positions/{ids['position']}").text

    assert "Quiet Voter" not in text
    assert "quietvoter" not in text


def test_ratings_are_null_for_a_caller_who_has_not_rated_them(app, client, auth):
    ids = argued_position(app)
    with app.app_context():
        for score in (4, 2):
            rate_argument(db.session.get(Argument, ids["first"]), make_user(), score)
        db.session.commit()

    anonymous = get_json(client, f"/api/v1/positions/{ids['position']}")
    auth.sign_in_new()
    before = get_json(client, f"/api/v1/positions/{ids['position']}")
    assert client.post(f"/arguments/{ids['first']}/rating", data={"score": "3"}).status_code == 303
    after = get_json(client, f"/api/v1/positions/{ids['position']}")

    assert anonymous["arguments"][0]["rating"] == {"mean": None, "count": None}
    assert before["arguments"][0]["rating"] == {"mean": None, "count": None}
    assert after["arguments"][0]["rating"] == {"mean": 3.0, "count": 3}
    assert after["arguments"][1]["rating"] == {"mean": None, "count": None}


def test_ratings_show_to_everyone_when_the_debate_does_not_hide_them(app, client):
    ids = argued_position(app, hide_tallies_until_rated=False)
    with app.app_context():
        for score in (4, 3):
            rate_argument(db.session.get(Argument, ids["first"]), make_user(), score)
        db.session.commit()

    data = get_json(client, f"/api/v1/positions/{ids['position']}")

    assert data["arguments"][0]["rating"] == {"mean": 3.5, "count": 2}
    assert data["arguments"][1]["rating"] == {"mean": None, "count": 0}


def test_tree_times_are_utc_to_the_second_with_a_z(app, client):
    ids = argued_position(app)
    with app.app_context():
        argument = db.session.get(Argument, ids["first"])
        argument.created_at = datetime(2025, 3, 4, 5, 6, 7, 891011)
        argument.edited_at = datetime(2025, 3, 5, 0, 0, 0, 999999)
        db.session.commit()

    first = get_json(client, f"/api/v1/positions/{ids['position']}")["arguments"][0]

    assert (first["created_at"], first["edited_at"]) == (
        "2025-03-04T05:06:07Z",
        "2025-03-05T00:00:00Z",
    )
    assert first["children"][0]["edited_at"] is None


def test_tree_text_outside_ascii_comes_back_as_written(app, client):
    ids = argued_position(app)
    claim = "Caméras à l’entrée — 監視カメラ 📷"
    with app.app_context():
        db.session.get(Argument, ids["second"]).claim = claim
        db.session.commit()

    response = client.get(f"/api/v1/positions/{ids['position']}")

    assert response.json["arguments"][1]["claim"] == claim
    assert response.mimetype == "application/json"


def test_the_cycle_collector_is_back_on_after_a_tree_is_served_or_refused(app, client):
    ids = argued_position(app)

    assert client.get(f"/api/v1/positions/{ids['position']}").status_code == 200
    assert gc.isenabled()
    assert client.get(f"/api/v1/arguments/{ids['first']}/children").status_code == 200
    assert gc.isenabled()
    assert client.get("/api/v1/positions/999999").status_code == 404
    assert gc.isenabled()


# Errors


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/api/v1/debates/999999", "Debate 999999 does not exist."),
        ("/api/v1/positions/999999", "Position 999999 does not exist."),
    ],
    ids=["debate", "position"],
)
def test_a_missing_debate_or_position_is_a_json_404_with_a_message(client, url, message):
    data = get_json(client, url, status=404)

    assert data == {"error": {"status": 404, "message": message}}


def test_someone_elses_draft_is_as_absent_as_a_missing_debate(app, client, auth):
    ids = argued_position(app, status=DebateStatus.DRAFT)

    anonymous = [
        get_json(client, f"/api/v1/debates/{ids['debate']}", status=404),
        get_json(client, f"/api/v1/positions/{ids['position']}", status=404),
    ]
    auth.sign_in_new()
    stranger = get_json(client, f"/api/v1/debates/{ids['debate']}", status=404)
    auth.sign_out()
    auth.sign_in_as(ids["owner"])
    own = get_json(client, f"/api/v1/debates/{ids['debate']}")

    assert anonymous[0]["error"]["message"] == f"Debate {ids['debate']} does not exist."
    assert anonymous[1]["error"]["message"] == f"Position {ids['position']} does not exist."
    assert stranger["error"]["message"] == f"Debate {ids['debate']} does not exist."
    assert "Cameras in the city" not in str([*anonymous, stranger])
    assert own["title"] == "Cameras in the city"


@pytest.mark.parametrize("path", ["/api/v1/xyz", "/api/v1/debates/not-a-number"])
def test_an_unknown_api_path_is_a_json_404(client, path):
    data = get_json(client, path, status=404)

    assert data["error"]["status"] == 404
    assert data["error"]["message"]
    assert "<html" not in str(data)


def test_the_api_refuses_writes_with_json(client):
    response = client.post("/api/v1/debates", data={"title": "New"})

    assert response.status_code == 405
    assert response.content_type == "application/json"
    assert response.json["error"]["status"] == 405


def test_api_answers_carry_the_json_type_and_no_html(app, client):
    ids = argued_position(app)

    for url in (
        "/api/v1/debates",
        f"/api/v1/debates/{ids['debate']}",
        f"/api/v1/positions/{ids['position']}",
    ):
        response = client.get(url)
        assert response.content_type == "application/json"
        assert not re.search(r"<\w+[^>]*>", response.text), url
