"""Store how strong each person finds an argument, from 0 to 4."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.argument import Argument
from app.models.columns import utcnow

RATING_MIN = 0
RATING_MAX = 4
RATING_LABELS = {
    0: _l("no force"),
    1: _l("weak"),
    2: _l("some force"),
    3: _l("strong"),
    4: _l("decisive"),
}


class Rating(db.Model):
    """One person's 0–4 rating of how strong an argument is, whatever their side."""

    __tablename__ = "ratings"
    __table_args__ = (
        UniqueConstraint("argument_id", "user_id"),
        CheckConstraint(f"score BETWEEN {RATING_MIN} AND {RATING_MAX}", name="score_range"),
        # Tallies sum the scores of many arguments at once: with the score in the index, they
        # never read the table.
        Index("ix_ratings_argument_id_score", "argument_id", "score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    argument_id: Mapped[int] = mapped_column(ForeignKey("arguments.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    score: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    argument: Mapped[Argument] = relationship(back_populates="ratings")
