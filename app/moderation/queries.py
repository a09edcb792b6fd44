"""Read the review queue: pending contributions and reported ones, oldest first, a page at a
time."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, literal, or_, select, union_all
from sqlalchemy.orm import aliased, selectinload

from app.extensions import db
from app.models import (
    Argument,
    Debate,
    Evidence,
    ModerationState,
    Position,
    Report,
    ReportStatus,
    Suspension,
)
from app.models.columns import utcnow
from app.pagination import FIRST, Cursor, Slice, keyset

QUEUE_PAGE_SIZE = 25
# A much-reported item shows its first few reports and how many there are in all.
REPORTS_SHOWN = 3


@dataclass(frozen=True)
class QueueEntry:
    """One item waiting for a moderator, with its first open reports and their number."""

    kind: str
    item: Argument | Evidence
    reports: list[Report]
    report_count: int
    since: datetime


def waiting_items(debate: Debate):
    """Select (since, kind, id) for every item waiting for review in a debate.

    A pending item waits from its posting (any report on it came later); any other item with
    open reports waits from its first open report.
    """
    in_debate = select(Position.id).where(Position.debate_id == debate.id)
    pending_arguments = select(
        Argument.created_at.label("since"), literal("argument").label("kind"), Argument.id
    ).where(Argument.position_id.in_(in_debate), Argument.moderation == ModerationState.PENDING)
    pending_evidence = (
        select(Evidence.created_at, literal("evidence"), Evidence.id)
        .join(Argument, Evidence.argument_id == Argument.id)
        .where(Argument.position_id.in_(in_debate),
               Evidence.moderation == ModerationState.PENDING)
    )
    open_reports = (Report.debate_id == debate.id, Report.status == ReportStatus.OPEN)
    reported_arguments = (
        select(func.min(Report.created_at), literal("argument"), Report.argument_id)
        .join(Argument, Report.argument_id == Argument.id)
        .where(*open_reports, Argument.moderation != ModerationState.PENDING)
        .group_by(Report.argument_id)
    )
    reported_evidence = (
        select(func.min(Report.created_at), literal("evidence"), Report.evidence_id)
        .join(Evidence, Report.evidence_id == Evidence.id)
        .where(*open_reports, Evidence.moderation != ModerationState.PENDING)
        .group_by(Report.evidence_id)
    )
    return union_all(
        pending_arguments, pending_evidence, reported_arguments, reported_evidence
    ).subquery("waiting")


def review_queue(debate: Debate, cursor: Cursor = FIRST) -> Slice[QueueEntry]:
    """List one page of what waits for review in a debate, in a fixed number of queries."""
    waiting = waiting_items(debate)
    order = (waiting.c.since, waiting.c.kind, waiting.c.id)
    page = keyset(select(*order), order, tuple, cursor, QUEUE_PAGE_SIZE, scalars=False)
    ids = {"argument": [], "evidence": []}
    for _, kind, item_id in page.items:
        ids[kind].append(item_id)
    items = {("argument", argument.id): argument for argument in load_items(
        select(Argument).where(Argument.id.in_(ids["argument"])).options(
            selectinload(Argument.parent), selectinload(Argument.author),
            selectinload(Argument.position)),
        ids["argument"],
    )}
    items.update({("evidence", evidence.id): evidence for evidence in load_items(
        select(Evidence).where(Evidence.id.in_(ids["evidence"])).options(
            selectinload(Evidence.argument).selectinload(Argument.position),
            selectinload(Evidence.added_by), selectinload(Evidence.passage)),
        ids["evidence"],
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
