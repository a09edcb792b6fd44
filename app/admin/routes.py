"""Serve the site admin page and its actions."""

from flask import flash, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.admin import bp
from app.admin.forms import SuspensionForm, TrustForm
from app.admin.queries import (
    accounts_by_trust,
    accounts_with_set_level,
    open_reports,
    repeated_claims,
    site_log,
    suspended_accounts,
)
from app.admin.services import lift_suspension, set_trust, suspend_account
from app.errors import beside_field, form_status
from app.extensions import db
from app.htmx import hx_redirect
from app.models import TrustLevel
from app.policy import require_site_admin


def admin_page(form: TrustForm | None = None, suspension_form: SuspensionForm | None = None):
    """Render the site admin page, with a form as sent when it is re-shown."""
    return render_template(
        "admin/index.html",
        reports=open_reports(),
        trust=accounts_by_trust(),
        set_accounts=accounts_with_set_level(),
        repeats=repeated_claims(),
        form=form or TrustForm(formdata=None),
        suspension_form=suspension_form or SuspensionForm(formdata=None),
        suspended=suspended_accounts(),
        log=site_log(),
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


@bp.post("/suspensions")
@login_required
def suspend():
    """Suspend an account from every debate, with a reason kept in the log."""
    require_site_admin(current_user)
    form = SuspensionForm()
    if form.validate_on_submit():
        with beside_field(form, "username"):
            user = suspend_account(current_user._get_current_object(), form.username.data,
                                   form.reason.data)
            db.session.commit()
            flash(_("%(name)s is suspended from the whole site.", name=user.username),
                  "success")
            return hx_redirect(url_for("admin.index"))
    return admin_page(suspension_form=form)


@bp.post("/suspensions/lift")
@login_required
def lift():
    """Lift an account's site-wide suspension."""
    require_site_admin(current_user)
    form = SuspensionForm()
    if form.validate_on_submit():
        with beside_field(form, "username"):
            user = lift_suspension(current_user._get_current_object(), form.username.data,
                                   form.reason.data)
            db.session.commit()
            flash(_("%(name)s may take part again.", name=user.username), "success")
            return hx_redirect(url_for("admin.index"))
    return admin_page(suspension_form=form)
