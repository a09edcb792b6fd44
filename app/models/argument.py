"""Store the argument tree under each position, its edit history and its evidence."""

import enum
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
    select,
    true,
)
from sqlalchemy.orm import Mapped, WriteOnlyMapped, mapped_column, relationship

from app.extensions import db
from app.models.columns import string_enum, utcnow
from app.models.debate import Position
from app.models.material import Passage
from app.models.user import User

# Paths are fixed-width segments ("00001.00012") so that they sort in tree order as text and
# a subtree is a prefix; the reader sees them as "1.12".
SEGMENT_WIDTH = 5
MAX_SIBLINGS = 10**SEGMENT_WIDTH - 1
MAX_DEPTH = 60


class Stance(enum.StrEnum):
    """Say whether an argument supports or attacks its parent."""

    PRO = "pro"
    CON = "con"


class ModerationState(enum.StrEnum):
    """Say whether a contribution is shown, waits for review, or was hidden or rejected."""

    VISIBLE = "visible"
    PENDING = "pending"
    HIDDEN = "hidden"
    REJECTED = "rejected"


def moderation_column():
    """Declare the moderation state column that arguments and evidence share."""
    return mapped_column(
        string_enum(ModerationState, 10),
        default=ModerationState.VISIBLE,
        server_default="visible",
        index=True,
    )


class Moderated:
    """Give a contribution its moderation state and the reason moderators gave."""

    moderation: Mapped[ModerationState] = moderation_column()
    moderation_reason: Mapped[str | None] = mapped_column(Text)

    @property
    def is_visible(self) -> bool:
        return self.moderation == ModerationState.VISIBLE


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


def path_label(path: str) -> str:
    """Turn a stored path ("00001.00002") into the number readers see ("1.2")."""
    return ".".join(str(int(segment)) for segment in path.split("."))


def path_segment(number: int) -> str:
    """Format one sibling number as a fixed-width path segment."""
    return f"{number:0{SEGMENT_WIDTH}d}"


class Argument(Moderated, db.Model):
    """A claim for or against a position, or for or against another argument."""

    __tablename__ = "arguments"
    __table_args__ = (
        UniqueConstraint("position_id", "path"),
        Index("ix_arguments_parent_id_claim_key", "parent_id", "claim_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(
        ForeignKey("positions.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("arguments.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    stance: Mapped[Stance] = mapped_column(string_enum(Stance, 3))
    # Whether the argument, through its chain of parents, argues for the position itself.
    supports_position: Mapped[bool]
    path: Mapped[str] = mapped_column(String(6 * MAX_DEPTH))
    depth: Mapped[int]
    claim: Mapped[str] = mapped_column(String(280))
    claim_key: Mapped[str] = mapped_column(String(280))
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    edited_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]
    # A locked argument takes no new replies anywhere beneath it.
    locked_at: Mapped[datetime | None]

    position: Mapped[Position] = relationship()
    parent: Mapped["Argument | None"] = relationship(remote_side=[id])
    author: Mapped[User | None] = relationship()
    revisions: Mapped[list["ArgumentRevision"]] = relationship(
        back_populates="argument",
        order_by="ArgumentRevision.id.desc()",
        cascade="all, delete-orphan",
    )
    evidence: Mapped[list["Evidence"]] = relationship(
        back_populates="argument", order_by="Evidence.id", cascade="all, delete-orphan"
    )
    ratings: WriteOnlyMapped["Rating"] = relationship(  # noqa: F821 - defined in votes
        back_populates="argument", cascade="all, delete-orphan", passive_deletes=True
    )

    def select_ancestors(self):
        """Select the chain of arguments above this one, from the top down."""
        segments = self.path.split(".")
        paths = [".".join(segments[:depth]) for depth in range(1, len(segments))]
        return (
            select(Argument)
            .where(Argument.position_id == self.position_id, Argument.path.in_(paths))
            .order_by(Argument.path)
        )

    @property
    def label(self) -> str:
        """Return the path number readers cite, e.g. "1.2.3"."""
        return path_label(self.path)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def anchor(self) -> str:
        return f"argument-{self.id}"

    def is_by(self, user) -> bool:
        return getattr(user, "is_authenticated", False) and self.author_id == user.id

    def can_see(self, user) -> bool:
        """Pending and hidden arguments are seen by their author and the moderators only."""
        return (
            self.is_visible or self.is_by(user) or self.position.debate.can_moderate(user)
        )

    def revisions_shown_to(self, user) -> list["ArgumentRevision"]:
        """Return the earlier versions this person may read."""
        if self.is_by(user) or self.position.debate.can_moderate(user):
            return list(self.revisions)
        return [revision for revision in self.revisions if revision.was_shown]

    def can_edit(self, user) -> bool:
        """Authors edit and withdraw their own arguments while the debate is open."""
        return (
            self.is_by(user)
            and not self.is_withdrawn
            and self.moderation != ModerationState.REJECTED
            and self.position.debate.is_open
            and not self.position.debate.is_suspended(user)
        )

    def can_reply(self, user) -> bool:
        """Anyone who may post answers a shown argument that is neither withdrawn nor locked."""
        return (
            self.is_visible
            and not self.is_withdrawn
            and self.locked_at is None
            and self.position.debate.can_post(user)
        )

    def __repr__(self) -> str:
        return f"<Argument {self.id} {self.label}>"


class ArgumentRevision(db.Model):
    """The text an argument had before one of its edits."""

    __tablename__ = "argument_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    argument_id: Mapped[int] = mapped_column(
        ForeignKey("arguments.id", ondelete="CASCADE"), index=True
    )
    claim: Mapped[str] = mapped_column(String(280))
    body: Mapped[str] = mapped_column(Text, default="")
    # Text replaced while it was hidden, pending or rejected stays out of the public history.
    was_shown: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    argument: Mapped[Argument] = relationship(back_populates="revisions")


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
