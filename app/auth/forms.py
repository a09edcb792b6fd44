"""Check the shape of the account forms: signing up and in, passwords, tokens."""

from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
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


class SignUpForm(PageForm):
    """Create an account; the email address is optional."""

    username = StringField(
        "Username",
        validators=[
            DataRequired("Choose a username."),
            Length(USERNAME_MIN, USERNAME_MAX),
            Regexp(
                USERNAME_PATTERN,
                message="Use lowercase letters, digits and underscores only.",
            ),
        ],
        filters=[lambda value: value.strip().lower() if value else value],
    )
    display_name = StringField(
        "Display name",
        validators=[DataRequired("Say how your name should appear."), Length(1, DISPLAY_NAME_MAX)],
        filters=[lambda value: value.strip() if value else value],
    )
    email = EmailField(
        "Email (optional)",
        validators=[Optional(), Email("Enter a valid email address."), Length(max=254)],
        filters=[lambda value: value.strip().lower() or None if value else None],
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Choose a password."), Length(PASSWORD_MIN, PASSWORD_MAX)],
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[
            DataRequired("Repeat the password."),
            EqualTo("password", "The two passwords differ."),
        ],
    )
    code = StringField(
        "Class or event code (optional)",
        validators=[Optional(), Length(max=CODE_MAX)],
        filters=[lambda value: value.strip() or None if value else None],
    )


class SignInForm(PageForm):
    """Sign in with a username and password."""

    username = StringField(
        "Username",
        validators=[DataRequired("Enter your username."), Length(max=USERNAME_MAX)],
        filters=[lambda value: value.strip().lower() if value else value],
    )
    password = PasswordField(
        "Password", validators=[DataRequired("Enter your password."), Length(max=PASSWORD_MAX)]
    )
    remember = BooleanField("Keep me signed in on this device")


class DeleteAccountForm(PageForm):
    """Confirm deleting an account with its password."""

    password = PasswordField(
        "Your password", validators=[DataRequired("Enter your password."), Length(max=PASSWORD_MAX)]
    )
    confirm = BooleanField(
        "I understand: my account, votes and notices go; my arguments stay, by nobody",
        validators=[DataRequired("Tick the box to confirm.")],
    )


class PasswordForm(PageForm):
    """Change the password, which signs out every other browser."""

    current_password = PasswordField(
        "Current password",
        validators=[DataRequired("Enter your current password."), Length(max=PASSWORD_MAX)],
    )
    password = PasswordField(
        "New password",
        validators=[DataRequired("Choose a new password."), Length(PASSWORD_MIN, PASSWORD_MAX)],
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[
            DataRequired("Repeat the new password."),
            EqualTo("password", "The two passwords differ."),
        ],
    )


class TokenForm(PageForm):
    """Name a new personal access token and choose what it may do."""

    name = StringField(
        "Name",
        validators=[DataRequired("Name the token after where it will be used."),
                    Length(max=TOKEN_NAME_MAX)],
        filters=[lambda value: value.strip() if value else value],
    )
    scope = SelectField(
        "Scope",
        choices=[SelectChoice("read", "Read: see what you see"),
                 SelectChoice("write", "Write: also post, rate and vote as you")],
        default="read",
    )


class DisplayNameForm(PageForm):
    """Change how the person's name appears in debates."""

    display_name = StringField(
        "Display name",
        validators=[DataRequired("Say how your name should appear."), Length(1, DISPLAY_NAME_MAX)],
        filters=[lambda value: value.strip() if value else value],
    )
