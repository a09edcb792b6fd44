"""Store what the ratings and stance changes say together: cross-side scores, when they were
last worked out, and which arguments people say changed their minds."""

import enum
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Enum, Float, ForeignKey, Index, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.columns import string_enum, utcnow
from app.models.stance import StanceChoice


def named(enum_class: type[enum.StrEnum], name: str) -> Enum:
    """Store a stance as `string_enum` does, under a constraint named for the column."""
    column_type = string_enum(enum_class, 10)
    column_type.name = name
    return column_type


class ScoreMethod(enum.StrEnum):
    """Say how a position's cross-side scores were worked out."""

    # Matrix factorisation of the rater × argument ratings, as Community Notes does.
    BRIDGING = "bridging"
    # The lower of the Bayesian-averaged ratings by For raters and by Against raters.
    STANCES = "stances"


class ArgumentScore(db.Model):
    """One argument's cross-side score: how strong people on both sides find it."""

    __tablename__ = "argument_scores"
    __table_args__ = (
        CheckConstraint("ratings >= 0", name="ratings_counted"),
        # The position page and the API read a position's scores best first.
        Index("ix_argument_scores_position_id_score", "position_id", "score"),
    )

    argument_id: Mapped[int] = mapped_column(
        ForeignKey("arguments.id", ondelete="CASCADE"), primary_key=True
    )
    position_id: Mapped[int] = mapped_column(ForeignKey("positions.id", ondelete="CASCADE"))
    score: Mapped[float] = mapped_column(Float)
    method: Mapped[ScoreMethod] = mapped_column(string_enum(ScoreMethod, 10))
    ratings: Mapped[int]
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


class ScoreState(db.Model):
    """When a position's scores were last worked out, on how many ratings, and whether
    ratings changed since (a recompute is then waiting: one, however many ratings came)."""

    __tablename__ = "score_states"
    __table_args__ = (CheckConstraint("ratings >= 0", name="ratings_counted"),)

    position_id: Mapped[int] = mapped_column(
        ForeignKey("positions.id", ondelete="CASCADE"), primary_key=True
    )
    method: Mapped[ScoreMethod | None] = mapped_column(string_enum(ScoreMethod, 10))
    ratings: Mapped[int] = mapped_column(default=0, server_default="0")
    raters: Mapped[int] = mapped_column(default=0, server_default="0")
    computed_at: Mapped[datetime | None]
    # Set when ratings change and a recompute is queued; cleared when the recompute starts.
    stale_since: Mapped[datetime | None]
    # The map of opinion worked out with the scores (app/insight/opinion_map.py), None while
    # too few people rated enough to show one.
    opinion_map: Mapped[dict | None] = mapped_column(JSON)
    # The position's brief as anyone may read it, worked out with the scores
    # (app/insight/brief.py), with the counts of shown arguments and evidence it was made from.
    brief: Mapped[dict | None] = mapped_column(JSON)


class StanceReason(db.Model):
    """An argument a person says moved them when they changed stance. Private: only counts
    over many people are ever shown."""

    __tablename__ = "stance_reasons"
    __table_args__ = (
        UniqueConstraint("stance_change_id", "argument_id"),
        # "Most persuasive" counts a position's reasons by direction.
        Index("ix_stance_reasons_position_id_to_stance", "position_id", "to_stance"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stance_change_id: Mapped[int] = mapped_column(
        ForeignKey("stance_changes.id", ondelete="CASCADE"), index=True
    )
    position_id: Mapped[int] = mapped_column(ForeignKey("positions.id", ondelete="CASCADE"))
    argument_id: Mapped[int] = mapped_column(
        ForeignKey("arguments.id", ondelete="CASCADE"), index=True
    )
    # Each checked by its own constraint: one table cannot hold two of the same name.
    from_stance: Mapped[StanceChoice | None] = mapped_column(named(StanceChoice, "from_stance"))
    to_stance: Mapped[StanceChoice] = mapped_column(named(StanceChoice, "to_stance"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
