"""Hold the site admin's rules: setting an account's trust level."""

from flask_babel import gettext as _

from app.auth.services import find_user
from app.errors import DomainError
from app.extensions import db
from app.models import TrustLevel, User


def set_trust(username: str, level: TrustLevel | None) -> User:
    """Set an account's trust level (None: earned again by age and shown arguments)."""
    user = find_user(username)
    if user is None:
        raise DomainError(_("No account has this username."), field="username")
    user.trust_level = level
    db.session.flush()
    return user
