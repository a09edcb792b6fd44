"""Store the sources behind arguments: web pages or passages of the debate's material."""

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.argument import Argument
from app.models.columns import string_enum, utcnow
from app.models.material import Passage
from app.models.moderation import Moderated
from app.models.user import User


class EvidenceKind(enum.StrEnum):
    """Say what sort of source a piece of evidence is."""

    RESEARCH = "research"
    OFFICIAL = "official"
    NEWS = "news"
    OPINION = "opinion"
    OTHER = "other"


EVIDENCE_KIND_LABELS = {
    EvidenceKind.RESEARCH: "Research",
    EvidenceKind.OFFICIAL: "Official data",
    EvidenceKind.NEWS: "News",
    EvidenceKind.OPINION: "Opinion",
    EvidenceKind.OTHER: "Other",
}


class Evidence(Moderated, db.Model):
    """A source behind an argument: a web page, or a passage of the debate's material."""

    __tablename__ = "evidence"
    __table_args__ = (
        UniqueConstraint("argument_id", "url"),
        UniqueConstraint("argument_id", "passage_id"),
        CheckConstraint(
            "(url IS NULL) != (passage_id IS NULL)", name="url_or_passage"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    argument_id: Mapped[int] = mapped_column(
        ForeignKey("arguments.id", ondelete="CASCADE"), index=True
    )
    added_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[EvidenceKind] = mapped_column(string_enum(EvidenceKind, 10))
    url: Mapped[str | None] = mapped_column(String(2000))
    passage_id: Mapped[int | None] = mapped_column(
        ForeignKey("passages.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    excerpt: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    argument: Mapped[Argument] = relationship(back_populates="evidence")
    added_by: Mapped[User | None] = relationship()
    passage: Mapped[Passage | None] = relationship()

    @property
    def kind_label(self) -> str:
        return EVIDENCE_KIND_LABELS[self.kind]
