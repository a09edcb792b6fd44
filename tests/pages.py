"""Read what pages show and what the database holds, as the tests check them."""

import re
from html import unescape

from sqlalchemy import func, select

from app.extensions import db


def field_error(html: str, field_id: str) -> str | None:
    """Return the error message printed beside a field, or None."""
    match = re.search(rf'<p class="error" id="{re.escape(field_id)}-error">(.*?)</p>', html, re.S)
    return unescape(match[1]).strip() if match else None


def stored(app, model) -> int:
    """Count the rows of a model in the database."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))
