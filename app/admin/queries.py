"""Read what the site admin page shows, each list bounded whatever the site's size."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import distinct, func, select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import (
    Argument,
    Debate,
    Position,
    Report,
    ReportStatus,
    SiteAction,
    TrustLevel,
    User,
)
from app.models.columns import utcnow

REPORTS_SHOWN = 50
SET_LEVELS_SHOWN = 100
REPEATS_SHOWN = 20


def open_reports() -> list:
    """Return the newest open reports across all debates, each with its debate's title."""
    return db.session.execute(
        select(Report, Debate.title)
        .join(Debate, Debate.id == Report.debate_id)
        .where(Report.status == ReportStatus.OPEN)
        .order_by(Report.created_at.desc(), Report.id.desc())
        .limit(REPORTS_SHOWN)
    ).all()


def accounts_by_trust() -> dict:
    """Count accounts: those whose level an admin set, by level; those new by age; all."""
    set_levels = dict(db.session.execute(
        select(User.trust_level, func.count()).where(User.trust_level.is_not(None))
        .group_by(User.trust_level)
    ).all())
    since = utcnow() - timedelta(days=current_app.config["TRUST_NEW_DAYS"])
    return {
        "set": {level: set_levels.get(level, 0) for level in TrustLevel},
        "young": db.session.scalar(select(func.count()).where(User.created_at > since)),
        "all": db.session.scalar(select(func.count()).select_from(User)),
    }


def accounts_with_set_level() -> list[User]:
    """Return the accounts whose trust level an admin set, by username."""
    return list(db.session.scalars(
        select(User).where(User.trust_level.is_not(None)).order_by(User.username)
        .limit(SET_LEVELS_SHOWN)
    ))


def repeated_claims() -> list:
    """Return claims posted in more than one debate (the same words, whatever the case and
    spacing): a sign of spam. Each row: the claim, how many debates, arguments and authors."""
    debates = func.count(distinct(Position.debate_id))
    return db.session.execute(
        select(
            func.min(Argument.claim).label("claim"),
            debates.label("debates"),
            func.count().label("arguments"),
            func.count(distinct(Argument.author_id)).label("authors"),
            func.min(Argument.id).label("first_id"),
        )
        .join(Position, Argument.position_id == Position.id)
        .group_by(Argument.claim_key)
        .having(debates > 1)
        .order_by(debates.desc(), func.count().desc())
        .limit(REPEATS_SHOWN)
    ).all()


def suspended_accounts() -> list[User]:
    """Return the accounts suspended site-wide, most recent first."""
    return list(db.session.scalars(
        select(User).where(User.suspended_at.is_not(None))
        .order_by(User.suspended_at.desc()).limit(SET_LEVELS_SHOWN)
    ))


def site_log() -> list[SiteAction]:
    """Return the newest entries of the site admins' log."""
    return list(db.session.scalars(
        select(SiteAction).options(joinedload(SiteAction.actor))
        .order_by(SiteAction.created_at.desc(), SiteAction.id.desc()).limit(REPORTS_SHOWN)
    ))
