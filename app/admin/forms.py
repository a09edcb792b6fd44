"""Check the shape of the site admin's forms."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from app.auth.services import USERNAME_MAX
from app.forms import PageForm


class TrustForm(PageForm):
    """Set one account's trust level, or let it be earned again."""

    username = StringField(
        _l("Username"),
        validators=[DataRequired(_l("Name the account.")), Length(max=USERNAME_MAX)],
        filters=[lambda value: value.strip().lower() if value else value],
    )
    level = SelectField(
        _l("Trust level"),
        choices=[
            SelectChoice("auto", _l("Earned (by age and shown arguments)")),
            SelectChoice("new", _l("New")),
            SelectChoice("basic", _l("Basic")),
            SelectChoice("member", _l("Member")),
        ],
        default="auto",
    )


class SuspensionForm(PageForm):
    """Suspend an account from every debate, or lift that, with a reason for the log."""

    username = StringField(
        _l("Username"),
        validators=[DataRequired(_l("Name the account.")), Length(max=USERNAME_MAX)],
        filters=[lambda value: value.strip().lower() if value else value],
    )
    reason = TextAreaField(
        _l("Reason"),
        validators=[Optional(), Length(max=500)],
        filters=[lambda value: value.strip() if value else value],
    )
