"""Check the shape of the member, invite and settings forms."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, InputRequired, NumberRange

from app.forms import PageForm
from app.memberships.services import INVITE_DAYS_MAX
from app.models import PostingMode, Visibility, Voters

ROLE_CHOICES = [
    SelectChoice("participant", _l("Participant")),
    SelectChoice("moderator", _l("Moderator")),
    SelectChoice("viewer", _l("Viewer")),
]


class MemberForm(PageForm):
    """Add a member by username, or change a member's role."""

    username = StringField(_l("Username"), validators=[DataRequired(_l("Whom do you invite?"))])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)


class InviteForm(PageForm):
    """Make a shareable invite link."""

    role = SelectField(_l("Joins as"), choices=ROLE_CHOICES)
    days = IntegerField(
        _l("Valid for (days)"),
        default=7,
        validators=[InputRequired(), NumberRange(1, INVITE_DAYS_MAX)],
    )


class SettingsForm(PageForm):
    """Change who may read, post and vote, and how moderation works."""

    visibility = SelectField(
        _l("Who can read it"),
        choices=[
            SelectChoice(Visibility.PUBLIC.value, _l("Public: listed for everyone")),
            SelectChoice(Visibility.UNLISTED.value, _l("Unlisted: anyone with the link")),
            SelectChoice(Visibility.MEMBERS.value, _l("Members only")),
        ],
    )
    posting_mode = SelectField(
        _l("New arguments and evidence"),
        choices=[
            SelectChoice(PostingMode.OPEN.value, _l("Appear at once")),
            SelectChoice(PostingMode.PREMODERATED.value, _l("Wait for a moderator's approval")),
        ],
    )
    voters = SelectField(
        _l("Who may vote"),
        choices=[
            SelectChoice(Voters.SIGNED_IN.value, _l("Anyone signed in who may read it")),
            SelectChoice(Voters.MEMBERS.value, _l("Members only")),
        ],
    )
    posts_per_hour = IntegerField(
        _l("Arguments per person per hour (0 for no limit)"),
        validators=[InputRequired(_l("Give a number.")), NumberRange(0, 1000)],
    )
    report_threshold = IntegerField(
        _l("Reports that hide an item until reviewed"),
        validators=[InputRequired(_l("Give a number.")), NumberRange(1, 100)],
    )
    hide_tallies_until_rated = BooleanField(_l("Hide rating tallies until a person has rated"))
    participants_raise_positions = BooleanField(
        _l("Participants may raise positions too (reviewed first where new posts wait for "
           "approval)")
    )

    def fill_from(self, debate) -> "SettingsForm":
        """Show a debate's current choices, for a form that was not sent."""
        for name in ("visibility", "posting_mode", "voters"):
            getattr(self, name).data = getattr(debate, name).value
        return self
