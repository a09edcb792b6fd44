"""Check the shape of the member, invite and settings forms."""

from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, InputRequired, NumberRange

from app.forms import PageForm
from app.memberships.services import INVITE_DAYS_MAX
from app.models import PostingMode, Visibility, Voters

ROLE_CHOICES = [
    SelectChoice("participant", "Participant"),
    SelectChoice("moderator", "Moderator"),
    SelectChoice("viewer", "Viewer"),
]


class MemberForm(PageForm):
    """Add a member by username, or change a member's role."""

    username = StringField("Username", validators=[DataRequired("Whom do you invite?")])
    role = SelectField("Role", choices=ROLE_CHOICES)


class InviteForm(PageForm):
    """Make a shareable invite link."""

    role = SelectField("Joins as", choices=ROLE_CHOICES)
    days = IntegerField(
        "Valid for (days)",
        default=7,
        validators=[InputRequired(), NumberRange(1, INVITE_DAYS_MAX)],
    )


class SettingsForm(PageForm):
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
    participants_raise_positions = BooleanField(
        "Participants may raise positions too (not while new arguments wait for approval)"
    )

    def fill_from(self, debate) -> "SettingsForm":
        """Show a debate's current choices, for a form that was not sent."""
        for name in ("visibility", "posting_mode", "voters"):
            getattr(self, name).data = getattr(debate, name).value
        return self
