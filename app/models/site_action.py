"""Store the log of what site admins did to accounts (suspending, lifting), with reasons."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.columns import utcnow
from app.models.user import User


class SiteAction(db.Model):
    """One site admin's action on one account, kept when either account is deleted."""

    __tablename__ = "site_actions"
    __table_args__ = (Index("ix_site_actions_created_at_id", "created_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The name at the time, so the log still reads once the account is gone.
    username: Mapped[str] = mapped_column(String(30))
    action: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
