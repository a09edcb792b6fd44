"""Read a position's stored cross-side scores as a person may see them, and say how they
were worked out and how fresh they are."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, exists, func, select

from app.extensions import db
from app.insight.charts import distribution
from app.models import Argument, ArgumentScore, Position, Rating, ScoreMethod, ScoreState
from app.policy import is_signed_in
from app.visibility import shown_branches, shows_tally

# An argument earns the "convincing to both sides" badge at this score or above: for the
# stances method, both sides' Bayesian averages at least 2.5 of 4 (between "some force" and
# "strong"); for the factorisation, an intercept of 0.8 rating points (0.2 on Community
# Notes' 0–1 scale) that no viewpoint explains.
BADGE_MIN = {ScoreMethod.BRIDGING: 0.8, ScoreMethod.STANCES: 2.5}
LIST_MOST = 500


@dataclass(frozen=True)
class Freshness:
    """How a position's scores were worked out, on how much, when, and whether newer ratings
    wait for a recompute."""

    method: ScoreMethod | None
    ratings: int
    raters: int
    computed_at: datetime | None
    pending: bool

    @property
    def known(self) -> bool:
        return self.computed_at is not None


def freshness(position: Position) -> Freshness:
    """Say how fresh a position's scores are, in one query."""
    state = db.session.get(ScoreState, position.id)
    if state is None:
        return Freshness(None, 0, 0, None, False)
    return Freshness(state.method, state.ratings, state.raters, state.computed_at,
                     state.stale_since is not None)


def tally_shown(debate, user):
    """Return a where-clause keeping the arguments whose tally (and so score) this person may
    read: all of them unless tallies wait for one's own rating, else those they rated."""
    if shows_tally(debate, has_rated=False):
        return None
    if not is_signed_in(user):
        return False
    return exists().where(Rating.argument_id == Argument.id, Rating.user_id == user.id)


def cross_side(position: Position, user, limit: int = LIST_MOST) -> list[tuple[int, float]]:
    """Rank the arguments of a position this person may see, and whose tally they may read,
    by cross-side score: [(argument id, score)], best first, in one query."""
    debate = position.debate
    where = [ArgumentScore.position_id == position.id, shown_branches(debate, user)]
    gate = tally_shown(debate, user)
    if gate is False:
        return []
    if gate is not None:
        where.append(gate)
    rows = db.session.execute(
        select(ArgumentScore.argument_id, ArgumentScore.score)
        .join(Argument, Argument.id == ArgumentScore.argument_id)
        .where(and_(*where))
        .order_by(ArgumentScore.score.desc(), ArgumentScore.argument_id)
        .limit(limit)
    ).all()
    return [(argument_id, round(score, 3)) for argument_id, score in rows]


def badges(position: Position, arguments: list[Argument], user) -> dict[int, float]:
    """Return {argument id: score} for the shown arguments that earn the badge and whose tally
    this person may read; an empty list costs no query."""
    if not arguments:
        return {}
    debate = position.debate
    where = [ArgumentScore.argument_id.in_([argument.id for argument in arguments])]
    gate = tally_shown(debate, user)
    if gate is False:
        return {}
    if gate is not None:
        where.append(gate)
    rows = db.session.execute(
        select(ArgumentScore.argument_id, ArgumentScore.score, ArgumentScore.method)
        .join(Argument, Argument.id == ArgumentScore.argument_id)
        .where(*where)
    ).all()
    return {
        argument_id: round(score, 2)
        for argument_id, score, method in rows
        if score >= BADGE_MIN[method]
    }


def map_for(position: Position, user) -> dict | None:
    """Return the stored map of opinion as this person may see it: only where everyone may
    read the tallies (a map is made of ratings), its arguments only those they may see, with
    their claims; None when there is no map to show. Two queries."""
    if not shows_tally(position.debate, has_rated=False):
        return None
    stored = db.session.scalar(
        select(ScoreState.opinion_map).where(ScoreState.position_id == position.id)
    )
    if not stored:
        return None
    wanted = {item["argument"] for group in stored["groups"] for item in group["distinctive"]}
    claims = dict(db.session.execute(
        select(Argument.id, Argument.claim)
        .where(Argument.id.in_(wanted), shown_branches(position.debate, user))
    ).all()) if wanted else {}
    groups = [
        {**group, "distinctive": [
            {**item, "claim": claims[item["argument"]]}
            for item in group["distinctive"] if item["argument"] in claims
        ]}
        for group in stored["groups"]
    ]
    return {**stored, "groups": groups}


def map_json(stored: dict | None) -> dict | None:
    """Write the map of opinion for the API: anonymous dots, groups and how they differ."""
    if stored is None:
        return None
    sides = {1: "for", -1: "against", 0: "none"}
    return {
        "participants": stored["participants"],
        "dots": [{"x": x, "y": y, "stance": sides[side], "group": group + 1}
                 for x, y, side, group in stored["dots"]],
        "groups": [{"group": number, "size": group["size"], "distinctive": group["distinctive"]}
                   for number, group in enumerate(stored["groups"], start=1)],
    }


def rating_spread(argument: Argument) -> list[dict] | None:
    """Count an argument's ratings at each score and lay them out as bars, in one query;
    None when nobody rated it. Callers show it only to those who may read the tally."""
    counts = dict(db.session.execute(
        select(Rating.score, func.count()).where(Rating.argument_id == argument.id)
        .group_by(Rating.score)
    ).all())
    return distribution(counts) if counts else None
