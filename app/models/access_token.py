"""Store personal access tokens, which let scripts use the API as the person who made them."""

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.columns import string_enum, utcnow
from app.models.user import User


class TokenScope(enum.StrEnum):
    """Say what a token may do: read what its owner sees, or also write as them."""

    READ = "read"
    WRITE = "write"


class AccessToken(db.Model):
    """A named token for the API, known by the hash of its secret; the secret is shown once."""

    __tablename__ = "access_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    scope: Mapped[TokenScope] = mapped_column(string_enum(TokenScope, 5))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    # The day only: enough to tell a forgotten token from a busy one, without a trail of use.
    last_used_on: Mapped[date | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    @property
    def is_active(self) -> bool:
        """Say whether the token still opens the API."""
        return self.revoked_at is None

    @property
    def can_write(self) -> bool:
        """Say whether the token may change things, not only read them."""
        return self.scope == TokenScope.WRITE
