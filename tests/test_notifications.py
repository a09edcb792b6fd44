"""Check that replies and approvals notify the right person once, and that notices can be read."""

import re
from html import unescape

from app.extensions import db
from app.models import Debate, Notification, PostingMode, User
from tests.factories import make_argument
from tests.forms import act, post_argument
from tests.pages import argument_by_claim, position_url, stored
from tests.worlds import (
    DISTINCT_CLAIMS,
    HELD_CLAIM,
    author_post_held,
    client_of,
    hide_by_reports,
    moderation_world,
)


def notifications_link(html: str) -> str:
    """Return the header's notifications link as a reader sees it, e.g. "Notifications 2"."""
    match = re.search(r'<a href="/notifications" class="notifications-link">(.*?)</a>', html, re.S)
    assert match, "the header has no notifications link"
    return " ".join(re.sub(r"<[^>]+>", " ", match[1]).split())

def test_a_reply_notifies_the_author_it_answers_on_every_page(app):
    w = moderation_world(app)
    with app.app_context():
        argument = make_argument(db.session.get(Debate, w["debate"]).positions[0],
                                 db.session.get(User, w["author"]), claim=HELD_CLAIM)
        db.session.commit()
        answered = argument.id

    response = post_argument(client_of(app, w["participant"]), w, "Thieves simply moved on",
                             parent=answered, side="con")

    assert response.status_code == 303
    author = client_of(app, w["author"])
    for url in ("/", position_url(w), f"/arguments/{answered}", f"/debates/{w['debate']}/log"):
        assert notifications_link(author.get(url).text) == "Notifications 1"
    notices = unescape(author.get("/notifications").text)
    assert "Participant replied objecting to your argument 2: “Thieves simply moved on”" in notices
    assert notifications_link(client_of(app, w["participant"]).get("/").text) == "Notifications"


def test_replying_to_ones_own_argument_notifies_nobody(app):
    w = moderation_world(app)

    response = post_argument(client_of(app, w["owner"]), w, "And they stay away", parent=w["shown"])

    assert response.status_code == 303
    assert stored(app, Notification) == 0
    assert notifications_link(client_of(app, w["owner"]).get("/").text) == "Notifications"


def test_a_held_reply_notifies_the_author_it_answers_only_once_approved(app):
    w = moderation_world(app)
    with app.app_context():
        answered = make_argument(db.session.get(Debate, w["debate"]).positions[0],
                                 db.session.get(User, w["participant"]), claim=HELD_CLAIM).id
        db.session.get(Debate, w["debate"]).posting_mode = PostingMode.PREMODERATED
        db.session.commit()
    reply = author_post_held(app, w, "A reply that waits for review", parent=answered)
    assert notifications_link(client_of(app, w["participant"]).get("/").text) == "Notifications"

    act(client_of(app, w["moderator"]), w, reply, "approve", "Fine.")

    participant = client_of(app, w["participant"])
    assert notifications_link(participant.get("/").text) == "Notifications 1"
    assert "A reply that waits for review" in unescape(participant.get("/notifications").text)


def test_a_reply_approved_again_after_being_hidden_does_not_notify_twice(app):
    w = moderation_world(app)
    reply_claim = DISTINCT_CLAIMS[0]
    assert post_argument(client_of(app, w["participant"]), w, reply_claim,
                         parent=w["shown"]).status_code == 303
    reply = argument_by_claim(app, reply_claim).id
    hide_by_reports(app, w, reply)

    act(client_of(app, w["moderator"]), w, reply, "approve", "The reports were mistaken.")

    owner = client_of(app, w["owner"])
    # Besides the reply, the owner heard of each report, as one who runs the debate.
    notices = unescape(owner.get("/notifications").text)
    assert notices.count(reply_claim) == 1
    assert notices.count("was reported") == 3


def test_marking_all_read_clears_the_count(app):
    w = moderation_world(app)
    for claim in DISTINCT_CLAIMS[:2]:
        post_argument(client_of(app, w["participant"]), w, claim, parent=w["shown"], side="con")
    owner = client_of(app, w["owner"])
    assert notifications_link(owner.get("/").text) == "Notifications 2"

    response = owner.post("/notifications/read")

    assert response.status_code == 303
    assert notifications_link(owner.get("/").text) == "Notifications"
    assert "unread" not in owner.get("/notifications").text
    assert stored(app, Notification, Notification.read_at.is_(None)) == 0


def test_moderators_hear_of_new_pending_posts_and_of_reports(app):
    w = moderation_world(app)
    with app.app_context():
        db.session.get(Debate, w["debate"]).posting_mode = PostingMode.PREMODERATED
        db.session.commit()
    held = author_post_held(app, w, "A claim that waits for a moderator")
    reporter = client_of(app, w["participant"])
    assert reporter.post(f"/report/argument/{w['shown']}",
                         data={"reason": "off_topic", "details": ""}).status_code == 303

    for person in ("moderator", "owner"):
        notices = unescape(client_of(app, w[person]).get("/notifications").text)
        assert re.search(r"A new argument, [\d.]+, in “[^”]+” waits for review\.", notices)
        assert f'href="/arguments/{held}"' in notices
        assert re.search(r"The argument [\d.]+ in “[^”]+” was reported: Off-topic\.", notices)
    author_notices = unescape(client_of(app, w["author"]).get("/notifications").text)
    assert "waits for review" not in author_notices
