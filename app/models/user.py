"""Store people's accounts."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import String, false, func
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.columns import utcnow


class User(UserMixin, db.Model):
    """A person who signs in; the email address is optional and never shown."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(30), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
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
