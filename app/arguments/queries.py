"""Read argument trees, their tallies and their evidence in a fixed number of queries, whatever
the tree's size."""

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Row, String, and_, case, func, literal, or_, select, type_coerce
from sqlalchemy.orm import aliased, joinedload, selectinload

from app.extensions import db
from app.models import (
    Argument,
    ArgumentScore,
    Debate,
    Evidence,
    ModerationState,
    Passage,
    Position,
    Rating,
    Side,
    User,
)
from app.models.argument import MAX_DEPTH, SEGMENT_WIDTH
from app.models.columns import utcnow
from app.pagination import Cursor, Page, Slice, keyset, paginate
from app.policy import is_signed_in
from app.visibility import author_column, shown_arguments, shown_branches, shown_evidence

SORTS = {
    "strongest": _l("Strongest"),
    "newest": _l("Newest"),
    "discussed": _l("Most discussed"),
    "cross_side": _l("Convincing to both sides"),
}
DEFAULT_SORT = "strongest"


def sort_named(name: str | None) -> str:
    """Return the sort asked for, or the default for anything unknown."""
    return name if name in SORTS else DEFAULT_SORT
# The Bayesian prior: every argument starts as if five people had rated it 2 of 4, so one
# rating of 4 does not outrank twenty ratings averaging 3.5.
PRIOR_MEAN = 2.0
PRIOR_WEIGHT = 5
PAGE_SIZE = 20
# "Expand this branch" opens this many levels at once, and loads at most so many arguments.
BRANCH_DEPTH = 3
BRANCH_MOST = 60
LIBRARY_PAGE_SIZE = 20
# "Expand this branch" opens this many levels at once, and loads at most so many arguments.
BRANCH_DEPTH = 3
BRANCH_MOST = 60
# A source cited all over a debate lists its first few arguments and how many cite it in all.
ARGUMENTS_PER_SOURCE = 5


@dataclass(frozen=True)
class Tally:
    """What the page shows about one argument besides its text."""

    rating_count: int = 0
    rating_sum: int = 0
    pros: int = 0
    cons: int = 0
    evidence: int = 0
    my_rating: int | None = None

    @property
    def rating_mean(self) -> float | None:
        return self.rating_sum / self.rating_count if self.rating_count else None

    @property
    def replies(self) -> int:
        return self.pros + self.cons


def rating_totals(ids):
    """Sum and count the ratings of the arguments whose ids a query selects."""
    return (
        select(
            Rating.argument_id,
            func.count().label("count"),
            func.sum(Rating.score).label("total"),
        )
        .where(Rating.argument_id.in_(ids))
        .group_by(Rating.argument_id)
        .subquery()
    )


def reply_totals(ids):
    """Count the shown direct replies under the arguments whose ids a query selects."""
    return (
        select(
            Argument.parent_id,
            # Counted, not filtered in WHERE, for the reason given in tallies().
            func.count(case((Argument.moderation == ModerationState.VISIBLE, 1))).label("replies"),
        )
        .where(Argument.parent_id.in_(ids))
        .group_by(Argument.parent_id)
        .subquery()
    )


def select_children(
    position: Position,
    parent: Argument | None = None,
    side: Side | None = None,
    sort: str = DEFAULT_SORT,
    user=None,
):
    """Select the arguments directly under the position (or a parent) that this person may
    see, sorted as asked."""
    where = [Argument.position_id == position.id, shown_arguments(position.debate, user)]
    if parent is None:
        where.append(Argument.parent_id.is_(None))
    else:
        where.append(Argument.parent_id == parent.id)
    if side is not None:
        where.append(Argument.side == side)
    query = select(Argument).where(*where).options(
        selectinload(Argument.author), selectinload(Argument.link_to)
    )
    siblings = select(Argument.id).where(*where)
    if sort == "newest":
        return query.order_by(Argument.created_at.desc(), Argument.id.desc())
    if sort == "discussed":
        replies = reply_totals(siblings)
        return query.outerjoin(replies, replies.c.parent_id == Argument.id).order_by(
            func.coalesce(replies.c.replies, 0).desc(), Argument.id
        )
    if sort == "cross_side":
        # Unscored arguments (too few ratings) come after the scored ones, newest first.
        return query.outerjoin(ArgumentScore, ArgumentScore.argument_id == Argument.id).order_by(
            ArgumentScore.score.desc().nulls_last(), Argument.created_at.desc(), Argument.id
        )
    ratings = rating_totals(siblings)
    strength = (literal(PRIOR_MEAN * PRIOR_WEIGHT) + func.coalesce(ratings.c.total, 0)) / (
        literal(float(PRIOR_WEIGHT)) + func.coalesce(ratings.c.count, 0)
    )
    return query.outerjoin(ratings, ratings.c.argument_id == Argument.id).order_by(
        strength.desc(), func.coalesce(ratings.c.count, 0).desc(), Argument.id
    )


def page_of(query, number: int) -> Page[Argument]:
    """Return one page of arguments."""
    return paginate(query, number, PAGE_SIZE)


def branch_pages(parent: Argument, depth: int, sort: str, user) -> dict[int, Page[Argument]]:
    """Return the first page of replies under an argument and, level by level, under each of
    those, `depth` levels down, stopping at BRANCH_MOST arguments in all."""
    pages: dict[int, Page[Argument]] = {}
    level, loaded = [parent], 0
    for _ in range(depth):
        below = []
        for argument in level:
            if loaded >= BRANCH_MOST:
                return pages
            pages[argument.id] = page_of(
                select_children(parent.position, argument, sort=sort, user=user), 1
            )
            below.extend(pages[argument.id].items)
            loaded += len(pages[argument.id].items)
        level = below
    return pages


def tallies(
    debate: Debate, scope, user=None, replies: bool = True, evidence: bool = True
) -> dict[int, Tally]:
    """Tally ratings, and the replies and evidence this person may see, for the arguments a
    where-clause selects; a caller that shows no count of replies or of evidence may skip
    reading it."""
    ids = select(Argument.id).where(scope)
    counts: dict[int, dict] = {}
    ratings = db.session.execute(
        select(Rating.argument_id, func.count(), func.sum(Rating.score))
        .where(Rating.argument_id.in_(ids))
        .group_by(Rating.argument_id)
    )
    for argument_id, count, total in ratings:
        counts.setdefault(argument_id, {}).update(rating_count=count, rating_sum=total)
    # Visibility is tested inside the counts rather than in WHERE: given the choice, SQLite
    # walks the moderation index over the whole site instead of looking up these few ids.
    if replies:
        shown = shown_arguments(debate, user)
        sides = db.session.execute(
            select(
                Argument.parent_id,
                func.count(case((and_(shown, Argument.side == Side.PRO), 1))),
                func.count(case((and_(shown, Argument.side == Side.CON), 1))),
            )
            .where(Argument.parent_id.in_(ids))
            .group_by(Argument.parent_id)
        )
        for parent_id, pros, cons in sides:
            counts.setdefault(parent_id, {}).update(pros=pros, cons=cons)
    if evidence:
        cited = db.session.execute(
            select(Evidence.argument_id, func.count(case((shown_evidence(debate, user), 1))))
            .where(Evidence.argument_id.in_(ids))
            .group_by(Evidence.argument_id)
        )
        for argument_id, count in cited:
            counts.setdefault(argument_id, {})["evidence"] = count
    if is_signed_in(user):
        mine = db.session.execute(
            select(Rating.argument_id, Rating.score).where(
                Rating.argument_id.in_(ids), Rating.user_id == user.id
            )
        )
        for argument_id, score in mine:
            counts.setdefault(argument_id, {})["my_rating"] = score
    return {argument_id: Tally(**values) for argument_id, values in counts.items()}


def tallies_for(debate: Debate, arguments: list[Argument], user=None) -> dict[int, Tally]:
    """Tally the given arguments; an empty list costs no query."""
    if not arguments:
        return {}
    return tallies(debate, Argument.id.in_([argument.id for argument in arguments]), user)


def stored_word(column):
    """Read an enum column as the word stored for it, labelled with the column's name."""
    return type_coerce(column, String).label(column.key)


def tree_rows(position: Position, user=None, *scope) -> list[Row]:
    """Read every argument of a position this person may see (within any further where-clauses
    of `scope`), in tree order, as plain rows of the columns below, the side and moderation
    state as their stored words. A whole tree is read for the API, where building an ORM
    object (or an enum) per argument would cost more than the rest of the request. Replies
    under an argument they may not see still come back; nesting drops them."""
    return db.session.execute(
        select(
            Argument.id,
            Argument.parent_id,
            Argument.path,
            Argument.depth,
            stored_word(Argument.side),
            Argument.supports_position,
            Argument.claim,
            Argument.body,
            Argument.created_at,
            Argument.edited_at,
            Argument.withdrawn_at,
            stored_word(Argument.moderation),
            Argument.moderation_reason,
            Argument.link_to_id,
            # A name from an imported file stands where no account wrote the argument.
            author_column(
                position.debate, user, func.coalesce(User.display_name, Argument.imported_author)
            ).label("author"),
        )
        .outerjoin(User, Argument.author_id == User.id)
        .where(Argument.position_id == position.id, shown_arguments(position.debate, user), *scope)
        .order_by(Argument.path)
    ).all()


def link_claims(debate: Debate, rows, user=None) -> dict[int, str]:
    """Read the current claims of the arguments that links among the rows place again, for
    those targets this person may see; no query when there are no links."""
    targets = {row.link_to_id for row in rows if row.link_to_id is not None}
    if not targets:
        return {}
    return dict(db.session.execute(
        select(Argument.id, Argument.claim).where(
            Argument.id.in_(targets), shown_branches(debate, user),
            Argument.withdrawn_at.is_(None))
    ).all())


def evidence_rows(position: Position, user=None, *scope) -> dict[int, list[Row]]:
    """Read the evidence this person may see under a position's arguments (within any further
    where-clauses on the arguments), as plain rows grouped by argument, oldest first, the kind
    as its stored word."""
    rows = db.session.execute(
        select(
            Evidence.argument_id,
            Evidence.id,
            stored_word(Evidence.kind),
            Evidence.title,
            Evidence.url,
            Passage.number.label("passage"),
            Evidence.excerpt,
        )
        .join(Argument, Evidence.argument_id == Argument.id)
        .outerjoin(Passage, Evidence.passage_id == Passage.id)
        .where(
            Argument.position_id == position.id, shown_evidence(position.debate, user), *scope
        )
        .order_by(Evidence.id)
    )
    grouped: dict[int, list[Row]] = {}
    for row in rows:
        grouped.setdefault(row.argument_id, []).append(row)
    return grouped


def reply_paths(parent: Argument, user, after: str | None, limit: int) -> list[str]:
    """Read the paths of up to `limit` direct replies to an argument that this person may see,
    in tree order, starting after the reply at path `after`."""
    query = select(Argument.path).where(
        Argument.parent_id == parent.id, shown_arguments(parent.position.debate, user)
    )
    if after is not None:
        query = query.where(Argument.path > after)
    return list(db.session.scalars(query.order_by(Argument.path).limit(limit)))


def siblings_and_branches(first: str, last: str):
    """Return a where-clause keeping the siblings from path `first` to path `last` and
    everything under them, as one range of the (position, path) index."""
    # The end of the last branch is spelled with the largest segments rather than a character
    # after ".", so that the bound holds in any collation, even one that skips punctuation.
    depth = last.count(".") + 1
    end = last + ("." + "9" * SEGMENT_WIDTH) * (MAX_DEPTH - depth)
    return Argument.path.between(first, end)


def select_needing_evidence(position: Position, user=None):
    """Select the standing arguments of a position that cite no shown evidence, in tree order."""
    debate = position.debate
    # Count each argument's shown evidence through the argument_id index, testing visibility
    # inside the count: in WHERE, SQLite would walk the moderation index over the whole
    # site's evidence, and NOT IN reads every piece of evidence on the site.
    cited = (
        select(func.count(case((Evidence.moderation == ModerationState.VISIBLE, 1))))
        .where(Evidence.argument_id == Argument.id)
        .scalar_subquery()
    )
    return (
        select(Argument)
        .where(
            Argument.position_id == position.id,
            Argument.withdrawn_at.is_(None),
            cited == 0,
            shown_branches(debate, user),
        )
        .options(joinedload(Argument.author))
        .order_by(Argument.path)
    )



def select_evidence(argument: Argument, user):
    """Select the evidence of one argument this person may see, oldest first."""
    return (
        select(Evidence)
        .where(
            Evidence.argument_id == argument.id,
            shown_evidence(argument.position.debate, user),
        )
        .options(selectinload(Evidence.passage))
        .order_by(Evidence.id)
    )


@dataclass
class Source:
    """One source cited in a debate, with the first arguments that cite it and their number."""

    evidence: Evidence
    arguments: list[Argument]
    citations: int = 0


def shown_evidence_in(debate: Debate, user):
    """Select the evidence this person may see in a debate, under branches they may see."""
    return (
        select(Evidence)
        .join(Argument, Evidence.argument_id == Argument.id)
        .join(Position, Argument.position_id == Position.id)
        .where(
            Position.debate_id == debate.id,
            shown_evidence(debate, user),
            shown_branches(debate, user),
        )
    )


def evidence_library(debate: Debate, user, cursor: Cursor) -> Slice[Source]:
    """Gather a page of the sources this person may see in a debate, each once, in the order
    they were first cited, with the first few arguments citing each."""
    # A source is a web page or a passage: exactly one of the two columns is set.
    sources = (
        shown_evidence_in(debate, user)
        .with_only_columns(func.min(Evidence.id).label("first_id"))
        .group_by(Evidence.url, Evidence.passage_id)
        .subquery()
    )
    page = keyset(select(sources.c.first_id), (sources.c.first_id,), lambda first: (first,),
                  cursor, LIBRARY_PAGE_SIZE)
    if not page.items:
        return Slice([], page.next, page.previous)
    first = select(Evidence.url, Evidence.passage_id).where(Evidence.id.in_(page.items))
    per_source = (Evidence.url, Evidence.passage_id)
    numbered = (
        shown_evidence_in(debate, user)
        .add_columns(
            func.row_number().over(partition_by=per_source, order_by=Evidence.id).label("number"),
            func.count().over(partition_by=per_source).label("total"),
        )
        .where(or_(
            Evidence.url.in_(first.where(Evidence.url.is_not(None)).with_only_columns(
                Evidence.url)),
            Evidence.passage_id.in_(first.where(Evidence.passage_id.is_not(None))
                                    .with_only_columns(Evidence.passage_id)),
        ))
        .subquery()
    )
    cited = aliased(Evidence, numbered)
    rows = db.session.execute(
        select(cited, numbered.c.total)
        .where(numbered.c.number <= ARGUMENTS_PER_SOURCE)
        .options(
            selectinload(cited.argument).selectinload(Argument.position),
            selectinload(cited.passage),
        )
        .order_by(numbered.c.id)
    )
    library: dict[tuple, Source] = {}
    for evidence, total in rows:
        key = (evidence.url, evidence.passage_id)
        library.setdefault(key, Source(evidence, [], total)).arguments.append(evidence.argument)
    return Slice(list(library.values()), page.next, page.previous)


def posts_in_last_hour(debate: Debate, user: User) -> int:
    """Count the arguments this person posted in this debate in the last hour."""
    return db.session.scalar(
        select(func.count())
        .select_from(Argument)
        .join(Position, Argument.position_id == Position.id)
        .where(
            Position.debate_id == debate.id,
            Argument.author_id == user.id,
            Argument.created_at > utcnow() - timedelta(hours=1),
        )
    )
