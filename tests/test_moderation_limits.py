"""Check what stops a post: a suspension, the debate's hourly limit and a closed debate."""

from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import (
    Argument,
    Debate,
    DebateStatus,
    Evidence,
    ModerationAction,
    PositionStance,
    Rating,
    Suspension,
    User,
)
from app.models.columns import utcnow
from tests.forms import post_argument
from tests.pages import argument_by_claim, field_error, flashes, log_actions, stored
from tests.worlds import DISTINCT_CLAIMS, client_of, moderation_world

# Suspensions


def suspend(client, w, username: str, days: str, reason: str = "Repeated insults."):
    return client.post(f"/debates/{w['debate']}/suspensions",
                       data={"username": username, "days": days, "reason": reason})


def test_a_suspended_member_cannot_post_until_the_suspension_ends_or_is_lifted(app):
    w = moderation_world(app)
    moderator, participant = client_of(app, w["moderator"]), client_of(app, w["participant"])
    with app.app_context():
        username = db.session.get(User, w["participant"]).username

    assert suspend(moderator, w, username, "3").status_code == 303

    refused = post_argument(participant, w, "Posted while suspended")
    assert refused.status_code == 403
    assert "You are suspended from this debate until" in refused.text
    assert argument_by_claim(app, "Posted while suspended") is None
    entry = log_actions(client_of(app), w)[0]
    assert (entry["actor_role"], entry["action"], entry["target"]["label"], entry["reason"]) == (
        "moderator", "suspend", "member Participant for 3 days", "Repeated insults.")

    with app.app_context():
        suspension = db.session.scalar(select(Suspension).where(
            Suspension.debate_id == w["debate"], Suspension.user_id == w["participant"]))
        suspension.until = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert post_argument(participant, w, "Posted after it ended").status_code == 303

    assert suspend(moderator, w, username, "3").status_code == 303
    assert post_argument(participant, w, "Posted while suspended").status_code == 403
    assert suspend(moderator, w, username, "0", "Apologised.").status_code == 303
    assert post_argument(participant, w, "Posted once lifted").status_code == 303
    assert log_actions(client_of(app), w)[0]["action"] == "lift_suspension"


def test_a_suspension_without_a_reason_is_refused_and_changes_nothing(app):
    w = moderation_world(app)
    moderator = client_of(app, w["moderator"])
    with app.app_context():
        username = db.session.get(User, w["participant"]).username

    response = suspend(moderator, w, username, "3", reason="")

    assert response.status_code == 303
    assert "Give a reason." in flashes(moderator.get(response.headers["Location"]).text)
    assert stored(app, ModerationAction) == 0
    assert post_argument(client_of(app, w["participant"]), w, "Still free").status_code == 303


# The hourly limit


def test_the_third_argument_within_an_hour_is_refused_when_the_limit_is_two(app):
    w = moderation_world(app, posts_per_hour=2)
    participant = client_of(app, w["participant"])
    for claim in DISTINCT_CLAIMS[:2]:
        assert post_argument(participant, w, claim).status_code == 303

    refused = post_argument(participant, w, DISTINCT_CLAIMS[2])
    by_htmx = post_argument(participant, w, DISTINCT_CLAIMS[2], headers={"HX-Request": "true"})

    message = "You have posted 2 arguments here in the last hour, this debate's limit."
    assert refused.status_code == 429
    assert message in unescape(refused.text)
    assert by_htmx.status_code == 429
    assert by_htmx.content_type.startswith("text/plain") and message in by_htmx.text
    assert argument_by_claim(app, DISTINCT_CLAIMS[2]) is None
    assert stored(app, Argument, Argument.author_id == w["participant"]) == 2


@pytest.mark.parametrize("runner", ["owner", "moderator"])
def test_the_owner_and_moderators_are_not_held_to_the_hourly_limit(app, runner):
    w = moderation_world(app, posts_per_hour=2)
    client = client_of(app, w[runner])

    statuses = [post_argument(client, w, claim).status_code for claim in DISTINCT_CLAIMS]

    assert statuses == [303] * 5


def test_an_hourly_limit_of_zero_means_no_limit(app):
    w = moderation_world(app, posts_per_hour=0)
    participant = client_of(app, w["participant"])

    statuses = [post_argument(participant, w, claim).status_code for claim in DISTINCT_CLAIMS]

    assert statuses == [303] * 5


def test_arguments_older_than_an_hour_do_not_count_towards_the_limit(app):
    w = moderation_world(app, posts_per_hour=2)
    participant = client_of(app, w["participant"])
    for claim in DISTINCT_CLAIMS[:2]:
        assert post_argument(participant, w, claim).status_code == 303
    with app.app_context():
        for argument in db.session.scalars(
            select(Argument).where(Argument.author_id == w["participant"])
        ):
            argument.created_at = utcnow() - timedelta(minutes=61)
        db.session.commit()

    assert post_argument(participant, w, DISTINCT_CLAIMS[2]).status_code == 303


# Closing with a conclusion


def test_closing_with_a_conclusion_shows_it_first_and_makes_the_debate_read_only(app):
    w = moderation_world(app)
    conclusion = "Cameras help at stations; elsewhere oversight matters more."

    response = client_of(app, w["owner"]).post(
        f"/debates/{w['debate']}/status", data={"status": "closed", "conclusion": conclusion}
    )

    assert response.status_code == 303
    page = client_of(app).get(f"/debates/{w['debate']}").text
    assert -1 < page.find(conclusion) < page.find("<h1>")
    participant = client_of(app, w["participant"])
    refusals = {
        "posting": post_argument(participant, w, "Posted after closing"),
        "rating": participant.post(f"/arguments/{w['shown']}/rating", data={"score": "3"}),
        "stance": participant.post(f"/positions/{w['position']}/stance", data={"stance": "for"}),
        "evidence": participant.post(
            f"/arguments/{w['shown']}/evidence/new",
            data={"kind": "news", "url": "https://example.org/late", "title": "Late source",
                  "passage": "0"},
        ),
    }
    assert {name: r.status_code for name, r in refusals.items()} == {
        "posting": 409, "rating": 403, "stance": 403, "evidence": 403}
    for name, refused in refusals.items():
        assert "closed" in refused.text, name
    assert "This debate is closed; it no longer takes arguments." in refusals["posting"].text
    assert stored(app, Argument) == 1
    assert stored(app, Rating) == 0
    assert stored(app, PositionStance) == 0
    assert stored(app, Evidence) == 0


def test_closing_without_a_conclusion_is_refused_beside_the_field(app):
    w = moderation_world(app)

    response = client_of(app, w["owner"]).post(
        f"/debates/{w['debate']}/status", data={"status": "closed", "conclusion": "  "}
    )

    assert response.status_code == 422
    message = "Write the conclusion people will read first."
    assert field_error(response.text, "conclusion") == message
    with app.app_context():
        assert db.session.get(Debate, w["debate"]).status == DebateStatus.OPEN
    assert stored(app, ModerationAction) == 0
