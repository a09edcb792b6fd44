"""Register the Jinja filters that format ages and numbers for people."""

from datetime import datetime

from flask import Flask
from flask_login import current_user
from sqlalchemy import func, select

from app.models.columns import utcnow
from app.moderation.services import available_actions


def ago(moment: datetime | None) -> str:
    """Say how long ago something happened, in the largest whole unit."""
    if moment is None:
        return ""
    seconds = max(0, int((utcnow() - moment.replace(tzinfo=None)).total_seconds()))
    for unit, size in (("year", 31_536_000), ("month", 2_592_000), ("day", 86_400),
                       ("hour", 3_600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'} ago"
    return "just now"


def unread_notifications() -> int:
    """Count the signed-in person's unread notices, for the header."""
    from app.extensions import db
    from app.models import Notification

    if not current_user.is_authenticated:
        return 0
    return db.session.scalar(
        select(func.count()).where(
            Notification.user_id == current_user.id, Notification.read_at.is_(None)
        )
    )


def init_templating(app: Flask) -> None:
    """Make the filters available to every template."""
    app.jinja_env.filters["ago"] = ago
    app.jinja_env.globals["unread_notifications"] = unread_notifications
    app.jinja_env.globals["moderation_actions"] = available_actions
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
