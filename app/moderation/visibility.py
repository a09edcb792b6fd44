"""Decide in SQL which contributions a person may see: the rule every query shares."""

from sqlalchemy import or_, true

from app.models import Argument, Debate, Evidence, ModerationState


def shown_arguments(debate: Debate, user):
    """Return a where-clause keeping the arguments this person may see in this debate."""
    if debate.can_moderate(user):
        return true()
    if getattr(user, "is_authenticated", False):
        return or_(Argument.moderation == ModerationState.VISIBLE, Argument.author_id == user.id)
    return Argument.moderation == ModerationState.VISIBLE


def shown_evidence(debate: Debate, user):
    """Return a where-clause keeping the evidence this person may see in this debate."""
    if debate.can_moderate(user):
        return true()
    if getattr(user, "is_authenticated", False):
        return or_(Evidence.moderation == ModerationState.VISIBLE, Evidence.added_by_id == user.id)
    return Evidence.moderation == ModerationState.VISIBLE


def evidence_shown_to(evidence: Evidence, user) -> bool:
    """Say whether this person may see one piece of evidence."""
    return (
        evidence.is_visible
        or (getattr(user, "is_authenticated", False) and evidence.added_by_id == user.id)
        or evidence.argument.position.debate.can_moderate(user)
    )
