"""Store people's reports of arguments and evidence, and what moderators made of them."""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.columns import string_enum, utcnow
from app.models.user import User


class ReportReason(enum.StrEnum):
    """Say why someone reports a contribution."""

    SPAM = "spam"
    ABUSE = "abuse"
    OFF_TOPIC = "off_topic"
    PERSONAL_INFORMATION = "personal_information"
    OTHER = "other"


REPORT_REASON_LABELS = {
    ReportReason.SPAM: _l("Spam"),
    ReportReason.ABUSE: _l("Abuse or harassment"),
    ReportReason.OFF_TOPIC: _l("Off-topic"),
    ReportReason.PERSONAL_INFORMATION: _l("Personal information"),
    ReportReason.OTHER: _l("Other"),
}


class ReportStatus(enum.StrEnum):
    """Say what moderators made of a report."""

    OPEN = "open"
    UPHELD = "upheld"
    DISMISSED = "dismissed"


class Report(db.Model):
    """One person's report of an argument or a piece of evidence."""

    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("reporter_id", "argument_id"),
        UniqueConstraint("reporter_id", "evidence_id"),
        CheckConstraint(
            "(argument_id IS NULL) != (evidence_id IS NULL)", name="argument_or_evidence"
        ),
        # The review queue finds an item's open reports, and whether one came before another,
        # from these indexes alone.
        Index("ix_reports_debate_id_status_argument_id_created_at",
              "debate_id", "status", "argument_id", "created_at"),
        Index("ix_reports_debate_id_status_evidence_id_created_at",
              "debate_id", "status", "evidence_id", "created_at"),
        # It walks a debate's open reports in the order they came to find each item's first.
        Index("ix_reports_debate_id_status_created_at_id",
              "debate_id", "status", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    debate_id: Mapped[int] = mapped_column(ForeignKey("debates.id", ondelete="CASCADE"))
    reporter_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    argument_id: Mapped[int | None] = mapped_column(
        ForeignKey("arguments.id", ondelete="CASCADE"), index=True
    )
    evidence_id: Mapped[int | None] = mapped_column(
        ForeignKey("evidence.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[ReportReason] = mapped_column(string_enum(ReportReason, 20))
    details: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[float] = mapped_column(default=1.0)
    status: Mapped[ReportStatus] = mapped_column(
        string_enum(ReportStatus, 10), default=ReportStatus.OPEN
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    resolved_at: Mapped[datetime | None]

    reporter: Mapped[User] = relationship()

    @property
    def reason_label(self) -> str:
        return REPORT_REASON_LABELS[self.reason]
