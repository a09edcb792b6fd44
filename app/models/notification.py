"""Store the in-app notices people get about replies and moderation of their content."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.columns import utcnow
from app.models.follow import Follow


class Notification(db.Model):
    """A notice for one person, read or unread."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_id_read_at", "user_id", "read_at"),
        # A person's notices are read newest first a page at a time.
        Index("ix_notifications_user_id_created_at_id", "user_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    message: Mapped[str] = mapped_column(String(500))
    # What the notice links to: an argument, or else a debate.
    argument_id: Mapped[int | None] = mapped_column(
        ForeignKey("arguments.id", ondelete="SET NULL"), index=True
    )
    debate_id: Mapped[int | None] = mapped_column(
        ForeignKey("debates.id", ondelete="CASCADE"), index=True
    )
    # The follow that brought the notice, so that one may unfollow from it.
    follow_id: Mapped[int | None] = mapped_column(
        ForeignKey("follows.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    # When it went out by email, alone or in a digest; None while it waits for one.
    mailed_at: Mapped[datetime | None]
    read_at: Mapped[datetime | None]

    follow: Mapped[Follow | None] = relationship()
