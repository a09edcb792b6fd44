"""Check the shape of the account forms: signing up and in, passwords, tokens."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, Regexp

from app.auth.services import (
    DISPLAY_NAME_MAX,
    PASSWORD_MAX,
    PASSWORD_MIN,
    USERNAME_MAX,
    USERNAME_MIN,
    USERNAME_PATTERN,
)
from app.auth.sign_up_limits import CODE_MAX
from app.auth.tokens import TOKEN_NAME_MAX
from app.forms import PageForm
from app.models.user import BIO_MAX


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
    code = StringField(
        _l("Class or event code (optional)"),
        validators=[Optional(), Length(max=CODE_MAX)],
        filters=[lambda value: value.strip() or None if value else None],
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


class TokenForm(PageForm):
    """Name a new personal access token and choose what it may do."""

    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Name the token after where it will be used.")),
                    Length(max=TOKEN_NAME_MAX)],
        filters=[lambda value: value.strip() if value else value],
    )
    scope = SelectField(
        _l("Scope"),
        choices=[SelectChoice("read", _l("Read: see what you see")),
                 SelectChoice("write", _l("Write: also post, rate and vote as you"))],
        default="read",
    )


class DisplayNameForm(PageForm):
    """Change how the person's name appears in debates."""

    display_name = StringField(
        _l("Display name"),
        validators=[DataRequired(_l("Say how your name should appear.")),
                    Length(1, DISPLAY_NAME_MAX)],
        filters=[lambda value: value.strip() if value else value],
    )


class ProfileForm(PageForm):
    """Opt in to a public profile and write its short bio."""

    public = BooleanField(_l("Show my public profile"))
    bio = TextAreaField(
        _l("Short bio"),
        validators=[Optional(), Length(max=BIO_MAX)],
        filters=[lambda value: value.strip() if value else value],
    )
