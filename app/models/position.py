"""Store the positions a debate raises from its material and the quotes that anchor them."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.extensions import db
from app.models.columns import utcnow
from app.models.debate import Debate
from app.models.material import Passage
from app.models.moderation import Moderated
from app.models.user import User
from app.text import comparison_key, fitted

STATEMENT_LENGTH = 300


def statement_key(statement: str) -> str:
    """Reduce a statement to what makes it the same position."""
    return fitted(comparison_key(statement), STATEMENT_LENGTH)


class Position(Moderated, db.Model):
    """A statement raised by the material that people are for or against; one a participant
    proposes in a pre-moderated debate waits for review like their arguments."""

    __tablename__ = "positions"
    __table_args__ = (
        # Unique on the comparison key, so that "Café" and "CAFE\u0301" are one position.
        UniqueConstraint("debate_id", "statement_key"),
        # The review queue reads a debate's pending positions by the time they were raised.
        Index("ix_positions_debate_id_moderation_created_at",
              "debate_id", "moderation", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    debate_id: Mapped[int] = mapped_column(
        ForeignKey("debates.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    statement: Mapped[str] = mapped_column(String(STATEMENT_LENGTH))
    statement_key: Mapped[str] = mapped_column(String(STATEMENT_LENGTH))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    debate: Mapped[Debate] = relationship(back_populates="positions")
    author: Mapped[User | None] = relationship()
    anchors: Mapped[list["PositionAnchor"]] = relationship(
        back_populates="position", order_by="PositionAnchor.id", cascade="all, delete-orphan"
    )

    @validates("statement")
    def _keep_key(self, _name: str, statement: str) -> str:
        """Keep the comparison key in step with the statement people read."""
        self.statement_key = statement_key(statement)
        return statement

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
