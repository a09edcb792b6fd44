"""Store the public log of what owners, moderators and the system did in each debate."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.columns import utcnow
from app.models.debate import Debate
from app.models.user import User


class ModerationAction(db.Model):
    """One entry of a debate's public moderation log."""

    __tablename__ = "moderation_actions"
    # The log is read newest first a page at a time: the index hands over a page in order.
    __table_args__ = (
        Index("ix_moderation_actions_debate_id_created_at_id", "debate_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    debate_id: Mapped[int] = mapped_column(ForeignKey("debates.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # The role the actor acted in ("owner", "moderator", "admin", or "system" for auto-hiding).
    actor_role: Mapped[str] = mapped_column(String(12))
    action: Mapped[str] = mapped_column(String(30))
    target_kind: Mapped[str] = mapped_column(String(12))
    target_id: Mapped[int | None]
    # A label safe to show everyone, such as "argument 1.2" — never the hidden text itself.
    target_label: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    debate: Mapped[Debate] = relationship()
    actor: Mapped[User | None] = relationship()
