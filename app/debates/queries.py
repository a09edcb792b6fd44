"""Read debates for lists and pages: the directory, and positions with their anchors."""

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Debate, Position, PositionAnchor
from app.pagination import Cursor, Slice, keyset
from app.visibility import shown_debates, shown_positions, shown_positions_anywhere

DEBATES_PAGE_SIZE = 20
DEBATE_ORDER = (Debate.created_at, Debate.id)

# Two more queries load every anchor and its passage, however many positions there are.
ANCHORS = selectinload(Position.anchors).selectinload(PositionAnchor.passage)


def with_anchors(query):
    """Load each position's anchors and their passages along with the positions."""
    return query.options(ANCHORS)


def positions_of(debate: Debate, user) -> list[Position]:
    """Load the positions of a debate this person may see with their anchors, in the order
    they were raised."""
    query = (
        select(Position)
        .where(Position.debate_id == debate.id, shown_positions(debate, user))
        .order_by(Position.id)
    )
    return db.session.scalars(with_anchors(query)).all()


def position_of(debate: Debate, position_id: int, user) -> Position | None:
    """Load one position of this debate that this person may see with its anchors, or None."""
    query = select(Position).where(
        Position.id == position_id, Position.debate_id == debate.id,
        shown_positions(debate, user),
    )
    return db.session.scalar(with_anchors(query))


def listed_debates(user, cursor: Cursor) -> Slice[tuple[Debate, int]]:
    """List a page of the debates this person may find, newest first, each with its number of
    positions they may see."""
    positions = (
        select(func.count())
        .where(Position.debate_id == Debate.id, shown_positions_anywhere(user))
        .scalar_subquery()
    )
    return keyset(
        select(Debate, positions)
        .where(shown_debates(user, listed_only=True))
        .options(selectinload(Debate.material)),
        DEBATE_ORDER,
        lambda row: (row[0].created_at, row[0].id),
        cursor,
        DEBATES_PAGE_SIZE,
        descending=True,
        scalars=False,
    )
