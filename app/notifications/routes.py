"""Serve a person's notices and marking them read."""

from flask import redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.extensions import db
from app.notifications import bp
from app.notifications.queries import notices_page
from app.notifications.services import mark_notifications_read
from app.pagination import Cursor


@bp.get("/notifications")
@login_required
def index():
    """List a person's notices, newest first, a page at a time."""
    page = notices_page(current_user, Cursor.from_args(request.args))
    return render_template("notifications/index.html", notifications=page.items, page=page)


@bp.post("/notifications/read")
@login_required
def read():
    """Mark every notice read."""
    mark_notifications_read(current_user)
    db.session.commit()
    return redirect(url_for("notifications.index"), 303)
