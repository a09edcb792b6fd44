"""Load the demo: a briefing on AI surveillance in Beijing and a debate raised from it."""

import secrets

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from app.arguments.services import attach_evidence, post_argument
from app.arguments.votes import rate_argument
from app.debates.services import locate_quote, raise_position, start_debate
from app.demo import content
from app.extensions import db
from app.materials.services import import_material
from app.models import Argument, EvidenceKind, Material, Position, Side, User


def demo_user(username: str, display_name: str) -> User:
    """Return the demo author, creating it with a password nobody knows."""
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        user = User(
            username=username,
            display_name=display_name,
            password_hash=generate_password_hash(secrets.token_urlsafe(32)),
        )
        db.session.add(user)
    return user


def load_demo() -> bool:
    """Create the demo material, its authors and its debate unless already there."""
    if db.session.scalar(select(Material.id).where(Material.title == content.TITLE)):
        return False
    users = {spec["username"]: demo_user(**spec) for spec in content.USERS}
    owner = users[content.USERS[0]["username"]]
    material = import_material(
        content.TITLE,
        content.BRIEFING,
        "markdown",
        added_by=owner,
        author=content.AUTHOR,
        source_url=content.SOURCE_URL,
        published_on=content.PUBLISHED,
    )
    debate = start_debate(
        material, owner, content.DEBATE["title"], content.DEBATE["question"], open_now=True
    )
    for index, spec in enumerate(content.POSITIONS):
        passage = next(p for p in material.passages if locate_quote(p.text, spec["quote"]))
        position = raise_position(
            debate, owner, spec["statement"], [(passage.number, spec["quote"], "")]
        )
        for node in content.ARGUMENTS.get(index, []):
            post_tree(position, node, None, users)
    return True


def post_tree(
    position: Position, node: dict, parent: Argument | None, users: dict[str, User]
) -> None:
    """Post one demo argument with its evidence, a few ratings and its replies."""
    author = users[node["author"]]
    argument = post_argument(
        position,
        author,
        Side(node["stance"]),
        node["claim"],
        node.get("body", ""),
        parent=parent,
        allow_similar=True,
    )
    for source in node.get("evidence", []):
        attach_evidence(
            argument,
            author,
            EvidenceKind(source["kind"]),
            source["title"],
            url=source["url"],
            excerpt=source.get("excerpt", ""),
        )
    # Deterministic, varied ratings from the other demo authors, so sorting has something to do.
    for offset, rater in enumerate(user for user in users.values() if user is not author):
        rate_argument(argument, rater, (len(node["claim"]) + 3 * offset) % 5)
    for child in node.get("children", []):
        post_tree(position, child, argument, users)
