"""Serve the pages emailed links open: confirming an address, a new password, unsubscribing;
and asking for a reset link."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.errors import beside_field, form_status
from app.extensions import csrf, db, limiter
from app.mail import bp
from app.mail.forms import NewPasswordForm, ResetRequestForm
from app.mail.services import request_reset, reset_password, unsubscribe, verify_email
from app.mail.tokens import read_token


@bp.route("/account/email/verify/<token>", methods=["GET", "POST"])
def verify(token: str):
    """Confirm an address from the link mailed to it: the page asks, the button confirms."""
    user, payload = read_token(token, "verify")
    if request.method == "POST":
        verify_email(user, payload, token)
        db.session.commit()
        flash(_("Your address %(address)s is confirmed.", address=user.email), "success")
        return redirect(url_for("debates.index"), 303)
    return render_template("mail/verify.html", address=payload.get("email"), token=token)


def reset_limit() -> str:
    """Return how often one address may ask for reset links."""
    return current_app.config["RESET_REQUEST_LIMIT"]


@bp.route("/account/reset", methods=["GET", "POST"])
@limiter.limit(reset_limit, methods=["POST"])
def reset_request():
    """Ask for a link that sets a new password, sent to the account's confirmed address."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        request_reset(form.name.data)
        db.session.commit()
        flash(_("If that account has a confirmed email address, a link to reset its password "
                "is on its way."), "info")
        return redirect(url_for("auth.sign_in"), 303)
    return render_template("mail/reset_request.html", form=form), form_status()


@bp.route("/account/reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    """Choose a new password from a reset link; every sign-in of the account ends."""
    user, _payload = read_token(token, "reset")
    form = NewPasswordForm()
    if form.validate_on_submit():
        with beside_field(form, "password"):
            reset_password(user, form.password.data, token)
            db.session.commit()
            flash(_("Your password is changed. Sign in with it."), "success")
            return redirect(url_for("auth.sign_in"), 303)
    return render_template(
        "mail/reset.html", form=form, token=token, username=user.username
    ), form_status()


@bp.route("/mail/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe_page(token: str):
    """Stop mail about notices from a link in one, without signing in: the page asks, the
    button (or a mail program's one-click request) confirms."""
    user, _payload = read_token(token, "unsubscribe")
    if request.method == "POST":
        unsubscribe(user, token)
        db.session.commit()
        return render_template("mail/unsubscribed.html")
    return render_template("mail/unsubscribe.html", token=token)
