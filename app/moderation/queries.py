"""Read the review queue: pending contributions and reported ones, oldest first, a page at a
time."""

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Select, case, exists, func, literal, or_, select, tuple_, union_all
from sqlalchemy.orm import aliased, selectinload

from app.extensions import db
from app.models import (
    Argument,
    Debate,
    Evidence,
    LiveEvent,
    LiveQuestion,
    ModerationState,
    Position,
    PositionAnchor,
    Report,
    ReportStatus,
    Suspension,
)
from app.models.columns import utcnow
from app.pagination import FIRST, Cursor, Slice, cursor_key, keyset

QUEUE_PAGE_SIZE = 25
# A much-reported item shows its first few reports and how many there are in all.
REPORTS_SHOWN = 3


@dataclass(frozen=True)
class QueueEntry:
    """One item waiting for a moderator, with its first open reports and their number."""

    kind: str
    item: Position | Argument | Evidence | LiveQuestion
    reports: list[Report]
    report_count: int
    since: datetime


class Source(NamedTuple):
    """Where waiting items of one sort come from: their (since, kind, id), the order that
    reads them along an index, and the select that finds them."""

    columns: tuple
    order: tuple
    query: Select


def waiting_items(debate: Debate, cursor: Cursor = FIRST, per_page: int = QUEUE_PAGE_SIZE):
    """Select (since, kind, id) for the items that may fill a page of a debate's review queue.

    A pending item waits from its posting (any report on it came later); any other item with
    open reports waits from its first open report. Each source of waiting items reads only
    its own first `per_page` + 1 rows past the cursor, in the queue's order and along an
    index, so a page reads the same few rows however long the queue is.
    """
    sources = [
        pending_positions(debate),
        # Nobody argues on a position before it is approved, so only shown ones have any.
        *(pending_arguments(position.id) for position in debate.positions
          if position.is_visible),
        pending_evidence(debate),
        pending_live_questions(debate),
        first_open_reports(debate),
    ]
    values, backwards = cursor_key(cursor, sources[-1].columns)
    return union_all(*(
        select(*past_cursor(source, values, backwards, per_page).c) for source in sources
    )).subquery("waiting")


def past_cursor(source: Source, values: tuple | None, backwards: bool, per_page: int):
    """Keep a source's first rows beyond the cursor in the queue's order, or just before it."""
    query, since = source.query, source.columns[0]
    if values is not None:
        row, bound = tuple_(*source.columns), tuple_(*values)
        # The bare bound on the time is what lets the index start at the cursor.
        query = query.where(since <= values[0], row < bound) if backwards else query.where(
            since >= values[0], row > bound)
    order = (column.desc() if backwards else column for column in source.order)
    return query.order_by(*order).limit(per_page + 1).subquery()


def pending_positions(debate: Debate) -> Source:
    """Select the positions participants proposed in a debate by the time they were raised."""
    columns = (Position.created_at.label("since"), literal("position").label("kind"),
               Position.id.label("id"))
    query = select(*columns).where(Position.debate_id == debate.id,
                                   Position.moderation == ModerationState.PENDING)
    return Source(columns, (Position.created_at, Position.id), query)


def pending_arguments(position_id: int) -> Source:
    """Select a position's pending arguments by the time they were posted."""
    columns = (Argument.created_at.label("since"), literal("argument").label("kind"),
               Argument.id.label("id"))
    query = select(*columns).where(Argument.position_id == position_id,
                                   Argument.moderation == ModerationState.PENDING)
    return Source(columns, (Argument.created_at, Argument.id), query)


def pending_evidence(debate: Debate) -> Source:
    """Select a debate's pending evidence by the time it was added."""
    columns = (Evidence.created_at.label("since"), literal("evidence").label("kind"),
               Evidence.id.label("id"))
    query = (
        select(*columns)
        .join(Argument, Evidence.argument_id == Argument.id)
        .where(Evidence.moderation == ModerationState.PENDING,
               Argument.position_id.in_(select(Position.id).where(
                   Position.debate_id == debate.id)))
    )
    return Source(columns, (Evidence.created_at, Evidence.id), query)


def pending_live_questions(debate: Debate) -> Source:
    """Select the audience questions of a debate's live events that wait for approval."""
    columns = (LiveQuestion.created_at.label("since"), literal("question").label("kind"),
               LiveQuestion.id.label("id"))
    query = select(*columns).where(
        LiveQuestion.approved.is_(False),
        LiveQuestion.event_id.in_(select(LiveEvent.id).where(LiveEvent.debate_id == debate.id)),
    )
    return Source(columns, (LiveQuestion.created_at, LiveQuestion.id), query)


def first_open_reports(debate: Debate) -> Source:
    """Select the first open report of each item not pending, in the order reports came.

    An item waits from its first open report, so walking a debate's open reports by time and
    keeping each item's first one meets the reported items in the queue's order, along an
    index, without grouping all of them first.
    """
    kind = case((Report.argument_id.is_not(None), literal("argument")), else_=literal("evidence"))
    item = func.coalesce(Report.argument_id, Report.evidence_id)
    columns = (Report.created_at.label("since"), kind.label("kind"), item.label("id"))
    earlier = aliased(Report)

    def has_earlier_report(column: str):
        return exists().where(
            earlier.debate_id == debate.id,
            earlier.status == ReportStatus.OPEN,
            getattr(earlier, column) == getattr(Report, column),
            tuple_(earlier.created_at, earlier.id) < tuple_(Report.created_at, Report.id),
        )

    query = (
        select(*columns)
        .outerjoin(Argument, Report.argument_id == Argument.id)
        .outerjoin(Evidence, Report.evidence_id == Evidence.id)
        .where(
            Report.debate_id == debate.id,
            Report.status == ReportStatus.OPEN,
            or_(Argument.moderation != ModerationState.PENDING,
                Evidence.moderation != ModerationState.PENDING),
            or_(Report.argument_id.is_(None), ~has_earlier_report("argument_id")),
            or_(Report.evidence_id.is_(None), ~has_earlier_report("evidence_id")),
        )
    )
    return Source(columns, (Report.created_at, kind, item), query)


def review_queue(debate: Debate, cursor: Cursor = FIRST) -> Slice[QueueEntry]:
    """List one page of what waits for review in a debate, in a fixed number of queries."""
    waiting = waiting_items(debate, cursor)
    order = (waiting.c.since, waiting.c.kind, waiting.c.id)
    page = keyset(select(*order), order, tuple, cursor, QUEUE_PAGE_SIZE, scalars=False)
    ids = {"position": [], "argument": [], "evidence": [], "question": []}
    for _, kind, item_id in page.items:
        ids[kind].append(item_id)
    items = {("position", position.id): position for position in load_items(
        select(Position).where(Position.id.in_(ids["position"])).options(
            selectinload(Position.author),
            selectinload(Position.anchors).selectinload(PositionAnchor.passage)),
        ids["position"],
    )}
    items.update({("argument", argument.id): argument for argument in load_items(
        select(Argument).where(Argument.id.in_(ids["argument"])).options(
            selectinload(Argument.parent), selectinload(Argument.author),
            selectinload(Argument.position)),
        ids["argument"],
    )})
    items.update({("evidence", evidence.id): evidence for evidence in load_items(
        select(Evidence).where(Evidence.id.in_(ids["evidence"])).options(
            selectinload(Evidence.argument).selectinload(Argument.position),
            selectinload(Evidence.added_by), selectinload(Evidence.passage)),
        ids["evidence"],
    )})
    items.update({("question", question.id): question for question in load_items(
        select(LiveQuestion).where(LiveQuestion.id.in_(ids["question"])).options(
            selectinload(LiveQuestion.event)),
        ids["question"],
    )})
    reports, counts = first_reports(debate, ids["argument"], ids["evidence"])
    entries = [
        QueueEntry(kind, items[kind, item_id], reports.get((kind, item_id), []),
                   counts.get((kind, item_id), 0), since)
        for since, kind, item_id in page.items
    ]
    return Slice(entries, page.next, page.previous)


def load_items(query, ids: list[int]) -> list:
    """Load the items of one kind on a page; none of that kind costs no query."""
    return db.session.scalars(query).all() if ids else []


def first_reports(
    debate: Debate, argument_ids: list[int], evidence_ids: list[int]
) -> tuple[dict[tuple[str, int], list[Report]], dict[tuple[str, int], int]]:
    """Load the first few open reports of each item, and count them all, in one query."""
    if not argument_ids and not evidence_ids:
        return {}, {}
    per_item = (Report.argument_id, Report.evidence_id)
    numbered = (
        select(
            Report,
            func.row_number().over(partition_by=per_item, order_by=(Report.created_at, Report.id))
            .label("number"),
            func.count().over(partition_by=per_item).label("total"),
        )
        .where(
            Report.debate_id == debate.id,
            Report.status == ReportStatus.OPEN,
            or_(Report.argument_id.in_(argument_ids), Report.evidence_id.in_(evidence_ids)),
        )
        .subquery()
    )
    report = aliased(Report, numbered)
    rows = db.session.execute(
        select(report, numbered.c.total)
        .where(numbered.c.number <= REPORTS_SHOWN)
        .order_by(numbered.c.created_at, numbered.c.id)
    )
    reports: dict[tuple[str, int], list[Report]] = {}
    counts: dict[tuple[str, int], int] = {}
    for item_report, total in rows:
        item = (("argument", item_report.argument_id) if item_report.argument_id
                else ("evidence", item_report.evidence_id))
        reports.setdefault(item, []).append(item_report)
        counts[item] = total
    return reports, counts


def active_suspensions(debate: Debate) -> list[Suspension]:
    """List who is suspended from a debate now, members or not, the soonest to end first."""
    return db.session.scalars(
        select(Suspension)
        .where(Suspension.debate_id == debate.id, Suspension.until > utcnow())
        .options(selectinload(Suspension.user))
        .order_by(Suspension.until, Suspension.id)
    ).all()
