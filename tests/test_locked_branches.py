"""Prove that a locked branch refuses replies and evidence everywhere beneath it, and that the
page hides the controls with the same reason the service gives."""

import pytest

from app.arguments.services import attach_evidence, post_argument
from app.errors import Conflict
from app.extensions import db
from app.models import Argument, EvidenceKind, Role, Side, User
from app.moderation.services import lock_branch
from tests.factories import add_member, make_argument, make_debate, make_position, make_user

REPLY_REFUSAL = "A moderator locked this branch; it takes no new replies."
EVIDENCE_REFUSAL = "A moderator locked this branch; it takes no new evidence."


@pytest.fixture
def locked_world(app):
    """A debate whose top argument is locked, with a shown reply and a reply to that reply."""
    with app.app_context():
        debate = make_debate()
        position = make_position(debate)
        participant = make_user()
        add_member(debate, participant, Role.PARTICIPANT)
        top = make_argument(position, claim="Cameras deter theft at stations")
        reply = make_argument(position, claim="Thefts fell where cameras went up", parent=top,
                              side=Side.PRO)
        deeper = make_argument(position, claim="They fell everywhere that year", parent=reply,
                               side=Side.CON)
        lock_branch(top, debate.owner, "The thread turned into a flame war.")
        db.session.commit()
        return {"participant": participant.id, "position": position.id, "top": top.id,
                "reply": reply.id, "deeper": deeper.id}


def test_a_reply_deep_under_a_locked_argument_shows_no_reply_or_evidence_controls(
    app, client, auth, locked_world
):
    auth.sign_in_as(locked_world["participant"])

    page = client.get(f"/arguments/{locked_world['deeper']}").text

    assert f"parent={locked_world['deeper']}&amp;side=pro" not in page
    assert f"parent={locked_world['deeper']}&amp;side=con" not in page
    assert f"/arguments/{locked_world['deeper']}/evidence/new" not in page
    assert REPLY_REFUSAL in page


def test_the_replies_under_a_locked_argument_offer_no_controls_in_the_fragment(
    app, client, auth, locked_world
):
    auth.sign_in_as(locked_world["participant"])

    fragment = client.get(
        f"/arguments/{locked_world['top']}/replies", headers={"HX-Request": "true"}
    ).text

    assert "Thefts fell where cameras went up" in fragment
    assert f"parent={locked_world['reply']}&amp;side=" not in fragment
    assert f"/arguments/{locked_world['reply']}/evidence/new" not in fragment
    assert REPLY_REFUSAL in fragment


def test_the_service_refuses_a_reply_deep_under_a_locked_argument_with_the_pages_reason(
    app, locked_world
):
    with app.app_context():
        deeper = db.session.get(Argument, locked_world["deeper"])
        participant = db.session.get(User, locked_world["participant"])
        with pytest.raises(Conflict) as refusal:
            post_argument(deeper.position, participant, Side.PRO, "One more thing", parent=deeper)
    assert refusal.value.message == REPLY_REFUSAL


def test_the_service_refuses_evidence_deep_under_a_locked_argument(app, locked_world):
    with app.app_context():
        deeper = db.session.get(Argument, locked_world["deeper"])
        participant = db.session.get(User, locked_world["participant"])
        with pytest.raises(Conflict) as refusal:
            attach_evidence(deeper, participant, EvidenceKind.NEWS, "A report",
                            url="https://example.org/report")
    assert refusal.value.message == EVIDENCE_REFUSAL


def test_posting_a_reply_under_a_locked_branch_through_the_form_is_a_409_with_the_reason(
    app, client, auth, locked_world
):
    auth.sign_in_as(locked_world["participant"])

    response = client.post(
        f"/positions/{locked_world['position']}/arguments/new?parent={locked_world['deeper']}",
        data={"side": "pro", "claim": "One more thing"},
    )

    assert response.status_code == 409
    assert REPLY_REFUSAL in response.text


def test_unlocking_the_branch_brings_the_controls_back(app, client, auth, locked_world):
    with app.app_context():
        top = db.session.get(Argument, locked_world["top"])
        lock_branch(top, top.position.debate.owner, "Calmer now.", locked=False)
        db.session.commit()
    auth.sign_in_as(locked_world["participant"])

    page = client.get(f"/arguments/{locked_world['deeper']}").text

    assert f"parent={locked_world['deeper']}&amp;side=pro" in page
    assert f"/arguments/{locked_world['deeper']}/evidence/new" in page
    assert REPLY_REFUSAL not in page
