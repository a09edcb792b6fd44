"""Check the Atom feeds: what they carry, that only public debates have them, that nothing
unshown leaks into them, and that the pages point to them."""

import pytest
from lxml import etree

from app.debates.services import close_debate
from app.extensions import db
from app.models import Debate, DebateStatus, Visibility
from tests.factories import make_argument, make_debate, make_position
from tests.test_leaks import SECRETS, build_world
from tests.worlds import client_of

NS = {"atom": "http://www.w3.org/2005/Atom"}
FEED_LINK = '<link rel="alternate" type="application/atom+xml"'


def entries(response) -> list[dict]:
    """Parse an Atom answer into its entries' titles, links and contents."""
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    root = etree.fromstring(response.data)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    return [
        {
            "title": entry.findtext("atom:title", namespaces=NS),
            "link": entry.find("atom:link", NS).get("href"),
            "content": entry.findtext("atom:content", namespaces=NS) or "",
            "summary": entry.findtext("atom:summary", namespaces=NS) or "",
        }
        for entry in root.findall("atom:entry", NS)
    ]


@pytest.fixture
def debate(app):
    with app.app_context():
        debate = make_debate(title="Night buses")
        first = make_position(debate, statement="Buses should run all night")
        second = make_position(debate, statement="Trams are better")
        make_argument(first, claim="Night workers need them", body="Nurses & <cleaners>.")
        make_argument(second, claim="Trams are quieter")
        db.session.commit()
        return {"debate": debate.id, "first": first.id, "second": second.id}


def test_a_debate_feed_lists_its_newest_arguments(client, debate):
    found = entries(client.get(f"/debates/{debate['debate']}/feed.atom"))
    assert [entry["title"] for entry in found] == ["Trams are quieter", "Night workers need them"]
    assert found[1]["content"] == "Nurses & <cleaners>."
    assert found[1]["summary"] == "For · Buses should run all night"
    assert found[1]["link"].startswith("http://localhost/arguments/")


def test_a_position_feed_lists_only_its_arguments(client, debate):
    url = f"/debates/{debate['debate']}/positions/{debate['first']}/feed.atom"
    assert [entry["title"] for entry in entries(client.get(url))] == ["Night workers need them"]


def test_feeds_carry_the_conclusion_once_closed(app, client, debate):
    with app.app_context():
        closing = db.session.get(Debate, debate["debate"])
        close_debate(closing, closing.owner, "Run buses **all night**.")
        db.session.commit()
    for url in (f"/debates/{debate['debate']}/feed.atom",
                f"/debates/{debate['debate']}/positions/{debate['first']}/feed.atom"):
        first = entries(client.get(url))[0]
        assert first["title"] == "Conclusion: Night buses"
        assert first["content"] == "Run buses **all night**."


@pytest.mark.parametrize(
    "settings",
    [{"visibility": Visibility.MEMBERS}, {"visibility": Visibility.UNLISTED},
     {"status": DebateStatus.DRAFT}],
)
def test_only_public_debates_have_feeds(app, debate, settings):
    with app.app_context():
        changed = db.session.get(Debate, debate["debate"])
        for name, value in settings.items():
            setattr(changed, name, value)
        owner_id = changed.owner_id
        db.session.commit()
    # Not even for the owner, who may read the debate: a feed is read by machines, anywhere.
    for client in (client_of(app), client_of(app, owner_id)):
        assert client.get(f"/debates/{debate['debate']}/feed.atom").status_code == 404
        position_feed = f"/debates/{debate['debate']}/positions/{debate['first']}/feed.atom"
        assert client.get(position_feed).status_code == 404
    page = client_of(app, owner_id).get(f"/debates/{debate['debate']}").get_data(as_text=True)
    assert FEED_LINK not in page


def test_feeds_of_missing_things_answer_404(client, debate):
    assert client.get("/debates/2147483647/feed.atom").status_code == 404
    missing = f"/debates/{debate['debate']}/positions/2147483647/feed.atom"
    assert client.get(missing).status_code == 404


@pytest.mark.parametrize("who", [None, "author", "moderator"])
def test_feeds_never_carry_unshown_contributions(app, who):
    ids = build_world(app)
    client = client_of(app, ids[who] if who else None)
    for url in (f"/debates/{ids['debate']}/feed.atom",
                f"/debates/{ids['debate']}/positions/{ids['position']}/feed.atom"):
        response = client.get(url)
        text = response.get_data(as_text=True).lower()
        assert [word for word in SECRETS if word in text] == []
        titles = {entry["title"] for entry in entries(response)}
        assert titles == {"Cameras deter pickpockets at stations",
                          "Station thefts fell after the cameras went up",
                          "Crime simply moves to streets without cameras"}


def test_debate_and_position_pages_point_to_their_feeds(client, debate):
    page = client.get(f"/debates/{debate['debate']}").get_data(as_text=True)
    feed = f'/debates/{debate["debate"]}/feed.atom'
    assert f'{FEED_LINK} title="New arguments in Night buses" href="{feed}">' in page
    position = client.get(f"/debates/{debate['debate']}/positions/{debate['first']}")
    assert (f'href="/debates/{debate["debate"]}/positions/{debate["first"]}/feed.atom"'
            in position.get_data(as_text=True))
