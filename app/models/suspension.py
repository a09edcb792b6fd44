"""Store who is barred from posting and voting in a debate, and until when."""

from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.columns import utcnow
from app.models.debate import Debate
from app.models.user import User


class Suspension(db.Model):
    """One person's suspension from one debate, whether or not they are a member of it.

    It lives apart from memberships so that suspending an outsider of a public debate never
    makes them a member, and lifting it leaves nothing behind.
    """

    __tablename__ = "suspensions"
    __table_args__ = (UniqueConstraint("debate_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    debate_id: Mapped[int] = mapped_column(
        ForeignKey("debates.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    until: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    debate: Mapped[Debate] = relationship()
    user: Mapped[User] = relationship()

    @property
    def is_active(self) -> bool:
        return self.until > utcnow()
