"""Decide how far an account is trusted against spam, and what a new account may post."""

import re
from datetime import timedelta

from flask import current_app
from flask_babel import ngettext
from sqlalchemy import func, select

from app.errors import DomainError
from app.extensions import db
from app.models import Argument, Debate, ModerationState, TrustLevel, User
from app.models.columns import utcnow
from app.policy import memo

LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def shown_arguments_of(user: User) -> int:
    """Count the person's arguments shown to everyone (posted openly or approved)."""
    return db.session.scalar(
        select(func.count()).select_from(Argument).where(
            Argument.author_id == user.id, Argument.moderation == ModerationState.VISIBLE
        )
    )


def trust_of(user: User) -> TrustLevel:
    """Return the level a site admin set, or the one time and shown arguments earned (worked
    out once per request)."""
    if user.trust_level is not None:
        return user.trust_level
    known = memo()
    key = ("trust", user.id)
    if key not in known:
        known[key] = earned_trust(user)
    return known[key]


def earned_trust(user: User) -> TrustLevel:
    """Work out the level an account earned by its age and its shown arguments."""
    config = current_app.config
    age = utcnow() - user.created_at
    if age < timedelta(days=config["TRUST_NEW_DAYS"]):
        return TrustLevel.NEW
    shown = shown_arguments_of(user)
    if shown < config["TRUST_BASIC_ARGUMENTS"]:
        return TrustLevel.NEW
    if age >= timedelta(days=config["TRUST_MEMBER_DAYS"]) and (
        shown >= config["TRUST_MEMBER_ARGUMENTS"]
    ):
        return TrustLevel.MEMBER
    return TrustLevel.BASIC


def count_links(text: str) -> int:
    """Count the web links in a text."""
    return len(LINK.findall(text))


def holds_for_trust(author: User, debate: Debate, claim: str, body: str) -> bool:
    """Apply a new account's limits to an argument it posts (moderators of the debate are
    exempt, by the caller): refuse too many links, and say whether it waits for review
    because it carries one. A class's debate is exempt: its students are known to a teacher."""
    if debate.classroom_id is not None or trust_of(author) != TrustLevel.NEW:
        return False
    links = count_links(f"{claim}\n{body}")
    most = current_app.config["TRUST_NEW_MAX_LINKS"]
    if links > most:
        raise DomainError(ngettext(
            "New accounts may put at most %(num)s link in an argument; this one has more.",
            "New accounts may put at most %(num)s links in an argument; this one has more.",
            most,
        ), field="body")
    return links > 0 and not debate.is_premoderated


def hourly_limit_of(author: User, debate: Debate) -> int | None:
    """Return how many arguments per hour this person may post in a debate: new accounts
    get the lower of the debate's limit and their own, except in a class's debate."""
    debate_limit = debate.posts_per_hour
    if debate.classroom_id is not None or trust_of(author) != TrustLevel.NEW:
        return debate_limit
    own = current_app.config["TRUST_NEW_POSTS_PER_HOUR"]
    return min(own, debate_limit) if debate_limit else own

