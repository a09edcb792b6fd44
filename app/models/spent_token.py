"""Store the emailed links already used, so that each works once."""

from datetime import datetime

from sqlalchemy import String, func
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.columns import utcnow


class SpentToken(db.Model):
    """A verification, reset or unsubscribe link that was used: its digest, never the token."""

    __tablename__ = "spent_tokens"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(16))
    spent_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
