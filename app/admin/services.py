"""Hold the site admin's rules: setting an account's trust level, suspending it site-wide."""

from flask_babel import gettext as _

from app.auth.services import find_user
from app.errors import Conflict, DomainError
from app.extensions import db
from app.models import SiteAction, TrustLevel, User
from app.models.columns import utcnow

REASON_MAX = 500


def set_trust(username: str, level: TrustLevel | None) -> User:
    """Set an account's trust level (None: earned again by age and shown arguments)."""
    user = account_named(username)
    user.trust_level = level
    db.session.flush()
    return user


def account_named(username: str) -> User:
    """Return the account with this username, or refuse beside the field."""
    user = find_user(username)
    if user is None:
        raise DomainError(_("No account has this username."), field="username")
    return user


def suspend_account(admin: User, username: str, reason: str) -> User:
    """Suspend an account from every debate, read-only everywhere, with the reason logged."""
    user = account_named(username)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why: the reason is kept in the log."), field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(_("Keep the reason to %(max)s characters.", max=REASON_MAX),
                          field="reason")
    if user.is_admin:
        raise Conflict(_("A site admin cannot be suspended; take the admin role away first."),
                       field="username")
    if user.suspended_at is not None:
        raise Conflict(_("This account is already suspended."), field="username")
    user.suspended_at = utcnow()
    db.session.add(SiteAction(actor_id=admin.id, user_id=user.id, username=user.username,
                              action="suspend", reason=reason))
    db.session.flush()
    return user


def lift_suspension(admin: User, username: str, reason: str) -> User:
    """Lift an account's site-wide suspension, logged with the reason given, if any."""
    user = account_named(username)
    if user.suspended_at is None:
        raise Conflict(_("This account is not suspended."), field="username")
    user.suspended_at = None
    db.session.add(SiteAction(actor_id=admin.id, user_id=user.id, username=user.username,
                              action="lift", reason=(reason or "").strip()[:REASON_MAX]))
    db.session.flush()
    return user
