"""Store who belongs to a debate, in which role, and the invite links that let people join."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.columns import string_enum, utcnow
from app.models.debate import Debate
from app.models.user import User


class Role(enum.StrEnum):
    """Say what a member was made in one debate."""

    OWNER = "owner"
    MODERATOR = "moderator"
    PARTICIPANT = "participant"
    VIEWER = "viewer"


class Membership(db.Model):
    """A person's role in one debate."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("debate_id", "user_id"),
        UniqueConstraint("debate_id", "pseudonym"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    debate_id: Mapped[int] = mapped_column(
        ForeignKey("debates.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(string_enum(Role, 12))
    # A student's number in a class debate, stable for the debate's life: "Student 7".
    pseudonym: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    debate: Mapped[Debate] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()


class Invite(db.Model):
    """A shareable link that lets whoever holds it join a debate in a role."""

    __tablename__ = "invites"
    # A debate's invite links are read newest first a page at a time.
    __table_args__ = (Index("ix_invites_debate_id_id", "debate_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    debate_id: Mapped[int] = mapped_column(ForeignKey("debates.id", ondelete="CASCADE"))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[Role] = mapped_column(string_enum(Role, 12))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    uses: Mapped[int] = mapped_column(default=0)

    debate: Mapped[Debate] = relationship()
    created_by: Mapped["User | None"] = relationship()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > utcnow()
