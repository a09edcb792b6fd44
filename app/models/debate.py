"""Store debates: a deliberation on one material, its settings and its life cycle."""

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, false, func, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.columns import string_enum, utcnow
from app.models.material import Material
from app.models.user import User

if TYPE_CHECKING:
    from app.models.classroom import Classroom
    from app.models.membership import Membership
    from app.models.position import Position
    from app.models.topic import Topic


class DebateStatus(enum.StrEnum):
    """Say where a debate is in its life: draft → open → closed."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class Visibility(enum.StrEnum):
    """Say who may find and read a debate."""

    PUBLIC = "public"
    UNLISTED = "unlisted"
    MEMBERS = "members"


class PostingMode(enum.StrEnum):
    """Say whether new contributions appear at once or wait for a moderator."""

    OPEN = "open"
    PREMODERATED = "premoderated"


class Voters(enum.StrEnum):
    """Say who may rate arguments and take stances."""

    SIGNED_IN = "signed_in"
    MEMBERS = "members"


STATUS_CHANGES = {
    DebateStatus.DRAFT: (DebateStatus.OPEN,),
    DebateStatus.OPEN: (DebateStatus.CLOSED,),
    DebateStatus.CLOSED: (),
}


class Debate(db.Model):
    """A deliberation on one material, run by its owner."""

    __tablename__ = "debates"
    # Lists of debates, the site's and a material's, are read newest first a page at a time.
    __table_args__ = (
        Index("ix_debates_created_at_id", "created_at", "id"),
        Index("ix_debates_material_id_created_at_id", "material_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    material_id: Mapped[int] = mapped_column(ForeignKey("materials.id", ondelete="RESTRICT"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    question: Mapped[str] = mapped_column(String(500))
    status: Mapped[DebateStatus] = mapped_column(
        string_enum(DebateStatus, 10), default=DebateStatus.DRAFT
    )
    # Against herding: a person sees an argument's tally only once they have rated it.
    hide_tallies_until_rated: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Participants may raise positions too; in a pre-moderated debate theirs wait for review.
    participants_raise_positions: Mapped[bool] = mapped_column(
        default=False, server_default=false()
    )
    visibility: Mapped[Visibility] = mapped_column(
        string_enum(Visibility, 10), default=Visibility.PUBLIC, server_default="public"
    )
    posting_mode: Mapped[PostingMode] = mapped_column(
        string_enum(PostingMode, 12), default=PostingMode.OPEN, server_default="open"
    )
    voters: Mapped[Voters] = mapped_column(
        string_enum(Voters, 10), default=Voters.SIGNED_IN, server_default="signed_in"
    )
    # 0 means no limit.
    posts_per_hour: Mapped[int] = mapped_column(default=20, server_default="20")
    # Weighted reports at which an item is hidden until a moderator reviews it.
    report_threshold: Mapped[int] = mapped_column(default=3, server_default="3")
    conclusion: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None]
    # A class's debate: its teachers run it and its students take part, nobody else.
    classroom_id: Mapped[int | None] = mapped_column(
        ForeignKey("classrooms.id", ondelete="SET NULL"), index=True
    )
    # Students see one another only by their pseudonyms ("Student 7"); teachers see names.
    peers_anonymous: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    material: Mapped[Material] = relationship()
    owner: Mapped[User] = relationship()
    classroom: Mapped["Classroom | None"] = relationship(back_populates="debates")
    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="debate", cascade="all, delete-orphan"
    )
    positions: Mapped[list["Position"]] = relationship(
        back_populates="debate", order_by="Position.id", cascade="all, delete-orphan"
    )
    # Set by the owner from the site-wide list, for finding the debate in the directory.
    topics: Mapped[list["Topic"]] = relationship(secondary="debate_topics", order_by="Topic.name")

    def membership_of(self, user) -> "Membership | None":
        """Return the person's membership of this debate, if any."""
        if not getattr(user, "is_authenticated", False):
            return None
        user_id = user.id
        return next((m for m in self.memberships if m.user_id == user_id), None)

    @property
    def is_draft(self) -> bool:
        return self.status == DebateStatus.DRAFT

    @property
    def is_open(self) -> bool:
        return self.status == DebateStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == DebateStatus.CLOSED

    @property
    def is_premoderated(self) -> bool:
        return self.posting_mode == PostingMode.PREMODERATED

    def next_statuses(self) -> tuple[DebateStatus, ...]:
        """Return the statuses this debate may move to."""
        return STATUS_CHANGES[self.status]

    def __repr__(self) -> str:
        return f"<Debate {self.id} {self.title!r}>"
