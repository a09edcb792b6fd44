"""Check that reading a position, an argument or the API costs the same queries at any size."""

import random
from dataclasses import dataclass

import pytest
from sqlalchemy import delete, func, insert, select, update

from app.api.paging import encode_cursor
from app.arguments.services import attach_evidence, post_argument
from app.extensions import db
from app.models import (
    Argument,
    Evidence,
    EvidenceKind,
    Position,
    PositionAnchor,
    Side,
    User,
)
from tests.benchmarks.bulk import insert_debate_data
from tests.factories import make_debate, make_user
from tests.pages import walk_api_tree

SMALL, LARGE = 10, 1000
# Enough people that the large tree has more authors than SQLAlchemy puts in one "IN" list
# (500), so that chunked eager loads show up.
LARGE_CROWD = 1000
SMALL_CROWD = 8
# Each tree ends with two replies posted through the service under its focus argument.
REPLIES = 2


@dataclass(frozen=True)
class Tree:
    """One position's tree and the argument whose page and replies are read."""

    debate_id: int
    position_id: int
    focus_id: int
    argument_ids: frozenset[int]
    # The cursor that starts the page after the focus argument's first reply.
    after_first_reply: str

    def urls(self) -> dict[str, tuple[str, dict]]:
        page = f"/debates/{self.debate_id}/positions/{self.position_id}"
        return {
            "position page": (page, {}),
            "position page, strongest": (f"{page}?sort=strongest", {}),
            "position page, newest": (f"{page}?sort=newest", {}),
            "position page, most discussed": (f"{page}?sort=discussed", {}),
            "position page, needs evidence": (f"{page}?filter=needs-evidence", {}),
            "replies fragment": (
                f"/arguments/{self.focus_id}/replies",
                {"headers": {"HX-Request": "true"}},
            ),
            "argument page": (f"/arguments/{self.focus_id}", {}),
            "position API": (f"/api/v1/positions/{self.position_id}", {}),
            "position API, depth 1": (f"/api/v1/positions/{self.position_id}?depth=1", {}),
            "position API, depth 3": (f"/api/v1/positions/{self.position_id}?depth=3", {}),
            "replies API": (f"/api/v1/arguments/{self.focus_id}/children?depth=3", {}),
            "replies API, a later page": (
                f"/api/v1/arguments/{self.focus_id}/children?limit=1"
                f"&after={self.after_first_reply}",
                {},
            ),
        }


def make_crowd(count: int, prefix: str) -> list[int]:
    """Insert people who never sign in, in one statement, and return their ids."""
    rows = [
        {"username": f"{prefix}{n}", "display_name": f"{prefix.title()} {n}", "password_hash": "!"}
        for n in range(count)
    ]
    return list(db.session.scalars(insert(User).returning(User.id, sort_by_parameter_order=True),
                                   rows))


def build_tree(debate, reader: User, crowd: list[int], size: int, seed: int) -> Tree:
    """Raise a position holding `size` arguments up to five deep, rated, cited and voted on.

    Whatever the random shape, the pieces that decide which rows a page loads lazily are set
    the same in every tree: the position's author argues nowhere, the reader wrote only the
    focus argument (at depth 3, citing one web page and one passage), and that argument has
    replies on both sides.
    """
    passages = debate.material.passages
    position = Position(
        debate=debate,
        author=debate.owner,
        statement=f"Position of {size}",
        anchors=[PositionAnchor(passage=passages[1], quote="Cameras in the city")],
    )
    db.session.add(position)
    db.session.flush()
    passages = [passage.id for passage in passages]
    tree = insert_debate_data(
        position.id,
        [reader.id, *crowd],
        # Evidence never cites the anchor's passage, which the page and the API load apart.
        [passages[0], *passages[2:]],
        size=size - REPLIES,
        max_depth=5,
        ratings=3 * size,
        rng=random.Random(seed),
    )
    top, focus_id = tree.argument_ids[0], tree.argument_ids[2]
    db.session.execute(
        update(Argument)
        .where(Argument.position_id == position.id, Argument.author_id == reader.id)
        .values(author_id=crowd[0])
    )
    db.session.execute(
        update(Argument)
        .where(Argument.id.in_([top, focus_id]))
        .values(withdrawn_at=None)
    )
    db.session.execute(update(Argument).where(Argument.id == focus_id).values(author_id=reader.id))
    db.session.execute(delete(Evidence).where(Evidence.argument_id.in_([top, focus_id])))
    db.session.execute(
        insert(Evidence),
        [
            {"argument_id": focus_id, "kind": EvidenceKind.NEWS, "title": "A report",
             "url": "https://example.org/report"},
            {"argument_id": focus_id, "kind": EvidenceKind.RESEARCH, "title": "Passage 3",
             "passage_id": passages[2]},
        ],
    )
    db.session.expire_all()
    focus = db.session.get(Argument, focus_id)
    author = db.session.get(User, crowd[1])
    for stance, claim in ((Side.PRO, "Records show it worked in Shenzhen"),
                          (Side.CON, "Nobody audited those records")):
        post_argument(position, author, stance, claim, parent=focus, allow_similar=True)
    ids = db.session.scalars(select(Argument.id).where(Argument.position_id == position.id))
    first_reply = db.session.scalar(
        select(func.min(Argument.path)).where(Argument.parent_id == focus_id)
    )
    return Tree(debate.id, position.id, focus_id, frozenset(ids), encode_cursor(first_reply))


@pytest.fixture
def trees(app):
    """Build a small and a large tree in one debate, commit them, and name the reader."""
    with app.app_context():
        owner = make_user(display_name="Debate owner")
        reader = make_user()
        debate = make_debate(owner=owner)
        small = build_tree(debate, reader, make_crowd(SMALL_CROWD, "few"), SMALL, seed=1)
        large = build_tree(debate, reader, make_crowd(LARGE_CROWD, "many"), LARGE, seed=2)
        db.session.commit()
        username = reader.username
    return {SMALL: small, LARGE: large}, username


def queries_per_page(client, count_queries, tree: Tree) -> dict[str, int]:
    """Request every page of the tree once to warm up, then count each one's queries."""
    counts = {}
    for name, (url, options) in tree.urls().items():
        assert client.get(url, **options).status_code == 200, name
        statuses = []

        def read(url=url, options=options, statuses=statuses):
            statuses.append(client.get(url, **options).status_code)

        counts[name] = count_queries(read)
        assert statuses == [200], name
    return counts


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_pages_issue_as_many_queries_for_1000_arguments_as_for_10(
    app, client, auth, count_queries, trees, signed_in
):
    by_size, username = trees
    if signed_in:
        assert auth.sign_in(username).status_code == 303
    small = queries_per_page(client, count_queries, by_size[SMALL])
    large = queries_per_page(client, count_queries, by_size[LARGE])
    assert large == small
    assert all(count > 0 for count in small.values())


def test_large_position_page_pages_its_columns(client, trees):
    by_size, _ = trees
    tree = by_size[LARGE]
    html = client.get(tree.urls()["position page"][0]).get_data(as_text=True)
    assert html.count('class="argument ') >= 40
    assert html.count("Show more") == 2


def test_position_api_returns_every_argument_of_a_large_tree(client, trees):
    by_size, _ = trees
    tree = by_size[LARGE]
    response = client.get(f"/api/v1/positions/{tree.position_id}")
    assert response.status_code == 200
    seen, depths = [], set()
    stack = [(node, 1) for node in response.get_json()["arguments"]]
    while stack:
        node, depth = stack.pop()
        seen.append(node["id"])
        depths.add(depth)
        stack.extend((child, depth + 1) for child in node["children"])
    assert len(seen) == LARGE
    assert set(seen) == tree.argument_ids
    assert depths == {1, 2, 3, 4, 5}


@pytest.mark.parametrize(("depth", "limit"), [(1, 7), (2, 3)])
def test_walking_the_paged_api_tree_meets_every_argument_of_a_large_tree_once(
    client, trees, depth, limit
):
    by_size, _ = trees
    tree = by_size[LARGE]

    walked = walk_api_tree(client, f"/api/v1/positions/{tree.position_id}?depth={depth}", limit)

    assert len(walked) == LARGE
    assert set(walked) == tree.argument_ids


def test_each_page_of_a_walk_costs_the_same_queries_in_a_small_and_a_large_tree(
    client, count_queries, trees
):
    """Walk the replies of the argument with the most replies in each tree, two at a time."""
    by_size, _ = trees
    costs = {}
    for size, tree in by_size.items():
        with client.application.app_context():
            busiest = db.session.execute(
                select(Argument.parent_id, func.count())
                .where(Argument.position_id == tree.position_id, Argument.parent_id.is_not(None))
                .group_by(Argument.parent_id)
                .order_by(func.count().desc(), Argument.parent_id)
                .limit(1)
            ).one()
        url, pages = f"/api/v1/arguments/{busiest.parent_id}/children?depth=2&limit=2", []
        while url:
            responses = []
            pages.append(count_queries(lambda url=url, got=responses: got.append(client.get(url))))
            [response] = responses
            assert response.status_code == 200
            url = response.json["next_url"]
        assert len(pages) == -(-busiest.count // 2) > 1
        costs[size] = set(pages)
    assert costs[SMALL] == costs[LARGE]
    assert len(costs[LARGE]) == 1


@pytest.fixture
def sourced(app):
    """Raise one position from one passage and one from three, each argued by a claim citing
    as many passages; return the URLs to read for each count."""
    urls = {}
    with app.app_context():
        owner, author = make_user(), make_user()
        debate = make_debate(owner=owner)
        passages = debate.material.passages
        for count in (1, 3):
            position = Position(
                debate=debate,
                author=owner,
                statement=f"Raised from {count} passages",
                anchors=[
                    PositionAnchor(passage=passage, quote=passage.text[:20])
                    for passage in passages[:count]
                ],
            )
            db.session.add(position)
            db.session.flush()
            argument = post_argument(position, author, Side.PRO, f"Backed by {count} passages")
            for passage in passages[:count]:
                attach_evidence(argument, author, EvidenceKind.RESEARCH, "", passage=passage)
            urls[count] = {
                "position page": f"/debates/{debate.id}/positions/{position.id}",
                "argument page": f"/arguments/{argument.id}",
                "position API": f"/api/v1/positions/{position.id}",
            }
        db.session.commit()
    return urls


@pytest.mark.parametrize("view", ["position page", "argument page", "position API"])
def test_pages_issue_as_many_queries_for_three_anchors_and_sources_as_for_one(
    client, count_queries, sourced, view
):
    counts = {}
    for count, urls in sourced.items():
        assert client.get(urls[view]).status_code == 200
        counts[count] = count_queries(lambda url=urls[view]: client.get(url))
    assert counts[3] == counts[1]
