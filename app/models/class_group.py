"""Store a class split into small groups, each arguing in its own copy of one template debate."""

from datetime import datetime

from sqlalchemy import ForeignKey, ForeignKeyConstraint, Index, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.classroom import Classroom
from app.models.columns import utcnow
from app.models.debate import Debate
from app.models.user import User

GROUP_NAME_MAX = 60


class GroupSplit(db.Model):
    """One split of a class into groups for a template debate; each group holds its own copy."""

    __tablename__ = "group_splits"

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(
        ForeignKey("classrooms.id", ondelete="CASCADE"), index=True
    )
    # The debate copied; the split keeps its title should the template go.
    template_id: Mapped[int | None] = mapped_column(
        ForeignKey("debates.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    classroom: Mapped[Classroom] = relationship()
    groups: Mapped[list["ClassGroup"]] = relationship(
        back_populates="split", cascade="all, delete-orphan", order_by="ClassGroup.id"
    )


class ClassGroup(db.Model):
    """A named group of a split, with the debate its students argue in."""

    __tablename__ = "class_groups"
    __table_args__ = (
        UniqueConstraint("split_id", "name"),
        # Lets a group member name the split its group is in, checked by the database.
        UniqueConstraint("id", "split_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    split_id: Mapped[int] = mapped_column(ForeignKey("group_splits.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(GROUP_NAME_MAX))
    debate_id: Mapped[int] = mapped_column(
        ForeignKey("debates.id", ondelete="CASCADE"), unique=True
    )

    split: Mapped[GroupSplit] = relationship(back_populates="groups")
    debate: Mapped[Debate] = relationship()
    members: Mapped[list["GroupMember"]] = relationship(
        back_populates="group", cascade="all, delete-orphan", order_by="GroupMember.id"
    )


class GroupMember(db.Model):
    """A student in a group; a student is in at most one group of a split."""

    __tablename__ = "group_members"
    __table_args__ = (
        UniqueConstraint("split_id", "user_id"),
        ForeignKeyConstraint(
            ["group_id", "split_id"], ["class_groups.id", "class_groups.split_id"],
            ondelete="CASCADE",
        ),
        Index("ix_group_members_group_id", "group_id"),
        Index("ix_group_members_user_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    split_id: Mapped[int]
    group_id: Mapped[int]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))

    group: Mapped[ClassGroup] = relationship(back_populates="members")
    user: Mapped[User] = relationship()
