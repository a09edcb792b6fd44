"""Read a debate's members and invite links for the settings page."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.models import Debate, Invite, Membership


def select_members(debate: Debate):
    """Select a debate's memberships with their people, in the order they joined."""
    return (
        select(Membership)
        .where(Membership.debate_id == debate.id)
        .options(selectinload(Membership.user))
        .order_by(Membership.id)
    )


def select_invites(debate: Debate):
    """Select a debate's invite links, newest first."""
    return select(Invite).where(Invite.debate_id == debate.id).order_by(Invite.id.desc())
