"""Check how owners run a debate's membership, invite links, settings and visibility."""

import re
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from app.errors import DomainError
from app.extensions import db
from app.models import (
    Debate,
    Invite,
    Membership,
    ModerationAction,
    PostingMode,
    Rating,
    Role,
    User,
    Visibility,
    Voters,
)
from app.models.columns import utcnow
from tests.factories import (
    PASSWORD,
    add_member,
    make_argument,
    make_debate,
    make_invite,
    make_position,
    make_user,
)
from tests.pages import field_error
from tests.worlds import client_of, new_user

TITLE = "Cameras on every corner"
# What the settings form sends for a debate with the default settings.
DEFAULTS = {
    "visibility": "public",
    "posting_mode": "open",
    "voters": "signed_in",
    "posts_per_hour": "20",
    "report_threshold": "3",
    "hide_tallies_until_rated": "y",
}


def build(app, **debate_overrides) -> dict[str, int]:
    """Make a debate with an owner, a participant, a signed-up outsider, one position and one
    argument; return their ids."""
    with app.app_context():
        owner = make_user(username="olga", display_name="Olga Owner")
        participant = make_user(username="pat", display_name="Pat Participant")
        outsider = make_user(username="otto", display_name="Otto Outsider")
        debate = make_debate(owner=owner, title=TITLE, **debate_overrides)
        add_member(debate, participant, Role.PARTICIPANT)
        position = make_position(debate, statement="Cameras make cities safer")
        argument = make_argument(position, owner, claim="Cameras deter pickpockets")
        db.session.commit()
        return {"owner": owner.id, "participant": participant.id, "outsider": outsider.id,
                "debate": debate.id, "position": position.id, "argument": argument.id}


def role_of(app, w, user_id: int) -> Role | None:
    with app.app_context():
        return db.session.scalar(select(Membership.role).where(
            Membership.debate_id == w["debate"], Membership.user_id == user_id))


def log_labels(app, w) -> list[tuple[str, str]]:
    """Return (action, target label) of every log entry, oldest first."""
    with app.app_context():
        return [(entry.action, entry.target_label) for entry in db.session.scalars(
            select(ModerationAction)
            .where(ModerationAction.debate_id == w["debate"])
            .order_by(ModerationAction.id)
        )]


def debate_row(app, w) -> tuple:
    with app.app_context():
        debate = db.session.get(Debate, w["debate"])
        return (debate.visibility, debate.posting_mode, debate.voters, debate.posts_per_hour,
                debate.report_threshold, debate.hide_tallies_until_rated)


def change_settings(client, w, **changes):
    data = {**DEFAULTS, **{name: str(value) for name, value in changes.items()}}
    if changes.get("hide_tallies_until_rated") is False:
        del data["hide_tallies_until_rated"]
    return client.post(f"/debates/{w['debate']}/settings", data=data)


# Members


@pytest.mark.parametrize("role", ["moderator", "participant", "viewer"])
def test_the_owner_adds_a_member_by_username_in_a_role(app, role):
    w = build(app)
    newcomer = new_user(app, username="nina", display_name="Nina Newcomer")
    owner = client_of(app, w["owner"])

    response = owner.post(f"/debates/{w['debate']}/members",
                          data={"username": "Nina", "role": role})

    assert response.status_code == 303
    assert role_of(app, w, newcomer) == Role(role)
    settings = owner.get(response.headers["Location"]).text
    assert f"Nina is now a {role}." in unescape(settings)
    assert re.search(rf'id="member-{newcomer}">.*?<td>{role}</td>', settings, re.S)
    assert log_labels(app, w)[-1] == ("set_role", f"Nina Newcomer as {role}")
    assert f"You are now a {role} in “{TITLE}”." in unescape(
        client_of(app, newcomer).get("/notifications").text)


def test_a_moderator_added_by_the_owner_may_open_the_review_queue(app):
    w = build(app)
    participant = client_of(app, w["participant"])
    assert participant.get(f"/debates/{w['debate']}/queue").status_code == 403

    response = client_of(app, w["owner"]).post(
        f"/debates/{w['debate']}/members", data={"username": "pat", "role": "moderator"})

    assert response.status_code == 303
    assert role_of(app, w, w["participant"]) == Role.MODERATOR
    assert participant.get(f"/debates/{w['debate']}/queue").status_code == 200
    assert log_labels(app, w)[-1] == ("set_role", "Pat Participant as moderator")


def test_the_owner_removes_a_member(app):
    w = build(app, visibility=Visibility.MEMBERS)
    participant = client_of(app, w["participant"])
    assert participant.get(f"/debates/{w['debate']}").status_code == 200

    response = client_of(app, w["owner"]).post(
        f"/debates/{w['debate']}/members/{w['participant']}/remove")

    assert response.status_code == 303
    assert role_of(app, w, w["participant"]) is None
    assert participant.get(f"/debates/{w['debate']}").status_code == 404
    assert log_labels(app, w)[-1] == ("remove_member", "Pat Participant")


def test_an_unknown_username_is_refused_beside_the_field(app):
    w = build(app)

    response = client_of(app, w["owner"]).post(
        f"/debates/{w['debate']}/members", data={"username": "ghost", "role": "participant"})

    assert response.status_code == 422
    assert field_error(response.text, "username") == "Nobody is called “ghost” here."
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Membership)) == 2
    assert log_labels(app, w) == []


@pytest.mark.parametrize("role", ["moderator", "participant", "viewer"])
def test_the_owners_own_role_cannot_change(app, role):
    w = build(app)
    owner = client_of(app, w["owner"])

    response = owner.post(f"/debates/{w['debate']}/members",
                          data={"username": "olga", "role": role})
    removal = owner.post(f"/debates/{w['debate']}/members/{w['owner']}/remove")

    assert response.status_code == 422
    assert field_error(response.text, "username") == "The owner's role cannot change."
    assert removal.status_code == 409
    assert "The owner cannot be removed." in removal.text
    assert role_of(app, w, w["owner"]) == Role.OWNER
    assert log_labels(app, w) == []


def test_only_the_owner_manages_members(app):
    w = build(app)
    with app.app_context():
        add_member(db.session.get(Debate, w["debate"]), db.session.get(User, w["outsider"]),
                   Role.MODERATOR)
        db.session.commit()

    response = client_of(app, w["outsider"]).post(
        f"/debates/{w['debate']}/members", data={"username": "pat", "role": "viewer"})

    assert response.status_code == 403
    assert role_of(app, w, w["participant"]) == Role.PARTICIPANT


# Invite links


def invite_of(app, w) -> Invite:
    with app.app_context():
        invite = db.session.scalar(select(Invite).where(Invite.debate_id == w["debate"]))
        db.session.expunge(invite)
        return invite


def test_the_owner_creates_an_invite_link_for_a_role_and_some_days(app):
    w = build(app)
    owner = client_of(app, w["owner"])

    response = owner.post(f"/debates/{w['debate']}/invites",
                          data={"role": "moderator", "days": "3"})

    assert response.status_code == 303
    invite = invite_of(app, w)
    assert invite.role == Role.MODERATOR
    assert abs(invite.expires_at - (utcnow() + timedelta(days=3))) < timedelta(minutes=1)
    settings = owner.get(response.headers["Location"]).text
    assert f"/join/{invite.token}" in settings
    assert "joins as moderator" in settings
    assert log_labels(app, w)[-1] == ("create_invite", "invite link for moderators, 3 days")


@pytest.mark.parametrize("days", ["0", "91", "-1"])
def test_an_invite_link_must_last_one_to_ninety_days(app, days):
    w = build(app)

    response = client_of(app, w["owner"]).post(
        f"/debates/{w['debate']}/invites", data={"role": "participant", "days": days})

    assert response.status_code == 422
    assert field_error(response.text, "days") == "Number must be between 1 and 90."
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Invite)) == 0


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.PARTICIPANT, Role.VIEWER])
def test_an_invite_link_joins_the_holder_in_its_role_after_signing_in(app, role):
    w = build(app, visibility=Visibility.MEMBERS)
    with app.app_context():
        token = make_invite(db.session.get(Debate, w["debate"]), role, days=7).token
        db.session.commit()
    newcomer = new_user(app, username="nina")
    client = app.test_client()

    landing = client.get(f"/join/{token}")
    assert landing.status_code == 200
    sign_in_link = unescape(re.search(r'href="([^"]*)">Sign in to join</a>', landing.text)[1])
    location = urlsplit(sign_in_link)
    assert location.path == "/account/sign-in"
    assert urlsplit(parse_qs(location.query)["next"][0]).path == f"/join/{token}"
    signed_in = client.post(sign_in_link, data={"username": "nina", "password": PASSWORD})
    assert urlsplit(signed_in.headers["Location"]).path == f"/join/{token}"
    page = client.get(f"/join/{token}").text
    assert f"as a <strong>{role.value}</strong>." in page

    joined = client.post(f"/join/{token}")

    assert joined.status_code == 303
    assert joined.headers["Location"] == f"/debates/{w['debate']}"
    assert role_of(app, w, newcomer) == role
    assert invite_of(app, w).uses == 1
    assert client.get(f"/debates/{w['debate']}").status_code == 200


def expire(app, w) -> None:
    with app.app_context():
        db.session.scalar(select(Invite)).expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()


def revoke(app, w) -> None:
    invite = invite_of(app, w)
    response = client_of(app, w["owner"]).post(f"/invites/{invite.id}/revoke")
    assert response.status_code == 303
    assert log_labels(app, w)[-1] == ("revoke_invite", "invite link for participants")


@pytest.mark.parametrize("spoil", [expire, revoke], ids=["expired", "revoked"])
def test_an_expired_or_revoked_invite_link_is_refused_with_a_clear_message(app, spoil):
    w = build(app, visibility=Visibility.MEMBERS)
    with app.app_context():
        token = make_invite(db.session.get(Debate, w["debate"])).token
        db.session.commit()
    spoil(app, w)
    holder = client_of(app, w["outsider"])

    page = holder.get(f"/join/{token}")
    refused = holder.post(f"/join/{token}")

    assert "This invite link has expired or was revoked." in page.text
    assert "Join the debate</button>" not in page.text
    assert refused.status_code == 409
    assert "This invite link has expired or was revoked. Ask for a new one." in refused.text
    assert role_of(app, w, w["outsider"]) is None
    assert holder.get(f"/debates/{w['debate']}").status_code == 404


def test_the_invite_landing_page_names_the_debate_and_inviter_with_sign_up_beside_sign_in(app):
    w = build(app, visibility=Visibility.MEMBERS)
    with app.app_context():
        debate = db.session.get(Debate, w["debate"])
        token = make_invite(debate).token
        title, inviter = debate.title, debate.owner.display_name
        db.session.commit()

    page = unescape(app.test_client().get(f"/join/{token}").text)

    assert f"{inviter}\n      invites you to join the debate “{title}”" in page
    assert "Please sign in to continue" not in page
    choices = re.search(r'<div class="join-choices">(.*?)</div>', page, re.S)[1]
    assert f'href="/account/sign-up?next=/join/{token}&code={token}">Sign up to join</a>' in choices
    assert f'href="/account/sign-in?next=/join/{token}">Sign in to join</a>' in choices


def test_joining_still_needs_a_sign_in(app):
    w = build(app, visibility=Visibility.MEMBERS)
    with app.app_context():
        token = make_invite(db.session.get(Debate, w["debate"])).token
        db.session.commit()

    response = app.test_client().post(f"/join/{token}")

    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/account/sign-in"


def test_an_unknown_invite_link_is_not_found(app):
    build(app)

    response = client_of(app, new_user(app)).get("/join/not-a-real-token")

    assert response.status_code == 404
    assert "This invite link does not exist." in response.text


# Leaving


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.PARTICIPANT, Role.VIEWER])
def test_a_member_leaves_a_debate(app, role):
    w = build(app, visibility=Visibility.MEMBERS)
    with app.app_context():
        db.session.scalar(select(Membership).where(
            Membership.user_id == w["participant"])).role = role
        db.session.commit()
    member = client_of(app, w["participant"])

    response = member.post(f"/debates/{w['debate']}/leave")

    assert response.status_code == 303
    assert role_of(app, w, w["participant"]) is None
    assert f"You left “{TITLE}”." in unescape(member.get(response.headers["Location"]).text)
    assert member.get(f"/debates/{w['debate']}").status_code == 404


def test_the_owner_cannot_leave(app):
    w = build(app)

    response = client_of(app, w["owner"]).post(f"/debates/{w['debate']}/leave")

    assert response.status_code == 409
    assert "The owner cannot leave; close the debate instead." in response.text
    assert role_of(app, w, w["owner"]) == Role.OWNER


# Settings


def test_each_settings_change_is_saved_and_logged_publicly(app):
    w = build(app)
    owner = client_of(app, w["owner"])

    steps = [
        ({"visibility": "unlisted"}, ["visibility: public → unlisted"]),
        ({"visibility": "members"}, ["visibility: unlisted → members"]),
        ({"visibility": "members", "posting_mode": "premoderated", "voters": "members",
          "posts_per_hour": 5, "report_threshold": 4, "hide_tallies_until_rated": False},
         ["posting: open → premoderated", "who may vote: signed_in → members",
          "arguments per person per hour: 20 → 5", "reports that hide an item: 3 → 4",
          "tallies hidden until rated: True → False"]),
    ]
    for changes, labels in steps:
        before = len(log_labels(app, w))
        response = change_settings(owner, w, **changes)
        assert response.status_code == 303
        assert log_labels(app, w)[before:] == [("settings", label) for label in labels]

    assert debate_row(app, w) == (Visibility.MEMBERS, PostingMode.PREMODERATED, Voters.MEMBERS,
                                  5, 4, False)
    log = " ".join(unescape(re.sub(r"<[^>]+>", "", owner.get(f"/debates/{w['debate']}/log").text)
                            ).split())
    for _, labels in steps:
        for label in labels:
            assert label in log
    assert "Olga Owner (owner)" in log


def test_saving_unchanged_settings_logs_nothing(app):
    w = build(app)
    owner = client_of(app, w["owner"])

    response = change_settings(owner, w)

    assert response.status_code == 303
    assert "Nothing changed." in owner.get(response.headers["Location"]).text
    assert log_labels(app, w) == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("posts_per_hour", "-1", "Number must be between 0 and 1000."),
        ("posts_per_hour", "5000", "Number must be between 0 and 1000."),
        ("report_threshold", "0", "Number must be between 1 and 100."),
        ("posts_per_hour", "", "Give a number."),
    ],
)
def test_invalid_settings_are_refused_beside_the_field_and_change_nothing(
    app, field, value, message
):
    w = build(app)
    before = debate_row(app, w)

    # The valid change sent alongside must not be saved either.
    response = change_settings(client_of(app, w["owner"]), w, visibility="members",
                               **{field: value})

    assert response.status_code == 422
    assert field_error(response.text, field) == message
    assert debate_row(app, w) == before
    assert log_labels(app, w) == []


@pytest.mark.parametrize(
    ("setting", "value", "field"),
    [("posts_per_hour", -1, "posts_per_hour"), ("posts_per_hour", 5000, "posts_per_hour"),
     ("report_threshold", 0, "report_threshold")],
)
def test_the_settings_service_refuses_invalid_values_from_any_entry_point(
    app, setting, value, field
):
    from app.debates.services import update_settings

    w = build(app)
    with app.app_context():
        debate = db.session.get(Debate, w["debate"])
        with pytest.raises(DomainError) as refused:
            update_settings(debate, debate.owner, **{setting: value})
        assert refused.value.field == field
    assert log_labels(app, w) == []


def test_only_the_owner_changes_settings(app):
    w = build(app)
    before = debate_row(app, w)

    response = change_settings(client_of(app, w["participant"]), w, visibility="members")

    assert response.status_code == 403
    assert debate_row(app, w) == before


# Visibility and voters


def listed_titles(client) -> tuple[str, list[str]]:
    """Return the home page and the titles the API lists."""
    page = client.get("/").text
    listed = [debate["title"] for debate in client.get("/api/v1/debates").json["debates"]]
    return page, listed


@pytest.mark.parametrize("reader", ["anonymous", "outsider"])
def test_an_unlisted_debate_is_left_out_of_lists_but_readable_by_link(app, reader):
    w = build(app, visibility=Visibility.UNLISTED)
    with app.app_context():
        make_debate(title="A listed public debate")
        db.session.commit()
    client = client_of(app, w.get(reader))

    page, listed = listed_titles(client)

    assert "A listed public debate" in page and listed == ["A listed public debate"]
    assert TITLE not in page
    assert client.get(f"/debates/{w['debate']}").status_code == 200
    assert TITLE in client.get(f"/debates/{w['debate']}").text
    assert client.get(f"/api/v1/debates/{w['debate']}").json["title"] == TITLE
    assert client.get(f"/debates/{w['debate']}/positions/{w['position']}").status_code == 200


def test_members_still_find_an_unlisted_debate_in_their_own_lists(app):
    w = build(app, visibility=Visibility.UNLISTED)

    page, listed = listed_titles(client_of(app, w["participant"]))

    assert TITLE in page and listed == [TITLE]


@pytest.mark.parametrize(("reader", "status"),
                         [("anonymous", 404), ("outsider", 404), ("participant", 200),
                          ("owner", 200)])
def test_a_members_only_debate_is_not_found_for_non_members(app, reader, status):
    w = build(app, visibility=Visibility.MEMBERS)
    client = client_of(app, w.get(reader))

    for url in (f"/debates/{w['debate']}", f"/debates/{w['debate']}/positions/{w['position']}",
                f"/arguments/{w['argument']}", f"/api/v1/debates/{w['debate']}"):
        response = client.get(url)
        assert response.status_code == status, url
        assert (TITLE in response.text) == (status == 200)
    page, listed = listed_titles(client)
    assert (TITLE in listed) == (status == 200)
    assert (TITLE in page) == (status == 200)


def test_when_only_members_vote_a_signed_in_non_member_cannot_rate(app):
    w = build(app, voters=Voters.MEMBERS)
    outsider, participant = client_of(app, w["outsider"]), client_of(app, w["participant"])

    refused = outsider.post(f"/arguments/{w['argument']}/rating", data={"score": "1"})
    stance = outsider.post(f"/positions/{w['position']}/stance", data={"stance": "against"})
    allowed = participant.post(f"/arguments/{w['argument']}/rating", data={"score": "4"})

    assert refused.status_code == 403
    assert "You cannot rate arguments in this debate." in refused.text
    assert stance.status_code == 403
    assert allowed.status_code == 303
    with app.app_context():
        ratings = db.session.execute(select(Rating.user_id, Rating.score)).all()
    assert ratings == [(w["participant"], 4)]


def test_when_anyone_signed_in_votes_a_non_member_may_rate(app):
    w = build(app)

    response = client_of(app, w["outsider"]).post(
        f"/arguments/{w['argument']}/rating", data={"score": "2"})

    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Rating.user_id)) == w["outsider"]


def test_an_unlisted_debate_stays_out_of_its_materials_reading_view(app, client):
    with app.app_context():
        debate = make_debate(visibility=Visibility.UNLISTED, title="Quiet unlisted debate")
        make_position(debate, statement="A statement only link holders read")
        db.session.commit()
        material_id = debate.material_id

    page = client.get(f"/materials/{material_id}").text

    assert "Quiet unlisted debate" not in page
    assert "A statement only link holders read" not in page
