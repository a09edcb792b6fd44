"""Check the insight page, the "what moved you?" prompt, the brief and their API answers, as
readers, raters and people who changed their minds see them."""

from sqlalchemy import select

from app.extensions import db
from app.insight.scores import recompute_all
from app.models import Debate, Position, Rating, StanceReason
from app.models.argument import Argument
from app.models.debate import Visibility
from app.models.moderation import ModerationState
from tests.factories import make_evidence, make_position
from tests.insight_worlds import polarised
from tests.worlds import client_of, new_user


def scored(app, **sizes) -> dict:
    w = polarised(app, **sizes)
    with app.app_context():
        recompute_all()
    return w


def public(app, w) -> None:
    """Let everyone read tallies (the debate's default hides them until one rates)."""
    with app.app_context():
        db.session.get(Debate, w["debate"]).hide_tallies_until_rated = False
        db.session.commit()


def test_the_api_ranks_the_bridging_argument_first_with_the_method(app, client):
    w = scored(app)
    public(app, w)
    answer = client.get(f"/api/v1/positions/{w['position']}/insight").get_json()

    assert answer["method"] == "bridging"
    assert answer["cross_side"][0]["argument"] == w["bridge"]
    assert set(answer["cross_side"][0]) == {"argument", "score"}
    assert answer["ratings"] == 112
    assert answer["opinion_change"]["current"] == {"for": 13, "against": 3, "undecided": 0}


def test_scores_stay_hidden_from_those_who_have_not_rated_while_tallies_wait(app):
    w = scored(app)
    reader = new_user(app)
    answer = client_of(app, reader).get(f"/api/v1/positions/{w['position']}/insight").get_json()
    anonymous = client_of(app).get(f"/api/v1/positions/{w['position']}/insight").get_json()
    with app.app_context():
        db.session.add(Rating(argument_id=w["pro"][0], user_id=reader, score=2))
        db.session.commit()
    rated = client_of(app, reader).get(f"/api/v1/positions/{w['position']}/insight").get_json()

    assert answer["cross_side"] == [] and anonymous["cross_side"] == []
    assert [item["argument"] for item in rated["cross_side"]] == [w["pro"][0]]


def test_a_hidden_argument_is_absent_from_the_ranking_and_the_brief(app, client):
    w = scored(app)
    public(app, w)
    with app.app_context():
        db.session.get(Argument, w["bridge"]).moderation = ModerationState.HIDDEN
        db.session.commit()
    ranking = client.get(f"/api/v1/positions/{w['position']}/insight").get_json()
    brief = client.get(f"/debates/{w['debate']}/brief")

    assert w["bridge"] not in [item["argument"] for item in ranking["cross_side"]]
    assert "public register" not in brief.text


def test_the_position_page_sorts_by_cross_side_score_says_how_and_badges(app, client):
    w = scored(app)
    public(app, w)
    page = client.get(f"/debates/{w['debate']}/positions/{w['position']}?sort=cross_side")

    assert page.status_code == 200
    assert "Ranked by matrix factorisation" in page.text
    assert "on 112 ratings" in page.text
    assert "Convincing to both sides</span>" in page.text
    # The bridging argument heads the For column.
    column = page.text.split('id="column-pro"')[1]
    assert column.index("public register") < column.index("Cameras deter crime")


def test_the_insight_page_shows_ranking_and_opinion_change(app, client):
    w = scored(app)
    public(app, w)
    page = client.get(f"/positions/{w['position']}/insight")

    assert page.status_code == 200
    assert "public register" in page.text.split('id="cross-side"')[1].split("</li>")[0]
    assert "<title id=\"series-title\">" in page.text
    assert "0 people changed stance" in page.text


def test_bad_dates_are_refused_with_a_400(app, client):
    w = scored(app, for_raters=4, against_raters=1, partisans=2)
    page = client.get(f"/positions/{w['position']}/insight?since=yesterday")
    api = client.get(f"/api/v1/positions/{w['position']}/insight?since=2025-02-01&until=2025-01-01")

    assert page.status_code == 400 and "YYYY-MM-DD" in page.text
    assert api.status_code == 400 and api.get_json()["error"]["field"] == "since"


def test_a_change_of_mind_leads_to_the_optional_prompt_and_counts_only_in_aggregate(app):
    w = scored(app, for_raters=4, against_raters=1, partisans=2)
    people = [new_user(app) for _ in range(2)]
    for person in people:
        client = client_of(app, person)
        client.post(f"/positions/{w['position']}/stance", data={"stance": "against"})
        moved = client.post(f"/positions/{w['position']}/stance", data={"stance": "for"})
        assert moved.status_code == 303 and "/moved/" in moved.location
        prompt = client.get(moved.location)
        assert "What moved you?" in prompt.text and 'id="moved-skip"' in prompt.text
        saved = client.post(moved.location, data={"arguments": [str(w["bridge"])]})
        assert saved.status_code == 303
        again = client.post(moved.location, data={"arguments": [str(w["bridge"])]})
        assert again.status_code == 409

    answer = client_of(app).get(f"/api/v1/positions/{w['position']}/insight").get_json()
    assert answer["most_persuasive"]["for"] == [
        {"argument": w["bridge"], "claim": "Cameras need a public register of where they are",
         "changes": 2}
    ]
    assert answer["opinion_change"]["changed"] == 2
    assert answer["opinion_change"]["transitions"]["against"]["for"] == 2


def test_one_persons_reason_is_never_shown(app):
    w = scored(app, for_raters=4, against_raters=1, partisans=2)
    client = client_of(app, new_user(app))
    client.post(f"/positions/{w['position']}/stance", data={"stance": "against"})
    moved = client.post(f"/positions/{w['position']}/stance", data={"stance": "for"})
    client.post(moved.location, data={"arguments": [str(w["bridge"])]})

    answer = client.get(f"/api/v1/positions/{w['position']}/insight").get_json()
    with app.app_context():
        assert db.session.scalar(select(StanceReason.argument_id)) == w["bridge"]
    assert answer["most_persuasive"]["for"] == []


def test_the_prompt_refuses_an_argument_not_offered_and_others_changes(app):
    w = scored(app, for_raters=4, against_raters=1, partisans=2)
    client = client_of(app, new_user(app))
    client.post(f"/positions/{w['position']}/stance", data={"stance": "against"})
    moved = client.post(f"/positions/{w['position']}/stance", data={"stance": "for"})
    stranger = client_of(app, new_user(app))

    assert client.post(moved.location, data={"arguments": ["999999"]}).status_code == 422
    assert client.post(moved.location, data={"arguments": ["x"]}).status_code == 422
    assert stranger.get(moved.location).status_code == 404


def test_the_brief_lists_strongest_contested_unanswered_and_exports_markdown(app, client):
    w = scored(app)
    public(app, w)
    with app.app_context():
        argument = db.session.get(Argument, w["pro"][0])
        make_evidence(argument, url="https://example.org/cameras")
        make_evidence(db.session.get(Argument, w["pro"][1]), url="https://example.org/cameras")
        db.session.commit()
    answer = client.get(f"/api/v1/debates/{w['debate']}/brief").get_json()
    page = client.get(f"/debates/{w['debate']}/brief")
    markdown = client.get(f"/debates/{w['debate']}/brief.md")

    position = answer["positions"][0]
    assert answer["participation"]["people"] == 16 + 7  # raters and authors
    assert position["cross_side"]["for"][0]["argument"] == w["bridge"]
    contested = {item["argument"] for item in position["contested"]}
    assert len(contested) == 5 and contested <= set(w["pro"] + w["con"])
    assert position["unanswered_count"] == 7
    assert position["without_evidence_count"] == 5
    assert answer["most_cited_evidence"][0]["arguments"] == 2
    assert answer["unaddressed_passages"]
    assert page.status_code == 200 and "Passages no position addresses" in page.text
    assert markdown.mimetype == "text/markdown"
    assert markdown.text.startswith("# State of the debate")


def test_the_brief_costs_the_same_queries_however_big_the_debate(app, client, count_queries):
    small = scored(app, for_raters=4, against_raters=1, partisans=1)
    big = scored(app, for_raters=12, against_raters=6, partisans=6)

    def brief_of(w):
        return lambda: client.get(f"/api/v1/debates/{w['debate']}/brief")

    assert count_queries(brief_of(small)) == count_queries(brief_of(big))


def test_the_markdown_escapes_what_people_wrote(app, client):
    w = scored(app, for_raters=4, against_raters=1, partisans=1)
    with app.app_context():
        db.session.get(Position, w["position"]).statement = "[click](https://evil.example)"
        db.session.commit()
    text = client.get(f"/debates/{w['debate']}/brief.md").text

    assert r"\[click\]\(https://evil\.example\)" in text


def test_an_arguments_rating_spread_shows_only_to_those_who_may_read_its_tally(app):
    w = scored(app, for_raters=4, against_raters=1, partisans=1)
    reader = new_user(app)
    before = client_of(app, reader).get(f"/arguments/{w['pro'][0]}")
    with app.app_context():
        db.session.add(Rating(argument_id=w["pro"][0], user_id=reader, score=1))
        db.session.commit()
    after = client_of(app, reader).get(f"/arguments/{w['pro'][0]}")

    assert 'id="rating-spread"' not in before.text
    spread = after.text.split('id="spread-desc">')[1].split("</desc>")[0]
    for bar in ("0 (no force): 1.", "1 (weak): 1.", "4 (decisive): 4."):
        assert bar in spread


def test_the_reading_view_shows_how_much_attention_each_passage_gets(app, client):
    w = scored(app, for_raters=4, against_raters=1, partisans=1)
    page = client.get(f"/debates/{w['debate']}/read").text

    assert "1 position · 0 arguments · 0 sources" in page
    assert "Nobody has taken this passage up yet." in page


def test_a_positions_brief_in_the_api_and_as_markdown_covers_that_position_alone(app, client):
    w = scored(app)
    public(app, w)
    with app.app_context():
        debate = db.session.get(Debate, w["debate"])
        make_position(debate, statement="Cameras belong on every corner")
        db.session.commit()
    answer = client.get(f"/api/v1/positions/{w['position']}/brief").get_json()
    markdown = client.get(f"/positions/{w['position']}/brief.md")
    page = client.get(f"/positions/{w['position']}/brief")
    missing = client.get("/api/v1/positions/999999/brief")

    assert [p["position"] for p in answer["positions"]] == [w["position"]]
    assert answer["positions"][0]["cross_side"]["for"][0]["argument"] == w["bridge"]
    assert answer["unaddressed_passages"] == []
    assert markdown.mimetype == "text/markdown"
    assert f"position-{w['position']}-brief.md" in markdown.headers["Content-Disposition"]
    assert "Cameras make cities safer" in markdown.text
    assert "every corner" not in markdown.text
    assert "public register" in markdown.text
    assert "Passages no position addresses" not in markdown.text
    assert f"/positions/{w['position']}/brief.md" in page.text
    assert missing.status_code == 404 and "error" in missing.get_json()


def test_a_positions_brief_is_refused_where_its_debate_is_not_shown(app):
    w = scored(app, for_raters=4, against_raters=1, partisans=1)
    with app.app_context():
        db.session.get(Debate, w["debate"]).visibility = Visibility.MEMBERS
        db.session.commit()
    api = client_of(app).get(f"/api/v1/positions/{w['position']}/brief")
    markdown = client_of(app).get(f"/positions/{w['position']}/brief.md")

    assert api.status_code in (401, 404) and "public register" not in api.text
    assert markdown.status_code in (302, 401, 404) and "public register" not in markdown.text


def test_the_transition_matrix_is_drawn_with_a_title_and_its_numbers_in_words(app):
    w = scored(app, for_raters=4, against_raters=1, partisans=1)
    people = [new_user(app) for _ in range(2)]
    for person in people:
        client = client_of(app, person)
        client.post(f"/positions/{w['position']}/stance", data={"stance": "against"})
        client.post(f"/positions/{w['position']}/stance", data={"stance": "for"})
    page = client_of(app).get(f"/positions/{w['position']}/insight").text

    chart = page[page.index('aria-labelledby="matrix-title matrix-desc"'):]
    chart = chart[:chart.index("</svg>")]
    assert 'role="img"' in page and "<title id=\"matrix-title\">Who went where</title>" in chart
    assert "Against to For: 2." in chart and "For to For: 4." in chart
    assert chart.count("<rect") == 9
    assert "transition-matrix" in page  # the table of the same numbers stays
