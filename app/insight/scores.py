"""Keep each position's cross-side scores: work them out from the ratings and stances, store
them, and have them worked out again, once, in the background when ratings change."""

from contextlib import closing
from datetime import datetime
from functools import cache
from itertools import islice

import numpy as np
from flask import current_app
from sqlalchemy import Connection, bindparam, delete, event, select, union_all, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.extensions import db
from app.insight.bridging import Ratings, by_stances, can_factorise, factorise
from app.insight.brief import keep_brief
from app.insight.opinion_map import opinion_map
from app.jobs import enqueue
from app.models import (
    Argument,
    ArgumentScore,
    Position,
    PositionStance,
    Rating,
    ScoreMethod,
    ScoreState,
    StanceChoice,
)
from app.models.columns import utcnow

PENDING = "scores_to_recompute"
# How many ratings a recompute reads from the database into an array at a time.
GATHER_CHUNK = 20_000
# How many scores are inserted in one statement.
INSERT_CHUNK = 5_000
SIDE_OF = {StanceChoice.FOR: 1, StanceChoice.AGAINST: -1, StanceChoice.UNDECIDED: 0}


def scores_changed(position_id: int) -> None:
    """Note that a position's ratings changed and queue a recompute, unless one is already
    waiting: a thousand ratings in a minute cost one recompute, not a thousand. The recompute
    waits SCORES_SETTLE_SECONDS, so that the ratings of a busy moment are counted together."""
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    marked = db.session.execute(marking(postgresql), {"position": position_id, "now": utcnow()})
    if marked.first() is not None:
        recompute_after_commit(position_id)


def recompute_after_commit(position_id: int) -> None:
    """Queue a recompute of the position's scores once this transaction commits (the caller
    has just marked them stale)."""
    db.session.info.setdefault(PENDING, set()).add(position_id)


@event.listens_for(Session, "after_commit")
def queue_after_commit(session) -> None:
    """Queue the recomputes a transaction asked for once it is committed: a job that started
    earlier would not see the new ratings (and, in this process, would wait on their locks).
    A savepoint's release fires this too, long before anything is committed: it waits."""
    if session.in_nested_transaction():
        return
    for position_id in sorted(session.info.pop(PENDING, ())):
        enqueue(recompute_position, position_id,
                delay=current_app.config["SCORES_SETTLE_SECONDS"])


@event.listens_for(Session, "after_rollback")
def forget_after_rollback(session) -> None:
    """Drop the recomputes of a transaction rolled back: its stale marks are gone too (a
    savepoint's rollback leaves them: the transaction may still commit them)."""
    if session.in_nested_transaction():
        return
    session.info.pop(PENDING, None)


@cache
def marking(postgresql: bool):
    """Return the statement that marks a position's scores stale and returns a row only when
    they were not stale already (so that the caller queues the one recompute). Its values
    are `position` and `now`: a value named after a column would be set by the update too."""
    values = {"position_id": bindparam("position"), "stale_since": bindparam("now"),
              "ratings": 0, "raters": 0}
    if not postgresql:
        statement = sqlite_insert(ScoreState).values(values)
        return statement.on_conflict_do_update(
            index_elements=[ScoreState.position_id],
            set_={"stale_since": statement.excluded.stale_since},
            where=ScoreState.stale_since.is_(None),
        ).returning(ScoreState.position_id)
    # PostgreSQL's ON CONFLICT DO UPDATE locks the row even where its condition updates
    # nothing, so every rating would wait for the one before it to commit. Here a state that
    # is stale already is only read: the row is created where missing, updated where fresh.
    created = (
        postgresql_insert(ScoreState).values(values)
        .on_conflict_do_nothing(index_elements=[ScoreState.position_id])
        .returning(ScoreState.position_id).cte("state_created")
    )
    marked = (
        update(ScoreState)
        .where(ScoreState.position_id == bindparam("position"),
               ScoreState.stale_since.is_(None))
        .values(stale_since=bindparam("now"))
        .returning(ScoreState.position_id).cte("state_marked")
    )
    return union_all(select(created.c.position_id), select(marked.c.position_id))


def recompute_position(position_id: int) -> None:
    """Work out a position's scores again and commit them (the job ratings queue)."""
    if db.session.get(Position, position_id) is None:
        return
    # Cleared first: a rating that lands while this runs queues the next recompute.
    db.session.execute(
        ScoreState.__table__.update()
        .where(ScoreState.position_id == position_id)
        .values(stale_since=None)
    )
    db.session.commit()
    # One recompute of a position at a time: two finishing together would both replace its
    # scores. NO KEY UPDATE, so that arguments posted meanwhile (which share the key) go on.
    db.session.execute(
        select(Position.id).where(Position.id == position_id).with_for_update(key_share=True)
    )
    store_scores(position_id, utcnow())
    db.session.commit()


def recompute_all() -> int:
    """Work out every position's scores again, committing each; return how many positions."""
    ids = db.session.scalars(select(Position.id).order_by(Position.id)).all()
    for position_id in ids:
        recompute_position(position_id)
    return len(ids)


def gather(position_id: int) -> tuple[Ratings, np.ndarray]:
    """Read a position's ratings and its raters' current stances into arrays, in two
    queries; return them with the argument id of each argument index."""
    table = integer_table(
        select(Rating.user_id, Rating.argument_id, Rating.score)
        .join(Argument, Argument.id == Rating.argument_id)
        .where(Argument.position_id == position_id, Argument.withdrawn_at.is_(None)),
        columns=3,
    )
    stances = dict(db.session.execute(
        select(PositionStance.user_id, PositionStance.stance)
        .where(PositionStance.position_id == position_id)
    ).all())
    users, rater = np.unique(table[:, 0], return_inverse=True)
    argument_ids, argument = np.unique(table[:, 1], return_inverse=True)
    # Indexes fit 32 bits as the ids do, half the memory of numpy's 64-bit ones, and scores
    # of 0–4 one byte: copies, so that the table read is freed once this returns.
    rater, argument = rater.astype(np.int32), argument.astype(np.int32)
    score = table[:, 2].astype(np.int8)
    side = np.array([SIDE_OF.get(stances.get(int(user)), 0) for user in users], dtype=np.int64)
    ratings = Ratings(
        rater=rater.reshape(-1), argument=argument.reshape(-1), score=score, side=side,
        arguments=len(argument_ids),
    )
    return ratings, argument_ids


def integer_table(statement, columns: int) -> np.ndarray:
    """Run a select of integer columns and return its rows as one 32-bit array (as the
    columns are), read from the driver's cursor a chunk at a time: a row object per rating
    cost seven times the query itself, and half a million of them never stand in memory.
    On PostgreSQL the cursor is the server's, so the driver holds one chunk at a time too,
    not the whole result (36 MB of it at half a million ratings)."""
    connection = db.session.connection()
    compiled = statement.compile(dialect=connection.dialect)
    sql, values = str(compiled), compiled.construct_params()
    if compiled.positional:
        values = [values[name] for name in compiled.positiontup]
    raw = connection.connection
    postgresql = connection.dialect.name == "postgresql"
    cursor = raw.cursor("integer_table") if postgresql else raw.cursor()
    chunks = [np.zeros((0, columns), dtype=np.int32)]
    try:
        with closing(cursor):
            cursor.execute(sql, values)
            while chunk := cursor.fetchmany(GATHER_CHUNK):
                chunks.append(np.array(chunk, dtype=np.int32))
    except connection.dialect.loaded_dbapi.Error as error:
        raise as_sqlalchemy_error(connection, cursor, error, sql) from error
    return np.concatenate(chunks)


def as_sqlalchemy_error(connection: Connection, cursor, error: Exception,
                        statement: str) -> DBAPIError:
    """What SQLAlchemy makes of an error on its own cursors, for one on the driver's: the
    connection invalidated if the server is gone, and the error wrapped (OperationalError for
    a lost server), so that callers meet an outage as they do everywhere else."""
    lost = connection.dialect.is_disconnect(error, connection.connection, cursor)
    if lost:
        connection.invalidate(error)
    return DBAPIError.instance(
        statement, None, error, connection.dialect.loaded_dbapi.Error,
        hide_parameters=True, connection_invalidated=lost, dialect=connection.dialect,
    )


def work_out(ratings: Ratings) -> tuple[ScoreMethod, dict[int, tuple[float, int]]]:
    """Choose the method the ratings allow and score the arguments with it."""
    if can_factorise(ratings):
        return ScoreMethod.BRIDGING, factorise(ratings)
    return ScoreMethod.STANCES, by_stances(ratings)


def store_scores(position_id: int, now: datetime) -> ScoreMethod:
    """Replace a position's stored scores, opinion map and brief with freshly worked-out ones
    (flushes, no commit)."""
    state = db.session.get(ScoreState, position_id)
    if state is None:
        state = ScoreState(position_id=position_id)
        db.session.add(state)
    # The state's row is written last, just before the commit: ratings that mark it stale
    # meanwhile wait on its lock only from then.
    with db.session.no_autoflush:
        # The ratings' arrays are gone once this returns, before the brief reads the arguments.
        score_from_ratings(state, position_id, now)
        state.brief = keep_brief(db.session.get(Position, position_id))
    db.session.flush()
    return state.method


def score_from_ratings(state: ScoreState, position_id: int, now: datetime) -> None:
    """Work out the position's scores and opinion map from its ratings, replace its stored
    scores with them, and note in its state the method and what was counted."""
    ratings, argument_ids = gather(position_id)
    state.method = replace_scores(position_id, ratings, argument_ids, now)
    state.ratings = len(ratings.score)
    state.raters = ratings.raters
    state.computed_at = now
    state.opinion_map = opinion_map(ratings, argument_ids)


def replace_scores(position_id: int, ratings: Ratings, argument_ids: np.ndarray,
                   now: datetime) -> ScoreMethod:
    """Score the arguments and replace the position's stored scores; return the method."""
    method, scored = work_out(ratings)
    db.session.execute(delete(ArgumentScore).where(ArgumentScore.position_id == position_id))
    # The table's own insert, many rows in one go (the ORM's bulk path costs more per row),
    # a chunk at a time: fifty thousand rows of dictionaries at once would weigh 20 MB.
    remaining = iter(scored.items())
    while chunk := list(islice(remaining, INSERT_CHUNK)):
        db.session.execute(ArgumentScore.__table__.insert(), [
            {"argument_id": int(argument_ids[index]), "position_id": position_id,
             "score": score, "method": method.value, "ratings": counted, "computed_at": now}
            for index, (score, counted) in chunk
        ])
    return method
