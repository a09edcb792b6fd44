"""Register the Jinja filters that format ages and numbers for people."""

from datetime import datetime

from flask import Flask

from app.models.columns import utcnow


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


def init_templating(app: Flask) -> None:
    """Make the filters available to every template."""
    app.jinja_env.filters["ago"] = ago
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
