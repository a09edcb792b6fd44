"""Store debates, their members and the positions they raise from material."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, func, select, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.columns import string_enum, utcnow
from app.models.material import Material, Passage
from app.models.user import User


class DebateStatus(enum.StrEnum):
    """Say where a debate is in its life: draft → open → closed."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class Role(enum.StrEnum):
    """Say what a member may do in one debate."""

    OWNER = "owner"
    MODERATOR = "moderator"
    PARTICIPANT = "participant"
    VIEWER = "viewer"


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

    id: Mapped[int] = mapped_column(primary_key=True)
    material_id: Mapped[int] = mapped_column(
        ForeignKey("materials.id", ondelete="RESTRICT"), index=True
    )
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    question: Mapped[str] = mapped_column(String(500))
    status: Mapped[DebateStatus] = mapped_column(
        string_enum(DebateStatus, 10), default=DebateStatus.DRAFT
    )
    # Against herding: a person sees an argument's tally only once they have rated it.
    hide_tallies_until_rated: Mapped[bool] = mapped_column(default=True, server_default=true())
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
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    material: Mapped[Material] = relationship()
    owner: Mapped[User] = relationship()
    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="debate", cascade="all, delete-orphan"
    )
    positions: Mapped[list["Position"]] = relationship(
        back_populates="debate", order_by="Position.id", cascade="all, delete-orphan"
    )

    @classmethod
    def select_visible_to(cls, user, listed_only: bool = False):
        """Select the debates this user may read (or find in lists), newest first."""
        query = select(cls).order_by(cls.created_at.desc(), cls.id.desc())
        if getattr(user, "is_admin", False):
            return query
        public = (cls.status != DebateStatus.DRAFT) & (
            cls.visibility == Visibility.PUBLIC
            if listed_only
            else cls.visibility.in_([Visibility.PUBLIC, Visibility.UNLISTED])
        )
        if not getattr(user, "is_authenticated", False):
            return query.where(public)
        member_of = select(Membership.debate_id).where(Membership.user_id == user.id)
        return query.where(public | cls.id.in_(member_of))

    def membership_of(self, user) -> "Membership | None":
        """Return the user's membership of this debate, if any."""
        if not getattr(user, "is_authenticated", False):
            return None
        for membership in self.memberships:
            if membership.user_id == user.id:
                return membership
        return None

    def role_of(self, user) -> Role | None:
        """Return the user's role in this debate, or None for a non-member."""
        membership = self.membership_of(user)
        return membership.role if membership else None

    def is_suspended(self, user) -> bool:
        """Say whether a moderator has suspended this person from the debate for now."""
        membership = self.membership_of(user)
        return bool(membership and membership.is_suspended)

    @property
    def is_open(self) -> bool:
        return self.status == DebateStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == DebateStatus.CLOSED

    def is_run_by(self, user) -> bool:
        """Say whether the user owns or moderates this debate, or is a site admin."""
        if getattr(user, "is_admin", False):
            return True
        return self.role_of(user) in (Role.OWNER, Role.MODERATOR)

    def can_view(self, user) -> bool:
        """Members-only debates and drafts are read by members; others by anyone with the link."""
        if getattr(user, "is_admin", False) or self.role_of(user) is not None:
            return True
        return self.status != DebateStatus.DRAFT and self.visibility != Visibility.MEMBERS

    def can_moderate(self, user) -> bool:
        """Owners, moderators and site admins review, hide and restore contributions."""
        return self.is_run_by(user)

    def can_manage(self, user) -> bool:
        """The owner (or a site admin) changes settings and members."""
        return self.can_edit(user)

    def is_premoderated_for(self, user) -> bool:
        """Say whether this person's new contributions wait for review."""
        return self.posting_mode == PostingMode.PREMODERATED and not self.is_run_by(user)

    def can_edit(self, user) -> bool:
        """The owner (or a site admin) edits the title, question and status."""
        return getattr(user, "is_admin", False) or self.role_of(user) == Role.OWNER

    def can_raise_position(self, user) -> bool:
        """Owners and moderators raise positions until the debate closes."""
        return not self.is_closed and self.is_run_by(user)

    def can_post(self, user) -> bool:
        """Signed-in readers who are not viewers or suspended argue while the debate is open."""
        if not getattr(user, "is_authenticated", False) or not self.is_open:
            return False
        if getattr(user, "is_admin", False):
            return True
        return (
            self.can_view(user)
            and self.role_of(user) != Role.VIEWER
            and not self.is_suspended(user)
        )

    def can_vote(self, user) -> bool:
        """Whoever may post votes, unless the debate keeps votes to its members."""
        if not self.can_post(user):
            return False
        if self.voters == Voters.MEMBERS:
            return getattr(user, "is_admin", False) or self.role_of(user) is not None
        return True

    def shows_tallies_to(self, user, has_rated: bool) -> bool:
        """Say whether this person may see an argument's tally yet."""
        return not self.hide_tallies_until_rated or has_rated or self.is_closed

    def next_statuses(self) -> tuple[DebateStatus, ...]:
        """Return the statuses this debate may move to."""
        return STATUS_CHANGES[self.status]

    def __repr__(self) -> str:
        return f"<Debate {self.id} {self.title!r}>"


class Membership(db.Model):
    """A person's role in one debate."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("debate_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    debate_id: Mapped[int] = mapped_column(
        ForeignKey("debates.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(string_enum(Role, 12))
    suspended_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    debate: Mapped[Debate] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > utcnow()


class Position(db.Model):
    """A statement raised by the material that people are for or against."""

    __tablename__ = "positions"
    __table_args__ = (UniqueConstraint("debate_id", "statement"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    debate_id: Mapped[int] = mapped_column(
        ForeignKey("debates.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    statement: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    debate: Mapped[Debate] = relationship(back_populates="positions")
    author: Mapped[User | None] = relationship()
    anchors: Mapped[list["PositionAnchor"]] = relationship(
        back_populates="position", order_by="PositionAnchor.id", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Position {self.id} {self.statement!r}>"


class PositionAnchor(db.Model):
    """The exact words of one passage that raise a position."""

    __tablename__ = "position_anchors"
    __table_args__ = (UniqueConstraint("position_id", "passage_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(
        ForeignKey("positions.id", ondelete="CASCADE"), index=True
    )
    passage_id: Mapped[int] = mapped_column(
        ForeignKey("passages.id", ondelete="CASCADE"), index=True
    )
    quote: Mapped[str] = mapped_column(Text)

    position: Mapped[Position] = relationship(back_populates="anchors")
    passage: Mapped[Passage] = relationship()

    def split_passage(self) -> tuple[str, str, str]:
        """Return the passage text before, inside and after the quote, for highlighting."""
        text = self.passage.text
        start = text.find(self.quote)
        if start < 0:
            return text, "", ""
        end = start + len(self.quote)
        return text[:start], text[start:end], text[end:]
