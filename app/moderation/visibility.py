"""Decide in SQL which contributions a person may see: the rule every query shares."""

from sqlalchemy import and_, exists, or_, true
from sqlalchemy.orm import aliased

from app.models import Argument, Debate, Evidence, ModerationState


def shown_arguments(debate: Debate, user):
    """Return a where-clause keeping the arguments this person may see in this debate."""
    if debate.can_moderate(user):
        return true()
    if getattr(user, "is_authenticated", False):
        return or_(Argument.moderation == ModerationState.VISIBLE, Argument.author_id == user.id)
    return Argument.moderation == ModerationState.VISIBLE


def shown_branches(debate: Debate, user):
    """Return a where-clause keeping the arguments this person may see whose every ancestor
    they may see too: a shown reply under a hidden argument is part of what is hidden."""
    if debate.can_moderate(user):
        return true()
    ancestor = aliased(Argument)
    # IN lets the moderation index find the few unshown arguments instead of scanning all.
    unshown = ancestor.moderation.in_(
        [ModerationState.PENDING, ModerationState.HIDDEN, ModerationState.REJECTED]
    )
    if getattr(user, "is_authenticated", False):
        unshown = and_(unshown, or_(ancestor.author_id.is_(None), ancestor.author_id != user.id))
    under_unshown = exists().where(
        ancestor.position_id == Argument.position_id,
        Argument.path.like(ancestor.path + ".%"),
        unshown,
    )
    return and_(shown_arguments(debate, user), ~under_unshown)


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
