"""Read the review queue: pending contributions and open reports, oldest first."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

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


@dataclass(frozen=True)
class QueueEntry:
    """One item waiting for a moderator, with the reports against it."""

    kind: str
    item: Argument | Evidence
    reports: list[Report]
    since: datetime


def review_queue(debate: Debate) -> list[QueueEntry]:
    """List what waits for review in a debate, in four queries whatever its size."""
    in_debate = select(Position.id).where(Position.debate_id == debate.id)
    reports = db.session.scalars(
        select(Report)
        .where(Report.debate_id == debate.id, Report.status == ReportStatus.OPEN)
        .options(selectinload(Report.reporter))
        .order_by(Report.created_at, Report.id)
    ).all()
    reported_arguments = {r.argument_id for r in reports if r.argument_id}
    reported_evidence = {r.evidence_id for r in reports if r.evidence_id}
    arguments = db.session.scalars(
        select(Argument)
        .where(
            Argument.position_id.in_(in_debate),
            (Argument.moderation == ModerationState.PENDING)
            | Argument.id.in_(reported_arguments),
        )
        .options(selectinload(Argument.parent), selectinload(Argument.author),
                 selectinload(Argument.position))
    ).all()
    evidence = db.session.scalars(
        select(Evidence)
        .join(Argument, Evidence.argument_id == Argument.id)
        .where(
            Argument.position_id.in_(in_debate),
            (Evidence.moderation == ModerationState.PENDING)
            | Evidence.id.in_(reported_evidence),
        )
        .options(selectinload(Evidence.argument).selectinload(Argument.position),
                 selectinload(Evidence.added_by), selectinload(Evidence.passage))
    ).all()
    entries = []
    for kind, items, key in (("argument", arguments, "argument_id"),
                             ("evidence", evidence, "evidence_id")):
        for item in items:
            item_reports = [r for r in reports if getattr(r, key) == item.id]
            waiting_since = [r.created_at for r in item_reports]
            if item.moderation == ModerationState.PENDING:
                waiting_since.append(item.created_at)
            entries.append(QueueEntry(kind, item, item_reports, min(waiting_since)))
    return sorted(entries, key=lambda entry: entry.since)


def active_suspensions(debate: Debate) -> list[Suspension]:
    """List who is suspended from a debate now, members or not, the soonest to end first."""
    return db.session.scalars(
        select(Suspension)
        .where(Suspension.debate_id == debate.id, Suspension.until > utcnow())
        .options(selectinload(Suspension.user))
        .order_by(Suspension.until, Suspension.id)
    ).all()
