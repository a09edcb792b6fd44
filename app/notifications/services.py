"""Hold the rules for notices: who hears about what, and marking them read."""

from collections.abc import Callable

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from app.extensions import db
from app.mail.sending import send_after_commit, send_notice
from app.models import (
    Argument,
    Debate,
    Follow,
    MailMode,
    Membership,
    Notification,
    Role,
    Side,
    User,
)
from app.models.columns import utcnow
from app.policy import is_signed_in
from app.visibility import shown_name

MESSAGE_MAX = 500


def notify(
    user_id: int | None,
    message: Callable[[], str],
    argument: Argument | None = None,
    debate: Debate | None = None,
    follow: Follow | None = None,
) -> None:
    """Leave a notice for someone (nobody, when the account is gone), written in their
    language: the message is a function that says it, called in the recipient's locale."""
    if user_id is not None:
        recipient = db.session.get(User, user_id)
        with force_locale((recipient.locale if recipient else None) or "en"):
            message = message()
        notice = Notification(
            user_id=user_id,
            message=message[:MESSAGE_MAX],
            argument_id=argument.id if argument else None,
            debate_id=debate.id if debate else None,
            follow_id=follow.id if follow else None,
        )
        db.session.add(notice)
        if recipient and recipient.mail_address and recipient.mail_mode == MailMode.AT_ONCE:
            db.session.flush()
            send_after_commit(send_notice, notice.id)


def notify_moderators(
    debate: Debate, message: Callable[[], str], argument: Argument | None, actor: User
) -> None:
    """Tell the debate's owner and moderators that something waits for them, in the queue or
    on the argument itself (the debate, for a position); not the person who caused it."""
    running = select(Membership.user_id).where(
        Membership.debate_id == debate.id,
        Membership.role.in_((Role.OWNER, Role.MODERATOR)),
        Membership.user_id != actor.id,
    )
    for user_id in db.session.scalars(running):
        notify(user_id, message, argument=argument, debate=None if argument else debate)


def notify_reply(reply: Argument) -> None:
    """Tell the author of the parent argument about a reply others can see."""
    parent = reply.parent
    if parent is None or not reply.is_visible or parent.author_id in (None, reply.author_id):
        return

    def message() -> str:
        values = {
            "name": shown_name(parent.position.debate, parent.author, reply.author_id,
                               reply.author.display_name) if reply.author else _("Someone"),
            "label": parent.label,
            "claim": reply.claim[:120],
        }
        if reply.side == Side.PRO:
            return _("%(name)s replied supporting your argument %(label)s: “%(claim)s”", **values)
        return _("%(name)s replied objecting to your argument %(label)s: “%(claim)s”", **values)

    notify(
        parent.author_id,
        message,
        argument=reply,
    )


def reply_announced(reply: Argument) -> bool:
    """Say whether the parent argument's author was already told about this reply."""
    if reply.parent is None or reply.parent.author_id is None:
        return False
    told = select(Notification.id).where(
        Notification.user_id == reply.parent.author_id, Notification.argument_id == reply.id
    )
    return db.session.scalar(told.limit(1)) is not None


def mark_notifications_read(user: User) -> None:
    """Mark all of a person's notices read."""
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )


def unread_count(user) -> int:
    """Count a person's unread notices, for the header."""
    if not is_signed_in(user):
        return 0
    return db.session.scalar(
        select(func.count()).where(
            Notification.user_id == user.id, Notification.read_at.is_(None)
        )
    )
