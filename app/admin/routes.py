"""Serve the site admin page and its actions."""

from flask import flash, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.admin import bp
from app.admin.forms import TrustForm
from app.admin.queries import (
    accounts_by_trust,
    accounts_with_set_level,
    open_reports,
    repeated_claims,
)
from app.admin.services import set_trust
from app.errors import beside_field, form_status
from app.extensions import db
from app.htmx import hx_redirect
from app.models import TrustLevel
from app.policy import require_site_admin


def admin_page(form: TrustForm | None = None):
    """Render the site admin page, with the trust form as sent when it is re-shown."""
    return render_template(
        "admin/index.html",
        reports=open_reports(),
        trust=accounts_by_trust(),
        set_accounts=accounts_with_set_level(),
        repeats=repeated_claims(),
        form=form or TrustForm(formdata=None),
    ), form_status()


@bp.get("/")
@login_required
def index():
    """Show site admins the open reports of every debate, accounts by trust level and text
    repeated across debates."""
    require_site_admin(current_user)
    return admin_page()


@bp.post("/trust")
@login_required
def trust():
    """Set an account's trust level, or let it be earned again."""
    require_site_admin(current_user)
    form = TrustForm()
    if form.validate_on_submit():
        with beside_field(form, "username"):
            level = None if form.level.data == "auto" else TrustLevel(form.level.data)
            user = set_trust(form.username.data, level)
            db.session.commit()
            flash(_("The trust level of %(name)s is saved.", name=user.username), "success")
            return hx_redirect(url_for("admin.index"))
    return admin_page(form)
