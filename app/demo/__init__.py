"""Load the demo: a briefing on AI surveillance in Beijing and a debate raised from it."""

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from app.arguments.services import attach_evidence, post_argument
from app.arguments.votes import rate_argument
from app.debates.services import locate_quote, raise_position, start_debate
from app.errors import DomainError
from app.extensions import db
from app.materials.services import import_material
from app.models import Argument, EvidenceKind, Material, Position, Side, TrustLevel, User

BRIEFING_FILE = Path(__file__).parent / "briefing.md"
DEMO_FILE = Path(__file__).parent / "debate.yaml"


class DemoDataError(ValueError):
    """Refuse demo data the loader cannot use; the message names the entry at fault."""


def load_demo() -> bool:
    """Create the demo material, its authors and its debate unless already there."""
    path = DEMO_FILE
    demo = read_demo(path)
    about = demo["material"]
    if db.session.scalar(select(Material.id).where(Material.title == about["title"])):
        return False
    users = {name: demo_user(name, display) for name, display in demo["users"].items()}
    owner = users[demo["debate"]["owner"]]
    with blaming(f"{path.name}, material and debate"):
        material = import_material(
            about["title"],
            BRIEFING_FILE.read_text(encoding="utf-8"),
            "markdown",
            added_by=owner,
            author=about["author"],
            source_url=about["source_url"],
            published_on=about["published"],
        )
        debate = start_debate(
            material, owner, demo["debate"]["title"], demo["debate"]["question"], open_now=True
        )
    for spec in demo["positions"]:
        where = f'{path.name}, position "{spec["statement"]}"'
        quote = spec["quote"]
        passage = next((p for p in material.passages if locate_quote(p.text, quote)), None)
        if passage is None:
            raise DemoDataError(f'{where}: quote not found in {BRIEFING_FILE.name}: "{quote}"')
        with blaming(where):
            position = raise_position(
                debate, owner, spec["statement"], [(passage.number, quote, "")]
            )
        for node in spec["arguments"]:
            post_tree(position, node, None, users, where)
    return True


def demo_user(username: str, display_name: str) -> User:
    """Return the demo author, creating it with a password nobody knows."""
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        user = User(
            username=username,
            display_name=display_name,
            password_hash=generate_password_hash(secrets.token_urlsafe(32)),
            # The demo's authors post a whole debate at once, which no new account may.
            trust_level=TrustLevel.MEMBER,
        )
        db.session.add(user)
    return user


def post_tree(
    position: Position,
    node: dict[str, Any],
    parent: Argument | None,
    users: dict[str, User],
    where: str,
) -> None:
    """Post one demo argument with its evidence, a few ratings and its replies."""
    where = f'{where}, argument "{node["claim"]}"'
    author = users[node["author"]]
    with blaming(where):
        argument = post_argument(
            position,
            author,
            node["side"],
            node["claim"],
            node["body"],
            parent=parent,
            allow_similar=True,
        )
        for source in node["evidence"]:
            attach_evidence(
                argument,
                author,
                source["kind"],
                source["title"],
                url=source["url"],
                excerpt=source["excerpt"],
            )
        # Deterministic, varied ratings from the other demo authors, so sorting has something to do.
        for offset, rater in enumerate(user for user in users.values() if user is not author):
            rate_argument(argument, rater, (len(node["claim"]) + 3 * offset) % 5)
    for child in node["replies"]:
        post_tree(position, child, argument, users, where)


@contextmanager
def blaming(where: str) -> Iterator[None]:
    """Turn a service's refusal into a demo data error that says which entry it refused."""
    try:
        yield
    except DomainError as error:
        raise DemoDataError(f"{where}: {error.message}") from error


def read_demo(path: Path = DEMO_FILE) -> dict[str, Any]:
    """Read the demo data file and check its shape, naming the entry of any mistake."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise DemoDataError(f"{path.name} is not valid YAML: {error}") from error
    data = entries(data, path.name, ("material", "debate", "users", "positions"))
    where = f"{path.name}, material"
    about = entries(data["material"], where, ("title",), ("author", "source_url", "published"))
    if not isinstance(about.get("published", date.min), date):
        raise DemoDataError(f"{where}: published must be a date like 2026-11-01")
    material = {
        "title": text(about, "title", where),
        "author": text(about, "author", where, optional=True) or None,
        "source_url": text(about, "source_url", where, optional=True) or None,
        "published": about.get("published"),
    }
    where = f"{path.name}, users"
    users = data["users"]
    if not isinstance(users, dict) or not users:
        raise DemoDataError(f"{where}: expected username: display name lines, got {users!r}")
    for name in users:
        if not isinstance(name, str):
            raise DemoDataError(f"{where}: username {name!r} must be text; quote it")
        text(users, name, where)
    where = f"{path.name}, debate"
    debate = entries(data["debate"], where, ("title", "question", "owner"))
    return {
        "material": material,
        "debate": {
            "title": text(debate, "title", where),
            "question": text(debate, "question", where),
            "owner": known_user(debate, "owner", where, users),
        },
        "users": users,
        "positions": [
            read_position(spec, number, path.name, users)
            for number, spec in items(data["positions"], f"{path.name}, positions")
        ],
    }


def read_position(value: Any, number: int, where: str, users: dict) -> dict[str, Any]:
    """Check one position and its argument tree."""
    spec = entries(value, f"{where}, position {number}", ("statement", "quote"), ("arguments",))
    statement = text(spec, "statement", f"{where}, position {number}")
    where = f'{where}, position "{statement}"'
    arguments = items(spec.get("arguments", []), f"{where}, arguments")
    return {
        "statement": statement,
        "quote": text(spec, "quote", where),
        "arguments": [read_argument(node, n, where, users) for n, node in arguments],
    }


def read_argument(value: Any, number: int, where: str, users: dict) -> dict[str, Any]:
    """Check one argument, its evidence and its replies, resolving its side and author."""
    required, optional = ("side", "author", "claim"), ("body", "evidence", "replies")
    node = entries(value, f"{where}, argument {number}", required, optional)
    claim = text(node, "claim", f"{where}, argument {number}")
    where = f'{where}, argument "{claim}"'
    evidence = items(node.get("evidence", []), f"{where}, evidence")
    replies = items(node.get("replies", []), f"{where}, replies")
    return {
        "side": choice(Side, node, "side", where),
        "author": known_user(node, "author", where, users),
        "claim": claim,
        "body": text(node, "body", where, optional=True),
        "evidence": [read_evidence(source, n, where) for n, source in evidence],
        "replies": [read_argument(reply, n, where, users) for n, reply in replies],
    }


def read_evidence(value: Any, number: int, where: str) -> dict[str, Any]:
    """Check one piece of evidence and resolve its kind."""
    where = f"{where}, evidence {number}"
    source = entries(value, where, ("kind", "title", "url"), ("excerpt",))
    return {
        "kind": choice(EvidenceKind, source, "kind", where),
        "title": text(source, "title", where),
        "url": text(source, "url", where),
        "excerpt": text(source, "excerpt", where, optional=True),
    }


def entries(
    value: Any, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Return a mapping that has the required keys and no keys but those named."""
    if not isinstance(value, dict):
        raise DemoDataError(f"{where}: expected a mapping of keys to values, got {value!r}")
    missing = [key for key in required if key not in value]
    if missing:
        raise DemoDataError(f"{where}: missing {', '.join(missing)}")
    # A misspelt optional key would otherwise drop its content without a word.
    unknown = [key for key in value if key not in required + optional]
    if unknown:
        expected = ", ".join(required + optional)
        raise DemoDataError(f"{where}: unknown key {unknown[0]!r}; expected {expected}")
    return value


def items(value: Any, where: str) -> list[tuple[int, Any]]:
    """Return a list's entries numbered from 1, as a person counts them in the file."""
    if not isinstance(value, list):
        raise DemoDataError(f"{where}: expected a list, got {value!r}")
    return list(enumerate(value, start=1))


def text(mapping: dict, key: str, where: str, optional: bool = False) -> str:
    """Return a non-empty string, or an empty one for an optional key left out or blank."""
    value = mapping.get(key)
    if optional and value in (None, ""):
        return ""
    if not isinstance(value, str) or not value.strip():
        raise DemoDataError(f"{where}: {key} must be non-empty text, got {value!r}")
    return value


def known_user(mapping: dict, key: str, where: str, users: dict) -> str:
    """Return a username that the file's users list defines."""
    name = text(mapping, key, where)
    if name not in users:
        raise DemoDataError(f'{where}: {key} "{name}" is not one of the users ({", ".join(users)})')
    return name


def choice(enum: type[StrEnum], mapping: dict, key: str, where: str) -> StrEnum:
    """Return the enum member a value names, or list the values allowed."""
    value = text(mapping, key, where)
    try:
        return enum(value)
    except ValueError:
        allowed = " or ".join(member.value for member in enum)
        raise DemoDataError(f'{where}: {key} "{value}" must be {allowed}') from None
