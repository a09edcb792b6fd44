"""Check the shape of the report, moderation and suspension forms."""

from wtforms import IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from app.forms import PageForm
from app.models.report import REPORT_REASON_LABELS
from app.moderation.services import ACTION_LABELS, DETAILS_MAX, REASON_MAX

REASON_LENGTH = Length(max=REASON_MAX, message=f"Keep the reason to {REASON_MAX:,} characters.")


class ReportForm(PageForm):
    """Report an argument or a piece of evidence."""

    reason = RadioField(
        "What is wrong?",
        choices=[
            SelectChoice(reason.value, label) for reason, label in REPORT_REASON_LABELS.items()
        ],
        validators=[DataRequired("Choose what is wrong.")],
    )
    details = TextAreaField("Details", validators=[Length(max=DETAILS_MAX)])


class ModerationForm(PageForm):
    """Act on an item of the queue; the service asks a reason of all but approve and dismiss."""

    action = SelectField(
        "Action", choices=[SelectChoice(name, label) for name, label in ACTION_LABELS.items()]
    )
    reason = TextAreaField(
        "Reason (the author and the public log see it)",
        validators=[REASON_LENGTH],
    )


class SuspendForm(PageForm):
    """Suspend a member from a debate for some days."""

    username = StringField("Username", validators=[DataRequired("Whom do you suspend?")])
    days = IntegerField(
        "Days (0 lifts a suspension)",
        default=7,
        validators=[InputRequired("How many days?"), NumberRange(0, 365)],
    )
    reason = TextAreaField(
        "Reason", validators=[DataRequired("Give a reason."), REASON_LENGTH]
    )
