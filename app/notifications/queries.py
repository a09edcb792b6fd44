"""Read a person's notices a page at a time, newest first."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.models import Notification, User
from app.pagination import Cursor, Slice, keyset

NOTICES_PAGE_SIZE = 50
NOTICE_ORDER = (Notification.created_at, Notification.id)


def notices_page(user: User, cursor: Cursor) -> Slice[Notification]:
    """Return the page of a person's notices after (or before) a cursor, newest first."""
    return keyset(
        select(Notification)
        .options(joinedload(Notification.follow))
        .where(Notification.user_id == user.id),
        NOTICE_ORDER,
        lambda notice: (notice.created_at, notice.id),
        cursor,
        NOTICES_PAGE_SIZE,
        descending=True,
    )
