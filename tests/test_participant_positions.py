"""Check the debate setting that lets participants raise positions: at once where posting is
open, through the review queue where it is pre-moderated."""

import re
from html import unescape

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import (
    Debate,
    ModerationAction,
    ModerationState,
    Notification,
    Position,
    PostingMode,
    Role,
    User,
)
from tests.factories import add_member, make_token, make_user
from tests.forms import position_form
from tests.pages import stored
from tests.test_debates import new_debate, raise_url

SETTINGS_FORM = {
    "visibility": "public",
    "posting_mode": "open",
    "voters": "signed_in",
    "posts_per_hour": "20",
    "report_threshold": "3",
    "hide_tallies_until_rated": "y",
}


@pytest.fixture
def debate_with_participant(app, auth):
    ids = new_debate(app)
    with app.app_context():
        participant = make_user()
        add_member(db.session.get(Debate, ids["debate"]), participant, Role.PARTICIPANT)
        db.session.commit()
        ids["participant"] = participant.id
    return ids


def raise_one(client, ids):
    return client.post(raise_url(ids["debate"]), data=position_form("Mine", (2, "match faces")))


def allow(app, auth, client, ids, **settings) -> None:
    auth.sign_in_as(ids["owner"])
    form = {**SETTINGS_FORM, "participants_raise_positions": "y", **settings}
    assert client.post(f"/debates/{ids['debate']}/settings", data=form).status_code == 303
    auth.sign_out()


def test_by_default_participants_cannot_raise_positions(app, client, auth, debate_with_participant):
    ids = debate_with_participant
    auth.sign_in_as(ids["participant"])

    assert raise_one(client, ids).status_code == 403
    assert stored(app, Position) == 0


def test_the_owner_lets_participants_raise_positions(app, client, auth, debate_with_participant):
    ids = debate_with_participant
    allow(app, auth, client, ids)
    auth.sign_in_as(ids["participant"])

    assert "Raise a position" in client.get(f"/debates/{ids['debate']}").text
    assert raise_one(client, ids).status_code == 303
    assert stored(app, Position) == 1
    log = client.get(f"/debates/{ids['debate']}/log").text
    assert "participants raise positions: False → True" in log


def test_outsiders_still_cannot_raise_positions(app, client, auth, debate_with_participant):
    ids = debate_with_participant
    allow(app, auth, client, ids)
    auth.sign_in_new()

    assert raise_one(client, ids).status_code == 403


def test_in_an_open_debate_a_participants_position_is_shown_to_everyone_at_once(
    app, client, auth, debate_with_participant
):
    ids = debate_with_participant
    allow(app, auth, client, ids)
    auth.sign_in_as(ids["participant"])

    response = client.post(raise_url(ids["debate"]), data=position_form(SECRET, (2, "match faces")),
                           follow_redirects=True)

    assert "Position raised." in response.text
    auth.sign_out()
    assert SECRET in client.get(f"/debates/{ids['debate']}").text
    assert stored(app, Notification) == 0


# Pre-moderated: a participant's position waits for review.

# One odd word, so that a page leaking the pending statement is caught by a plain search.
SECRET = "Quokkas deserve cameras of their own"
SECRET_WORD = "quokkas"
QUOTE = "match faces"


@pytest.fixture
def premoderated(app, auth, client, debate_with_participant):
    """A pre-moderated debate letting participants propose, with a moderator, a bystanding
    participant, and one position the participant proposed, waiting for review."""
    ids = debate_with_participant
    with app.app_context():
        debate = db.session.get(Debate, ids["debate"])
        moderator, bystander = make_user(), make_user()
        add_member(debate, moderator, Role.MODERATOR)
        add_member(debate, bystander, Role.PARTICIPANT)
        db.session.commit()
        ids.update(moderator=moderator.id, bystander=bystander.id)
    allow(app, auth, client, ids, posting_mode=PostingMode.PREMODERATED.value)
    auth.sign_in_as(ids["participant"])
    ids["response"] = client.post(raise_url(ids["debate"]),
                                  data=position_form(SECRET, (2, QUOTE)), follow_redirects=True)
    auth.sign_out()
    with app.app_context():
        ids["position"] = db.session.scalar(select(Position.id))
    return ids


def position_url(ids) -> str:
    return f"/debates/{ids['debate']}/positions/{ids['position']}"


def queue_act(client, ids, action: str, reason: str = ""):
    return client.post(f"/debates/{ids['debate']}/queue/position/{ids['position']}",
                       data={"action": action, "reason": reason})


def leaks(text: str) -> bool:
    return SECRET_WORD in unescape(text).lower()


def state_of(app, ids) -> tuple[ModerationState, str | None]:
    with app.app_context():
        position = db.session.get(Position, ids["position"])
        return position.moderation, position.moderation_reason


def notices_of(app, user_id: int) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(
            select(Notification.message).where(Notification.user_id == user_id)
        ))


def test_a_participants_position_waits_for_review_and_they_are_told(app, premoderated):
    ids = premoderated

    assert "Your position waits for a moderator's review" in unescape(ids["response"].text)
    assert state_of(app, ids) == (ModerationState.PENDING, None)
    # Landed on the position itself, marked as waiting.
    assert SECRET in ids["response"].text
    assert "only its author and the moderators see it" in ids["response"].text


def test_the_form_says_beforehand_that_a_participants_position_is_reviewed(
    app, client, auth, premoderated
):
    ids = premoderated
    notice = "a moderator reviews the positions participants raise"
    auth.sign_in_as(ids["participant"])
    assert notice in client.get(raise_url(ids["debate"])).text
    auth.sign_out()
    auth.sign_in_as(ids["moderator"])
    assert notice not in client.get(raise_url(ids["debate"])).text


def test_the_owner_and_moderators_are_notified_of_the_proposed_position(app, premoderated):
    ids = premoderated

    for user_id in (ids["owner"], ids["moderator"]):
        assert any("new position" in message and "waits for review" in message
                   for message in notices_of(app, user_id))
    assert notices_of(app, ids["participant"]) == []
    assert notices_of(app, ids["bystander"]) == []


def test_the_owners_and_moderators_positions_are_shown_at_once(app, client, auth, premoderated):
    ids = premoderated
    for number, user_id in enumerate((ids["owner"], ids["moderator"])):
        auth.sign_in_as(user_id)
        response = client.post(raise_url(ids["debate"]), data=position_form(
            f"Run by the house {number}", (2, QUOTE)), follow_redirects=True)
        assert "Position raised." in response.text
        auth.sign_out()

    assert stored(app, Position, Position.moderation == ModerationState.VISIBLE) == 2


def pages_for_others(client, ids) -> dict[str, object]:
    return {
        "debate page": client.get(f"/debates/{ids['debate']}"),
        "reading view": client.get(f"/debates/{ids['debate']}/read"),
        "material page": client.get(f"/materials/{ids['material']}"),
        "home": client.get("/"),
        "API debate": client.get(f"/api/v1/debates/{ids['debate']}"),
        "export csv": client.get(f"/debates/{ids['debate']}/export/csv"),
        "export archive": client.get(f"/debates/{ids['debate']}/export/archive"),
        "export kialo": client.get(f"/debates/{ids['debate']}/export/kialo"),
        "API export aif": client.get(f"/api/v1/debates/{ids['debate']}/export/aif"),
    }


@pytest.mark.parametrize("who", ["anonymous", "bystander"])
def test_nobody_else_finds_the_pending_position_anywhere(app, client, auth, premoderated, who):
    ids = premoderated
    if who != "anonymous":
        auth.sign_in_as(ids[who])

    for name, response in pages_for_others(client, ids).items():
        assert response.status_code == 200, name
        assert not leaks(response.text), name
    assert client.get(position_url(ids)).status_code == 404
    assert client.get(f"/api/v1/positions/{ids['position']}").status_code == 404
    assert client.get(f"/debates/{ids['debate']}").text.count('class="position"') == 0
    # The debate list counts only the positions this reader may see.
    home = client.get("/").text
    assert "0 positions" in home and not re.search(r"\b1 position\b", home)


def test_a_pending_position_is_not_found_through_a_token_either(app, client, premoderated):
    ids = premoderated
    with app.app_context():
        token = make_token(db.session.get(User, ids["bystander"]))
        db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}

    assert client.get(f"/api/v1/positions/{ids['position']}", headers=headers).status_code == 404
    debate = client.get(f"/api/v1/debates/{ids['debate']}", headers=headers).get_json()
    assert debate["positions"] == []
    stance = client.put(f"/api/v1/positions/{ids['position']}/stance", json={"stance": "for"},
                        headers=headers)
    assert stance.status_code == 404


def test_the_author_sees_their_pending_position_with_a_notice(app, client, auth, premoderated):
    ids = premoderated
    auth.sign_in_as(ids["participant"])

    debate_page = client.get(f"/debates/{ids['debate']}").text
    page = client.get(position_url(ids))
    api = client.get(f"/api/v1/positions/{ids['position']}").get_json()
    listed = client.get(f"/api/v1/debates/{ids['debate']}").get_json()["positions"]
    reading = client.get(f"/debates/{ids['debate']}/read").text

    assert SECRET in debate_page and "waits for a moderator's review" in unescape(debate_page)
    assert page.status_code == 200
    assert "waits for a moderator's review" in unescape(page.text)
    assert "Argue for" not in page.text and "Where do you stand?" not in page.text
    assert api["moderation"] == "pending" and api["statement"] == SECRET
    assert [position["moderation"] for position in listed] == ["pending"]
    assert SECRET in reading
    # Exports hold what everyone may read, the author's pending position not among it.
    assert not leaks(client.get(f"/debates/{ids['debate']}/export/csv").text)


def test_arguing_and_voting_on_a_pending_position_are_refused_with_the_reason(
    app, client, auth, premoderated
):
    ids = premoderated
    for user_id in (ids["participant"], ids["moderator"]):
        auth.sign_in_as(user_id)
        argued = client.post(f"/positions/{ids['position']}/arguments/new",
                             data={"side": "pro", "claim": "It is plainly right", "body": ""})
        voted = client.post(f"/positions/{ids['position']}/stance", data={"stance": "for"})
        for response in (argued, voted):
            assert response.status_code == 409
            assert "This position waits for a moderator's review" in unescape(response.text)
        auth.sign_out()
    with app.app_context():
        token = make_token(db.session.get(User, ids["participant"]))
        db.session.commit()
    api = client.post(f"/api/v1/positions/{ids['position']}/arguments",
                      json={"side": "pro", "claim": "It is plainly right"},
                      headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 409
    assert "waits for a moderator's review" in api.get_json()["error"]["message"]


def test_moderators_see_it_and_the_queue_lists_it_with_its_quotes(app, client, auth, premoderated):
    ids = premoderated
    auth.sign_in_as(ids["moderator"])

    queue = client.get(f"/debates/{ids['debate']}/queue").text
    page = client.get(position_url(ids))

    assert f'id="queue-position-{ids["position"]}"' in queue
    assert SECRET in queue and QUOTE in queue
    assert 'value="approve"' in queue and 'value="reject"' in queue
    assert page.status_code == 200 and SECRET in page.text
    assert SECRET in client.get(f"/debates/{ids['debate']}").text


def test_approving_without_a_reason_shows_the_position_to_everyone_and_tells_the_author(
    app, client, auth, premoderated
):
    ids = premoderated
    auth.sign_in_as(ids["moderator"])

    assert queue_act(client, ids, "approve").status_code == 303
    queue = client.get(f"/debates/{ids['debate']}/queue").text
    auth.sign_out()

    assert f'id="queue-position-{ids["position"]}"' not in queue
    assert state_of(app, ids) == (ModerationState.VISIBLE, None)
    assert any(f"position {ids['position']} was approved" in message
               for message in notices_of(app, ids["participant"]))
    assert client.get(position_url(ids)).status_code == 200
    assert SECRET in client.get(f"/debates/{ids['debate']}").text
    assert SECRET in client.get(f"/materials/{ids['material']}").text
    assert SECRET in client.get(f"/debates/{ids['debate']}/export/csv").text
    assert re.search(r"\b1 position\b", client.get("/").text)
    log = client.get(f"/debates/{ids['debate']}/log").text
    assert f"position {ids['position']}" in log and not leaks(log)
    # Now it takes arguments like any other.
    auth.sign_in_as(ids["bystander"])
    assert "Argue for" in client.get(position_url(ids)).text


def test_a_moderator_approves_from_the_position_page_and_stays_on_it(
    app, client, auth, premoderated
):
    ids = premoderated
    auth.sign_in_as(ids["moderator"])
    page = client.get(position_url(ids)).text
    assert "Review this position" in page and 'value="approve"' in page

    response = client.post(f"/debates/{ids['debate']}/queue/position/{ids['position']}",
                           data={"action": "approve", "reason": "", "next": "item"})

    assert response.headers["Location"].endswith(position_url(ids))
    assert state_of(app, ids) == (ModerationState.VISIBLE, None)
    assert "Review this position" not in client.get(position_url(ids)).text


def test_rejecting_needs_a_reason(app, client, auth, premoderated):
    ids = premoderated
    auth.sign_in_as(ids["moderator"])

    response = queue_act(client, ids, "reject")

    assert response.status_code == 303
    assert "Give a reason" in client.get(response.headers["Location"]).text
    assert state_of(app, ids) == (ModerationState.PENDING, None)


def test_rejecting_keeps_it_hidden_and_the_author_reads_the_reason(
    app, client, auth, premoderated
):
    ids = premoderated
    reason = "It is not in the material."
    auth.sign_in_as(ids["moderator"])
    assert queue_act(client, ids, "reject", reason).status_code == 303
    auth.sign_out()

    assert state_of(app, ids) == (ModerationState.REJECTED, reason)
    assert any(reason in message for message in notices_of(app, ids["participant"]))
    for response in pages_for_others(client, ids).values():
        assert not leaks(response.text)
    assert client.get(position_url(ids)).status_code == 404
    log = client.get(f"/debates/{ids['debate']}/log").text
    assert f"position {ids['position']}" in log and reason in log and not leaks(log)
    with app.app_context():
        entry = db.session.scalar(select(ModerationAction).where(
            ModerationAction.target_kind == "position"))
        assert (entry.action, entry.target_id) == ("reject", ids["position"])
    auth.sign_in_as(ids["participant"])
    page = client.get(position_url(ids)).text
    assert "Rejected" in page and reason in page


@pytest.mark.parametrize("action", ["hide", "restore", "dismiss_reports", "lock"])
def test_a_position_is_only_approved_or_rejected(app, client, auth, premoderated, action):
    ids = premoderated
    auth.sign_in_as(ids["moderator"])

    response = queue_act(client, ids, action, "Because.")

    assert response.status_code == (409 if action in ("hide", "restore") else 400)
    if action in ("hide", "restore"):
        assert "approved or rejected, nothing else" in response.text
    assert state_of(app, ids) == (ModerationState.PENDING, None)


def test_others_cannot_approve_a_proposed_position(app, client, auth, premoderated):
    ids = premoderated
    auth.sign_in_as(ids["bystander"])
    assert queue_act(client, ids, "approve").status_code == 403
    auth.sign_out()
    auth.sign_in_as(ids["participant"])
    assert queue_act(client, ids, "approve").status_code == 403
    assert state_of(app, ids) == (ModerationState.PENDING, None)
