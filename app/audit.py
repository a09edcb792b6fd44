"""Keep each debate's public log of what its owner, moderators and the system did, and why."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Debate, ModerationAction, User
from app.pagination import Page, paginate
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


def select_log(debate: Debate, newest_first: bool = True):
    """Select a debate's log entries with their actors."""
    order = (
        (ModerationAction.created_at.desc(), ModerationAction.id.desc())
        if newest_first
        else (ModerationAction.created_at, ModerationAction.id)
    )
    return (
        select(ModerationAction)
        .where(ModerationAction.debate_id == debate.id)
        .options(selectinload(ModerationAction.actor))
        .order_by(*order)
    )


def log_page(debate: Debate, number: int) -> Page[ModerationAction]:
    """Return one page of a debate's log, newest first."""
    return paginate(select_log(debate), number, LOG_PAGE_SIZE)
