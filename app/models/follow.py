"""Store what people follow: a debate, a position or an argument, to hear of what is posted."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.argument import Argument
from app.models.columns import utcnow
from app.models.debate import Debate
from app.models.position import Position

FOLLOWED_KINDS = ("debate", "position", "argument")


class Follow(db.Model):
    """One person following exactly one debate, position or argument."""

    __tablename__ = "follows"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN debate_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN position_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN argument_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_target",
        ),
        UniqueConstraint("user_id", "debate_id"),
        UniqueConstraint("user_id", "position_id"),
        UniqueConstraint("user_id", "argument_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    debate_id: Mapped[int | None] = mapped_column(
        ForeignKey("debates.id", ondelete="CASCADE"), index=True
    )
    position_id: Mapped[int | None] = mapped_column(
        ForeignKey("positions.id", ondelete="CASCADE"), index=True
    )
    argument_id: Mapped[int | None] = mapped_column(
        ForeignKey("arguments.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    debate: Mapped[Debate | None] = relationship()
    position: Mapped[Position | None] = relationship()
    argument: Mapped[Argument | None] = relationship()

    @property
    def kind(self) -> str:
        """Name what is followed: "debate", "position" or "argument"."""
        if self.debate_id is not None:
            return "debate"
        return "position" if self.position_id is not None else "argument"

    @property
    def target_id(self) -> int:
        """Return the id of what is followed."""
        return self.debate_id or self.position_id or self.argument_id
