"""Store where people stand on positions now, and every stance they took before."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.columns import string_enum, utcnow


class StanceChoice(enum.StrEnum):
    """Say where a person stands on a position."""

    FOR = "for"
    AGAINST = "against"
    UNDECIDED = "undecided"


class PositionStance(db.Model):
    """Where one person stands on a position now; it counts once in the tally."""

    __tablename__ = "position_stances"
    __table_args__ = (UniqueConstraint("position_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(
        ForeignKey("positions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    stance: Mapped[StanceChoice] = mapped_column(string_enum(StanceChoice, 10))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class StanceChange(db.Model):
    """Every stance a person took on a position, with its time, for opinion-change studies."""

    __tablename__ = "stance_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(
        ForeignKey("positions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    stance: Mapped[StanceChoice | None] = mapped_column(string_enum(StanceChoice, 10))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
