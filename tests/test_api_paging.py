"""Check the paged form of the API tree: a position cut at a depth, and an argument's replies a
page at a time, walked with a cursor, under the same visibility rules as the pages."""

import pytest

from app.extensions import db
from app.models import Argument, DebateStatus, ModerationState, Side, Visibility
from tests.factories import make_argument, make_debate, make_position
from tests.pages import walk_api_tree
from tests.test_api import argued_position, get_json
from tests.test_leaks import SECRETS, build_world, leaked
from tests.worlds import sign_in_as


def ids_in(nodes: list[dict]) -> list[int]:
    """List every id of an API tree, depth first."""
    found = []
    for node in nodes:
        found.append(node["id"])
        found.extend(ids_in(node["children"]))
    return found


def deepest(nodes: list[dict]) -> int:
    """Count the levels of an API tree."""
    return max((1 + deepest(node["children"]) for node in nodes), default=0)


def replies_under(app, count: int) -> dict:
    """Build an argument with `count` replies (the first with a reply of its own); return ids."""
    with app.app_context():
        debate = make_debate()
        position = make_position(debate)
        top = make_argument(position, claim="Cameras deter theft")
        replies = [
            make_argument(position, parent=top, side=Side.CON, claim=f"Reply number {n}")
            for n in range(1, count + 1)
        ]
        deeper = make_argument(position, parent=replies[0], claim="A reply to the first reply")
        db.session.commit()
        return {
            "debate": debate.id,
            "position": position.id,
            "owner": debate.owner_id,
            "top": top.id,
            "replies": [reply.id for reply in replies],
            "deeper": deeper.id,
        }


def children_url(argument_id: int, **query) -> str:
    params = "&".join(f"{name}={value}" for name, value in query.items())
    return f"/api/v1/arguments/{argument_id}/children?{params}"


# A position cut at a depth


def test_a_position_cut_at_depth_one_gives_its_top_arguments_and_links_to_the_rest(app, client):
    ids = argued_position(app)

    data = get_json(client, f"/api/v1/positions/{ids['position']}?depth=1")

    first, second = data["arguments"]
    assert data["depth"] == 1
    assert (first["id"], first["children"], first["more_children"]) == (ids["first"], [], True)
    assert first["children_url"].endswith(f"/api/v1/arguments/{ids['first']}/children?depth=1")
    assert (second["id"], second["children"], second["more_children"]) == (ids["second"], [], False)
    assert second["children_url"] is None


def test_a_deeper_cut_nests_down_to_it_and_marks_only_the_nodes_at_the_cut(app, client):
    ids = argued_position(app)

    two = get_json(client, f"/api/v1/positions/{ids['position']}?depth=2")["arguments"]
    three = get_json(client, f"/api/v1/positions/{ids['position']}?depth=3")["arguments"]

    [answer] = two[0]["children"]
    assert (two[0]["more_children"], two[0]["children_url"]) == (False, None)
    assert (answer["id"], answer["children"], answer["more_children"]) == (ids["answer"], [], True)
    assert answer["children_url"].endswith(f"/arguments/{ids['answer']}/children?depth=2")
    assert ids_in(three) == [ids["first"], ids["answer"], ids["deeper"], ids["second"]]
    assert not any(node["more_children"] for node in (three[0], three[1]))


def test_without_a_depth_the_tree_is_whole_and_carries_no_paging_keys(app, client):
    ids = argued_position(app)

    data = get_json(client, f"/api/v1/positions/{ids['position']}")

    assert "depth" not in data
    assert ids_in(data["arguments"]) == [ids["first"], ids["answer"], ids["deeper"], ids["second"]]
    stack = list(data["arguments"])
    while stack:
        node = stack.pop()
        assert "more_children" not in node and "children_url" not in node
        stack.extend(node["children"])


def test_a_cut_node_whose_replies_are_all_hidden_announces_none_but_to_a_moderator(
    app, client, auth
):
    w = build_world(app)
    with app.app_context():
        only_hidden = make_argument(
            db.session.get(Argument, w["shown"]).position, claim="Only hidden replies under me"
        )
        hidden = make_argument(only_hidden.position, parent=only_hidden, claim="Hidden reply")
        hidden.moderation = ModerationState.HIDDEN
        db.session.commit()
        only_hidden_id = only_hidden.id
    url = f"/api/v1/positions/{w['position']}?depth=1"

    anonymous = {node["id"]: node for node in get_json(client, url)["arguments"]}
    sign_in_as(app, auth, w, "moderator")
    moderator = {node["id"]: node for node in get_json(client, url)["arguments"]}

    assert anonymous[only_hidden_id]["more_children"] is False
    assert anonymous[w["shown"]]["more_children"] is True
    assert moderator[only_hidden_id]["more_children"] is True
    assert moderator[w["hidden_top"]]["more_children"] is True


# An argument's replies, a page at a time


def test_replies_come_a_page_at_a_time_in_tree_order_until_no_next_page(app, client):
    ids = replies_under(app, 5)

    first = get_json(client, children_url(ids["top"], limit=2))
    second = get_json(client, first["next_url"])
    third = get_json(client, second["next_url"])

    assert [node["id"] for node in first["children"]] == ids["replies"][:2]
    assert [node["id"] for node in second["children"]] == ids["replies"][2:4]
    assert [node["id"] for node in third["children"]] == ids["replies"][4:]
    assert [node["path"] for node in first["children"]] == ["1.1", "1.2"]
    assert (first["argument_id"], first["depth"], first["limit"]) == (ids["top"], 1, 2)
    assert first["next"] and first["next_url"].endswith(f"after={first['next']}")
    assert (third["next"], third["next_url"]) == (None, None)
    # The cursor is a token, not the path it stands for.
    assert "." not in first["next"]


def test_replies_come_with_their_own_replies_to_the_depth_asked(app, client):
    ids = replies_under(app, 3)

    one = get_json(client, children_url(ids["top"]))
    two = get_json(client, children_url(ids["top"], depth=2))

    assert one["children"][0]["children"] == []
    assert one["children"][0]["more_children"] is True
    assert one["children"][0]["children_url"].endswith(
        f"/arguments/{ids['replies'][0]}/children?depth=1"
    )
    assert [node["id"] for node in two["children"][0]["children"]] == [ids["deeper"]]
    assert two["children"][0]["more_children"] is False
    assert deepest(two["children"]) == 2
    assert one["limit"] == 50


def test_an_argument_without_replies_gives_an_empty_last_page(app, client):
    ids = replies_under(app, 1)

    data = get_json(client, children_url(ids["deeper"], depth=3))

    assert (data["children"], data["next"], data["next_url"]) == ([], None, None)


def test_a_reply_posted_during_a_walk_is_met_once_and_nothing_repeats(app, client):
    ids = replies_under(app, 4)

    first = get_json(client, children_url(ids["top"], limit=3))
    with app.app_context():
        top = db.session.get(Argument, ids["top"])
        late = make_argument(top.position, parent=top, claim="A late reply").id
        db.session.commit()
    second = get_json(client, first["next_url"])

    met = [node["id"] for page in (first, second) for node in page["children"]]
    assert met == [*ids["replies"], late]
    assert second["next"] is None


def test_a_page_of_two_hundred_replies_is_allowed(app, client):
    ids = replies_under(app, 3)

    data = get_json(client, children_url(ids["top"], limit=200))

    assert [node["id"] for node in data["children"]] == ids["replies"]


# Every node once, never a hidden one


@pytest.mark.parametrize("reader", ["anonymous", "participant", "author", "moderator"])
@pytest.mark.parametrize(("depth", "limit"), [(1, 1), (2, 2), (3, 50)])
def test_walking_the_paged_tree_meets_what_the_whole_tree_shows_each_once(
    app, client, auth, reader, depth, limit
):
    w = build_world(app)
    sign_in_as(app, auth, w, reader)
    whole = ids_in(get_json(client, f"/api/v1/positions/{w['position']}")["arguments"])

    walked = walk_api_tree(client, f"/api/v1/positions/{w['position']}?depth={depth}", limit)

    assert walked == whole
    if reader == "moderator":
        assert {w["hidden_top"], w["orphan"], w["grandchild"], w["rejected"]} <= set(walked)
    else:
        assert not {w["hidden_top"], w["orphan"], w["grandchild"]} & set(walked)


@pytest.mark.parametrize("reader", ["anonymous", "participant"])
def test_no_page_of_replies_shows_unshown_content_to_other_readers(app, client, auth, reader):
    w = build_world(app)
    sign_in_as(app, auth, w, reader)

    texts = [
        client.get(f"/api/v1/positions/{w['position']}?depth={depth}").text for depth in (1, 2, 3)
    ] + [client.get(children_url(w["shown"], depth=3, limit=1)).text]

    assert all(not leaked(text) for text in texts), SECRETS


@pytest.mark.parametrize("target", ["hidden_top", "orphan", "grandchild", "pending_top"])
def test_the_replies_of_unshown_content_or_under_it_are_as_absent_as_a_missing_argument(
    app, client, target
):
    w = build_world(app)

    data = get_json(client, children_url(w[target]), status=404)
    missing = get_json(client, children_url(999999), status=404)

    assert data == {"error": {"status": 404, "message": f"Argument {w[target]} does not exist."}}
    assert missing["error"]["message"] == "Argument 999999 does not exist."


def test_the_replies_in_someone_elses_draft_are_not_found(app, client, auth):
    ids = argued_position(app, status=DebateStatus.DRAFT)

    anonymous = get_json(client, children_url(ids["first"]), status=404)
    auth.sign_in_as(ids["owner"])
    own = get_json(client, children_url(ids["first"]))

    assert anonymous["error"]["message"] == f"Argument {ids['first']} does not exist."
    assert [node["id"] for node in own["children"]] == [ids["answer"]]


# Bad parameters


BAD_DEPTHS = ["0", "-1", "61", "", "two", "1.5", "+2", " 2", "٣", "99999999999999999999"]


@pytest.mark.parametrize("value", BAD_DEPTHS)
def test_a_bad_depth_is_refused_with_a_json_400_that_says_why(app, client, value):
    ids = argued_position(app)

    for url in (
        f"/api/v1/positions/{ids['position']}?depth={value}",
        children_url(ids["first"], depth=value),
    ):
        data = get_json(client, url, status=400)
        assert data == {
            "error": {"status": 400, "message": "depth must be a whole number from 1 to 60."}
        }


@pytest.mark.parametrize("value", ["0", "201", "-5", "", "all", "10.0"])
def test_a_bad_limit_is_refused_with_a_json_400_that_says_why(app, client, value):
    ids = argued_position(app)

    data = get_json(client, children_url(ids["first"], limit=value), status=400)

    assert data["error"] == {
        "status": 400,
        "message": "limit must be a whole number from 1 to 200.",
    }


def test_a_garbled_cursor_or_one_from_another_argument_is_refused(app, client):
    ids = replies_under(app, 3)
    other = get_json(client, children_url(ids["replies"][0], limit=1))
    with app.app_context():
        grandchild = make_argument(
            db.session.get(Argument, ids["deeper"]).position,
            parent=db.session.get(Argument, ids["replies"][0]),
            claim="Another reply to the first reply",
        )
        db.session.commit()
        assert grandchild.id
    foreign = get_json(client, children_url(ids["replies"][0], limit=1))["next"]
    assert other["next"] is None and foreign

    for token in ("not-a-cursor", "MDAwMDE", "!!!", "é", "%C3%A9", foreign, ""):
        data = get_json(client, children_url(ids["top"], after=token), status=400)
        assert data["error"]["message"] == (
            "after must be a cursor given by a page of this argument's replies."
        )


def test_an_unknown_argument_is_a_404_before_its_parameters_are_read(client):
    data = get_json(client, children_url(999999, depth="x", limit="y", after="z"), status=404)

    assert data["error"]["message"] == "Argument 999999 does not exist."


def test_a_members_only_debates_replies_are_not_found_by_a_stranger(app, client, auth):
    ids = argued_position(app)
    with app.app_context():
        db.session.get(Argument, ids["first"]).position.debate.visibility = Visibility.MEMBERS
        db.session.commit()

    anonymous = get_json(client, children_url(ids["first"]), status=404)
    auth.sign_in_new()
    stranger = get_json(client, children_url(ids["first"]), status=404)

    for data in (anonymous, stranger):
        assert data["error"]["message"] == f"Argument {ids['first']} does not exist."
