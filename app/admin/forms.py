"""Check the shape of the site admin's forms."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Length

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
