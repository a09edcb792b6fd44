"""Store source documents and the numbered passages that anything can point at."""

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.columns import string_enum, utcnow
from app.models.user import User


class PassageKind(enum.StrEnum):
    """Say what shape a passage has in the source."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"


class Material(db.Model):
    """A document that debates are about, split into passages."""

    __tablename__ = "materials"
    # The library and the material menu are read newest first.
    __table_args__ = (Index("ix_materials_created_at_id", "created_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    author: Mapped[str | None] = mapped_column(String(200))
    source_url: Mapped[str | None] = mapped_column(String(2000))
    published_on: Mapped[date | None]
    added_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    added_by: Mapped[User | None] = relationship()
    passages: Mapped[list["Passage"]] = relationship(
        back_populates="material",
        order_by="Passage.number",
        cascade="all, delete-orphan",
    )

    def __repr__(self) -> str:
        return f"<Material {self.id} {self.title!r}>"


class Passage(db.Model):
    """One heading, paragraph or list item of a material, numbered from 1."""

    __tablename__ = "passages"
    __table_args__ = (UniqueConstraint("material_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    material_id: Mapped[int] = mapped_column(
        ForeignKey("materials.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    kind: Mapped[PassageKind] = mapped_column(string_enum(PassageKind, 12))
    text: Mapped[str] = mapped_column(Text)

    material: Mapped[Material] = relationship(back_populates="passages")

    @property
    def anchor(self) -> str:
        """Return the fragment id that links to this passage in the reading view."""
        return f"p-{self.number}"

    def __repr__(self) -> str:
        return f"<Passage {self.material_id}#{self.number}>"
