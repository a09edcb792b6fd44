"""Find debates in the directory: by status, topic and material, sorted by activity, age or
the number of people taking part, a page at a time in a fixed number of queries."""

from dataclasses import dataclass

from sqlalchemy import func, select, union, union_all
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import (
    Argument,
    Debate,
    DebateStatus,
    Position,
    PositionStance,
    Rating,
    Topic,
    debate_topics,
)
from app.pagination import Page
from app.visibility import shown_debates

SORTS = ("active", "new", "participants")
STATUSES = (DebateStatus.OPEN.value, DebateStatus.CLOSED.value)
PER_PAGE = 20


@dataclass(frozen=True)
class Filters:
    """What the directory is narrowed to and how it is sorted; None means any."""

    status: str | None = None
    topic: int | None = None
    material: int | None = None
    sort: str = "active"

    def as_args(self, **changes) -> dict:
        """Return the filters as query arguments, with some changed, leaving out the empty."""
        values = {"status": self.status, "topic": self.topic, "material": self.material,
                  "sort": self.sort, **changes}
        return {name: value for name, value in values.items() if value not in (None, "")}


@dataclass(frozen=True)
class Listing:
    """One debate of the directory with what its card shows."""

    debate: Debate
    positions: int
    participants: int
    active_at: object


def activity():
    """Select, per debate, when an argument was last posted or a vote last cast."""
    moments = union_all(
        select(Position.debate_id.label("debate_id"), Argument.created_at.label("at"))
        .join(Argument, Argument.position_id == Position.id),
        select(Position.debate_id, Rating.updated_at)
        .join(Argument, Argument.position_id == Position.id)
        .join(Rating, Rating.argument_id == Argument.id),
        select(Position.debate_id, PositionStance.updated_at)
        .join(PositionStance, PositionStance.position_id == Position.id),
    ).subquery("moments")
    return (
        select(moments.c.debate_id, func.max(moments.c.at).label("active_at"))
        .group_by(moments.c.debate_id)
        .subquery("activity")
    )


def participation():
    """Select, per debate, how many people posted, rated or took a stance in it."""
    people = union(
        select(Position.debate_id.label("debate_id"), Argument.author_id.label("user_id"))
        .join(Argument, Argument.position_id == Position.id)
        .where(Argument.author_id.is_not(None)),
        select(Position.debate_id, Rating.user_id)
        .join(Argument, Argument.position_id == Position.id)
        .join(Rating, Rating.argument_id == Argument.id),
        select(Position.debate_id, PositionStance.user_id)
        .join(PositionStance, PositionStance.position_id == Position.id),
    ).subquery("people")
    return (
        select(people.c.debate_id, func.count().label("participants"))
        .group_by(people.c.debate_id)
        .subquery("participation")
    )


def directory_page(user, filters: Filters, number: int) -> Page[Listing]:
    """Return one page of the debates this person may find, filtered and sorted."""
    positions = select(func.count()).where(Position.debate_id == Debate.id).scalar_subquery()
    active, people = activity(), participation()
    active_at = func.coalesce(active.c.active_at, Debate.created_at)
    participants = func.coalesce(people.c.participants, 0)
    query = (
        select(Debate, positions, participants, active_at)
        .outerjoin(active, active.c.debate_id == Debate.id)
        .outerjoin(people, people.c.debate_id == Debate.id)
        .where(shown_debates(user, listed_only=True), Debate.status != DebateStatus.DRAFT)
        .options(selectinload(Debate.material), selectinload(Debate.topics))
    )
    if filters.status in STATUSES:
        query = query.where(Debate.status == DebateStatus(filters.status))
    if filters.topic is not None:
        filed = select(debate_topics.c.debate_id).where(debate_topics.c.topic_id == filters.topic)
        query = query.where(Debate.id.in_(filed))
    if filters.material is not None:
        query = query.where(Debate.material_id == filters.material)
    first = {
        "active": active_at.desc(),
        "new": Debate.created_at.desc(),
        "participants": participants.desc(),
    }[filters.sort]
    query = query.order_by(first, Debate.created_at.desc(), Debate.id.desc())
    rows = db.session.execute(query.limit(PER_PAGE + 1).offset((number - 1) * PER_PAGE)).all()
    listings = [Listing(*row) for row in rows[:PER_PAGE]]
    return Page(listings, number, PER_PAGE, len(rows) > PER_PAGE)


def all_topics() -> list[Topic]:
    """Return the site-wide list of topics, by name."""
    return list(db.session.scalars(select(Topic).order_by(Topic.name)))


