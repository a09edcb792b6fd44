"""Find where a person could contribute next in a debate: the next argument to rate, strong
arguments from the other side they have not answered, branches argued on one side only, and
their own arguments that need evidence. A fixed number of queries."""

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.insight.bridging import PRIOR_MEAN, PRIOR_WEIGHT
from app.models import (
    Argument,
    Debate,
    Evidence,
    Position,
    PositionStance,
    Rating,
    Side,
    StanceChoice,
)
from app.visibility import shown_branches, shown_evidence

LIST_MOST = 5


def in_debate(debate: Debate):
    """Return a where-clause keeping the arguments of this debate's positions."""
    return Argument.position_id.in_(select(Position.id).where(Position.debate_id == debate.id))


def next_to_rate(debate: Debate, user) -> tuple[Argument | None, int]:
    """Return the first argument (in tree order) this person may rate and has not, and how
    many such remain."""
    rated = exists().where(Rating.argument_id == Argument.id, Rating.user_id == user.id)
    where = [in_debate(debate), shown_branches(debate, user), ~rated,
             Argument.withdrawn_at.is_(None),
             (Argument.author_id.is_(None)) | (Argument.author_id != user.id)]
    first = db.session.scalar(
        select(Argument).where(*where).order_by(Argument.position_id, Argument.path).limit(1)
    )
    left = db.session.scalar(select(func.count()).select_from(Argument).where(*where))
    return first, left


def strength():
    """Return the Bayesian-averaged rating of an argument, as the "Strongest" sort has it."""
    total = select(func.coalesce(func.sum(Rating.score), 0)).where(
        Rating.argument_id == Argument.id).scalar_subquery()
    count = select(func.count()).where(Rating.argument_id == Argument.id).scalar_subquery()
    return (PRIOR_MEAN * PRIOR_WEIGHT + total) / (PRIOR_WEIGHT + count)


def unanswered_from_other_side(debate: Debate, user) -> list[Argument]:
    """List the strongest arguments against where this person stands that they have not
    replied to, across the positions they took a stance on."""
    mine = aliased(Argument)
    opposed = case(
        (PositionStance.stance == StanceChoice.FOR, Argument.supports_position.is_(False)),
        else_=Argument.supports_position.is_(True),
    )
    answered = exists().where(mine.parent_id == Argument.id, mine.author_id == user.id)
    return db.session.scalars(
        select(Argument)
        .join(PositionStance, and_(PositionStance.position_id == Argument.position_id,
                                   PositionStance.user_id == user.id))
        .where(in_debate(debate), shown_branches(debate, user),
               PositionStance.stance != StanceChoice.UNDECIDED, opposed, ~answered,
               Argument.withdrawn_at.is_(None))
        .order_by(strength().desc(), Argument.id)
        .limit(LIST_MOST)
    ).all()


def one_sided_branches(debate: Debate, user) -> list[tuple[Argument, str]]:
    """List arguments whose shown replies all take one side: [(argument, missing side)]."""
    reply = aliased(Argument)
    shown_reply = shown_branches(debate, user)
    counts = (
        select(reply.parent_id,
               func.count(case((reply.side == Side.PRO, 1))).label("pros"),
               func.count(case((reply.side == Side.CON, 1))).label("cons"))
        .where(reply.parent_id.is_not(None), reply.withdrawn_at.is_(None))
        .group_by(reply.parent_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Argument, counts.c.pros, counts.c.cons)
        .join(counts, counts.c.parent_id == Argument.id)
        .where(in_debate(debate), shown_reply,
               (counts.c.pros == 0) | (counts.c.cons == 0))
        .order_by((counts.c.pros + counts.c.cons).desc(), Argument.id)
        .limit(LIST_MOST)
    ).all()
    return [(argument, "con" if cons == 0 else "pro") for argument, _, cons in rows]


def own_needing_evidence(debate: Debate, user) -> list[Argument]:
    """List this person's own arguments that cite nothing yet."""
    cited = exists().where(Evidence.argument_id == Argument.id, shown_evidence(debate, user))
    return db.session.scalars(
        select(Argument)
        .where(in_debate(debate), Argument.author_id == user.id, ~cited,
               Argument.withdrawn_at.is_(None))
        .order_by(Argument.created_at.desc(), Argument.id)
        .limit(LIST_MOST)
    ).all()
