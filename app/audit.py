"""Keep each debate's public log of what its owner, moderators and the system did, and why."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Debate, ModerationAction, User
from app.pagination import Cursor, Slice, keyset
from app.policy import acting_role

LOG_PAGE_SIZE = 50


def log_action(
    debate: Debate,
    actor: User | None,
    action: str,
    target_kind: str,
    target_label: str,
    reason: str = "",
    target_id: int | None = None,
) -> ModerationAction:
    """Record an action in the debate's public log (actor None for the system itself)."""
    entry = ModerationAction(
        debate_id=debate.id,
        actor_id=actor.id if actor else None,
        actor_role=acting_role(actor, debate),
        action=action,
        target_kind=target_kind,
        target_id=target_id,
        target_label=target_label[:200],
        reason=reason,
    )
    db.session.add(entry)
    return entry


LOG_ORDER = (ModerationAction.created_at, ModerationAction.id)


def log_entries(debate: Debate):
    """Select a debate's log entries with their actors, in no particular order."""
    return (
        select(ModerationAction)
        .where(ModerationAction.debate_id == debate.id)
        .options(selectinload(ModerationAction.actor))
    )


def log_slice(debate: Debate, cursor: Cursor) -> Slice[ModerationAction]:
    """Return the page of a debate's log after (or before) a cursor, newest first."""
    return keyset(log_entries(debate), LOG_ORDER, lambda entry: (entry.created_at, entry.id),
                  cursor, LOG_PAGE_SIZE, descending=True)


def log_rows(debate: Debate):
    """Select every entry of a debate's log as plain rows, oldest first, for export: one
    query that the database can hand over bit by bit."""
    return (
        select(
            ModerationAction.created_at,
            User.display_name,
            ModerationAction.actor_role,
            ModerationAction.action,
            ModerationAction.target_label,
            ModerationAction.target_id,
            ModerationAction.reason,
        )
        .outerjoin(User, ModerationAction.actor_id == User.id)
        .where(ModerationAction.debate_id == debate.id)
        .order_by(*LOG_ORDER)
    )
