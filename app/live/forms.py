"""Check the shape of the live-event forms: setup, console, and the phone's."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.forms import PageForm
from app.models import MarkKind, Round, SpeakerSide, StanceChoice

CONSOLE_ACTIONS = (
    "next", "jump", "start", "pause", "extend", "open_pre", "open_post", "close",
    "question", "speaking", "reveal", "hide",
)


class EventForm(PageForm):
    """Set up an evening on one of the debate's positions."""

    position = SelectField(_l("Motion (one of the debate's positions)"), coerce=int,
                           validators=[DataRequired(_l("Pick the motion."))])
    title = StringField(_l("Title of the evening"), validators=[
        DataRequired(_l("Give the evening a title.")), Length(max=120)])
    phases = TextAreaField(_l("Phases, one a line: name | minutes"), validators=[
        DataRequired(_l("List at least one phase.")), Length(max=2000)])


class ScheduleForm(PageForm):
    """Reorder, rename, add or drop phases."""

    phases = TextAreaField(_l("Phases, one a line: name | minutes"), validators=[
        DataRequired(_l("List at least one phase.")), Length(max=2000)])
    version = IntegerField(validators=[InputRequired()])


class SpeakerForm(PageForm):
    """Add a speaker for or against the motion."""

    name = StringField(_l("Name"), validators=[DataRequired(_l("Name the speaker.")),
                                               Length(max=80)])
    side = SelectField(_l("Side"), choices=[
        SelectChoice(SpeakerSide.FOR.value, _l("For the motion")),
        SelectChoice(SpeakerSide.AGAINST.value, _l("Against the motion")),
    ])
    bio = TextAreaField(_l("Short bio"), validators=[Optional(), Length(max=300)])
    argument = SelectField(_l("Main argument (from the motion's tree)"), coerce=int,
                           validators=[Optional()])


class ConsoleForm(PageForm):
    """One moderator action, sent with the version of the event the console showed."""

    action = HiddenField(validators=[DataRequired()])
    version = IntegerField(validators=[InputRequired(), NumberRange(min=1)])
    value = StringField(validators=[Optional(), Length(max=20)])


class JoinForm(PageForm):
    """Join an evening by its code."""

    code = StringField(_l("Code"), validators=[
        DataRequired(_l("Type the 6-character code shown in the hall.")), Length(min=6, max=6)])
    ticket = StringField(_l("Ticket (only if you were given one)"), validators=[
        Optional(), Length(max=20)])


class TicketsForm(PageForm):
    """Issue single-use tickets for a verified audience."""

    count = IntegerField(_l("Number of tickets"), validators=[
        InputRequired(_l("Say how many tickets to issue.")), NumberRange(min=1, max=2000)])


class VoteForm(PageForm):
    """Cast or change a phone's vote."""

    vote = SelectField(choices=[vote.value for vote in Round])
    choice = SelectField(choices=[choice.value for choice in StanceChoice])


class QuestionForm(PageForm):
    """Ask the speakers a question."""

    body = TextAreaField(_l("Your question"), validators=[
        DataRequired(_l("Write your question.")), Length(min=3, max=280)])


class MarkForm(PageForm):
    """Say a speaker's argument convinced you, or changed your mind."""

    argument = IntegerField(validators=[InputRequired()])
    kind = SelectField(choices=[kind.value for kind in MarkKind])


class EmptyForm(PageForm):
    """A button that only needs its CSRF token."""
