"""Check the brief kept with the scores: it answers while nothing it depends on changed, is
set aside when an argument, evidence or stance changes, and never shows what is hidden."""

from app.extensions import db
from app.insight.brief import made_from, stance_counts
from app.insight.scores import recompute_all
from app.models import Debate, Rating, ScoreState
from app.models.argument import Argument
from app.models.moderation import ModerationState
from tests.factories import make_argument, make_evidence, make_user
from tests.insight_worlds import polarised
from tests.worlds import client_of


def opened(app, **sizes) -> dict:
    """A polarised position, its tallies open to everyone, its scores and brief worked out."""
    w = polarised(app, **sizes)
    with app.app_context():
        db.session.get(Debate, w["debate"]).hide_tallies_until_rated = False
        db.session.commit()
        recompute_all()
    return w


def ratings_of(answer: dict, argument_id: int) -> int:
    position = answer["positions"][0]
    listed = [*position["strongest"]["for"], *position["strongest"]["against"],
              *position["cross_side"]["for"], *position["cross_side"]["against"]]
    return next(item["ratings"] for item in listed if item["argument"] == argument_id)


def listed_ids(answer: dict) -> set[int]:
    """Every argument the brief names, in any of its lists."""
    found = set()
    for position in answer["positions"]:
        for name in ("strongest", "cross_side"):
            for items in position[name].values():
                found |= {item["argument"] for item in items}
        for name in ("contested", "unanswered", "without_evidence"):
            found |= {item["argument"] for item in position[name]}
    return found


def test_the_brief_answers_from_the_scores_until_they_are_worked_out_again(app, client):
    w = opened(app)
    with app.app_context():
        # Straight into the table: no recompute is queued, so the kept brief stays as it was.
        db.session.add(Rating(argument_id=w["bridge"], user_id=make_user().id, score=0))
        db.session.commit()
    kept = client.get(f"/api/v1/debates/{w['debate']}/brief").get_json()
    with app.app_context():
        recompute_all()
    fresh = client.get(f"/api/v1/debates/{w['debate']}/brief").get_json()

    assert ratings_of(kept, w["bridge"]) == 16
    assert ratings_of(fresh, w["bridge"]) == 17
    assert fresh["participation"]["people"] == kept["participation"]["people"] + 1


def test_a_new_argument_or_evidence_sets_the_kept_brief_aside(app, client):
    w = opened(app)
    with app.app_context():
        argument = db.session.get(Argument, w["pro"][0])
        make_argument(argument.position, claim="A reply nobody rated", parent=argument)
        db.session.commit()
    replied = client.get(f"/api/v1/debates/{w['debate']}/brief").get_json()
    with app.app_context():
        make_evidence(db.session.get(Argument, w["con"][0]), url="https://example.org/a")
        db.session.commit()
    cited = client.get(f"/api/v1/debates/{w['debate']}/brief").get_json()

    position = replied["positions"][0]
    assert sum(position["arguments"].values()) == 8
    assert position["unanswered_count"] == 7  # the reply is unanswered, the argument it answers not
    assert position["without_evidence_count"] == 8
    assert cited["positions"][0]["without_evidence_count"] == 7


def test_an_argument_hidden_after_the_recompute_never_appears(app, client):
    w = opened(app)
    with app.app_context():
        db.session.get(Argument, w["bridge"]).moderation = ModerationState.HIDDEN
        db.session.commit()
    answer = client.get(f"/api/v1/debates/{w['debate']}/brief").get_json()
    page = client.get(f"/debates/{w['debate']}/brief")
    with app.app_context():
        recompute_all()
    rebuilt = client.get(f"/api/v1/debates/{w['debate']}/brief").get_json()

    for brief in (answer, rebuilt):
        assert w["bridge"] not in listed_ids(brief)
        assert "public register" not in str(brief)
    assert "public register" not in page.text


def test_the_kept_brief_never_shows_a_hidden_argument_even_when_it_still_holds(app, client):
    """Should a change slip past what the kept brief depends on, each listed argument is
    still checked against what the reader may see."""
    w = opened(app)
    with app.app_context():
        db.session.get(Argument, w["bridge"]).moderation = ModerationState.HIDDEN
        db.session.commit()
        state = db.session.get(ScoreState, w["position"])
        assert w["bridge"] in {item["id"] for item in state.brief["bridging"]["for"]}
        debate = db.session.get(Debate, w["debate"])
        key = made_from([w["position"]], debate, stance_counts([w["position"]]))
        state.brief = {**state.brief, "key": key[w["position"]]}
        db.session.commit()
    answer = client.get(f"/api/v1/debates/{w['debate']}/brief").get_json()
    markdown = client.get(f"/debates/{w['debate']}/brief.md").text
    moderator = client_of(app, w["owner"]).get(f"/api/v1/debates/{w['debate']}/brief").get_json()

    assert w["bridge"] not in listed_ids(answer)
    assert "public register" not in str(answer) and "public register" not in markdown
    assert answer["positions"][0]["cross_side"]["for"]  # answered from the kept brief
    assert ratings_of(moderator, w["pro"][0]) == 16


def test_the_kept_brief_waits_while_tallies_wait_for_ones_rating(app):
    w = opened(app)
    with app.app_context():
        db.session.get(Debate, w["debate"]).hide_tallies_until_rated = True
        db.session.commit()
    answer = client_of(app).get(f"/api/v1/debates/{w['debate']}/brief").get_json()

    position = answer["positions"][0]
    assert answer["tallies_shown"] is False
    assert position["cross_side"] == {"for": [], "against": []}
    assert all(item["ratings"] == 0 for item in position["unanswered"])
