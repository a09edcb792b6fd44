"""Read debates for lists and pages: the directory, and positions with their anchors."""

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Debate, Position, PositionAnchor
from app.visibility import select_debates

# Two more queries load every anchor and its passage, however many positions there are.
ANCHORS = selectinload(Position.anchors).selectinload(PositionAnchor.passage)


def with_anchors(query):
    """Load each position's anchors and their passages along with the positions."""
    return query.options(ANCHORS)


def positions_of(debate: Debate) -> list[Position]:
    """Load a debate's positions with their anchors, in the order they were raised."""
    query = select(Position).where(Position.debate_id == debate.id).order_by(Position.id)
    return db.session.scalars(with_anchors(query)).all()


def position_of(debate: Debate, position_id: int) -> Position | None:
    """Load one position of this debate with its anchors, or None."""
    query = select(Position).where(Position.id == position_id, Position.debate_id == debate.id)
    return db.session.scalar(with_anchors(query))


def listed_debates(user) -> list[tuple[Debate, int]]:
    """List the debates this person may find, newest first, each with its number of positions."""
    counts = (
        select(Position.debate_id, func.count().label("positions"))
        .group_by(Position.debate_id)
        .subquery()
    )
    return db.session.execute(
        select_debates(user, listed_only=True)
        .add_columns(func.coalesce(counts.c.positions, 0))
        .outerjoin(counts, counts.c.debate_id == Debate.id)
        .options(selectinload(Debate.material))
    ).all()
