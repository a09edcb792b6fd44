"""Hold the rules for rating arguments and taking a stance on positions."""

from functools import cache

from flask_babel import gettext as _
from sqlalchemy import bindparam, case, delete, func, select, union_all
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from app.arguments.queries import Tally
from app.errors import DomainError
from app.extensions import db
from app.insight.scores import marking, recompute_after_commit, scores_changed
from app.models import Argument, Position, PositionStance, Rating, StanceChange, StanceChoice, User
from app.models.columns import utcnow
from app.models.rating import RATING_MAX, RATING_MIN
from app.policy import Action, is_signed_in, require


def rate_argument(argument: Argument, user: User, score: int | None) -> None:
    """Set, change or (with None) clear this person's strength rating of an argument."""
    db.session.execute(*rating_change(argument, user, score))
    scores_changed(argument.position_id)


def rate_with_tally(argument: Argument, user: User, score: int | None) -> Tally:
    """Rate as `rate_argument` does and return the argument's tally with the rating in it.

    On PostgreSQL one statement stores the rating, counts everyone else's beside it and marks
    the position's scores stale, so that a rating costs one round trip to the database, not
    three.
    """
    change, values = rating_change(argument, user, score)
    if score is None or not on_postgresql():
        db.session.execute(change, values)
        scores_changed(argument.position_id)
        return rating_tally(argument, user)
    count, total, newly_stale = db.session.execute(
        saving_with_tally(), {**values, "position": argument.position_id, "now": utcnow()}
    ).one()
    if newly_stale:
        recompute_after_commit(argument.position_id)
    return Tally(rating_count=count, rating_sum=total, my_rating=score)


def rating_change(argument: Argument, user: User, score: int | None) -> tuple:
    """Check that this person may rate the argument so, and return the statement that does,
    with its values."""
    require(user, Action.RATE, argument)
    values = {"argument_id": argument.id, "user_id": user.id}
    if score is None:
        return clearing(), values
    if not RATING_MIN <= score <= RATING_MAX:
        raise DomainError(_(
            "Rate from %(rating_min)s to %(rating_max)s.",
            rating_min=RATING_MIN,
            rating_max=RATING_MAX,
        ), field="score")
    return saving(on_postgresql()), {**values, "score": score, "updated_at": utcnow()}


# The statements below are built once and filled in with bound values: building an upsert
# and its tally anew cost each rating more CPU than PostgreSQL took to run them, and a
# statement used again keeps its cache key, so it is not even looked up again.


@cache
def clearing():
    """Return the statement that deletes one person's rating of one argument."""
    return delete(Rating).where(
        Rating.argument_id == bindparam("argument_id"), Rating.user_id == bindparam("user_id")
    )


@cache
def saving(postgresql: bool):
    """Return the statement that stores one person's rating of one argument, new or changed."""
    # One statement that inserts or updates: the unique constraint settles two simultaneous
    # first ratings by the same person, and nothing is read back.
    insert = postgresql_insert if postgresql else sqlite_insert
    statement = insert(Rating).values(
        argument_id=bindparam("argument_id"),
        user_id=bindparam("user_id"),
        score=bindparam("score"),
        updated_at=bindparam("updated_at"),
    )
    return statement.on_conflict_do_update(
        index_elements=[Rating.argument_id, Rating.user_id],
        set_={"score": statement.excluded.score, "updated_at": statement.excluded.updated_at},
    )


@cache
def saving_with_tally():
    """Return the PostgreSQL statement that stores a rating, counts and sums the argument's
    ratings with it, and marks its position's scores stale, saying whether they were not
    already (as `scores_changed` does)."""
    saved = saving(True).returning(Rating.score).cte("saved")
    marked = marking(True).cte("marked")
    others = select(Rating.score).where(
        Rating.argument_id == bindparam("argument_id"), Rating.user_id != bindparam("user_id")
    )
    scores = union_all(others, select(saved.c.score)).subquery()
    return select(
        func.count(),
        func.coalesce(func.sum(scores.c.score), 0),
        select(func.count()).select_from(marked).scalar_subquery(),
    )


def on_postgresql() -> bool:
    """Say whether the session talks to PostgreSQL (else SQLite)."""
    return db.session.get_bind().dialect.name == "postgresql"


def rating_tally(argument: Argument, user: User) -> Tally:
    """Count an argument's ratings and find this person's, in one query."""
    count, total, mine = db.session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(Rating.score), 0),
            func.max(case((Rating.user_id == user.id, Rating.score))),
        ).where(Rating.argument_id == argument.id)
    ).one()
    return Tally(rating_count=count, rating_sum=total, my_rating=mine)


def take_stance(
    position: Position, user: User, stance: StanceChoice | None
) -> StanceChange | None:
    """Record where this person stands now (None withdraws it), keeping every change; return
    the change when it moved them from one stance to another."""
    require(user, Action.TAKE_STANCE, position)
    mine = select(PositionStance).where(
        PositionStance.position_id == position.id, PositionStance.user_id == user.id
    )
    current = db.session.scalar(mine.with_for_update())
    if current is None and stance is not None:
        try:
            with db.session.begin_nested():
                db.session.add(
                    PositionStance(position_id=position.id, user_id=user.id, stance=stance)
                )
        except IntegrityError:
            # The same person answered from another tab a moment ago: start from that stance,
            # so that a double click is not recorded as two changes of mind.
            current = db.session.scalar(mine.with_for_update())
        else:
            db.session.add(StanceChange(position_id=position.id, user_id=user.id, stance=stance))
            db.session.flush()
            return None
    if (current.stance if current else None) == stance:
        return None
    change = StanceChange(position_id=position.id, user_id=user.id, stance=stance)
    db.session.add(change)
    if stance is None:
        db.session.delete(current)
    else:
        current.stance = stance
        current.updated_at = utcnow()
    db.session.flush()
    # A move from one stance to another is a change of mind, which may be asked about.
    return change if current is not None and stance is not None else None


def stance_tally(position: Position) -> dict[StanceChoice, int]:
    """Count current stances on a position, each person once."""
    rows = db.session.execute(
        select(PositionStance.stance, func.count())
        .where(PositionStance.position_id == position.id)
        .group_by(PositionStance.stance)
    )
    tally = {choice: 0 for choice in StanceChoice}
    tally.update(dict(rows.all()))
    return tally


def stance_of(position: Position, user) -> StanceChoice | None:
    """Return where this person stands on the position now."""
    if not is_signed_in(user):
        return None
    return db.session.scalar(
        select(PositionStance.stance).where(
            PositionStance.position_id == position.id, PositionStance.user_id == user.id
        )
    )
