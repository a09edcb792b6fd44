"""Serve a person's notices and marking them read."""

from flask import redirect, render_template, url_for
from flask_login import current_user, login_required

from app.extensions import db
from app.notifications import bp
from app.notifications.services import mark_notifications_read, select_notifications


@bp.get("/notifications")
@login_required
def index():
    """List a person's notices, newest first."""
    notices = db.session.scalars(select_notifications(current_user)).all()
    return render_template("notifications/index.html", notifications=notices)


@bp.post("/notifications/read")
@login_required
def read():
    """Mark every notice read."""
    mark_notifications_read(current_user)
    db.session.commit()
    return redirect(url_for("notifications.index"), 303)
