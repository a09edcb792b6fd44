"""Sign the links mail carries (verify, reset, unsubscribe) and honour each once."""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError

from app.errors import BadRequest, DomainError
from app.extensions import db
from app.models import SpentToken, User

PURPOSES = ("verify", "reset", "unsubscribe")
# Links are long-lived only where nothing is at stake: leaving a mailing list.
UNSUBSCRIBE_LIFETIME = timedelta(days=365)
TOKEN_MAX = 400


class Gone(DomainError):
    """A link that worked once, or worked until it expired."""

    status = 410


def serializer(purpose: str) -> URLSafeTimedSerializer:
    """Return the signer of one purpose's links: a reset link cannot pass as an unsubscribe."""
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"agora-mail-{purpose}")


def lifetime(purpose: str) -> timedelta:
    """Return how long a link of this purpose works."""
    if purpose == "verify":
        return current_app.config["VERIFY_LINK_LIFETIME"]
    if purpose == "reset":
        return current_app.config["RESET_LINK_LIFETIME"]
    return UNSUBSCRIBE_LIFETIME


def make_token(user: User, purpose: str) -> str:
    """Sign a link for this person and purpose; a verify link names the address it proves."""
    payload = {"user": user.id, "nonce": secrets.token_urlsafe(8)}
    if purpose == "verify":
        payload["email"] = user.email
    return serializer(purpose).dumps(payload)


def digest_of(token: str) -> str:
    """Return what is kept of a used link: its hash, never the link."""
    return hashlib.sha256(token.encode()).hexdigest()


def read_token(token: str, purpose: str) -> tuple[User, dict]:
    """Return the person a link is for and what it says, or refuse it clearly: altered (400),
    expired or used (410)."""
    if len(token) > TOKEN_MAX:
        raise BadRequest(_("This link is not valid: it was altered or cut short."))
    try:
        payload = serializer(purpose).loads(token, max_age=lifetime(purpose).total_seconds())
    except SignatureExpired:
        raise Gone(_("This link has expired. Ask for a new one.")) from None
    except BadData:
        raise BadRequest(_("This link is not valid: it was altered or cut short.")) from None
    user = db.session.get(User, payload.get("user")) if isinstance(payload, dict) else None
    if user is None:
        raise BadRequest(_("This link is not valid: it was altered or cut short."))
    if db.session.get(SpentToken, digest_of(token)) is not None:
        raise Gone(_("This link was already used. Each link works once."))
    return user, payload


def spend_token(token: str, purpose: str) -> None:
    """Mark a link used; a second use at the same moment is refused like any later one."""
    try:
        with db.session.begin_nested():
            db.session.add(SpentToken(digest=digest_of(token), purpose=purpose))
            db.session.flush()
    except IntegrityError:
        raise Gone(_("This link was already used. Each link works once.")) from None
