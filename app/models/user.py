"""Store people's accounts."""

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import String, false, func
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.columns import string_enum, utcnow

BIO_MAX = 280


class TrustLevel(enum.StrEnum):
    """Say how far Agora trusts an account against spam, as Discourse's trust levels do."""

    NEW = "new"
    BASIC = "basic"
    MEMBER = "member"


class MailMode(enum.StrEnum):
    """Say when a person hears of their notices by email."""

    AT_ONCE = "at_once"
    DAILY = "daily"
    NEVER = "never"


class User(UserMixin, db.Model):
    """A person who signs in; the email address is optional and never shown."""

    @property
    def mail_address(self) -> str | None:
        """Return the address mail may go to: the verified one, or None."""
        return self.email if self.email and self.email_verified_at else None


    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(30), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    # Mail goes only to an address its owner proved they read.
    email_verified_at: Mapped[datetime | None]
    # When the last confirmation link was sent, so that asking again waits a little.
    verification_sent_at: Mapped[datetime | None]
    mail_mode: Mapped[MailMode] = mapped_column(
        string_enum(MailMode, 8), default=MailMode.AT_ONCE, server_default=MailMode.AT_ONCE.value
    )
    # The public profile is opt-in: without it /people/<username> does not exist for others.
    profile_public: Mapped[bool] = mapped_column(default=False, server_default=false())
    bio: Mapped[str | None] = mapped_column(String(BIO_MAX))
    # Set by a site admin, it holds; None lets trust rise with time and approved arguments.
    trust_level: Mapped[TrustLevel | None] = mapped_column(string_enum(TrustLevel, 8))
    # A site admin's suspension from every debate: read-only everywhere until lifted.
    suspended_at: Mapped[datetime | None]
    is_admin: Mapped[bool] = mapped_column(default=False)
    # The interface language chosen in the footer ("en", "zh_Hans"); None follows the browser.
    locale: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    # A student account a teacher made for a class: no email, a one-time password to replace
    # at first sign-in, and no way out of that class.
    is_managed: Mapped[bool] = mapped_column(default=False, server_default=false())
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())

    # The token of the sign-in this person came with in this request, set when signing in or
    # loading them from a cookie; never stored, only its hash is (see SignIn).
    sign_in_token = None

    def get_id(self) -> str | None:
        """Name this sign-in, not the person, in the session and remember-me cookies."""
        return self.sign_in_token

    def __repr__(self) -> str:
        return f"<User {self.username}>"
