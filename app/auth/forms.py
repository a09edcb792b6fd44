"""Check the shape of the sign-up and sign-in forms."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, Regexp

from app.auth.services import (
    DISPLAY_NAME_MAX,
    PASSWORD_MAX,
    PASSWORD_MIN,
    USERNAME_MAX,
    USERNAME_MIN,
    USERNAME_PATTERN,
)
from app.forms import PageForm


class SignUpForm(PageForm):
    """Create an account; the email address is optional."""

    username = StringField(
        _l("Username"),
        validators=[
            DataRequired(_l("Choose a username.")),
            Length(USERNAME_MIN, USERNAME_MAX),
            Regexp(
                USERNAME_PATTERN,
                message=_l("Use lowercase letters, digits and underscores only."),
            ),
        ],
        filters=[lambda value: value.strip().lower() if value else value],
    )
    display_name = StringField(
        _l("Display name"),
        validators=[DataRequired(_l(
            "Say how your name should appear.",
        )), Length(1, DISPLAY_NAME_MAX)],
        filters=[lambda value: value.strip() if value else value],
    )
    email = EmailField(
        _l("Email (optional)"),
        validators=[Optional(), Email(_l("Enter a valid email address.")), Length(max=254)],
        filters=[lambda value: value.strip().lower() or None if value else None],
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Choose a password.")), Length(PASSWORD_MIN, PASSWORD_MAX)],
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(_l("Repeat the password.")),
            EqualTo("password", "The two passwords differ."),
        ],
    )


class SignInForm(PageForm):
    """Sign in with a username and password."""

    username = StringField(
        _l("Username"),
        validators=[DataRequired(_l("Enter your username.")), Length(max=USERNAME_MAX)],
        filters=[lambda value: value.strip().lower() if value else value],
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=PASSWORD_MAX)],
    )
    remember = BooleanField(_l("Keep me signed in on this device"))


class DeleteAccountForm(PageForm):
    """Confirm deleting an account with its password."""

    password = PasswordField(
        _l(
            "Your password",
        ), validators=[DataRequired(_l(
            "Enter your password.",
        )), Length(max=PASSWORD_MAX)]
    )
    confirm = BooleanField(
        _l("I understand: my account, votes and notices go; my arguments stay, by nobody"),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )


class PasswordForm(PageForm):
    """Change the password, which signs out every other browser."""

    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your current password.")), Length(max=PASSWORD_MAX)],
    )
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l(
            "Choose a new password.",
        )), Length(PASSWORD_MIN, PASSWORD_MAX)],
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(_l("Repeat the new password.")),
            EqualTo("password", "The two passwords differ."),
        ],
    )
