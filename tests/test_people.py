"""Check public profiles (opt-in, public contributions only) and @username mentions."""

from html import unescape

from sqlalchemy import select

from app.extensions import db
from app.models import (
    Argument,
    Debate,
    ModerationState,
    Notification,
    PostingMode,
    Role,
    User,
    Visibility,
)
from tests.factories import add_member, make_argument, make_debate, make_position, make_user
from tests.forms import act
from tests.worlds import author_post_held, client_of, moderation_world


def username_of(app, user_id: int) -> str:
    with app.app_context():
        return db.session.get(User, user_id).username


def notices_of(app, user_id: int) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(
            select(Notification.message).where(Notification.user_id == user_id)
        ))


def test_a_profile_is_private_until_its_owner_makes_it_public(app):
    w = moderation_world(app)
    name = username_of(app, w["author"])
    author = client_of(app, w["author"])

    assert client_of(app).get(f"/people/{name}").status_code == 404
    assert client_of(app, w["participant"]).get(f"/people/{name}").status_code == 404
    own = author.get(f"/people/{name}")
    assert own.status_code == 200 and "Only you see this page" in own.text

    saved = author.post("/account/profile", data={"public": "y", "bio": "I walk the <b>beat</b>."})

    assert saved.status_code == 303
    shown = client_of(app).get(f"/people/{name}")
    assert shown.status_code == 200
    assert "Author" in shown.text and "I walk the &lt;b&gt;beat&lt;/b&gt;." in shown.text
    hidden_again = author.post("/account/profile", data={"bio": ""})
    assert hidden_again.status_code == 303
    assert client_of(app).get(f"/people/{name}").status_code == 404


def test_a_profile_lists_only_contributions_anyone_may_see(app):
    w = moderation_world(app)
    with app.app_context():
        author = db.session.get(User, w["author"])
        author.profile_public = True
        public = db.session.get(Debate, w["debate"])
        make_argument(public.positions[0], author, claim="Seen by all in the open")
        hidden = make_argument(public.positions[0], author, claim="Hidden by a moderator")
        make_argument(public.positions[0], author, claim="Below a hidden one", parent=hidden)
        hidden.moderation = ModerationState.HIDDEN
        private = make_debate(visibility=Visibility.MEMBERS)
        add_member(private, author, Role.PARTICIPANT)
        make_argument(make_position(private, statement="Members decide"), author,
                      claim="Said among members")
        db.session.commit()

    page = unescape(client_of(app).get(f"/people/{username_of(app, w['author'])}").text)

    assert "Seen by all in the open" in page
    for secret in ("Hidden by a moderator", "Below a hidden one", "Said among members",
                   "Members decide"):
        assert secret not in page
    assert "Votes and stances are private and never shown here." in page


def test_a_bio_too_long_is_refused_beside_the_field(app):
    w = moderation_world(app)
    response = client_of(app, w["author"]).post(
        "/account/profile", data={"public": "y", "bio": "x" * 281}
    )
    assert response.status_code == 422
    assert "Field cannot be longer than 280 characters." in response.text
    with app.app_context():
        assert db.session.get(User, w["author"]).profile_public is False


def test_an_unknown_or_strange_username_answers_404(app, client):
    for name in ("nobody_at_all", "x" * 500, "%F0%9F%98%80", "a'b"):
        assert client.get(f"/people/{name}").status_code == 404


def test_a_mention_notifies_the_person_named_once(app):
    w = moderation_world(app)
    named = username_of(app, w["participant"])
    with app.app_context():
        position = db.session.get(Debate, w["debate"]).positions[0]
        make_argument(position, db.session.get(User, w["author"]),
                      claim="Ask the night shift", body=f"As @{named} and @{named.upper()} said; "
                      "mail me at someone@example.org, and @nobody_here agrees.")
        db.session.commit()

    notices = notices_of(app, w["participant"])
    assert notices == ["Author mentioned you in “" + debate_title(app, w) +
                       "”: 2 “Ask the night shift”"]


def debate_title(app, w) -> str:
    with app.app_context():
        return db.session.get(Debate, w["debate"]).title


def test_a_mention_reaches_nobody_who_may_not_read_the_debate(app):
    w = moderation_world(app, visibility=Visibility.MEMBERS)
    with app.app_context():
        outsider = make_user(username="outsider_ola")
        position = db.session.get(Debate, w["debate"]).positions[0]
        make_argument(position, db.session.get(User, w["author"]),
                      claim="Ola would know", body="Right, @outsider_ola?")
        db.session.commit()
        outsider_id = outsider.id

    assert notices_of(app, outsider_id) == []


def test_a_mention_in_a_held_argument_waits_for_its_approval(app):
    w = moderation_world(app)
    with app.app_context():
        db.session.get(Debate, w["debate"]).posting_mode = PostingMode.PREMODERATED
        db.session.commit()
    named = username_of(app, w["participant"])

    held = author_post_held(app, w, claim=f"Held, naming @{named}")
    assert notices_of(app, w["participant"]) == []

    act(client_of(app, w["moderator"]), w, held, "approve")
    assert len(notices_of(app, w["participant"])) == 1
    with app.app_context():
        assert db.session.get(Argument, held).moderation == ModerationState.VISIBLE
