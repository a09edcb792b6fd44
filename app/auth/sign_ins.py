"""Give each sign-in a server-side identity, so that signing out, a new password or
"sign out everywhere" ends it for every copy of its cookies."""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, func, select

from app.extensions import db
from app.models import SignIn, User
from app.models.columns import utcnow


def token_hash(token: str) -> str:
    """Hash a sign-in token for storage; the token is random enough that SHA-256 suffices."""
    return hashlib.sha256(token.encode()).hexdigest()


def start_sign_in(user: User, remember: bool, lasts: timedelta) -> SignIn:
    """Record a new sign-in for this person and give them its token for the cookies."""
    # Sign-ins past their lifetime open nothing; dropping them here keeps the table small.
    db.session.execute(
        delete(SignIn).where(SignIn.user_id == user.id, SignIn.expires_at <= utcnow())
    )
    token = secrets.token_urlsafe(32)
    sign_in = SignIn(user_id=user.id, token_hash=token_hash(token), remember=remember,
                     expires_at=utcnow() + lasts)
    db.session.add(sign_in)
    db.session.flush()
    user.sign_in_token = token
    return sign_in


def signed_in_user(token: str) -> User | None:
    """Return the person a cookie's sign-in token belongs to, unless it was ended or expired."""
    user = db.session.scalar(
        select(User)
        .join(SignIn, SignIn.user_id == User.id)
        .where(SignIn.token_hash == token_hash(token), SignIn.expires_at > utcnow())
    )
    if user is not None:
        user.sign_in_token = token
    return user


def current_sign_in(user: User) -> SignIn | None:
    """Return the sign-in this person came with in this request."""
    if not user.sign_in_token:
        return None
    return db.session.scalar(
        select(SignIn).where(SignIn.token_hash == token_hash(user.sign_in_token))
    )


def count_sign_ins(user: User) -> int:
    """Count the browsers this person is signed in on."""
    return db.session.scalar(
        select(func.count()).where(SignIn.user_id == user.id, SignIn.expires_at > utcnow())
    )


def end_sign_in(user: User) -> None:
    """End the sign-in this person came with, so that no copy of its cookies opens anything."""
    if user.sign_in_token:
        db.session.execute(
            delete(SignIn).where(SignIn.token_hash == token_hash(user.sign_in_token))
        )
        user.sign_in_token = None


def end_every_sign_in(user: User) -> None:
    """End all of this person's sign-ins, on every browser."""
    db.session.execute(delete(SignIn).where(SignIn.user_id == user.id))
    user.sign_in_token = None
