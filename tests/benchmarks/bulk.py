"""Insert large argument trees with ratings, evidence and stances in bulk, for tests and benches."""

import random
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, insert, select

from app.arguments.services import claim_key
from app.extensions import db
from app.models import (
    Argument,
    Evidence,
    EvidenceKind,
    ModerationState,
    PositionStance,
    Rating,
    Report,
    ReportReason,
    Side,
    StanceChange,
    StanceChoice,
    User,
)
from app.models.argument import path_segment
from app.models.columns import utcnow
from app.models.rating import RATING_MAX, RATING_MIN

CLAIMS = (
    "Cameras deter street crime more than extra patrols do",
    "Matching faces against records makes mistakes that fall on the innocent",
    "People behave differently when they know they are watched",
    "Opaque systems leave citizens no way to contest a match",
    "The same data could find missing children within hours",
    "Gait recognition defeats the masks that protesters rely on",
    "Storage costs fall every year, so records will be kept forever",
    "Independent audits would catch most misuse",
)
BODY = (
    "The **main reason** is in the material: {claim}.\n\n"
    "- It follows from passage {passage}.\n"
    "- See [the report](https://example.org/report/{number}) for figures.\n"
)


@dataclass
class TreeData:
    """What a bulk insert stored: ids in creation order and every rating by (user, argument)."""

    argument_ids: list[int] = field(default_factory=list)
    depths: list[int] = field(default_factory=list)
    parents: list[int | None] = field(default_factory=list)
    stances: list[Side] = field(default_factory=list)
    ratings: dict[tuple[int, int], int] = field(default_factory=dict)
    evidence: dict[int, int] = field(default_factory=dict)
    withdrawn: set[int] = field(default_factory=set)
    # Argument id → its author's id.
    authors: dict[int, int] = field(default_factory=dict)


def tree_shape(size: int, max_depth: int, rng: random.Random, top_share: float = 0.06):
    """Return each argument's parent index (None at the top), depth and stance.

    The first max_depth arguments form one chain so that even a small tree reaches full depth;
    the rest answer a random earlier argument, as in a random recursive tree.
    """
    parents: list[int | None] = []
    depths: list[int] = []
    stances: list[Side] = []
    for index in range(size):
        if index < max_depth:
            parent = index - 1 if index else None
        elif index == max_depth or rng.random() < top_share:
            parent = None
        else:
            parent = rng.randrange(index)
            while depths[parent] >= max_depth:
                parent = parents[parent]
        parents.append(parent)
        depths.append(1 if parent is None else depths[parent] + 1)
        # The first two top-level arguments take both sides, so both columns are filled.
        stance = Side.CON if index == max_depth else (
            Side.PRO if index == 0 or rng.random() < 0.55 else Side.CON
        )
        stances.append(stance)
    return parents, depths, stances


def insert_tree(
    position_id: int,
    author_ids: list[int],
    size: int,
    max_depth: int,
    rng: random.Random,
    passages: int = 5,
) -> TreeData:
    """Insert a tree of `size` arguments level by level, with correct paths and sides."""
    parents, depths, stances = tree_shape(size, max_depth, rng)
    now = utcnow()
    paths: list[str] = []
    supports: list[bool] = []
    siblings: dict[int | None, int] = {}
    for index, parent in enumerate(parents):
        siblings[parent] = siblings.get(parent, 0) + 1
        segment = path_segment(siblings[parent])
        paths.append(segment if parent is None else f"{paths[parent]}.{segment}")
        pro = stances[index] == Side.PRO
        if parent is None:
            supports.append(pro)
        else:
            supports.append(supports[parent] if pro else not supports[parent])
    withdrawn = {index for index in range(size) if rng.random() < 0.02}
    ids: list[int | None] = [None] * size
    authors = [rng.choice(author_ids) for _ in range(size)]
    for depth in range(1, max(depths) + 1):
        level = [index for index in range(size) if depths[index] == depth]
        rows = []
        for index in level:
            claim = f"{index + 1}. {CLAIMS[index % len(CLAIMS)]}"
            rows.append(
                {
                    "position_id": position_id,
                    "parent_id": None if parents[index] is None else ids[parents[index]],
                    "author_id": authors[index],
                    "side": stances[index],
                    "supports_position": supports[index],
                    "path": paths[index],
                    "depth": depth,
                    "claim": claim,
                    "claim_key": claim_key(claim),
                    "body": BODY.format(
                        claim=claim.lower(), passage=index % passages + 1, number=index
                    )
                    if rng.random() < 0.6
                    else "",
                    "created_at": now - timedelta(minutes=size - index),
                    "edited_at": now if rng.random() < 0.05 else None,
                    "withdrawn_at": now if index in withdrawn else None,
                }
            )
        inserted = db.session.scalars(
            insert(Argument).returning(Argument.id, sort_by_parameter_order=True), rows
        ).all()
        for index, argument_id in zip(level, inserted, strict=True):
            ids[index] = argument_id
    return TreeData(
        argument_ids=ids,
        depths=depths,
        parents=[None if parent is None else ids[parent] for parent in parents],
        stances=stances,
        withdrawn={ids[index] for index in withdrawn},
        authors={ids[index]: authors[index] for index in range(size)},
    )


def insert_ratings(
    tree: TreeData, user_ids: list[int], count: int, rng: random.Random
) -> dict[tuple[int, int], int]:
    """Rate random arguments, each person at most once per argument, around each one's merit."""
    if count > len(user_ids) * len(tree.argument_ids) // 2:
        raise ValueError("too many ratings for so few people and arguments")
    merit = {argument_id: rng.uniform(0.5, 3.5) for argument_id in tree.argument_ids}
    ratings: dict[tuple[int, int], int] = {}
    # At most half the pairs are taken, so each draw is new with odds of at least one in two.
    for _ in range(20 * count):
        if len(ratings) == count:
            break
        pair = (rng.choice(user_ids), rng.choice(tree.argument_ids))
        if pair not in ratings:
            score = round(rng.gauss(merit[pair[1]], 1.0))
            ratings[pair] = min(RATING_MAX, max(RATING_MIN, score))
    if len(ratings) < count:
        raise RuntimeError(f"drew only {len(ratings)} distinct ratings of {count}")
    rows = [
        {"user_id": user_id, "argument_id": argument_id, "score": score}
        for (user_id, argument_id), score in ratings.items()
    ]
    for start in range(0, len(rows), 10_000):
        db.session.execute(insert(Rating), rows[start : start + 10_000])
    tree.ratings.update(ratings)
    return ratings


def insert_evidence(
    tree: TreeData,
    user_ids: list[int],
    passage_ids: list[int],
    share: float,
    rng: random.Random,
) -> int:
    """Back a share of the arguments with one to three sources: web pages and passages."""
    rows = []
    for argument_id in tree.argument_ids:
        if rng.random() >= share:
            continue
        cited = rng.sample(passage_ids, k=min(len(passage_ids), rng.randint(0, 2)))
        urls = rng.randint(0 if cited else 1, 1)
        for number in range(urls):
            rows.append(
                {
                    "argument_id": argument_id,
                    "added_by_id": rng.choice(user_ids),
                    "kind": rng.choice(list(EvidenceKind)),
                    "url": f"https://example.org/sources/{argument_id}/{number}",
                    "url_key": f"https://example.org/sources/{argument_id}/{number}",
                    "passage_id": None,
                    "title": f"Source {number + 1} for argument {argument_id}",
                    "excerpt": "A sentence quoted from the source." if number % 2 else "",
                }
            )
        for passage_id in cited:
            rows.append(
                {
                    "argument_id": argument_id,
                    "added_by_id": rng.choice(user_ids),
                    "kind": EvidenceKind.RESEARCH,
                    "url": None,
                    "url_key": None,
                    "passage_id": passage_id,
                    "title": f"Passage {passage_id} of the material",
                    "excerpt": "",
                }
            )
        tree.evidence[argument_id] = urls + len(cited)
    if rows:
        db.session.execute(insert(Evidence), rows)
    return len(rows)


def insert_stances(position_id: int, user_ids: list[int], rng: random.Random) -> None:
    """Give most people a stance on the position, some after changing their mind once."""
    stances, changes = [], []
    for user_id in user_ids:
        if rng.random() < 0.1:
            continue
        history = rng.choices(list(StanceChoice), k=rng.randint(1, 2))
        changes.extend(
            {"position_id": position_id, "user_id": user_id, "stance": choice}
            for choice in history
        )
        stances.append({"position_id": position_id, "user_id": user_id, "stance": history[-1]})
    if stances:
        db.session.execute(insert(PositionStance), stances)
        db.session.execute(insert(StanceChange), changes)


def insert_debate_data(
    position_id: int,
    user_ids: list[int],
    passage_ids: list[int],
    size: int,
    max_depth: int,
    ratings: int,
    rng: random.Random,
    evidence_share: float = 0.3,
) -> TreeData:
    """Fill a position with a tree of arguments, ratings, evidence and stances; never commit."""
    tree = insert_tree(position_id, user_ids, size, max_depth, rng, passages=len(passage_ids))
    insert_ratings(tree, user_ids, ratings, rng)
    insert_evidence(tree, user_ids, passage_ids, evidence_share, rng)
    insert_stances(position_id, user_ids, rng)
    return tree


def insert_people(count: int, prefix: str, password_hash: str = "!") -> list[int]:
    """Insert people (who cannot sign in unless given a hash) and return their ids in order."""
    rows = [
        {"username": f"{prefix}{n}", "display_name": f"{prefix.title()} {n}",
         "password_hash": password_hash}
        for n in range(count)
    ]
    return db.session.scalars(
        insert(User).returning(User.id, sort_by_parameter_order=True), rows
    ).all()


def insert_top_arguments(
    position_id: int, author_ids: list[int], created_at: list, **values
) -> list[int]:
    """Insert one top-level argument per creation time, numbered after those already there."""
    first = 1 + db.session.scalar(
        select(func.count()).where(Argument.position_id == position_id,
                                   Argument.parent_id.is_(None))
    )
    rows = []
    for offset, moment in enumerate(created_at):
        claim = f"{first + offset}. {CLAIMS[offset % len(CLAIMS)]}"
        rows.append({
            "position_id": position_id, "parent_id": None,
            "author_id": author_ids[offset % len(author_ids)], "side": Side.PRO,
            "supports_position": True, "path": path_segment(first + offset), "depth": 1,
            "claim": claim, "claim_key": claim_key(claim), "body": "", "created_at": moment,
            **values,
        })
    return db.session.scalars(
        insert(Argument).returning(Argument.id, sort_by_parameter_order=True), rows
    ).all()


def insert_review_queue(
    debate_id: int, position_id: int, user_ids: list[int], size: int, since, reports: int = 5
) -> None:
    """Put `size` items in a debate's review queue, one second apart from `since`: in turn a
    pending argument, a piece of pending evidence and a shown argument with `reports` open
    reports (at most one per person in user_ids)."""
    kinds = [index % 3 for index in range(size)]
    moments = [since + timedelta(seconds=index) for index in range(size)]
    pending = [moment for kind, moment in zip(kinds, moments, strict=True) if kind == 0]
    insert_top_arguments(position_id, user_ids, pending, moderation=ModerationState.PENDING)
    cited = [moment for kind, moment in zip(kinds, moments, strict=True) if kind == 1]
    if cited:
        [host] = insert_top_arguments(position_id, user_ids, [since - timedelta(days=1)])
        db.session.execute(insert(Evidence), [
            {"argument_id": host, "added_by_id": user_ids[n % len(user_ids)],
             "kind": EvidenceKind.NEWS, "title": f"Held source {n}",
             "url": f"https://example.org/held/{host}/{n}", "passage_id": None,
             "excerpt": "", "created_at": moment, "moderation": ModerationState.PENDING}
            for n, moment in enumerate(cited)
        ])
    reported_at = [moment for kind, moment in zip(kinds, moments, strict=True) if kind == 2]
    reported = insert_top_arguments(position_id, user_ids,
                                    [since - timedelta(days=1)] * len(reported_at))
    rows = [
        {"debate_id": debate_id, "reporter_id": user_ids[n], "argument_id": argument_id,
         "reason": ReportReason.SPAM, "details": f"Report {n} of argument {argument_id}",
         "created_at": moment + timedelta(milliseconds=n)}
        for argument_id, moment in zip(reported, reported_at, strict=True)
        for n in range(reports)
    ]
    if rows:
        db.session.execute(insert(Report), rows)
