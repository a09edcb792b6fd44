"""Brief a reader on the state of a debate (or one position) in two minutes: who takes part,
the strongest and the contested arguments, what is unanswered or unsupported, the sources
cited most and the passages of the material nobody took up. A fixed number of queries,
whatever the debate's size."""

from dataclasses import dataclass, field
from math import sqrt

from sqlalchemy import and_, func, select, union

from app.extensions import db
from app.insight.ranking import tally_shown
from app.models import (
    Argument,
    ArgumentScore,
    Debate,
    Evidence,
    Passage,
    Position,
    PositionAnchor,
    PositionStance,
    Rating,
)
from app.visibility import shown_branches, shown_evidence, shows_tally

PRIOR_MEAN, PRIOR_WEIGHT = 2.0, 5
LIST_MOST = 3
OPEN_MOST = 5
# Contested: at least this many ratings, spread with a standard deviation of at least 1.5
# points of 4 (ratings of 0 and 4 in equal numbers give 2; all alike give 0).
CONTESTED_MIN_RATINGS = 4
CONTESTED_MIN_SPREAD = 1.5


@dataclass
class Item:
    """One argument as the brief lists it."""

    id: int
    position_id: int
    claim: str
    supports: bool
    ratings: int = 0
    strength: float | None = None
    spread: float | None = None
    cross_side: float | None = None
    replies: int = 0
    evidence: int = 0

    def as_json(self) -> dict:
        return {"argument": self.id, "claim": self.claim,
                "side": "for" if self.supports else "against", "ratings": self.ratings,
                "strength": self.strength, "spread": self.spread, "cross_side": self.cross_side,
                "replies": self.replies, "evidence": self.evidence}


@dataclass
class PositionBrief:
    """What the brief says about one position."""

    id: int
    statement: str
    stances: dict[str, int]
    arguments: dict[str, int]
    strongest: dict[str, list[Item]]
    bridging: dict[str, list[Item]]
    contested: list[Item]
    unanswered: list[Item]
    unanswered_count: int
    unsupported: list[Item]
    unsupported_count: int

    @property
    def balance(self) -> float | None:
        """Share of the arguments that argue for the position (0.5 is even)."""
        total = self.arguments["for"] + self.arguments["against"]
        return round(self.arguments["for"] / total, 2) if total else None

    def as_json(self) -> dict:
        def listed(items):
            return [item.as_json() for item in items]

        return {
            "position": self.id, "statement": self.statement, "stances": self.stances,
            "arguments": self.arguments, "balance": self.balance,
            "strongest": {side: listed(items) for side, items in self.strongest.items()},
            "cross_side": {side: listed(items) for side, items in self.bridging.items()},
            "contested": listed(self.contested),
            "unanswered": listed(self.unanswered), "unanswered_count": self.unanswered_count,
            "without_evidence": listed(self.unsupported),
            "without_evidence_count": self.unsupported_count,
        }


@dataclass
class Brief:
    """The state of a debate."""

    debate: Debate
    people: int
    positions: list[PositionBrief]
    sources: list[dict]
    unaddressed: list[dict]
    attention: list[dict] = field(default_factory=list)
    tallies_shown: bool = True

    def as_json(self) -> dict:
        return {
            "debate_id": self.debate.id, "title": self.debate.title,
            "participation": {
                "people": self.people,
                "arguments": sum(sum(p.arguments.values()) for p in self.positions),
            },
            "tallies_shown": self.tallies_shown,
            "positions": [p.as_json() for p in self.positions],
            "most_cited_evidence": self.sources,
            "unaddressed_passages": self.unaddressed,
        }


def debate_brief(debate: Debate, user, position: Position | None = None) -> Brief:
    """Gather the brief of a debate, or of one of its positions, as this person may see it."""
    positions = db.session.execute(
        select(Position.id, Position.statement)
        .where(Position.debate_id == debate.id,
               *([Position.id == position.id] if position else []))
        .order_by(Position.id)
    ).all()
    position_ids = [row.id for row in positions]
    items = read_items(debate, user, position_ids)
    stances = stance_counts(position_ids)
    briefs = [summarise(row.id, row.statement, items, stances) for row in positions]
    return Brief(
        debate=debate,
        people=participants(position_ids),
        positions=briefs,
        sources=most_cited(debate, user, position_ids),
        unaddressed=unaddressed_passages(debate) if position is None else [],
        tallies_shown=shows_tally(debate, has_rated=False),
    )


def read_items(debate: Debate, user, position_ids: list[int]) -> list[Item]:
    """Read the arguments this person may see with their rating sums, shown evidence and
    cross-side score, in one query; ratings only where this person may read the tally."""
    ratings = (
        select(Rating.argument_id, func.count().label("n"), func.sum(Rating.score).label("total"),
               func.sum(Rating.score * Rating.score).label("squares"))
        .join(Argument, Argument.id == Rating.argument_id)
        .where(Argument.position_id.in_(position_ids))
        .group_by(Rating.argument_id)
        .subquery()
    )
    cited = (
        select(Evidence.argument_id, func.count().label("n"))
        .join(Argument, Argument.id == Evidence.argument_id)
        .where(Argument.position_id.in_(position_ids), shown_evidence(debate, user))
        .group_by(Evidence.argument_id)
        .subquery()
    )
    gate = tally_shown(debate, user)
    readable = gate if gate is not None and gate is not False else None
    columns = [Argument.id, Argument.position_id, Argument.parent_id, Argument.claim,
               Argument.supports_position, Argument.withdrawn_at, ratings.c.n, ratings.c.total,
               ratings.c.squares, cited.c.n.label("cited"), ArgumentScore.score]
    if readable is not None:
        columns.append(readable.label("readable"))
    rows = db.session.execute(
        select(*columns)
        .outerjoin(ratings, ratings.c.argument_id == Argument.id)
        .outerjoin(cited, cited.c.argument_id == Argument.id)
        .outerjoin(ArgumentScore, ArgumentScore.argument_id == Argument.id)
        .where(Argument.position_id.in_(position_ids), shown_branches(debate, user))
    ).all()
    replies: dict[int, int] = {}
    for row in rows:
        parent_id = row[2]
        if parent_id is not None:
            replies[parent_id] = replies.get(parent_id, 0) + 1
    items = []
    for (argument_id, position_id, _, claim, supports, withdrawn_at, n, total, squares, cited,
         score, *readable) in rows:
        if withdrawn_at is not None:
            continue
        item = Item(argument_id, position_id, claim, supports,
                    replies=replies.get(argument_id, 0), evidence=cited or 0)
        may_read = gate is None or (gate is not False and readable[0])
        if may_read and n:
            mean = total / n
            item.ratings = n
            item.strength = round((PRIOR_MEAN * PRIOR_WEIGHT + total) / (PRIOR_WEIGHT + n), 2)
            item.spread = round(sqrt(max(0.0, squares / n - mean * mean)), 2)
        if may_read and score is not None:
            item.cross_side = round(score, 2)
        items.append(item)
    return items


def summarise(position_id: int, statement: str, items: list[Item], stances: dict) -> PositionBrief:
    """Sum up one position from the debate's items."""
    mine = [item for item in items if item.position_id == position_id]
    sides = {"for": [i for i in mine if i.supports], "against": [i for i in mine if not i.supports]}

    def best(pool, key):
        return sorted([i for i in pool if key(i) is not None], key=lambda i: (-key(i), i.id))

    unanswered = best([i for i in mine if not i.replies], lambda i: i.strength or 0.0)
    unsupported = best([i for i in mine if not i.evidence], lambda i: i.strength or 0.0)
    contested = [i for i in mine if i.ratings >= CONTESTED_MIN_RATINGS
                 and (i.spread or 0) >= CONTESTED_MIN_SPREAD]
    return PositionBrief(
        id=position_id,
        statement=statement,
        stances=stances.get(position_id, {"for": 0, "against": 0, "undecided": 0}),
        arguments={side: len(pool) for side, pool in sides.items()},
        strongest={side: best(pool, lambda i: i.strength)[:LIST_MOST]
                   for side, pool in sides.items()},
        bridging={side: best(pool, lambda i: i.cross_side)[:LIST_MOST]
                  for side, pool in sides.items()},
        contested=sorted(contested, key=lambda i: (-(i.spread or 0), i.id))[:OPEN_MOST],
        unanswered=unanswered[:OPEN_MOST],
        unanswered_count=len(unanswered),
        unsupported=unsupported[:OPEN_MOST],
        unsupported_count=len(unsupported),
    )


def stance_counts(position_ids: list[int]) -> dict:
    """Count current stances on each position, in one query."""
    counts: dict[int, dict[str, int]] = {}
    for position_id, stance, n in db.session.execute(
        select(PositionStance.position_id, PositionStance.stance, func.count())
        .where(PositionStance.position_id.in_(position_ids))
        .group_by(PositionStance.position_id, PositionStance.stance)
    ):
        counts.setdefault(position_id, {"for": 0, "against": 0, "undecided": 0})[stance.value] = n
    return counts


def participants(position_ids: list[int]) -> int:
    """Count the people who argued, rated or took a stance, each once, in one query."""
    if not position_ids:
        return 0
    authors = select(Argument.author_id.label("person")).where(
        Argument.position_id.in_(position_ids), Argument.author_id.is_not(None)
    )
    raters = select(Rating.user_id).join(Argument, Argument.id == Rating.argument_id).where(
        Argument.position_id.in_(position_ids)
    )
    voters = select(PositionStance.user_id).where(PositionStance.position_id.in_(position_ids))
    everyone = union(authors, raters, voters).subquery()
    return db.session.scalar(select(func.count()).select_from(everyone))


def most_cited(debate: Debate, user, position_ids: list[int]) -> list[dict]:
    """List the sources cited by the most arguments, web pages and passages alike."""
    source = func.coalesce(Evidence.url_key, func.cast(Evidence.passage_id, db.String))
    rows = db.session.execute(
        select(source, func.min(Evidence.title), func.min(Evidence.url),
               func.min(Evidence.passage_id), func.count(func.distinct(Evidence.argument_id)))
        .join(Argument, Argument.id == Evidence.argument_id)
        .where(Argument.position_id.in_(position_ids), shown_evidence(debate, user),
               shown_branches(debate, user))
        .group_by(source)
        .order_by(func.count(func.distinct(Evidence.argument_id)).desc(), source)
        .limit(OPEN_MOST)
    ).all()
    return [{"title": title, "url": url, "passage": passage, "arguments": n}
            for _, title, url, passage, n in rows]


def unaddressed_passages(debate: Debate) -> list[dict]:
    """List the passages of the material that no position quotes and no evidence cites, with
    the attention every passage gets, in one query."""
    anchors = (select(PositionAnchor.passage_id, func.count().label("n"))
               .join(Position, Position.id == PositionAnchor.position_id)
               .where(Position.debate_id == debate.id)
               .group_by(PositionAnchor.passage_id).subquery())
    cites = (select(Evidence.passage_id, func.count().label("n"))
             .join(Argument, Argument.id == Evidence.argument_id)
             .join(Position, Position.id == Argument.position_id)
             .where(Position.debate_id == debate.id, Evidence.passage_id.is_not(None))
             .group_by(Evidence.passage_id).subquery())
    rows = db.session.execute(
        select(Passage.number, Passage.text)
        .outerjoin(anchors, anchors.c.passage_id == Passage.id)
        .outerjoin(cites, cites.c.passage_id == Passage.id)
        .where(Passage.material_id == debate.material_id,
               and_(anchors.c.n.is_(None), cites.c.n.is_(None)))
        .order_by(Passage.number)
    ).all()
    return [{"passage": number, "text": text[:200]} for number, text in rows]


def attention(debate: Debate, user) -> dict[int, dict]:
    """Count, for each passage of the material, the debate's positions that quote it and the
    arguments and evidence (that this person may see) that cite it; two queries."""
    counts: dict[int, dict] = {}
    anchored = db.session.execute(
        select(PositionAnchor.passage_id, func.count())
        .join(Position, Position.id == PositionAnchor.position_id)
        .where(Position.debate_id == debate.id)
        .group_by(PositionAnchor.passage_id)
    )
    for passage_id, n in anchored:
        counts.setdefault(passage_id, {"positions": 0, "arguments": 0, "evidence": 0})[
            "positions"] = n
    cited = db.session.execute(
        select(Evidence.passage_id, func.count(func.distinct(Evidence.argument_id)), func.count())
        .join(Argument, Argument.id == Evidence.argument_id)
        .join(Position, Position.id == Argument.position_id)
        .where(Position.debate_id == debate.id, Evidence.passage_id.is_not(None),
               shown_evidence(debate, user), shown_branches(debate, user))
        .group_by(Evidence.passage_id)
    )
    for passage_id, arguments, evidence in cited:
        entry = counts.setdefault(passage_id, {"positions": 0, "arguments": 0, "evidence": 0})
        entry.update(arguments=arguments, evidence=evidence)
    largest = max((sum(c.values()) for c in counts.values()), default=0)
    for entry in counts.values():
        entry["heat"] = min(4, 1 + 4 * sum(entry.values()) // (largest + 1)) if largest else 0
    return counts
