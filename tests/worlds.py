"""Build committed worlds of debates, people and contributions, and sign their people in."""

from dataclasses import dataclass
from datetime import timedelta

from app.extensions import db
from app.models import (
    Argument,
    DebateStatus,
    Invite,
    ModerationState,
    Notification,
    Position,
    Role,
    Side,
    User,
)
from app.models.columns import utcnow
from tests.factories import (
    PASSWORD,
    add_member,
    make_argument,
    make_debate,
    make_evidence,
    make_position,
    make_report,
    make_user,
)
from tests.forms import post_argument
from tests.pages import argument_by_claim

# People


def new_user(app, **overrides) -> int:
    """Create a person and return their id."""
    with app.app_context():
        user = make_user(**overrides)
        db.session.commit()
        return user.id


def client_of(app, user_id: int | None = None):
    """Return a fresh client, signed in as the user through the real route when one is given."""
    client = app.test_client()
    if user_id is not None:
        with app.app_context():
            username = db.session.get(User, user_id).username
        response = client.post(
            "/account/sign-in", data={"username": username, "password": PASSWORD}
        )
        assert response.status_code == 303
    return client


def sign_in_as(app, auth, people: dict[str, int], name: str) -> int | None:
    """Sign the auth client in as the named person, or stay signed out for "anonymous";
    return the id of whoever is signed in."""
    if name == "anonymous":
        return None
    with app.app_context():
        username = db.session.get(User, people[name]).username
    assert auth.sign_in(username, PASSWORD).status_code == 303
    return people[name]


# A position and its arguments


def new_position(app, status=DebateStatus.OPEN, statement="Cameras make cities safer") -> dict:
    """Create an open debate with one position and return the ids a test needs."""
    with app.app_context():
        debate = make_debate(status=status)
        position = make_position(debate, statement=statement)
        db.session.commit()
        return {"debate": debate.id, "position": position.id, "owner": debate.owner_id}


def new_argument(
    app, status=DebateStatus.OPEN, claim="Cameras deter pickpockets", **debate_overrides
) -> dict:
    """Create a debate with a position and one argument; return their ids."""
    with app.app_context():
        debate = make_debate(**debate_overrides)
        position = make_position(debate, statement="Cameras make cities safer")
        argument = make_argument(position, claim=claim)
        debate.status = status  # arguments are posted while open; the debate may close later
        db.session.commit()
        return {
            "debate": debate.id,
            "position": position.id,
            "argument": argument.id,
            "owner": debate.owner_id,
        }


def add_arguments(app, ids: dict, *claims: str, **overrides) -> list[int]:
    """Post arguments on the position through the service and return their ids."""
    with app.app_context():
        position = db.session.get(Position, ids["position"])
        made = [make_argument(position, claim=claim, **overrides) for claim in claims]
        db.session.commit()
        return [each.id for each in made]


def reply(app, ids: dict, parent_id: int, claim: str, side=Side.CON, author_id=None) -> int:
    with app.app_context():
        position = db.session.get(Position, ids["position"])
        author = db.session.get(User, author_id) if author_id else None
        made = make_argument(
            position,
            author,
            claim=claim,
            side=side,
            parent=db.session.get(Argument, parent_id),
        )
        db.session.commit()
        return made.id


def own_argument(app, auth, ids, claim="Cameras deter theft") -> tuple[int, int]:
    """Sign in a new user who posts one argument; return (user id, argument id)."""
    user_id = auth.sign_in_new()
    with app.app_context():
        made = make_argument(
            db.session.get(Position, ids["position"]), db.session.get(User, user_id), claim=claim
        )
        db.session.commit()
        return user_id, made.id


# A moderated debate

STATEMENT = "Cameras make cities safer"
# Claims unlike one another, so that the similar-claims warning never stops a post.
DISTINCT_CLAIMS = [
    "Pickpockets avoid stations with cameras",
    "Footage helps courts convict burglars",
    "Insurance premiums fall near monitored streets",
    "Shopkeepers report fewer broken windows",
    "Night buses feel safer to commuters",
]
SHOWN_CLAIM = "Cameras deter pickpockets at stations"
HELD_CLAIM = "Station thefts fell once the cameras went up"
HIDE_REASON = "Insults another participant."


def moderation_world(app, **debate_overrides) -> dict[str, int]:
    """Make a debate with an owner, a moderator, an author, another participant, one position
    and one shown argument by the owner; return their ids."""
    with app.app_context():
        people = {
            name: make_user(display_name=name.capitalize())
            for name in ("owner", "moderator", "author", "participant")
        }
        debate = make_debate(owner=people["owner"], **debate_overrides)
        add_member(debate, people["moderator"], Role.MODERATOR)
        add_member(debate, people["author"], Role.PARTICIPANT)
        add_member(debate, people["participant"], Role.PARTICIPANT)
        position = make_position(debate, statement=STATEMENT)
        shown = make_argument(position, people["owner"], claim=SHOWN_CLAIM)
        db.session.commit()
        return {
            **{name: user.id for name, user in people.items()},
            "debate": debate.id,
            "position": position.id,
            "shown": shown.id,
        }


def hide_by_reports(app, w, argument_id: int) -> list[int]:
    """Have three new people report the argument, which hides it; return their ids."""
    with app.app_context():
        argument = db.session.get(Argument, argument_id)
        reporters = [make_user() for _ in range(3)]
        for reporter in reporters:
            make_report(argument, reporter)
        db.session.commit()
        assert argument.moderation == ModerationState.HIDDEN
        return [reporter.id for reporter in reporters]


def author_post_held(app, w, claim: str = HELD_CLAIM, parent: int | None = None) -> int:
    """Have the author post an argument through the route in a premoderated debate."""
    author = client_of(app, w["author"])
    assert post_argument(author, w, claim, parent=parent).status_code == 303
    held = argument_by_claim(app, claim)
    assert held.moderation == ModerationState.PENDING
    return held.id


# A member in every role

ACTORS = (
    "anonymous",
    "viewer",  # a Role.VIEWER member
    "outsider",  # signed in, not a member of the public debate
    "participant",  # a Role.PARTICIPANT member
    "author",  # a participant member who wrote the targeted argument and evidence
    "moderator",
    "owner",
    "admin",  # User.is_admin, not a member
)


@dataclass
class World:
    """The ids of one public open debate, its people and their contributions."""

    users: dict[str, int]
    debate: int
    material: int
    position: int
    argument: int
    evidence: int
    invite: int
    token: str
    client: object = None
    me: int | None = None
    # Personal access tokens by their owner's id, where a case made them: id → (row id, secret).
    api_tokens: dict | None = None
    # Uploads waiting for confirmation by their owner's id, where a case made them: id → key.
    drafts: dict | None = None


def roles_world(app, **debate_overrides) -> World:
    """Make an open debate with a member in every role, an argument, evidence and an invite."""
    with app.app_context():
        users = {name: make_user() for name in ACTORS if name != "anonymous"}
        users["target"], users["newcomer"] = make_user(), make_user()
        db.session.get(User, users["admin"].id).is_admin = True
        debate = make_debate(owner=users["owner"], **debate_overrides)
        for name, role in (
            ("viewer", Role.VIEWER),
            ("participant", Role.PARTICIPANT),
            ("author", Role.PARTICIPANT),
            ("moderator", Role.MODERATOR),
            ("target", Role.PARTICIPANT),
        ):
            add_member(debate, users[name], role)
        position = make_position(debate, statement="Cameras make cities safer")
        argument = make_argument(position, users["author"], claim="Cameras deter pickpockets")
        evidence = make_evidence(argument, users["author"])
        invite = Invite(
            debate_id=debate.id,
            token="matrix-invite-token",
            role=Role.PARTICIPANT,
            created_by_id=users["owner"].id,
            expires_at=utcnow() + timedelta(days=7),
        )
        db.session.add(invite)
        for user in users.values():
            db.session.add(Notification(user_id=user.id, message="A notice for the matrix"))
        db.session.commit()
        return World(
            users={name: user.id for name, user in users.items()},
            debate=debate.id,
            material=debate.material_id,
            position=position.id,
            argument=argument.id,
            evidence=evidence.id,
            invite=invite.id,
            token=invite.token,
        )
