"""Store the site-wide list of topics and which debates their owners filed under each."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Table, func
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.columns import utcnow

NAME_LENGTH = 60

# Which topics a debate is filed under, chosen by its owner from the site-wide list.
debate_topics = Table(
    "debate_topics",
    db.metadata,
    Column("debate_id", ForeignKey("debates.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)


class Topic(db.Model):
    """A subject debates are filed under, from a list the site's admins keep."""

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    def __repr__(self) -> str:
        return f"<Topic {self.id} {self.name!r}>"
