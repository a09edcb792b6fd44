"""Serve the account screens: signing up, in and out (here or everywhere), the password, API
tokens."""

from datetime import timedelta

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import bp, sign_up_limits
from app.auth.forms import (
    DeleteAccountForm,
    DisplayNameForm,
    PasswordForm,
    ProfileForm,
    SignInForm,
    SignUpForm,
    TokenForm,
)
from app.auth.privacy import delete_account, export_account
from app.auth.services import authenticate, change_password, register_user, rename_user
from app.auth.sign_ins import (
    count_sign_ins,
    end_every_sign_in,
    end_sign_in,
    signed_in_user,
    start_sign_in,
)
from app.auth.tokens import ACTIVE_TOKENS_MAX, create_token, revoke_token, tokens_of
from app.errors import DomainError, beside_field, form_status
from app.extensions import db, limiter, login
from app.htmx import hx_redirect, login_redirect, render
from app.i18n import LANGUAGES, LOCALE_COOKIE, LOCALE_COOKIE_AGE
from app.mail.forms import MailSettingsForm
from app.mail.services import change_email, resend_verification
from app.models import MailMode, User
from app.people.services import update_profile
from app.security import is_safe_redirect

EMAIL_NOTE = (
    _l(
        "An email address is kept only if no other account uses it; your account page shows "
        "whether it was.",
    )
)


@login.user_loader
def load_user(token: str) -> User | None:
    """Load the signed-in user from the sign-in token in the session or remember-me cookie."""
    return signed_in_user(token)


def sign_in_lifetime() -> timedelta:
    """Return how long a sign-in lasts on the server."""
    return current_app.config["SIGN_IN_LIFETIME"]


@login.unauthorized_handler
def unauthorized():
    """Send anonymous visitors to sign in, htmx callers included."""
    flash(_("Please sign in to continue."), "info")
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
@sign_up_limits.site_wide()
@sign_up_limits.per_code_giver()
@sign_up_limits.per_address()
def sign_up():
    """Create an account and sign in; a class or event code lifts the limit per address."""
    if current_user.is_authenticated:
        return redirect(url_for("debates.index"))
    form = SignUpForm(code=sign_up_limits.typed_code() or None)
    if form.validate_on_submit():
        with beside_field(form, "username"):
            if form.code.data and not sign_up_limits.has_code():
                raise DomainError(_("This code is unknown or no longer works; ask for a new one, "
                                    "or leave it empty."), field="code")
            user = register_user(
                form.username.data,
                form.display_name.data,
                form.password.data,
                email=form.email.data,
            )
            start_sign_in(user, remember=False, lasts=sign_in_lifetime())
            db.session.commit()
            login_user(user)
            flash(_(
                "Welcome to Agora, %(display_name)s.",
                display_name=user.display_name,
            ), "success")
            if form.email.data:
                # The same words whether or not the address was free, so they reveal nothing.
                flash(str(EMAIL_NOTE), "info")
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
            start_sign_in(user, remember=form.remember.data, lasts=sign_in_lifetime())
            db.session.commit()
            login_user(user, remember=form.remember.data)
            return hx_redirect(next_url())
        form.password.errors.append(_("The username or password is not right."))
    return render(
        "auth/sign_in.html", "auth/_sign_in_form.html", form_status(), form=form, next=next_url()
    )


@bp.post("/sign-out")
@login_required
def sign_out():
    """Sign out, ending this sign-in on the server so that no copy of its cookies works."""
    end_sign_in(current_user._get_current_object())
    db.session.commit()
    logout_user()
    flash(_("You are signed out."), "info")
    return hx_redirect(url_for("debates.index"))


@bp.post("/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    """Sign out on every browser and device, this one included."""
    end_every_sign_in(current_user._get_current_object())
    db.session.commit()
    logout_user()
    flash(_("You are signed out everywhere."), "info")
    return hx_redirect(url_for("debates.index"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    """Change the password, signing out every other browser."""
    form = PasswordForm()
    if form.validate_on_submit():
        with beside_field(form, "current_password"):
            sign_in = change_password(current_user._get_current_object(),
                                      form.current_password.data, form.password.data,
                                      sign_in_lifetime())
            db.session.commit()
            login_user(current_user._get_current_object(), remember=sign_in.remember)
            flash(_("Your password is changed; every other browser is signed out."), "success")
            return hx_redirect(url_for("auth.account"))
    return render("auth/password.html", "auth/_password_form.html", form_status(), form=form)


def account_forms(**shown) -> dict:
    """Gather what the account page shows, its forms fresh unless one is being re-shown."""
    shown.setdefault("form", DeleteAccountForm())
    shown.setdefault("name_form", DisplayNameForm(display_name=current_user.display_name))
    shown.setdefault("profile_form", ProfileForm(
        formdata=None, public=current_user.profile_public, bio=current_user.bio
    ))
    shown.setdefault("mail_form", MailSettingsForm(
        formdata=None, email=current_user.email, mail_mode=current_user.mail_mode.value
    ))
    if "tokens" not in shown:
        shown.update(token_section())
    return {"sign_ins": count_sign_ins(current_user), **shown}


def account_page(**forms):
    """Render the account page with its forms, fresh unless one is being re-shown."""
    return render_template("auth/account.html", **account_forms(**forms))


@bp.get("/")
@login_required
def account():
    """Show what Agora keeps about the person, with renaming, export and deletion."""
    return account_page()


@bp.post("/display-name")
@login_required
def display_name():
    """Change how the person's name appears in debates."""
    form = DisplayNameForm()
    if form.validate_on_submit():
        with beside_field(form, "display_name"):
            rename_user(current_user._get_current_object(), form.display_name.data)
            db.session.commit()
            flash(_("Your name now appears as %(name)s.", name=current_user.display_name),
                  "success")
            return hx_redirect(url_for("auth.account"))
    return account_page(name_form=form), 422


@bp.post("/email")
@login_required
def mail_settings():
    """Give, change or remove one's email address, and choose how often notices come."""
    form = MailSettingsForm()
    if form.validate_on_submit():
        before = current_user.email
        with beside_field(form, "email"):
            change_email(current_user._get_current_object(), form.email.data,
                         MailMode(form.mail_mode.data))
            db.session.commit()
            if form.email.data and form.email.data != before:
                # The same words whether or not the address was free, so they reveal nothing.
                flash(_("Saved. If no other account uses this address, a link to confirm it "
                        "is on its way; this page shows the address once it is kept."),
                      "success")
            else:
                flash(_("Your mail settings are saved."), "success")
            return hx_redirect(url_for("auth.account"))
    return account_page(mail_form=form), 422


@bp.post("/email/resend")
@login_required
def resend_verification_link():
    """Send the link that confirms one's address again."""
    form = MailSettingsForm(formdata=None)
    with beside_field(form, "email"):
        resend_verification(current_user._get_current_object())
        db.session.commit()
        flash(_("A new link is on its way to %(address)s.", address=current_user.email),
              "success")
        return hx_redirect(url_for("auth.account"))
    return account_page(mail_form=form), 422


@bp.post("/profile")
@login_required
def profile():
    """Show or hide one's public profile and set its short bio."""
    form = ProfileForm()
    if form.validate_on_submit():
        with beside_field(form, "bio"):
            update_profile(current_user._get_current_object(), form.public.data, form.bio.data)
            db.session.commit()
            flash(_("Your profile is public.") if form.public.data
                  else _("Your profile is private."), "success")
            return hx_redirect(url_for("auth.account"))
    return account_page(profile_form=form), 422


def token_section(form: TokenForm | None = None, secret: str | None = None) -> dict:
    """Gather what the account page's token section shows: the list, the form, and a new
    token's secret the one time it is shown."""
    return {"tokens": tokens_of(current_user), "token_form": form or TokenForm(),
            "new_secret": secret, "tokens_max": ACTIVE_TOKENS_MAX}


@bp.post("/tokens")
@login_required
def new_token():
    """Make a personal access token and show its secret, this once."""
    form = TokenForm()
    secret = None
    if form.validate_on_submit():
        with beside_field(form, "name"):
            _, secret = create_token(current_user._get_current_object(), form.name.data,
                                     form.scope.data)
            db.session.commit()
            form = TokenForm(formdata=None)
    response = render("auth/account.html", "auth/_tokens.html", 200 if secret else 422,
                      **account_forms(**token_section(form, secret)))
    # The secret must not outlive this page in any cache.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke(token_id: int):
    """Revoke one of one's tokens: scripts using it are refused from now on."""
    token = revoke_token(current_user._get_current_object(), token_id)
    db.session.commit()
    flash(_("The token “%(name)s” is revoked.", name=token.name), "info")
    return hx_redirect(url_for("auth.account", _anchor="tokens"))


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
            form.password.errors.append(_("The password is not right."))
        else:
            with beside_field(form, "confirm"):
                delete_account(current_user._get_current_object())
                db.session.commit()
                logout_user()
                flash(_("Your account is deleted."), "info")
                return hx_redirect(url_for("debates.index"))
    return account_page(form=form), 422


@bp.post("/language")
def language():
    """Switch the interface language: on the account when signed in, in a cookie when not."""
    chosen = request.form.get("locale", "")
    if chosen not in LANGUAGES:
        abort(400)
    target = request.form.get("next")
    response = redirect(target if is_safe_redirect(target) else url_for("debates.index"), 303)
    if current_user.is_authenticated:
        current_user.locale = chosen
        db.session.commit()
    else:
        response.set_cookie(
            LOCALE_COOKIE,
            chosen,
            max_age=LOCALE_COOKIE_AGE,
            samesite="Lax",
            httponly=True,
            secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
        )
    return response
