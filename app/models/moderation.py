"""Store the moderation state that positions, arguments and evidence share."""

import enum

from sqlalchemy import Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.columns import string_enum


class ModerationState(enum.StrEnum):
    """Say whether a contribution is shown, waits for review, or was hidden or rejected."""

    VISIBLE = "visible"
    PENDING = "pending"
    HIDDEN = "hidden"
    REJECTED = "rejected"


def moderation_column():
    """Declare the moderation state column that positions, arguments and evidence share."""
    return mapped_column(
        string_enum(ModerationState, 10),
        default=ModerationState.VISIBLE,
        server_default="visible",
        index=True,
    )


class Moderated:
    """Give a contribution its moderation state and the reason moderators gave."""

    moderation: Mapped[ModerationState] = moderation_column()
    moderation_reason: Mapped[str | None] = mapped_column(Text)

    @property
    def is_visible(self) -> bool:
        return self.moderation == ModerationState.VISIBLE
