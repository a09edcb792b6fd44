"""Check the shape of the moderation, report, member and settings forms."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from app.models import PostingMode, Visibility, Voters
from app.models.moderation import REPORT_REASON_LABELS
from app.moderation.services import DETAILS_MAX, REASON_MAX

ROLE_CHOICES = [
    SelectChoice("participant", "Participant"),
    SelectChoice("moderator", "Moderator"),
    SelectChoice("viewer", "Viewer"),
]


class ReportForm(FlaskForm):
    """Report an argument or a piece of evidence."""

    reason = RadioField(
        "What is wrong?",
        choices=[
            SelectChoice(reason.value, label) for reason, label in REPORT_REASON_LABELS.items()
        ],
        validators=[DataRequired("Choose what is wrong.")],
    )
    details = TextAreaField("Details", validators=[Length(max=DETAILS_MAX)])


class ModerationForm(FlaskForm):
    """Act on an item of the queue, always with a reason."""

    action = SelectField(
        "Action",
        choices=[
            SelectChoice("approve", "Approve"),
            SelectChoice("reject", "Reject"),
            SelectChoice("hide", "Hide"),
            SelectChoice("restore", "Restore"),
            SelectChoice("dismiss_reports", "Dismiss reports"),
            SelectChoice("lock", "Lock branch"),
            SelectChoice("unlock", "Unlock branch"),
        ],
    )
    reason = TextAreaField(
        "Reason (the author and the public log see it)",
        validators=[DataRequired("Give a reason."), Length(max=REASON_MAX)],
    )


class SuspendForm(FlaskForm):
    """Suspend a member from a debate for some days."""

    username = StringField("Username", validators=[DataRequired("Whom do you suspend?")])
    days = IntegerField(
        "Days (0 lifts a suspension)",
        default=7,
        validators=[InputRequired("How many days?"), NumberRange(0, 365)],
    )
    reason = TextAreaField(
        "Reason", validators=[DataRequired("Give a reason."), Length(max=REASON_MAX)]
    )


class MemberForm(FlaskForm):
    """Add a member by username, or change a member's role."""

    username = StringField("Username", validators=[DataRequired("Whom do you invite?")])
    role = SelectField("Role", choices=ROLE_CHOICES)


class InviteForm(FlaskForm):
    """Make a shareable invite link."""

    role = SelectField("Joins as", choices=ROLE_CHOICES)
    days = IntegerField(
        "Valid for (days)", default=7, validators=[InputRequired(), NumberRange(1, 90)]
    )


class SettingsForm(FlaskForm):
    """Change who may read, post and vote, and how moderation works."""

    visibility = SelectField(
        "Who can read it",
        choices=[
            SelectChoice(Visibility.PUBLIC.value, "Public: listed for everyone"),
            SelectChoice(Visibility.UNLISTED.value, "Unlisted: anyone with the link"),
            SelectChoice(Visibility.MEMBERS.value, "Members only"),
        ],
    )
    posting_mode = SelectField(
        "New arguments and evidence",
        choices=[
            SelectChoice(PostingMode.OPEN.value, "Appear at once"),
            SelectChoice(PostingMode.PREMODERATED.value, "Wait for a moderator's approval"),
        ],
    )
    voters = SelectField(
        "Who may vote",
        choices=[
            SelectChoice(Voters.SIGNED_IN.value, "Anyone signed in who may read it"),
            SelectChoice(Voters.MEMBERS.value, "Members only"),
        ],
    )
    posts_per_hour = IntegerField(
        "Arguments per person per hour (0 for no limit)",
        validators=[InputRequired("Give a number."), NumberRange(0, 1000)],
    )
    report_threshold = IntegerField(
        "Reports that hide an item until reviewed",
        validators=[InputRequired("Give a number."), NumberRange(1, 100)],
    )
    hide_tallies_until_rated = BooleanField("Hide rating tallies until a person has rated")
