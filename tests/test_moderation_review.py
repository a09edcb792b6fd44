"""Check pre-moderation: held posts show only to their authors until approved or rejected."""

import json
from html import unescape

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Argument, Evidence, ModerationState, PostingMode
from tests.forms import act, post_argument
from tests.pages import argument_by_claim, card, position_url, queue_entry, state_of
from tests.worlds import (
    HELD_CLAIM,
    SHOWN_CLAIM,
    STATEMENT,
    author_post_held,
    client_of,
    moderation_world,
)

HELD_SOURCE = "Railway police annual figures"

def test_a_participants_argument_waits_for_review_seen_only_by_its_author(app):
    w = moderation_world(app, posting_mode=PostingMode.PREMODERATED)
    author = client_of(app, w["author"])

    response = post_argument(author, w, HELD_CLAIM)

    held = argument_by_claim(app, HELD_CLAIM)
    assert response.status_code == 303
    assert held.moderation == ModerationState.PENDING
    assert "Awaiting review" in card(author.get(f"/arguments/{held.id}").text, held.id)
    assert "Awaiting review" in card(author.get(position_url(w)).text, held.id)
    for reader in (client_of(app), client_of(app, w["participant"])):
        assert HELD_CLAIM not in reader.get(position_url(w)).text
        assert reader.get(f"/arguments/{held.id}").status_code == 404
        tree = reader.get(f"/api/v1/positions/{w['position']}").json
        assert HELD_CLAIM not in json.dumps(tree)


def test_a_participants_evidence_waits_for_review_seen_only_by_its_author(app):
    w = moderation_world(app, posting_mode=PostingMode.PREMODERATED)
    author = client_of(app, w["author"])

    response = author.post(
        f"/arguments/{w['shown']}/evidence/new",
        data={"kind": "official", "url": "https://example.org/police", "title": HELD_SOURCE,
              "passage": "0"},
    )

    assert response.status_code == 303
    with app.app_context():
        source = db.session.scalar(select(Evidence).where(Evidence.title == HELD_SOURCE))
        assert source.moderation == ModerationState.PENDING
    own_page = unescape(author.get(f"/arguments/{w['shown']}").text)
    assert HELD_SOURCE in own_page and "Awaiting review" in own_page
    for reader in (client_of(app), client_of(app, w["participant"])):
        page = reader.get(f"/arguments/{w['shown']}").text
        assert HELD_SOURCE not in unescape(page)
        assert "needs evidence" in card(page, w["shown"])
        assert HELD_SOURCE not in unescape(reader.get(f"/debates/{w['debate']}/evidence").text)


@pytest.mark.parametrize("poster", ["owner", "moderator"])
def test_posts_by_the_owner_and_moderators_are_not_held(app, poster):
    w = moderation_world(app, posting_mode=PostingMode.PREMODERATED)

    response = post_argument(client_of(app, w[poster]), w, HELD_CLAIM)

    assert response.status_code == 303
    assert argument_by_claim(app, HELD_CLAIM).moderation == ModerationState.VISIBLE
    assert HELD_CLAIM in client_of(app).get(position_url(w)).text


@pytest.mark.parametrize("runner", ["owner", "moderator"])
def test_the_queue_shows_each_pending_item_with_its_position_and_parent(app, runner):
    w = moderation_world(app, posting_mode=PostingMode.PREMODERATED)
    held = author_post_held(app, w, parent=w["shown"])
    client_of(app, w["author"]).post(
        f"/arguments/{w['shown']}/evidence/new",
        data={"kind": "news", "url": "https://example.org/police", "title": HELD_SOURCE,
              "passage": "0"},
    )
    with app.app_context():
        source = db.session.scalar(select(Evidence.id).where(Evidence.title == HELD_SOURCE))

    page = client_of(app, w[runner]).get(f"/debates/{w['debate']}/queue").text

    entry = queue_entry(page, "argument", held)
    assert "pending" in entry and HELD_CLAIM in entry
    assert f"on “{STATEMENT}”" in entry
    assert f"answering 1 “{SHOWN_CLAIM}”" in entry
    assert "by Author" in entry
    evidence_entry = queue_entry(page, "evidence", source)
    assert HELD_SOURCE in evidence_entry
    assert f"on argument 1 “{SHOWN_CLAIM}”" in evidence_entry


@pytest.mark.parametrize("reader", ["participant", "author"])
def test_participants_cannot_open_the_queue(app, reader):
    w = moderation_world(app, posting_mode=PostingMode.PREMODERATED)
    author_post_held(app, w)

    response = client_of(app, w[reader]).get(f"/debates/{w['debate']}/queue")

    assert response.status_code == 403
    assert HELD_CLAIM not in response.text


def test_approving_shows_the_argument_to_everyone_and_tells_the_author_why(app):
    w = moderation_world(app, posting_mode=PostingMode.PREMODERATED)
    held = author_post_held(app, w)

    response = act(client_of(app, w["moderator"]), w, held, "approve", "Well sourced and civil.")

    assert response.status_code == 303
    assert state_of(app, Argument, held) == ModerationState.VISIBLE
    for reader in (client_of(app), client_of(app, w["participant"])):
        assert HELD_CLAIM in reader.get(position_url(w)).text
        assert "Awaiting review" not in card(reader.get(f"/arguments/{held}").text, held)
    notices = unescape(client_of(app, w["author"]).get("/notifications").text)
    assert "Your argument 2 was approved: Well sourced and civil." in notices


def test_approving_evidence_shows_it_to_everyone(app):
    w = moderation_world(app, posting_mode=PostingMode.PREMODERATED)
    client_of(app, w["author"]).post(
        f"/arguments/{w['shown']}/evidence/new",
        data={"kind": "news", "url": "https://example.org/police", "title": HELD_SOURCE,
              "passage": "0"},
    )
    with app.app_context():
        source = db.session.scalar(select(Evidence.id).where(Evidence.title == HELD_SOURCE))

    response = act(client_of(app, w["owner"]), w, source, "approve", kind="evidence")

    assert response.status_code == 303
    page = client_of(app).get(f"/arguments/{w['shown']}").text
    assert HELD_SOURCE in unescape(page)
    assert "1 source" in card(page, w["shown"])


def test_rejecting_shows_the_author_the_reason_and_nobody_else_anything(app):
    w = moderation_world(app, posting_mode=PostingMode.PREMODERATED)
    held = author_post_held(app, w)

    response = act(client_of(app, w["moderator"]), w, held, "reject", "Off-topic: about parking.")

    assert response.status_code == 303
    assert state_of(app, Argument, held) == ModerationState.REJECTED
    author = client_of(app, w["author"])
    own_card = card(author.get(f"/arguments/{held}").text, held)
    assert "Rejected" in own_card and "Reason: Off-topic: about parking." in own_card
    assert "Off-topic: about parking." in unescape(author.get("/notifications").text)
    for reader in (client_of(app), client_of(app, w["participant"])):
        assert HELD_CLAIM not in reader.get(position_url(w)).text
        assert reader.get(f"/arguments/{held}").status_code == 404


def test_editing_an_approved_argument_in_a_premoderated_debate_sends_it_back_for_review(app):
    w = moderation_world(app, posting_mode=PostingMode.PREMODERATED)
    author = client_of(app, w["author"])
    post_argument(author, w, "Audits should be published every year")
    argument_id = argument_by_claim(app, "Audits should be published every year").id
    assert act(client_of(app, w["moderator"]), w, argument_id, "approve").status_code == 303

    author.post(
        f"/arguments/{argument_id}/edit",
        data={"claim": "Something entirely different now", "body": ""},
    )

    assert state_of(app, Argument, argument_id) == ModerationState.PENDING
    assert "Something entirely different now" not in client_of(app).get(position_url(w)).text
