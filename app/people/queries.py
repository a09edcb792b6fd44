"""Read what a profile shows: a person's contributions anyone may see, and nothing else."""

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from app.extensions import db
from app.models import Argument, Debate, DebateStatus, ModerationState, Position, User, Visibility
from app.pagination import Cursor, Slice, keyset
from app.visibility import under_unshown

CONTRIBUTIONS_PAGE_SIZE = 30
POSITIONS_SHOWN = 30
ARGUMENT_ORDER = (Argument.created_at, Argument.id)


def in_public_debates():
    """Return a where-clause keeping what lives in public debates that are not drafts."""
    return (Debate.visibility == Visibility.PUBLIC) & (Debate.status != DebateStatus.DRAFT)


def public_arguments(user: User, cursor: Cursor) -> Slice[Argument]:
    """Return a page of the person's arguments shown to everyone in public debates (never under
    a hidden one), newest first, with their position and debate."""
    query = (
        select(Argument)
        .join(Argument.position)
        .join(Position.debate)
        .options(contains_eager(Argument.position).contains_eager(Position.debate))
        .where(
            Argument.author_id == user.id,
            Argument.moderation == ModerationState.VISIBLE,
            in_public_debates(),
            ~under_unshown(None),
        )
    )
    return keyset(
        query, ARGUMENT_ORDER, lambda argument: (argument.created_at, argument.id), cursor,
        CONTRIBUTIONS_PAGE_SIZE, descending=True,
    )


def public_positions(user: User) -> list[Position]:
    """Return the newest positions the person raised in public debates."""
    query = (
        select(Position)
        .join(Position.debate)
        .options(contains_eager(Position.debate))
        .where(Position.author_id == user.id, in_public_debates())
        .order_by(Position.created_at.desc(), Position.id.desc())
        .limit(POSITIONS_SHOWN)
    )
    return list(db.session.scalars(query))
