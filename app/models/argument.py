"""Store the argument tree under each position and each argument's edit history."""

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
    select,
    text,
    true,
)
from sqlalchemy.orm import Mapped, WriteOnlyMapped, mapped_column, relationship

from app.extensions import db
from app.models.columns import string_enum, utcnow
from app.models.moderation import Moderated
from app.models.position import Position
from app.models.user import User

if TYPE_CHECKING:
    from app.models.evidence import Evidence
    from app.models.rating import Rating

# Paths are fixed-width segments ("00001.00012") so that they sort in tree order as text and
# a subtree is a prefix; the reader sees them as "1.12".
SEGMENT_WIDTH = 5
MAX_SIBLINGS = 10**SEGMENT_WIDTH - 1
MAX_DEPTH = 60
IMPORTED_AUTHOR_LENGTH = 200
# The arguments that lock or hide a branch: few, and read for every page a signed-in person
# opens, so a partial index holds just them, with the columns read (a covering index: without
# them SQLite's planner may take the plain position index instead). Written out, not bound, so
# that the planner matches a query's condition to the index's.
CLOSING = text("(locked_at IS NOT NULL OR moderation <> 'visible')")
OPENING = text("parent_id IS NULL")


class Side(enum.StrEnum):
    """Say whether an argument supports or attacks its parent (or the position)."""

    PRO = "pro"
    CON = "con"


SIDE_LABELS = {Side.PRO: _l("For"), Side.CON: _l("Against")}


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
        # The review queue reads a debate's pending arguments by the time they were posted.
        Index("ix_arguments_position_id_moderation_created_at",
              "position_id", "moderation", "created_at"),
        Index("ix_arguments_closing", "position_id", "path", "locked_at", "moderation",
              postgresql_where=CLOSING, sqlite_where=CLOSING),
        # A position page's two columns: its opening arguments on one side, found without
        # reading the thousands of replies below them, and the newest first without sorting.
        Index("ix_arguments_opening", "position_id", "side", "moderation", "created_at",
              postgresql_where=OPENING, sqlite_where=OPENING),
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
    # A link places an earlier argument here again, under a new parent with its own side; its
    # claim is a copy of the target's, kept for lists that know nothing of links.
    link_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("arguments.id", ondelete="CASCADE"), index=True
    )
    # The name a file gave an argument's author, who has no account here.
    imported_author: Mapped[str | None] = mapped_column(String(IMPORTED_AUTHOR_LENGTH))
    side: Mapped[Side] = mapped_column(string_enum(Side, 3))
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
    parent: Mapped["Argument | None"] = relationship(remote_side=[id], foreign_keys=[parent_id])
    link_to: Mapped["Argument | None"] = relationship(remote_side=[id], foreign_keys=[link_to_id])
    author: Mapped[User | None] = relationship()
    revisions: Mapped[list["ArgumentRevision"]] = relationship(
        back_populates="argument",
        order_by="ArgumentRevision.id.desc()",
        cascade="all, delete-orphan",
    )
    evidence: Mapped[list["Evidence"]] = relationship(
        back_populates="argument", order_by="Evidence.id", cascade="all, delete-orphan"
    )
    ratings: WriteOnlyMapped["Rating"] = relationship(
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
    def parent_label(self) -> str:
        """Return the path number of the argument this one answers ("" at the top)."""
        return path_label(self.path.rpartition(".")[0]) if "." in self.path else ""

    @property
    def is_link(self) -> bool:
        return self.link_to_id is not None

    @property
    def author_name(self) -> str:
        """Name who wrote the argument: its account, the name a file gave, or neither."""
        if self.author is not None:
            return self.author.display_name
        return self.imported_author or str(_l("a former member"))

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def anchor(self) -> str:
        return f"argument-{self.id}"

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
