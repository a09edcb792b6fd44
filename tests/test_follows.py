"""Check following a debate, a position or an argument: who hears of what, and unfollowing."""

from html import unescape

from sqlalchemy import select

from app.extensions import db
from app.models import Debate, Follow, Notification, PostingMode, User, Visibility
from tests.factories import make_user
from tests.forms import act, post_argument
from tests.pages import argument_by_claim, position_url
from tests.worlds import author_post_held, client_of, moderation_world


def notices_of(app, user_id: int) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(
            select(Notification.message).where(Notification.user_id == user_id)
            .order_by(Notification.id)
        ))


def outsider(app) -> int:
    with app.app_context():
        person = make_user(display_name="Reader")
        db.session.commit()
        return person.id


def test_a_follower_of_the_debate_hears_of_a_new_argument_and_can_unfollow_from_the_notice(app):
    w = moderation_world(app)
    reader_id = outsider(app)
    reader = client_of(app, reader_id)
    page = reader.get(f"/debates/{w['debate']}").text
    assert "Follow this debate" in page

    followed = reader.post(f"/follows/debate/{w['debate']}")
    assert followed.status_code == 303
    assert "Following · unfollow" in reader.get(f"/debates/{w['debate']}").text

    post_argument(client_of(app, w["participant"]), w, "Streets are calmer at night now")

    notices = unescape(reader.get("/notifications").text)
    assert ("Participant posted the argument 2 in “" in notices
            and "which you follow: “Streets are calmer at night now”" in notices)
    assert "Unfollow this debate" in notices

    unfollowed = reader.post(
        f"/follows/debate/{w['debate']}/delete", data={"next": "/notifications"}
    )
    assert unfollowed.status_code == 303
    assert unfollowed.headers["Location"] == "/notifications"
    post_argument(client_of(app, w["participant"]), w, "Lighting costs little")
    assert len(notices_of(app, reader_id)) == 1
    assert "Follow this debate" in reader.get(f"/debates/{w['debate']}").text


def test_posting_follows_the_position_so_the_author_hears_of_later_arguments(app):
    w = moderation_world(app)
    author = client_of(app, w["author"])
    post_argument(author, w, "Patrols deter burglars")
    assert "Following · unfollow" in author.get(position_url(w)).text

    post_argument(client_of(app, w["participant"]), w, "Burglars just moved on", side="con")

    notices = notices_of(app, w["author"])
    assert len(notices) == 1 and "Burglars just moved on" in notices[0]
    # Nobody hears about their own argument.
    assert not any("Burglars" in notice for notice in notices_of(app, w["participant"]))


def test_a_follower_of_an_argument_hears_of_replies_deep_below_it_once(app):
    w = moderation_world(app)
    reader_id = outsider(app)
    reader = client_of(app, reader_id)
    reader.post(f"/follows/argument/{w['shown']}")
    reader.post(f"/follows/debate/{w['debate']}")
    participant = client_of(app, w["participant"])
    post_argument(participant, w, "First answer", parent=w["shown"], side="con")
    first = argument_by_claim(app, "First answer").id
    post_argument(client_of(app, w["author"]), w, "Answer to the answer", parent=first)

    notices = notices_of(app, reader_id)
    assert len(notices) == 2
    assert "First answer" in notices[0] and "Answer to the answer" in notices[1]
    with app.app_context():
        told = db.session.scalars(select(Notification).where(Notification.user_id == reader_id))
        # The narrowest follow is the one a notice offers to drop.
        assert {notice.follow.kind for notice in told} == {"argument"}


def test_the_author_replied_to_hears_once_though_following_too(app):
    w = moderation_world(app)
    owner = client_of(app, w["owner"])
    owner.post(f"/follows/argument/{w['shown']}")

    post_argument(client_of(app, w["participant"]), w, "Not so", parent=w["shown"], side="con")

    assert len(notices_of(app, w["owner"])) == 1


def test_a_held_argument_reaches_followers_only_once_approved(app):
    w = moderation_world(app)
    with app.app_context():
        db.session.get(Debate, w["debate"]).posting_mode = PostingMode.PREMODERATED
        db.session.commit()
    reader_id = outsider(app)
    client_of(app, reader_id).post(f"/follows/debate/{w['debate']}")

    held = author_post_held(app, w)
    assert notices_of(app, reader_id) == []

    act(client_of(app, w["moderator"]), w, held, "approve")
    assert len(notices_of(app, reader_id)) == 1


def test_a_follower_who_may_no_longer_read_the_debate_hears_nothing(app):
    w = moderation_world(app)
    reader_id = outsider(app)
    client_of(app, reader_id).post(f"/follows/debate/{w['debate']}")
    client_of(app, w["author"]).post(f"/follows/debate/{w['debate']}")
    with app.app_context():
        db.session.get(Debate, w["debate"]).visibility = Visibility.MEMBERS
        db.session.commit()

    post_argument(client_of(app, w["participant"]), w, "Members only now")

    assert notices_of(app, reader_id) == []
    assert len(notices_of(app, w["author"])) == 1


def test_what_one_may_not_read_cannot_be_followed(app):
    w = moderation_world(app, visibility=Visibility.MEMBERS)
    reader_id = outsider(app)
    reader = client_of(app, reader_id)

    assert reader.post(f"/follows/debate/{w['debate']}").status_code == 404
    assert reader.post(f"/follows/position/{w['position']}").status_code == 404
    assert reader.post(f"/follows/argument/{w['shown']}").status_code == 404
    assert reader.post(f"/follows/material/{w['debate']}").status_code == 404
    assert reader.post("/follows/debate/99999999").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(Follow).where(Follow.user_id == reader_id)) is None


def test_anonymous_visitors_are_sent_to_sign_in_and_see_no_follow_button(app, client):
    w = moderation_world(app)

    assert "Follow this debate" not in client.get(f"/debates/{w['debate']}").text
    response = client.post(f"/follows/debate/{w['debate']}")
    assert response.status_code == 302 and "/account/sign-in" in response.headers["Location"]


def test_following_twice_keeps_one_follow_and_htmx_gets_the_button_back(app):
    w = moderation_world(app)
    reader = client_of(app, w["participant"])
    headers = {"HX-Request": "true"}

    first = reader.post(f"/follows/position/{w['position']}", headers=headers)
    second = reader.post(f"/follows/position/{w['position']}", headers=headers)

    assert first.status_code == second.status_code == 200
    button = f'<form method="post" id="follow-position-{w["position"]}"'
    assert second.text.strip().startswith(button)
    assert "Following · unfollow" in second.text
    with app.app_context():
        mine = select(db.func.count()).where(Follow.user_id == w["participant"])
        assert db.session.scalar(mine) == 1
    dropped = reader.post(f"/follows/position/{w['position']}/delete", headers=headers)
    assert "Follow this position" in dropped.text


def test_unfollowing_what_one_does_not_follow_changes_nothing(app):
    w = moderation_world(app)
    response = client_of(app, w["participant"]).post(f"/follows/debate/{w['debate']}/delete")
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(User, w["participant"]) is not None
