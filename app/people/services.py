"""Hold the rules of a profile: opting in, and the short bio."""

from flask_babel import gettext as _

from app.errors import DomainError
from app.extensions import db
from app.models import User
from app.models.user import BIO_MAX


def update_profile(user: User, public: bool, bio: str | None) -> None:
    """Show or hide the person's public profile and set its bio (empty removes it). A class
    account has none: nothing about a student is shown outside the class."""
    if public and user.is_managed:
        raise DomainError(_("Class accounts have no public profile."), field="public")
    bio = (bio or "").strip() or None
    if bio and len(bio) > BIO_MAX:
        raise DomainError(_("Keep the bio to %(max)s characters.", max=BIO_MAX), field="bio")
    user.profile_public = public
    user.bio = bio
    db.session.flush()
