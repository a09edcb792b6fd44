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
    def select_visible_to(cls, user):
        """Select the debates this user may see, newest first."""
        query = select(cls).order_by(cls.created_at.desc(), cls.id.desc())
        if getattr(user, "is_admin", False):
            return query
        if not getattr(user, "is_authenticated", False):
            return query.where(cls.status != DebateStatus.DRAFT)
        member_of = select(Membership.debate_id).where(Membership.user_id == user.id)
        return query.where((cls.status != DebateStatus.DRAFT) | cls.id.in_(member_of))

    def role_of(self, user) -> Role | None:
        """Return the user's role in this debate, or None for a non-member."""
        if not getattr(user, "is_authenticated", False):
            return None
        for membership in self.memberships:
            if membership.user_id == user.id:
                return membership.role
        return None

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
        """Drafts are seen by their members only; open and closed debates by everyone."""
        if self.status != DebateStatus.DRAFT:
            return True
        return getattr(user, "is_admin", False) or self.role_of(user) is not None

    def can_edit(self, user) -> bool:
        """The owner (or a site admin) edits the title, question and status."""
        return getattr(user, "is_admin", False) or self.role_of(user) == Role.OWNER

    def can_raise_position(self, user) -> bool:
        """Owners and moderators raise positions until the debate closes."""
        return not self.is_closed and self.is_run_by(user)

    def can_post(self, user) -> bool:
        """Signed-in people who are not mere viewers argue while the debate is open."""
        if not getattr(user, "is_authenticated", False) or not self.is_open:
            return False
        return self.can_view(user) and self.role_of(user) != Role.VIEWER

    def can_vote(self, user) -> bool:
        """Whoever may post may also rate arguments and take a stance."""
        return self.can_post(user)

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
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    debate: Mapped[Debate] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()


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
