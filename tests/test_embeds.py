"""Check embedding a position: the compact view, who may frame what, the snippet and oEmbed."""

import pytest

from app.extensions import db
from app.models import (
    Debate,
    DebateStatus,
    ModerationState,
    PositionStance,
    Side,
    StanceChoice,
    Visibility,
)
from tests.factories import make_argument, make_debate, make_position, make_user

ALL_FRAMES = "frame-ancestors *"
NO_FRAMES = "frame-ancestors 'none'"


@pytest.fixture
def embedded(app):
    with app.app_context():
        debate = make_debate(title="Night buses", hide_tallies_until_rated=False)
        position = make_position(debate, statement="Buses should run <all> night")
        make_argument(position, claim="Night workers need them")
        make_argument(position, claim="Hidden spite", side=Side.CON).moderation = (
            ModerationState.HIDDEN
        )
        make_argument(position, claim="Too costly for few riders", side=Side.CON)
        for choice in (StanceChoice.FOR, StanceChoice.FOR, StanceChoice.AGAINST):
            voter = make_user()
            db.session.add(PositionStance(position_id=position.id, user_id=voter.id,
                                          stance=choice))
        db.session.commit()
        return {"debate": debate.id, "position": position.id}


def test_the_embed_shows_a_compact_summary_that_any_site_may_frame(client, embedded):
    response = client.get(f"/embed/positions/{embedded['position']}")
    assert response.status_code == 200
    assert ALL_FRAMES in response.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers
    html = response.get_data(as_text=True)
    assert "Buses should run &lt;all&gt; night" in html
    assert "Night workers need them" in html and "Too costly for few riders" in html
    assert "Hidden spite" not in html
    assert "For <strong>2</strong>" in html and "Against <strong>1</strong>" in html
    assert f'href="http://localhost/debates/{embedded["debate"]}/positions/' in html
    assert "<script" not in html


def test_every_other_page_refuses_to_be_framed(client, embedded):
    for url in ("/", f"/debates/{embedded['debate']}",
                f"/debates/{embedded['debate']}/positions/{embedded['position']}",
                "/search?q=buses", "/embed/positions/2147483647"):
        response = client.get(url)
        assert NO_FRAMES in response.headers["Content-Security-Policy"], url
        assert response.headers["X-Frame-Options"] == "DENY"


def test_stance_counts_stay_hidden_where_tallies_wait_for_a_rating(app, client, embedded):
    with app.app_context():
        db.session.get(Debate, embedded["debate"]).hide_tallies_until_rated = True
        db.session.commit()
    html = client.get(f"/embed/positions/{embedded['position']}").get_data(as_text=True)
    assert "<strong>2</strong>" not in html and "Night workers need them" in html


@pytest.mark.parametrize(
    "settings",
    [{"visibility": Visibility.MEMBERS}, {"visibility": Visibility.UNLISTED},
     {"status": DebateStatus.DRAFT}],
)
def test_only_positions_of_public_debates_can_be_embedded(app, client, embedded, settings):
    with app.app_context():
        debate = db.session.get(Debate, embedded["debate"])
        for name, value in settings.items():
            setattr(debate, name, value)
        db.session.commit()
    assert client.get(f"/embed/positions/{embedded['position']}").status_code == 404
    page = f"http://localhost/debates/{embedded['debate']}/positions/{embedded['position']}"
    assert client.get("/oembed", query_string={"url": page}).status_code == 404


def test_the_position_page_offers_the_snippet_and_names_the_oembed_endpoint(client, embedded):
    url = f"/debates/{embedded['debate']}/positions/{embedded['position']}"
    html = client.get(url).get_data(as_text=True)
    assert (f'value="&lt;iframe src=&#34;http://localhost/embed/positions/{embedded["position"]}'
            '&#34;' in html)
    assert '<link rel="alternate" type="application/json+oembed"' in html
    assert f'href="http://localhost/oembed?url=http://localhost{url}&amp;format=json"' in html


def test_oembed_describes_the_position_as_rich_html(client, embedded):
    page = f"http://localhost/debates/{embedded['debate']}/positions/{embedded['position']}"
    answer = client.get("/oembed", query_string={"url": page, "format": "json"})
    assert answer.status_code == 200
    body = answer.get_json()
    assert (body["version"], body["type"], body["provider_name"]) == ("1.0", "rich", "Agora")
    assert body["title"] == "Buses should run <all> night"
    assert body["html"] == (
        f'<iframe src="http://localhost/embed/positions/{embedded["position"]}" width="560" '
        'height="420" title="Buses should run &lt;all&gt; night" loading="lazy"></iframe>'
    )
    small = client.get("/oembed", query_string={"url": page, "maxwidth": 300, "maxheight": 250})
    assert (small.get_json()["width"], small.get_json()["height"]) == (300, 250)
    embed_url = f"http://localhost/embed/positions/{embedded['position']}"
    assert client.get("/oembed", query_string={"url": embed_url}).status_code == 200


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({}, 400),
        ({"url": ""}, 400),
        ({"url": "http://localhost/debates/1/positions/1", "format": "xml"}, 501),
        ({"url": "https://elsewhere.example/debates/1/positions/1"}, 404),
        ({"url": "javascript:alert(1)"}, 404),
        ({"url": "http://localhost/materials/1"}, 404),
        ({"url": "http://localhost/debates/1/positions/2147483647"}, 404),
        ({"url": "http://localhost/debates/99999999999999/positions/1"}, 404),
        ({"url": "http://[::1"}, 404),
        ({"url": "http://localhost/" + "a" * 5000}, 404),
        ({"url": "OWN", "maxwidth": "wide", "maxheight": "-5"}, 200),
    ],
)
def test_bad_oembed_requests_get_a_clear_4xx(client, embedded, query, status):
    if query.get("url") == "OWN":
        own = f"http://localhost/debates/{embedded['debate']}/positions/{embedded['position']}"
        query = {**query, "url": own}
    answer = client.get("/oembed", query_string=query)
    assert answer.status_code == status
    if status >= 400:
        assert answer.get_json()["error"]["message"]
