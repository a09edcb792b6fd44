"""Write and send mail, always as a job (app/jobs.py): no page waits for the SMTP server."""

from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_mailman import EmailMessage
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.extensions import db
from app.jobs import enqueue
from app.mail.tokens import make_token
from app.models import MailMode, Notification, User
from app.models.columns import utcnow

AFTER_COMMIT = "mail_after_commit"


def send_after_commit(job, *args) -> None:
    """Queue a mail job once the transaction that calls for it commits, so that the job finds
    what it was written for (and nothing is sent for a change rolled back)."""
    db.session.info.setdefault(AFTER_COMMIT, []).append((job, args))


@event.listens_for(Session, "after_commit")
def queue_mail_jobs(session) -> None:
    """Hand the jobs of a committed transaction to the queue."""
    # A savepoint's release fires this too, long before anything is committed.
    if session.in_nested_transaction():
        return
    for job, args in session.info.pop(AFTER_COMMIT, []):
        enqueue(job, *args)


@event.listens_for(Session, "after_rollback")
def drop_mail_jobs(session) -> None:
    """Forget the jobs of a transaction rolled back (a savepoint's rollback leaves them)."""
    if session.in_nested_transaction():
        return
    session.info.pop(AFTER_COMMIT, None)


def external_url(endpoint: str, **values) -> str:
    """Build an absolute link to a page, outside any request, from PUBLIC_URL."""
    base = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)


def deliver(
    user: User, subject, template: str, unsubscribe: bool = False, to: str | None = None,
    **context,
) -> None:
    """Send one plain-text mail to a person's verified address, in their language; mail about
    notices carries a one-click unsubscribe link in its headers as well as its text."""
    address = to or user.mail_address
    if address is None:
        return
    headers = {}
    with force_locale(user.locale or "en"):
        if unsubscribe:
            link = external_url("mail.unsubscribe_page", token=make_token(user, "unsubscribe"))
            context["unsubscribe_url"] = link
            headers["List-Unsubscribe"] = f"<{link}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        body = render_template(template, user=user, external_url=external_url, **context)
        subject = subject() if callable(subject) else subject
    EmailMessage(subject, body, to=[address], headers=headers).send()


def send_verification(user_id: int) -> None:
    """Mail a link proving the person reads the address they gave."""
    user = db.session.get(User, user_id)
    if user is None or not user.email or user.email_verified_at is not None:
        return
    link = external_url("mail.verify", token=make_token(user, "verify"))
    hours = int(current_app.config["VERIFY_LINK_LIFETIME"] / timedelta(hours=1))
    deliver(user, lambda: _("Confirm your email address for Agora"), "mail/verify.txt",
            to=user.email, address=user.email, link=link, hours=hours)


def send_reset(user_id: int) -> None:
    """Mail a link that sets a new password, to a verified address only."""
    user = db.session.get(User, user_id)
    if user is None or user.mail_address is None:
        return
    link = external_url("mail.reset", token=make_token(user, "reset"))
    minutes = int(current_app.config["RESET_LINK_LIFETIME"] / timedelta(minutes=1))
    deliver(user, lambda: _("Reset your Agora password"), "mail/reset.txt",
            link=link, minutes=minutes)


def send_notice(notification_id: int) -> None:
    """Mail one notice to someone who wants each at once, unless it went out already."""
    notice = db.session.get(Notification, notification_id)
    if notice is None or notice.mailed_at is not None:
        return
    user = db.session.get(User, notice.user_id)
    if user.mail_address is None or user.mail_mode != MailMode.AT_ONCE:
        return
    deliver(user, lambda: _("Agora: %(message)s", message=notice.message[:160]),
            "mail/notices.txt", unsubscribe=True, notices=[notice])
    notice.mailed_at = utcnow()
    db.session.commit()


def pending_notices(user_id: int):
    """Select a person's unread notices that no mail told of yet, of the last days."""
    since = utcnow() - timedelta(days=current_app.config["DIGEST_DAYS"])
    return select(Notification).where(
        Notification.user_id == user_id,
        Notification.mailed_at.is_(None),
        Notification.read_at.is_(None),
        Notification.created_at >= since,
    )


def send_digest(user_id: int) -> None:
    """Mail one person the day's notices in one message, then mark them mailed."""
    user = db.session.get(User, user_id)
    if user is None or user.mail_address is None or user.mail_mode != MailMode.DAILY:
        return
    notices = db.session.scalars(
        pending_notices(user_id).order_by(Notification.created_at, Notification.id)
        .with_for_update()
    ).all()
    if not notices:
        return
    deliver(user, lambda: ngettext("Agora: your daily digest (%(num)s notice)",
                                   "Agora: your daily digest (%(num)s notices)", len(notices)),
            "mail/notices.txt", unsubscribe=True, notices=notices)
    for notice in notices:
        notice.mailed_at = utcnow()
    db.session.commit()


def queue_digests() -> int:
    """Queue one digest for each person who wants them and has notices waiting; say how many."""
    since = utcnow() - timedelta(days=current_app.config["DIGEST_DAYS"])
    waiting = (
        select(User.id)
        .join(Notification, Notification.user_id == User.id)
        .where(
            User.mail_mode == MailMode.DAILY,
            User.email.is_not(None),
            User.email_verified_at.is_not(None),
            Notification.mailed_at.is_(None),
            Notification.read_at.is_(None),
            Notification.created_at >= since,
        )
        .distinct()
    )
    user_ids = db.session.scalars(waiting).all()
    for user_id in user_ids:
        enqueue(send_digest, user_id)
    return len(user_ids)
