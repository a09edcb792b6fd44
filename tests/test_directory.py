"""Check the debate directory: topics kept by admins and set by owners, filters, sorts, pages,
and a fixed number of queries whatever the number of debates."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Argument, Debate, DebateStatus, Position, Rating, Topic, Visibility
from app.models.columns import utcnow
from tests.factories import make_argument, make_debate, make_material, make_position, make_user
from tests.worlds import client_of


def titles(client, query: str = "") -> list[str]:
    """Return the titles the directory lists, in order."""
    page = client.get(f"/debates{query}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    return [chunk.split("</a></h2>")[0].rpartition(">")[2]
            for chunk in html.split('<li class="card"')[1:]]


def add_topics(*names: str) -> list[int]:
    topics = [Topic(name=name) for name in names]
    db.session.add_all(topics)
    db.session.flush()
    return [topic.id for topic in topics]


def aged(debate: Debate, days: int) -> Debate:
    debate.created_at = utcnow() - timedelta(days=days)
    return debate


@pytest.fixture
def listed(app):
    """Four debates: of different ages, statuses, materials, topics and activity."""
    with app.app_context():
        transport, housing = add_topics("Transport", "Housing")
        library = make_material(title="City plan")
        old = aged(make_debate(title="Old but busy", material=library), 30)
        middle = aged(make_debate(title="Middle and crowded"), 20)
        aged(make_debate(title="New and quiet"), 1)
        closed = aged(make_debate(title="Closed one", material=library), 10)
        closed.status = DebateStatus.CLOSED
        old.topics = [db.session.get(Topic, transport)]
        closed.topics = [db.session.get(Topic, transport), db.session.get(Topic, housing)]
        # The old debate had an argument an hour ago; the middle one has three people.
        argument = make_argument(make_position(old), claim="Buses first")
        crowded = make_position(middle)
        for _ in range(3):
            make_argument(crowded, claim=f"Claim by someone {_}").created_at = (
                utcnow() - timedelta(days=15)
            )
        argument.created_at = utcnow() - timedelta(hours=1)
        db.session.commit()
        return {"transport": transport, "housing": housing, "material": library.id}


def test_the_directory_sorts_by_activity_by_default(client, listed):
    # An argument an hour ago; started a day ago; started 10 days ago; arguments 15 days ago.
    assert titles(client) == ["Old but busy", "New and quiet", "Closed one", "Middle and crowded"]


def test_a_vote_counts_as_activity(app, client, listed):
    with app.app_context():
        argument = db.session.scalar(
            select(Argument).join(Argument.position).join(Position.debate)
            .where(Debate.title == "Middle and crowded").limit(1)
        )
        rater = make_user()
        db.session.add(Rating(argument=argument, user_id=rater.id, score=3, updated_at=utcnow()))
        db.session.commit()
    assert titles(client)[0] == "Middle and crowded"


def test_the_directory_sorts_by_age_and_by_participants(client, listed):
    assert titles(client, "?sort=new") == [
        "New and quiet", "Closed one", "Middle and crowded", "Old but busy"]
    assert titles(client, "?sort=participants")[:2] == ["Middle and crowded", "Old but busy"]


def test_the_directory_filters_by_status_topic_and_material(client, listed):
    assert titles(client, "?status=closed") == ["Closed one"]
    assert "Closed one" not in titles(client, "?status=open")
    assert titles(client, f"?topic={listed['transport']}") == ["Old but busy", "Closed one"]
    assert titles(client, f"?topic={listed['housing']}&status=open") == []
    assert titles(client, f"?material={listed['material']}&sort=new") == [
        "Closed one", "Old but busy"]


def test_odd_filters_are_ignored_not_refused(client, listed):
    for query in ("?status=deleted", "?sort=random", "?topic=abc", "?material=-1",
                  "?page=0", "?page=99999999999", "?topic=2147483647"):
        assert client.get(f"/debates{query}").status_code == 200


def test_the_directory_hides_drafts_and_debates_one_may_not_find(app, listed):
    with app.app_context():
        make_debate(title="A draft", status=DebateStatus.DRAFT)
        make_debate(title="Members only", visibility=Visibility.MEMBERS)
        make_debate(title="Unlisted", visibility=Visibility.UNLISTED)
        db.session.commit()
    shown = titles(client_of(app))
    assert not {"A draft", "Members only", "Unlisted"} & set(shown)


def test_the_directory_is_paged(app, client):
    with app.app_context():
        for number in range(23):
            aged(make_debate(title=f"Debate number {number}"), number)
        db.session.commit()
    first = titles(client, "?sort=new")
    second = titles(client, "?sort=new&page=2")
    assert len(first) == 20 and len(second) == 3
    assert first[0] == "Debate number 0" and second[-1] == "Debate number 22"
    assert 'rel="next"' in client.get("/debates?sort=new").get_data(as_text=True)


@pytest.mark.parametrize("query", ["", "?sort=new", "?sort=participants", "?status=open&topic=1"])
def test_the_directory_costs_the_same_queries_for_few_or_many_debates(
    app, client, count_queries, query
):
    with app.app_context():
        topic = add_topics("Everything")[0]
        for _ in range(2):
            make_debate().topics = [db.session.get(Topic, topic)]
        db.session.commit()
    few = count_queries(lambda: client.get(f"/debates{query}"))
    with app.app_context():
        material = make_material()
        for number in range(40):
            debate = make_debate(material=material)
            debate.topics = [db.session.get(Topic, topic)]
            if number % 4 == 0:
                make_argument(make_position(debate))
        db.session.commit()
    assert count_queries(lambda: client.get(f"/debates{query}")) == few


def test_material_pages_list_their_debates_and_link_to_the_directory(client, listed):
    page = client.get(f"/materials/{listed['material']}").get_data(as_text=True)
    assert "Old but busy" in page and "Closed one" in page
    assert f'href="/debates?material={listed["material"]}"' in page


# Topics: the admins' list, the owner's choice.


def test_an_admin_adds_and_removes_topics(app, client, auth):
    auth.sign_in_new(is_admin=True)
    assert client.post("/topics", data={"name": "  Public   health "}).status_code == 303
    page = client.get("/topics").get_data(as_text=True)
    assert "Public health" in page
    again = client.post("/topics", data={"name": "PUBLIC HEALTH"})
    assert again.status_code == 422
    assert "“Public health” is already a topic." in again.get_data(as_text=True)
    empty = client.post("/topics", data={"name": "   "})
    assert empty.status_code == 422 and "Name the topic." in empty.get_data(as_text=True)
    long = client.post("/topics", data={"name": "x" * 61})
    assert long.status_code == 422
    with app.app_context():
        topic_id = db.session.scalar(select(Topic.id))
    assert client.post(f"/topics/{topic_id}/delete").status_code == 303
    after = client.get("/topics").get_data(as_text=True)
    assert "Removed the topic “Public health”." in after
    assert "No topics yet." in after and 'id="topic-' not in after
    assert client.post("/topics/2147483647/delete").status_code == 404


def test_people_who_are_not_admins_cannot_change_topics(app, client, auth):
    auth.sign_in_new()
    refused = client.post("/topics", data={"name": "Sneaky"})
    assert refused.status_code == 403
    assert client.get("/topics").status_code == 403
    with app.app_context():
        assert db.session.scalar(select(Topic.id)) is None


def test_the_owner_files_the_debate_under_topics(app, client, auth):
    with app.app_context():
        ids = add_topics("Transport", "Housing", "Parks", "Water", "Schools", "Power")
        owner = make_user()
        debate = make_debate(owner=owner, title="Files itself")
        db.session.commit()
        owner_id, debate_id = owner.id, debate.id
    auth.sign_in_as(owner_id)
    form = client.get(f"/debates/{debate_id}/topics").get_data(as_text=True)
    assert "Transport" in form and 'type="checkbox"' in form
    assert client.post(f"/debates/{debate_id}/topics",
                       data={"topics": [str(ids[0]), str(ids[2])]}).status_code == 303
    shown = client.get(f"/debates/{debate_id}").get_data(as_text=True)
    assert f'href="/debates?topic={ids[0]}">Transport</a>' in shown
    assert titles(client, f"?topic={ids[2]}") == ["Files itself"]
    too_many = client.post(f"/debates/{debate_id}/topics",
                           data={"topics": [str(each) for each in ids]})
    assert too_many.status_code == 422
    assert "Choose at most 5 topics." in too_many.get_data(as_text=True)
    unknown = client.post(f"/debates/{debate_id}/topics", data={"topics": ["999999"]})
    assert unknown.status_code == 422
    assert client.post(f"/debates/{debate_id}/topics", data={"topics": ["x"]}).status_code == 422
    assert client.post(f"/debates/{debate_id}/topics", data={}).status_code == 303
    assert titles(client, f"?topic={ids[0]}") == []
