"""Hold the rules for debate membership: invitations, invite links, roles and leaving."""

import secrets
from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from app.audit import log_action
from app.auth.services import find_user
from app.errors import Conflict, DomainError, NotAllowed, NotFound
from app.extensions import db
from app.i18n import term
from app.models import Debate, Invite, Membership, Role, User
from app.models.columns import utcnow
from app.notifications.services import notify
from app.policy import Action, require

INVITE_DAYS_MAX = 90
GRANTABLE = (Role.MODERATOR, Role.PARTICIPANT, Role.VIEWER)


def add_member(debate: Debate, owner: User, username: str, role: Role) -> Membership:
    """Invite a person by username into a role, or change the role they have."""
    require(owner, Action.MANAGE, debate)
    if role not in GRANTABLE:
        raise DomainError(_("Choose moderator, participant or viewer."), field="role")
    user = find_user(username or "")
    if user is None:
        raise DomainError(_(
            "Nobody is called “%(username)s” here.",
            username=username,
        ), field="username")
    if user.is_managed and debate.classroom_id is None:
        raise DomainError(_(
            "%(display_name)s has a class account; it takes part only in its class's debates.",
            display_name=user.display_name,
        ), field="username")
    membership = debate.membership_of(user)
    if membership is not None and membership.role == Role.OWNER:
        raise Conflict(_("The owner's role cannot change."), field="username")
    if membership is None:
        membership = Membership(debate=debate, user=user, role=role)
        db.session.add(membership)
    elif membership.role == role:
        raise Conflict(_(
            "%(display_name)s is already a %(value)s.",
            display_name=user.display_name,
            value=role.value,
        ), field="username")
    else:
        membership.role = role
    log_action(debate, owner, "set_role", "member",
               _("%(name)s as %(role)s", name=user.display_name, role=term(role)),
               target_id=user.id)
    notify(
        user.id,
        lambda: _("You are now a %(role)s in “%(title)s”.", role=term(role), title=debate.title),
        debate=debate,
    )
    db.session.flush()
    return membership


def remove_member(debate: Debate, owner: User, member: User) -> None:
    """Take someone out of a debate's members."""
    require(owner, Action.MANAGE, debate)
    membership = debate.membership_of(member)
    if membership is None:
        raise NotFound(_("This person is not a member."))
    if membership.role == Role.OWNER:
        raise Conflict(_("The owner cannot be removed."))
    debate.memberships.remove(membership)
    log_action(debate, owner, "remove_member", "member", member.display_name,
               target_id=member.id)
    db.session.flush()


def leave_debate(debate: Debate, user: User) -> None:
    """Leave a debate one is a member of; its owner cannot."""
    membership = debate.membership_of(user)
    if membership is None:
        raise Conflict(_("You are not a member of this debate."))
    if membership.role == Role.OWNER:
        raise Conflict(_("The owner cannot leave; close the debate instead."))
    debate.memberships.remove(membership)
    db.session.flush()


def create_invite(debate: Debate, owner: User, role: Role, days: int) -> Invite:
    """Make a shareable link that lets people join in a role until it expires."""
    require(owner, Action.MANAGE, debate)
    if role not in (Role.PARTICIPANT, Role.VIEWER, Role.MODERATOR):
        raise DomainError(_("Choose moderator, participant or viewer."), field="role")
    if not 1 <= days <= INVITE_DAYS_MAX:
        raise DomainError(_(
            "Choose 1 to %(invite_days_max)s days.",
            invite_days_max=INVITE_DAYS_MAX,
        ), field="days")
    invite = Invite(
        debate_id=debate.id,
        token=secrets.token_urlsafe(24),
        role=role,
        created_by_id=owner.id,
        expires_at=utcnow() + timedelta(days=days),
    )
    db.session.add(invite)
    log_action(debate, owner, "create_invite", "debate", ngettext(
        "invite link for %(role)ss, %(num)s day", "invite link for %(role)ss, %(num)s days",
        days, role=term(role)))
    db.session.flush()
    return invite


def revoke_invite(invite: Invite, owner: User) -> None:
    """Stop an invite link from working."""
    require(owner, Action.MANAGE, invite.debate)
    if invite.revoked_at is not None:
        raise Conflict(_("This link is already revoked."))
    invite.revoked_at = utcnow()
    log_action(invite.debate, owner, "revoke_invite", "debate",
               _("invite link for %(role)ss", role=term(invite.role)))
    db.session.flush()


def find_invite(token: str) -> Invite:
    """Find the invite a link names, or refuse with 404."""
    invite = db.session.scalar(select(Invite).where(Invite.token == token))
    if invite is None:
        raise NotFound(_("This invite link does not exist."))
    return invite


def accept_invite(invite: Invite, user: User) -> Membership:
    """Join a debate through an invite link that is still valid."""
    if not invite.is_usable:
        raise Conflict(_("This invite link has expired or was revoked. Ask for a new one."))
    debate = invite.debate
    membership = debate.membership_of(user)
    if membership is not None:
        return membership
    if user.is_managed:
        raise NotAllowed(_("Your class account takes part only in your class's debates."))
    membership = Membership(debate=debate, user=user, role=invite.role)
    db.session.add(membership)
    invite.uses += 1
    db.session.flush()
    return membership

