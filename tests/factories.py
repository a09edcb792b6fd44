"""Make model instances for tests: make_<model>(**overrides), flushed, never committed."""

from itertools import count

from werkzeug.security import generate_password_hash

from app.extensions import db
from app.materials.services import import_material
from app.models import (
    Debate,
    DebateStatus,
    Material,
    Membership,
    Position,
    PositionAnchor,
    Role,
    User,
)

PASSWORD = "correct horse battery"
_numbers = count(1)
# Hashing is deliberately slow; tests share one hash of the common test password.
_PASSWORD_HASH = generate_password_hash(PASSWORD)

TEXT = """## Watching the streets

Cameras in the city match faces against identity records within seconds.

- Facial recognition at railway stations.
- Gait recognition for people who hide their faces.

Critics say the public has little recourse against opaque systems.
"""


def make_user(**overrides) -> User:
    number = next(_numbers)
    values = {
        "username": f"user{number}",
        "display_name": f"User {number}",
        "password_hash": _PASSWORD_HASH,
    }
    values.update(overrides)
    user = User(**values)
    db.session.add(user)
    db.session.flush()
    return user


def make_material(text: str = TEXT, text_format: str = "markdown", **overrides) -> Material:
    values = {"title": f"Material {next(_numbers)}", "added_by": None}
    values.update(overrides)
    return import_material(values.pop("title"), text, text_format, **values)


def make_debate(owner: User | None = None, material: Material | None = None, **overrides):
    owner = owner or make_user()
    values = {
        "title": f"Debate {next(_numbers)}",
        "question": "How far should a city go in watching its people?",
        "status": DebateStatus.OPEN,
        "material": material or make_material(),
        "owner": owner,
    }
    values.update(overrides)
    debate = Debate(**values)
    debate.memberships.append(Membership(user=owner, role=Role.OWNER))
    db.session.add(debate)
    db.session.flush()
    return debate


def add_member(debate: Debate, user: User, role: Role) -> Membership:
    membership = Membership(debate=debate, user=user, role=role)
    db.session.add(membership)
    db.session.flush()
    return membership


def make_position(debate: Debate, statement: str | None = None, passage_number: int = 2):
    passage = debate.material.passages[passage_number - 1]
    position = Position(
        debate=debate,
        author=debate.owner,
        statement=statement or f"Position {next(_numbers)}",
        anchors=[PositionAnchor(passage=passage, quote=passage.text.split(",")[0][:40])],
    )
    db.session.add(position)
    db.session.flush()
    return position


def make_argument(position: Position, author: User | None = None, **overrides):
    """Post an argument through the service, so its path and side are computed as in use."""
    from app.arguments.services import post_argument
    from app.models import Side

    values = {
        "side": Side.PRO,
        "claim": f"Claim number {next(_numbers)} stands on its own",
        "body": "",
        "parent": None,
        # Factory claims look alike on purpose; the similarity warning is tested on its own.
        "allow_similar": True,
    }
    values.update(overrides)
    return post_argument(position, author or make_user(), **values)


def make_evidence(argument, user: User | None = None, **overrides):
    """Attach a web source to an argument through the service."""
    from app.arguments.services import attach_evidence
    from app.models import EvidenceKind

    number = next(_numbers)
    values = {
        "kind": EvidenceKind.RESEARCH,
        "title": f"Source {number}",
        "url": f"https://example.org/source-{number}",
    }
    values.update(overrides)
    return attach_evidence(argument, user or make_user(), **values)


def make_report(item, reporter: User | None = None, **overrides):
    """Report an argument or evidence through the service, so weights and hiding apply."""
    from app.models import ReportReason
    from app.moderation.services import report_item

    values = {"reason": ReportReason.SPAM, "details": ""}
    values.update(overrides)
    return report_item(item, reporter or make_user(), **values)


def make_invite(debate: Debate, role: Role = Role.PARTICIPANT, days: int = 7):
    """Create an invite link through the service, as the debate's owner."""
    from app.memberships.services import create_invite

    return create_invite(debate, debate.owner, role, days)


def make_token(user: User, scope: str = "write", name: str | None = None) -> str:
    """Make a personal access token through the service and return its secret."""
    from app.auth.tokens import create_token

    return create_token(user, name or f"Token {next(_numbers)}", scope)[1]
