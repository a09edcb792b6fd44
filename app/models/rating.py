"""Store how strong each person finds an argument, from 0 to 4."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.argument import Argument
from app.models.columns import utcnow

RATING_MIN = 0
RATING_MAX = 4
RATING_LABELS = {0: "Not at all", 1: "Weak", 2: "Fair", 3: "Strong", 4: "Very strong"}


class Rating(db.Model):
    """One person's 0–4 rating of how strong an argument is, whatever their side."""

    __tablename__ = "ratings"
    __table_args__ = (
        UniqueConstraint("argument_id", "user_id"),
        CheckConstraint(f"score BETWEEN {RATING_MIN} AND {RATING_MAX}", name="score_range"),
        # Sorting a position's arguments by strength sums the scores of thousands of them:
        # with the score in the index PostgreSQL reads it alone instead of the whole table.
        Index("ix_ratings_argument_id_score", "argument_id", "score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    argument_id: Mapped[int] = mapped_column(ForeignKey("arguments.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    score: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    argument: Mapped[Argument] = relationship(back_populates="ratings")
