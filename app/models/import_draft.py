"""Store a file uploaded for import between its preview and its owner's confirmation."""

from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, LargeBinary, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.columns import utcnow
from app.models.user import User

# A preview left open longer than this is gone; uploading the file again starts afresh.
DRAFT_LIFETIME = timedelta(hours=2)


class ImportDraft(db.Model):
    """A file read for a preview, kept on the server so that what is confirmed is what was
    previewed; known by a random key and readable by its uploader only."""

    __tablename__ = "import_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(43), unique=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    format: Mapped[str] = mapped_column(String(10))
    material_id: Mapped[int | None] = mapped_column(
        ForeignKey("materials.id", ondelete="CASCADE"), index=True
    )
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(
        default=utcnow, server_default=func.now(), index=True
    )

    owner: Mapped[User] = relationship()

    @property
    def is_expired(self) -> bool:
        return self.created_at < utcnow() - DRAFT_LIFETIME
