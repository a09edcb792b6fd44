"""Store strength ratings of arguments and where people stand on positions."""

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.argument import Argument
from app.models.columns import string_enum, utcnow

RATING_MIN = 0
RATING_MAX = 4
RATING_LABELS = {0: "Not at all", 1: "Weak", 2: "Fair", 3: "Strong", 4: "Very strong"}


class StanceChoice(enum.StrEnum):
    """Say where a person stands on a position."""

    FOR = "for"
    AGAINST = "against"
    UNDECIDED = "undecided"


class Rating(db.Model):
    """One person's 0–4 rating of how strong an argument is, whatever their side."""

    __tablename__ = "ratings"
    __table_args__ = (
        UniqueConstraint("argument_id", "user_id"),
        CheckConstraint(f"score BETWEEN {RATING_MIN} AND {RATING_MAX}", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    argument_id: Mapped[int] = mapped_column(
        ForeignKey("arguments.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    score: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    argument: Mapped[Argument] = relationship(back_populates="ratings")


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
