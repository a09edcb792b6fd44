"""Store the sources behind arguments: web pages or passages of the debate's material."""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.extensions import db
from app.models.argument import Argument
from app.models.columns import string_enum, utcnow
from app.models.material import Passage
from app.models.moderation import Moderated
from app.models.user import User
from app.text import canonical_url, fitted

URL_LENGTH = 2000


class EvidenceKind(enum.StrEnum):
    """Say what sort of source a piece of evidence is."""

    RESEARCH = "research"
    OFFICIAL = "official"
    NEWS = "news"
    OPINION = "opinion"
    OTHER = "other"


EVIDENCE_KIND_LABELS = {
    EvidenceKind.RESEARCH: _l("Research"),
    EvidenceKind.OFFICIAL: _l("Official data"),
    EvidenceKind.NEWS: _l("News"),
    EvidenceKind.OPINION: _l("Opinion"),
    EvidenceKind.OTHER: _l("Other"),
}


def url_key(url: str) -> str:
    """Reduce a web address to what makes it the same source."""
    return fitted(canonical_url(url), URL_LENGTH)


class Evidence(Moderated, db.Model):
    """A source behind an argument: a web page, or a passage of the debate's material."""

    __tablename__ = "evidence"
    __table_args__ = (
        # On the canonical address: "HTTPS://Example.com/a/" and "https://example.com/a#top"
        # are one source.
        UniqueConstraint("argument_id", "url_key"),
        UniqueConstraint("argument_id", "passage_id"),
        CheckConstraint(
            "(url IS NULL) != (passage_id IS NULL)", name="url_or_passage"
        ),
        # The review queue reads pending evidence by the time it was added.
        Index("ix_evidence_moderation_created_at_id", "moderation", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    argument_id: Mapped[int] = mapped_column(
        ForeignKey("arguments.id", ondelete="CASCADE"), index=True
    )
    added_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[EvidenceKind] = mapped_column(string_enum(EvidenceKind, 10))
    url: Mapped[str | None] = mapped_column(String(URL_LENGTH))
    url_key: Mapped[str | None] = mapped_column(String(URL_LENGTH))
    passage_id: Mapped[int | None] = mapped_column(
        ForeignKey("passages.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    excerpt: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    argument: Mapped[Argument] = relationship(back_populates="evidence")
    added_by: Mapped[User | None] = relationship()
    passage: Mapped[Passage | None] = relationship()

    @validates("url")
    def _keep_key(self, _name: str, url: str | None) -> str | None:
        """Keep the canonical address in step with the address people typed."""
        self.url_key = url_key(url) if url else None
        return url

    @property
    def kind_label(self) -> str:
        return EVIDENCE_KIND_LABELS[self.kind]
