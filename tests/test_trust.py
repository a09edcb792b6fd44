"""Check trust levels: what new accounts may post, how trust rises, and an admin setting it."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Argument, Debate, ModerationState, TrustLevel, User
from app.models.columns import utcnow
from app.trust import trust_of
from tests.factories import make_argument
from tests.forms import post_argument
from tests.pages import argument_by_claim
from tests.test_class_debates import class_of, client_for, copy
from tests.worlds import client_of, moderation_world

LINKED = "See https://example.org/a for the figures"


@pytest.fixture
def strict(app, monkeypatch):
    """Apply the production numbers instead of the suite's trusting ones."""
    for name, value in {"TRUST_NEW_DAYS": 1, "TRUST_BASIC_ARGUMENTS": 3,
                        "TRUST_MEMBER_DAYS": 30, "TRUST_MEMBER_ARGUMENTS": 20,
                        "TRUST_NEW_MAX_LINKS": 2, "TRUST_NEW_POSTS_PER_HOUR": 3}.items():
        monkeypatch.setitem(app.config, name, value)
    return app


def level_of(app, user_id: int) -> TrustLevel:
    with app.app_context():
        return trust_of(db.session.get(User, user_id))


def age(app, user_id: int, days: int) -> None:
    with app.app_context():
        db.session.get(User, user_id).created_at = utcnow() - timedelta(days=days)
        db.session.commit()


def test_a_new_accounts_argument_with_a_link_waits_for_review(strict):
    app = strict
    w = moderation_world(app)
    participant = client_of(app, w["participant"])

    response = participant.post(f"/positions/{w['position']}/arguments/new",
                                data={"side": "pro", "claim": "Data backs this", "body": LINKED})

    assert response.status_code == 303
    assert argument_by_claim(app, "Data backs this").moderation == ModerationState.PENDING
    post_argument(participant, w, "Plain words carry no link")
    assert argument_by_claim(app, "Plain words carry no link").moderation == (
        ModerationState.VISIBLE
    )
    # The debate's moderators post at once, links or not.
    client_of(app, w["moderator"]).post(
        f"/positions/{w['position']}/arguments/new",
        data={"side": "con", "claim": "Moderator's sources", "body": LINKED},
    )
    assert argument_by_claim(app, "Moderator's sources").moderation == ModerationState.VISIBLE


def test_a_new_account_may_not_post_more_links_than_allowed(strict):
    app = strict
    w = moderation_world(app)
    body = "https://a.example https://b.example www.c.example"

    response = client_of(app, w["participant"]).post(
        f"/positions/{w['position']}/arguments/new",
        data={"side": "pro", "claim": "Three sources", "body": body},
    )

    assert response.status_code == 422
    assert "New accounts may put at most 2 links in an argument" in response.text
    with app.app_context():
        assert db.session.scalar(select(Argument).where(Argument.claim == "Three sources")) is None


def test_a_new_account_posts_fewer_arguments_an_hour(strict):
    app = strict
    w = moderation_world(app)
    participant = client_of(app, w["participant"])
    for claim in ("Lamps help at night", "Patrols cost a lot", "Neighbours know best"):
        assert post_argument(participant, w, claim).status_code == 303

    refused = post_argument(participant, w, "Cameras record it all")

    assert refused.status_code == 429
    assert "New accounts may post 3 arguments an hour in a debate" in refused.text


def test_trust_rises_with_time_and_shown_arguments(strict):
    app = strict
    w = moderation_world(app)
    user_id = w["participant"]
    assert level_of(app, user_id) == TrustLevel.NEW
    age(app, user_id, 2)
    assert level_of(app, user_id) == TrustLevel.NEW
    with app.app_context():
        person = db.session.get(User, user_id)
        position = db.session.get(Argument, w["shown"]).position
        for number in range(3):
            make_argument(position, person, claim=f"Shown argument number {number}")
        db.session.commit()
    assert level_of(app, user_id) == TrustLevel.BASIC
    age(app, user_id, 40)
    assert level_of(app, user_id) == TrustLevel.BASIC
    with app.app_context():
        person = db.session.get(User, user_id)
        position = db.session.get(Argument, w["shown"]).position
        for number in range(17):
            make_argument(position, person, claim=f"More shown argument {number}")
        db.session.commit()
    assert level_of(app, user_id) == TrustLevel.MEMBER


def test_a_level_an_admin_set_holds_and_lifts_the_new_accounts_limits(strict):
    app = strict
    w = moderation_world(app)
    with app.app_context():
        db.session.get(User, w["participant"]).trust_level = TrustLevel.BASIC
        db.session.commit()

    client_of(app, w["participant"]).post(
        f"/positions/{w['position']}/arguments/new",
        data={"side": "pro", "claim": "Linked", "body": LINKED},
    )

    assert argument_by_claim(app, "Linked").moderation == ModerationState.VISIBLE


def test_a_new_student_in_a_class_debate_posts_links_and_many_arguments_at_once(strict):
    app = strict
    w = class_of(app)
    debate_id = copy(app, w, with_arguments=False)
    with app.app_context():
        position_id = db.session.get(Debate, debate_id).positions[0].id
    student = client_for(app, w["students"][0])
    assert level_of(app, w["students"][0]) == TrustLevel.NEW

    claims = ["Cameras helped find a lost child", "Police solved more burglaries downtown",
              "Insurance claims fell after installation", "Shopkeepers report fewer thefts",
              "Night buses feel safer to riders"]
    for claim in claims:
        response = student.post(f"/positions/{position_id}/arguments/new",
                                data={"side": "pro", "claim": claim, "body": LINKED})
        assert response.status_code == 303, response.get_data(as_text=True)[:300]

    # A teacher knows every student: no hold for links, no new account's hourly limit.
    assert {argument_by_claim(app, claim).moderation for claim in claims} == {
        ModerationState.VISIBLE
    }
