"""Hold the rules of a person's email: the address, proving it, mail settings, resets."""

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from app.auth.services import check_password, find_user
from app.auth.sign_ins import end_every_sign_in
from app.errors import DomainError
from app.extensions import db
from app.mail.sending import send_after_commit, send_reset, send_verification
from app.mail.tokens import spend_token
from app.models import MailMode, User
from app.models.columns import utcnow

RESEND_AFTER = timedelta(minutes=1)


def change_email(user: User, email: str | None, mode: MailMode) -> bool:
    """Set (or remove) the address and how often mail comes; a new address waits for proof,
    and its link goes out once this commits. Say whether the address was taken elsewhere. A
    class account keeps no address: a student's teacher resets its password."""
    user.mail_mode = mode
    email = email.strip().lower() if email else None
    if email and user.is_managed:
        raise DomainError(_("Class accounts have no email address."), field="email")
    if email == user.email:
        return False
    if email and db.session.scalar(
        select(func.count()).where(User.email == email, User.id != user.id)
    ):
        # Refusing in other words would tell whether an address has an account.
        return True
    user.email = email
    user.email_verified_at = None
    db.session.flush()
    if email:
        user.verification_sent_at = utcnow()
        send_after_commit(send_verification, user.id)
    return False


def resend_verification(user: User) -> None:
    """Send the proving link again to an address not yet proved."""
    if not user.email:
        raise DomainError(_("Give an email address first."), field="email")
    if user.email_verified_at is not None:
        raise DomainError(_("This address is already confirmed."), field="email")
    if user.verification_sent_at and utcnow() - user.verification_sent_at < RESEND_AFTER:
        raise DomainError(_("A link was sent less than a minute ago; look for it, or wait a "
                            "minute before asking again."), field="email")
    user.verification_sent_at = utcnow()
    send_after_commit(send_verification, user.id)


def verify_email(user: User, payload: dict, token: str) -> None:
    """Mark the address proved by a link, if it is still the account's address."""
    if payload.get("email") != user.email:
        raise DomainError(_("This link was for another address; the account's address changed "
                            "since. Ask for a new link on your account page."))
    spend_token(token, "verify")
    user.email_verified_at = utcnow()
    db.session.flush()


def request_reset(name_or_email: str) -> None:
    """Send a reset link to the verified address of the account named (by username or by
    address); the same answer whether or not there is one, to reveal nothing."""
    value = name_or_email.strip().lower()
    user = (
        db.session.scalar(select(User).where(User.email == value))
        if "@" in value else find_user(value)
    )
    if user is not None and user.mail_address is not None:
        send_after_commit(send_reset, user.id)


def reset_password(user: User, password: str, token: str) -> None:
    """Set a new password from a reset link, ending every sign-in made with the old one."""
    check_password(password, user.username, user.display_name)
    spend_token(token, "reset")
    user.password_hash = generate_password_hash(password)
    end_every_sign_in(user)
    db.session.flush()


def unsubscribe(user: User, token: str) -> None:
    """Stop all mail about notices, from a link in one of them."""
    spend_token(token, "unsubscribe")
    user.mail_mode = MailMode.NEVER
    db.session.flush()
