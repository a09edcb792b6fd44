"""Check the shape of the report, moderation and suspension forms."""

from flask_babel import format_number
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from wtforms import IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from app.forms import PageForm
from app.models.report import REPORT_REASON_LABELS
from app.moderation.services import ACTION_LABELS, DETAILS_MAX, REASON_MAX

REASON_LENGTH = Length(max=REASON_MAX, message=_l(
    "Keep the reason to %(reason_max)s characters.",
    reason_max=LazyString(format_number, REASON_MAX),
))


class ReportForm(PageForm):
    """Report an argument or a piece of evidence."""

    reason = RadioField(
        _l("What is wrong?"),
        choices=[
            SelectChoice(reason.value, label) for reason, label in REPORT_REASON_LABELS.items()
        ],
        validators=[DataRequired(_l("Choose what is wrong."))],
    )
    details = TextAreaField(_l("Details"), validators=[Length(max=DETAILS_MAX)])


class ModerationForm(PageForm):
    """Act on an item of the queue; the service asks a reason of all but approve and dismiss."""

    action = SelectField(
        _l("Action"), choices=[SelectChoice(name, label) for name, label in ACTION_LABELS.items()]
    )
    reason = TextAreaField(
        _l("Reason (the author and the public log see it)"),
        validators=[REASON_LENGTH],
    )


class SuspendForm(PageForm):
    """Suspend a member from a debate for some days."""

    username = StringField(_l("Username"), validators=[DataRequired(_l("Whom do you suspend?"))])
    days = IntegerField(
        _l("Days (0 lifts a suspension)"),
        default=7,
        validators=[InputRequired(_l("How many days?")), NumberRange(0, 365)],
    )
    reason = TextAreaField(
        _l("Reason"), validators=[DataRequired(_l("Give a reason.")), REASON_LENGTH]
    )
