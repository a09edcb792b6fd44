"""Hold the rules for personal access tokens: making one, revoking it, and knowing its owner."""

import hashlib
import secrets

from flask import request
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user
from sqlalchemy import func, select

from app.errors import Conflict, DomainError, NotFound
from app.extensions import db
from app.models import AccessToken, TokenScope, User
from app.models.columns import utcnow
from app.text import control_character, control_character_message

# Recognisable in a leaked file or a secret scanner's rules; the rest is 32 random bytes.
TOKEN_PREFIX = "agora_pat_"  # noqa: S105 - a label, not a secret
TOKEN_NAME_MAX = 60
# Enough for a person's scripts and devices; more would be a sign of tokens never revoked.
ACTIVE_TOKENS_MAX = 10


def token_hash(secret: str) -> str:
    """Hash a token for storage; 32 random bytes need no slow hash."""
    return hashlib.sha256(secret.encode()).hexdigest()


def active_tokens(user: User):
    """Select this person's tokens that still open the API."""
    return select(AccessToken).where(
        AccessToken.user_id == user.id, AccessToken.revoked_at.is_(None)
    )


def tokens_of(user: User) -> list[AccessToken]:
    """List this person's tokens, active first, newest first."""
    return db.session.scalars(
        select(AccessToken)
        .where(AccessToken.user_id == user.id)
        .order_by(AccessToken.revoked_at.is_not(None), AccessToken.id.desc())
    ).all()


def create_token(user: User, name: str, scope: TokenScope | str) -> tuple[AccessToken, str]:
    """Make a named token for this person and return it with its secret, which is shown once
    and never stored."""
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(_("Name the token after where it will be used."), field="name")
    if len(name) > TOKEN_NAME_MAX:
        raise DomainError(
            _("Keep the name to %(num)s characters.", num=TOKEN_NAME_MAX), field="name"
        )
    if character := control_character(name):
        raise DomainError(control_character_message(character), field="name")
    try:
        scope = TokenScope(scope)
    except ValueError:
        raise DomainError(_("The scope is read or write."), field="scope") from None
    # Lock the person's row so that two tabs cannot both slip under the limit.
    db.session.execute(select(User.id).where(User.id == user.id).with_for_update())
    active = db.session.scalar(
        active_tokens(user).with_only_columns(func.count(AccessToken.id))
    )
    if active >= ACTIVE_TOKENS_MAX:
        raise Conflict(
            _("You have %(num)s active tokens, the most one may have; revoke one you no longer "
              "use first.", num=ACTIVE_TOKENS_MAX),
            field="name",
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = AccessToken(user_id=user.id, name=name, scope=scope, token_hash=token_hash(secret))
    db.session.add(token)
    db.session.flush()
    return token, secret


def revoke_token(user: User, token_id: int) -> AccessToken:
    """Revoke one of this person's tokens; revoking it again changes nothing."""
    token = db.session.get(AccessToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound(_("This token does not exist."))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()
    return token


def requester_key() -> str:
    """Name who sends this request, for limits counted per person: the signed-in person or
    the owner of the bearer token sent, else the address. Limits are checked before the API's
    own hook signs a token's owner in, so the token is read here too, without noting its use."""
    # Not get_id(): that names one sign-in, and a person may hold several.
    if current_user.is_authenticated:
        return f"person:{current_user.id}"
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    secret = secret.strip()
    if scheme.lower() == "bearer" and secret.startswith(TOKEN_PREFIX):
        owner = db.session.scalar(
            select(AccessToken.user_id).where(
                AccessToken.token_hash == token_hash(secret), AccessToken.revoked_at.is_(None)
            )
        )
        if owner is not None:
            return f"person:{owner}"
    return f"address:{get_remote_address()}"


def token_named(secret: str) -> AccessToken | None:
    """Return the active token with this secret, noting the day it was used."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = db.session.scalar(
        select(AccessToken).where(
            AccessToken.token_hash == token_hash(secret), AccessToken.revoked_at.is_(None)
        )
    )
    if token is not None:
        today = utcnow().date()
        # One write per token per day at most, not one per request.
        if token.last_used_on != today:
            token.last_used_on = today
            db.session.flush()
    return token
