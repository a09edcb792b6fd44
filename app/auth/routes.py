"""Serve the sign-up, sign-in and sign-out screens."""

from flask import (
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import bp
from app.auth.forms import DeleteAccountForm, SignInForm, SignUpForm
from app.auth.privacy import delete_account, export_account
from app.auth.services import authenticate, register_user
from app.errors import beside_field, form_status
from app.extensions import db, limiter, login
from app.htmx import hx_redirect, login_redirect, render
from app.models import User
from app.security import is_safe_redirect


@login.user_loader
def load_user(user_id: str) -> User | None:
    """Load the signed-in user from the session."""
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


@login.unauthorized_handler
def unauthorized():
    """Send anonymous visitors to sign in, htmx callers included."""
    flash("Please sign in to continue.", "info")
    return login_redirect()


def next_url() -> str:
    """Return where to go after signing in: the requested page on this site, or home."""
    target = request.args.get("next") or request.form.get("next")
    return target if is_safe_redirect(target) else url_for("debates.index")


def account_key() -> str:
    """Key the per-account limit on the username being tried."""
    return "sign-in:" + (request.form.get("username") or "").strip().lower()[:64]


def failed_sign_in(response) -> bool:
    """Count only refused attempts, so the owner's own sign-ins never use up the allowance."""
    # A refused sign-in re-renders the form with 422; success is a 303, or a 204 for htmx.
    return response.status_code == 422


@bp.route("/sign-up", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGN_UP_LIMIT_PER_ADDRESS"], methods=["POST"])
def sign_up():
    """Create an account and sign in."""
    if current_user.is_authenticated:
        return redirect(url_for("debates.index"))
    form = SignUpForm()
    if form.validate_on_submit():
        with beside_field(form, "username"):
            user = register_user(
                form.username.data,
                form.display_name.data,
                form.password.data,
                email=form.email.data,
            )
            db.session.commit()
            login_user(user)
            flash(f"Welcome to Agora, {user.display_name}.", "success")
            return hx_redirect(next_url())
    return render("auth/sign_up.html", "auth/_sign_up_form.html", form_status(), form=form)


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGN_IN_LIMIT_PER_ADDRESS"], methods=["POST"])
@limiter.limit(
    lambda: current_app.config["SIGN_IN_LIMIT_PER_ACCOUNT"],
    key_func=account_key,
    methods=["POST"],
    deduct_when=failed_sign_in,
)
def sign_in():
    """Sign in with a username and password."""
    if current_user.is_authenticated:
        return redirect(next_url())
    form = SignInForm()
    if form.validate_on_submit():
        user = authenticate(form.username.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            return hx_redirect(next_url())
        form.password.errors.append("The username or password is not right.")
    return render(
        "auth/sign_in.html", "auth/_sign_in_form.html", form_status(), form=form, next=next_url()
    )


@bp.post("/sign-out")
@login_required
def sign_out():
    """Sign out and forget the remember-me cookie."""
    logout_user()
    flash("You are signed out.", "info")
    return hx_redirect(url_for("debates.index"))


@bp.get("/")
@login_required
def account():
    """Show what Agora keeps about the person, with export and deletion."""
    return render_template("auth/account.html", form=DeleteAccountForm())


@bp.get("/export.json")
@login_required
def export():
    """Download everything stored about and by the signed-in person, as JSON streamed out."""
    return Response(
        stream_with_context(export_account(current_user)),
        mimetype="application/json",
        headers={"Content-Disposition": f"attachment; filename=agora-{current_user.username}.json"},
    )


@bp.post("/delete")
@login_required
def delete():
    """Delete the signed-in person's account after checking their password."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if authenticate(current_user.username, form.password.data) is None:
            form.password.errors.append("The password is not right.")
        else:
            with beside_field(form, "confirm"):
                delete_account(current_user._get_current_object())
                db.session.commit()
                logout_user()
                flash("Your account is deleted.", "info")
                return hx_redirect(url_for("debates.index"))
    return render_template("auth/account.html", form=form), 422
