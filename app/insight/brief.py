"""Brief a reader on the state of a debate (or one position) in two minutes: who takes part,
the strongest and the contested arguments, what is unanswered or unsupported, the sources
cited most and the passages of the material nobody took up. A fixed number of queries,
whatever the debate's size."""

from dataclasses import asdict, dataclass, field
from math import sqrt

from flask_login import AnonymousUserMixin
from sqlalchemy import and_, case, func, select, union

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
    ScoreState,
)
from app.visibility import shown_branches, shown_evidence, shows_tally

PRIOR_MEAN, PRIOR_WEIGHT = 2.0, 5
LIST_MOST = 3
OPEN_MOST = 5
# Contested: at least this many ratings, spread with a standard deviation of at least 1.5
# points of 4 (ratings of 0 and 4 in equal numbers give 2; all alike give 0).
CONTESTED_MIN_RATINGS = 4
CONTESTED_MIN_SPREAD = 1.5
# Whom the brief kept with the scores is made for: anyone, signed in or not.
ANYONE = AnonymousUserMixin()
LISTS = ("contested", "unanswered", "unsupported")


@dataclass(slots=True)
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
    """Gather the brief of a debate, or of one of its positions, as this person may see it:
    from the briefs kept with the scores when they still hold and everyone may read the
    tallies, else from every argument and rating."""
    positions = db.session.execute(
        select(Position.id, Position.statement)
        .where(Position.debate_id == debate.id,
               *([Position.id == position.id] if position else []))
        .order_by(Position.id)
    ).all()
    position_ids = [row.id for row in positions]
    stances = stance_counts(position_ids)
    kept = kept_briefs(debate, position_ids, stances) if shows_tally(debate, False) else None
    if kept is not None:
        briefs, people = from_kept(debate, user, positions, kept, stances)
    else:
        items = read_items(debate, user, position_ids)
        briefs = [summarise(row.id, row.statement, items, stances) for row in positions]
        people = participants(position_ids)
    return Brief(
        debate=debate,
        people=people,
        positions=briefs,
        sources=most_cited(debate, user, position_ids),
        unaddressed=unaddressed_passages(debate) if position is None else [],
        tallies_shown=shows_tally(debate, has_rated=False),
    )


def keep_brief(position: Position) -> dict:
    """Work out a position's brief as anyone may read it, every tally counted, to be kept
    with its scores; with the counts it was made from, to tell whether it still holds."""
    debate = position.debate
    stances = stance_counts([position.id])
    summary = summarise(position.id, position.statement,
                        read_items(debate, ANYONE, [position.id], all_tallies=True), stances)
    kept = {name: [asdict(item) for item in getattr(summary, name)] for name in LISTS}
    return {
        "key": made_from([position.id], debate, stances)[position.id],
        "people": participant_ids([position.id]),
        "arguments": summary.arguments,
        "strongest": {side: [asdict(item) for item in items]
                      for side, items in summary.strongest.items()},
        "bridging": {side: [asdict(item) for item in items]
                     for side, items in summary.bridging.items()},
        "unanswered_count": summary.unanswered_count,
        "unsupported_count": summary.unsupported_count,
        **kept,
    }


def made_from(position_ids: list[int], debate: Debate, stances: dict) -> dict[int, list[int]]:
    """Sum up, per position, what a kept brief depends on besides the ratings: the arguments
    anyone may see (how many, the sum of their ids, the sum of the withdrawn ones' ids), the
    evidence anyone may see (how many, the sum of their ids) and the stances taken. The
    sums tell one argument hidden and another shown apart from nothing changed. Two queries."""
    counts = {position_id: [0, 0, 0, 0, 0, sum(stances.get(position_id, {}).values())]
              for position_id in position_ids}
    withdrawn = case((Argument.withdrawn_at.is_not(None), Argument.id), else_=0)
    for position_id, n, ids, withdrawn_ids in db.session.execute(
        select(Argument.position_id, func.count(), func.sum(Argument.id), func.sum(withdrawn))
        .where(Argument.position_id.in_(position_ids), shown_branches(debate, ANYONE))
        .group_by(Argument.position_id)
    ):
        counts[position_id][:3] = [n, int(ids or 0), int(withdrawn_ids or 0)]
    for position_id, n, ids in db.session.execute(
        select(Argument.position_id, func.count(Evidence.id), func.sum(Evidence.id))
        .join(Argument, Argument.id == Evidence.argument_id)
        .where(Argument.position_id.in_(position_ids), shown_evidence(debate, ANYONE),
               shown_branches(debate, ANYONE))
        .group_by(Argument.position_id)
    ):
        counts[position_id][3:5] = [n, int(ids or 0)]
    return counts


def kept_briefs(debate: Debate, position_ids: list[int], stances: dict) -> dict | None:
    """Return the briefs kept with the positions' scores, by position, when every position
    has one that still holds (no argument or evidence shown, hidden, added or withdrawn and
    no stance taken since); None otherwise. Three queries."""
    if not position_ids:
        return None
    kept = dict(db.session.execute(
        select(ScoreState.position_id, ScoreState.brief)
        .where(ScoreState.position_id.in_(position_ids))
    ).all())
    if any(kept.get(position_id) is None for position_id in position_ids):
        return None
    now = made_from(position_ids, debate, stances)
    if any(kept[position_id]["key"] != now[position_id] for position_id in position_ids):
        return None
    return kept


def from_kept(debate: Debate, user, positions, kept: dict, stances: dict):
    """Sum up the positions from their kept briefs, keeping in every list only the arguments
    this person may see now (one query); return the briefs and the number of people."""
    listed = {
        item["id"] for brief in kept.values()
        for items in (*brief["strongest"].values(), *brief["bridging"].values(),
                      *(brief[name] for name in LISTS))
        for item in items
    }
    shown = set(db.session.scalars(
        select(Argument.id).where(Argument.id.in_(listed), Argument.withdrawn_at.is_(None),
                                  shown_branches(debate, user))
    )) if listed else set()

    def items(stored: list[dict]) -> list[Item]:
        return [Item(**item) for item in stored if item["id"] in shown]

    briefs = []
    for row in positions:
        brief = kept[row.id]
        briefs.append(PositionBrief(
            id=row.id,
            statement=row.statement,
            stances=stances.get(row.id, {"for": 0, "against": 0, "undecided": 0}),
            arguments=brief["arguments"],
            strongest={side: items(stored) for side, stored in brief["strongest"].items()},
            bridging={side: items(stored) for side, stored in brief["bridging"].items()},
            contested=items(brief["contested"]),
            unanswered=items(brief["unanswered"]),
            unanswered_count=brief["unanswered_count"],
            unsupported=items(brief["unsupported"]),
            unsupported_count=brief["unsupported_count"],
        ))
    people = set().union(*(kept[row.id]["people"] for row in positions))
    return briefs, len(people)


def read_items(debate: Debate, user, position_ids: list[int],
               all_tallies: bool = False) -> list[Item]:
    """Read the arguments this person may see with their rating sums, shown evidence and
    cross-side score, in one query; ratings only where this person may read the tally (or
    every tally, for a brief kept until tallies open)."""
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
    gate = None if all_tallies else tally_shown(debate, user)
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
    )
    replies: dict[int, int] = {}
    items = []
    for (argument_id, position_id, parent_id, claim, supports, withdrawn_at, n, total, squares,
         cited, score, *readable) in rows:
        if parent_id is not None:
            replies[parent_id] = replies.get(parent_id, 0) + 1
        if withdrawn_at is not None:
            continue
        item = Item(argument_id, position_id, claim, supports, evidence=cited or 0)
        may_read = gate is None or (gate is not False and readable[0])
        if may_read and n:
            mean = total / n
            item.ratings = n
            item.strength = round((PRIOR_MEAN * PRIOR_WEIGHT + total) / (PRIOR_WEIGHT + n), 2)
            item.spread = round(sqrt(max(0.0, squares / n - mean * mean)), 2)
        if may_read and score is not None:
            item.cross_side = round(score, 2)
        items.append(item)
    for item in items:
        item.replies = replies.get(item.id, 0)
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
    return db.session.scalar(select(func.count()).select_from(everyone(position_ids)))


def participant_ids(position_ids: list[int]) -> list[int]:
    """List the people who argued, rated or took a stance, each once, in one query."""
    people = everyone(position_ids)
    return sorted(db.session.scalars(select(people.c.person)))


def everyone(position_ids: list[int]):
    """Return a subquery of the people who argued, rated or took a stance on the positions."""
    authors = select(Argument.author_id.label("person")).where(
        Argument.position_id.in_(position_ids), Argument.author_id.is_not(None)
    )
    raters = select(Rating.user_id).join(Argument, Argument.id == Rating.argument_id).where(
        Argument.position_id.in_(position_ids)
    )
    voters = select(PositionStance.user_id).where(PositionStance.position_id.in_(position_ids))
    return union(authors, raters, voters).subquery()


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
