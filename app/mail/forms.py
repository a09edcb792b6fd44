"""Check the shape of the mail forms: address and frequency, asking for a reset, a new
password."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from app.auth.services import PASSWORD_MAX, PASSWORD_MIN
from app.forms import PageForm
from app.models import MailMode


class MailSettingsForm(PageForm):
    """Give, change or remove the address, and choose how often notices come by mail."""

    email = EmailField(
        _l("Email address"),
        validators=[Optional(), Email(_l("Enter a valid email address.")), Length(max=254)],
        filters=[lambda value: value.strip().lower() or None if value else None],
    )
    mail_mode = SelectField(
        _l("Notices by email"),
        choices=[
            SelectChoice(MailMode.AT_ONCE.value, _l("At once, one mail per notice")),
            SelectChoice(MailMode.DAILY.value, _l("A daily digest")),
            SelectChoice(MailMode.NEVER.value, _l("Never")),
        ],
        default=MailMode.AT_ONCE.value,
    )


class ResetRequestForm(PageForm):
    """Ask for a link that sets a new password."""

    name = StringField(
        _l("Username or email address"),
        validators=[DataRequired(_l("Give your username or your email address.")),
                    Length(max=254)],
        filters=[lambda value: value.strip() if value else value],
    )


class NewPasswordForm(PageForm):
    """Choose a new password from a reset link."""

    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Choose a new password.")),
                    Length(PASSWORD_MIN, PASSWORD_MAX)],
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(_l("Repeat the new password.")),
            EqualTo("password", _l("The two passwords differ.")),
        ],
    )
