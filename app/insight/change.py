"""Measure how opinion on a position moved: who changed stance, from where to where, the
shares over time and the normalised gain per side, with the sums of `app.opinion`."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.models import Argument, Position, PositionStance, StanceChange, StanceReason
from app.opinion import CHOICES, SIDES, changed_minds, normalised_gain, shares, tally, transitions

# The chart of shares over time has at most this many points, a day or more apart.
SERIES_POINTS = 30
PERSUASIVE_MOST = 5
# An argument named by a single person would tell what that person chose: not shown.
PERSUASIVE_MIN_CHANGES = 2


@dataclass(frozen=True)
class Change:
    """What a position's stance history says."""

    people: int
    changed: int
    matrix: dict[str, dict[str, int]]
    first: dict[str, int]
    current: dict[str, int]
    gain: dict[str, float | None]
    series: list[tuple[date, dict[str, float]]]

    def as_json(self) -> dict:
        return {
            "people": self.people,
            "changed": self.changed,
            "transitions": self.matrix,
            "first": self.first,
            "current": self.current,
            "first_shares": shares(self.first),
            "current_shares": shares(self.current),
            "normalised_gain": self.gain,
            "series": [{"date": day.isoformat(), "shares": point} for day, point in self.series],
        }


def history(position: Position) -> list[tuple[int, str | None, datetime]]:
    """Read every stance change on a position in order, in one query."""
    return [
        (user_id, stance.value if stance else None, when)
        for user_id, stance, when in db.session.execute(
            select(StanceChange.user_id, StanceChange.stance, StanceChange.created_at)
            .where(StanceChange.position_id == position.id)
            .order_by(StanceChange.created_at, StanceChange.id)
        )
    ]


def stances_at(rows: Iterable[tuple[int, str | None, datetime]], moment: datetime | None):
    """Return {person: stance} as it stood at a moment (None: now), leaving out those with
    none then."""
    standing: dict[int, str | None] = {}
    for user_id, stance, when in rows:
        if moment is not None and when > moment:
            break
        standing[user_id] = stance
    return {user_id: stance for user_id, stance in standing.items() if stance is not None}


def firsts(rows) -> dict[int, str]:
    """Return each person's first stance taken."""
    first: dict[int, str] = {}
    for user_id, stance, _ in rows:
        if stance is not None and user_id not in first:
            first[user_id] = stance
    return first


def opinion_change(position: Position, since: datetime | None = None,
                   until: datetime | None = None) -> Change:
    """Sum up a position's stance history: first → current (or, with dates, the stance at
    `since` → the stance at `until`), changes of mind, gain per side and shares over time."""
    rows = history(position)
    before = firsts(rows) if since is None else stances_at(rows, since)
    after = stances_at(rows, until)
    pairs = [(before[user_id], after[user_id]) for user_id in before.keys() & after.keys()]
    matrix = transitions(pairs)
    first_tally, current_tally = tally(before.values()), tally(after.values())
    first_shares, current_shares = shares(first_tally), shares(current_tally)
    gain = {side: normalised_gain(first_shares[side], current_shares[side]) for side in SIDES}
    return Change(
        people=len(pairs),
        changed=changed_minds(matrix),
        matrix=matrix,
        first=first_tally,
        current=current_tally,
        gain=gain,
        series=series(rows),
    )


def series(rows) -> list[tuple[date, dict[str, float]]]:
    """Return the shares of current stances at the end of each step from the first stance to
    the last change, at most SERIES_POINTS steps of whole days."""
    if not rows:
        return []
    start, end = rows[0][2].date(), rows[-1][2].date()
    step = max(1, -(-((end - start).days + 1) // SERIES_POINTS))
    points, standing, index = [], {}, 0
    day = start
    while day <= end:
        cut = datetime.combine(day + timedelta(days=step), datetime.min.time())
        while index < len(rows) and rows[index][2] < cut:
            user_id, stance, _ = rows[index]
            standing[user_id] = stance
            index += 1
        points.append((day, shares(tally(s for s in standing.values() if s is not None))))
        day += timedelta(days=step)
    return points


def record_reasons(change: StanceChange, previous: str | None, arguments: list[Argument]) -> int:
    """Keep the arguments a person says moved them to this stance (flushes, no commit)."""
    kept = 0
    for argument in {each.id: each for each in arguments}.values():
        db.session.add(StanceReason(
            stance_change_id=change.id, position_id=change.position_id, argument_id=argument.id,
            from_stance=previous, to_stance=change.stance,
        ))
        kept += 1
    db.session.flush()
    return kept


def most_persuasive(position: Position, shown, most: int = PERSUASIVE_MOST) -> dict:
    """Count, per direction (the stance people moved to), the arguments most often named as
    what moved them, among those this person may see; in one query. Only counts leave here."""
    rows = db.session.execute(
        select(StanceReason.to_stance, Argument.id, Argument.claim, func.count())
        .join(Argument, Argument.id == StanceReason.argument_id)
        .where(StanceReason.position_id == position.id, shown)
        .group_by(StanceReason.to_stance, Argument.id, Argument.claim)
        .having(func.count() >= PERSUASIVE_MIN_CHANGES)
        .order_by(func.count().desc(), Argument.id)
    ).all()
    lists: dict[str, list[dict]] = {choice: [] for choice in CHOICES}
    for to_stance, argument_id, claim, count in rows:
        if len(lists[to_stance.value]) < most:
            lists[to_stance.value].append({"argument": argument_id, "claim": claim,
                                           "changes": count})
    return lists


def current_count(position: Position) -> int:
    """Count the people who hold a stance now."""
    return db.session.scalar(
        select(func.count()).where(PositionStance.position_id == position.id)
    )
