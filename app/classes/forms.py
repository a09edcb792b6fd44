"""Check the shape of the class forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    FieldList,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
)

from app.auth.services import PASSWORD_MAX
from app.classes.rubrics import MAX_MARK_LARGEST
from app.classes.services import (
    COMMENT_MAX,
    NAME_MAX,
    REFLECTION_MAX,
    REVEAL_REASON_MAX,
    ROSTER_MAX,
    TARGET_MAX,
    TASK_TITLE_MAX,
    TERM_MAX,
)
from app.debates.services import QUESTION_MAX, TITLE_MAX
from app.forms import PageForm
from app.models.classroom import CRITERION_NAME_MAX, RubricCriterion


class ClassForm(PageForm):
    """Make a class."""

    name = StringField(_l("Class name"), validators=[
        DataRequired(_l("Name the class.")), Length(max=NAME_MAX)])
    term = StringField(_l("Term"), validators=[
        DataRequired(_l("Say which term, such as “Autumn 2026”.")), Length(max=TERM_MAX)])


class RosterForm(PageForm):
    """Paste a roster: one name a line, or a CSV with a name column."""

    roster = TextAreaField(_l("Students’ names"))


class CoTeacherForm(PageForm):
    """Add a co-teacher by username."""

    username = StringField(_l("Username"), validators=[
        DataRequired(_l("Whom do you add as a teacher?"))])


class JoinForm(PageForm):
    """Join a class with its code."""

    code = StringField(_l("Join code"), validators=[DataRequired(_l("Type the code."))])


class FirstPasswordForm(PageForm):
    """Replace the one-time password from the card with one's own."""

    current_password = PasswordField(_l("Password from your card"), validators=[
        DataRequired(_l("Type the password from your card."))])
    password = PasswordField(_l("Your new password"), validators=[
        DataRequired(_l("Choose a password.")), Length(max=PASSWORD_MAX)])
    confirm = PasswordField(_l("Your new password again"), validators=[
        EqualTo("password", _l("The two passwords differ."))])


class ArchiveForm(PageForm):
    """Confirm archiving a class."""

    confirm = BooleanField(_l("Yes, archive this class: it becomes read-only"),
                           validators=[DataRequired(_l("Tick the box to confirm."))])


class CardsCsvForm(PageForm):
    """Send back the sign-in cards just shown, for a spreadsheet copy."""

    usernames = FieldList(HiddenField())
    passwords = FieldList(HiddenField())


class ClassDebateForm(PageForm):
    """Start a class debate on a material."""

    material = SelectField(_l("Material"), coerce=int,
                           validators=[DataRequired(_l("Pick a material."))])
    title = StringField(_l("Title"), validators=[
        DataRequired(_l("Give the debate a title.")), Length(max=TITLE_MAX)])
    question = TextAreaField(_l("Framing question"), validators=[
        DataRequired(_l("Ask the question the debate is about.")), Length(max=QUESTION_MAX)])
    peers_anonymous = BooleanField(
        _l("Students see one another only by pseudonyms (“Student 7”); you see their names"),
        default=True,
    )


class TemplateForm(PageForm):
    """Start a class debate as a copy of an earlier one."""

    template = SelectField(_l("Debate to copy"), coerce=int,
                           validators=[DataRequired(_l("Pick a debate to copy."))])
    with_arguments = BooleanField(_l("Copy its arguments too, as seed arguments in your name"))
    peers_anonymous = BooleanField(
        _l("Students see one another only by pseudonyms (“Student 7”); you see their names"),
        default=True,
    )


class GroupsForm(PageForm):
    """Split the class into small groups, each with its own copy of a debate."""

    template = SelectField(_l("Debate each group gets a copy of"), coerce=int,
                           validators=[DataRequired(_l("Pick a debate to copy."))])
    with_arguments = BooleanField(_l("Copy its arguments too, as seed arguments in your name"))
    peers_anonymous = BooleanField(
        _l("Students see one another only by pseudonyms (“Student 7”); you see their names"),
        default=True,
    )
    method = RadioField(_l("How to split the class"), default="random", choices=[
        SelectChoice("random", _l("At random, into groups of balanced sizes")),
        SelectChoice("hand", _l("By hand, with the group of each student typed in the grid")),
        SelectChoice("csv", _l("From a CSV file with a name or username column and a group "
                               "column")),
    ], validators=[InputRequired(_l("Choose how to split the class."))])
    groups = IntegerField(_l("Number of groups (at random)"), validators=[
        Optional(), NumberRange(2, ROSTER_MAX, _l("Make 2 to %(max)s groups."))])
    csv_file = FileField(_l("CSV file (from a file)"))
    # Where the grid's refusals are shown: its inputs are one per student, named group-<id>.
    hand = HiddenField()


class GroupSidesForm(PageForm):
    """Carry the CSRF token of the groups' sides, whose selects are one per group and
    position."""


class SidesForm(PageForm):
    """Carry the CSRF token of the sides grid, whose selects are one per student and
    position."""


def target_field(label):
    """A count a task asks for, 0 for none."""
    return IntegerField(label, default=0, validators=[
        InputRequired(_l("Give a number, 0 for none.")), NumberRange(0, TARGET_MAX)])


class TaskForm(PageForm):
    """Set a task with a due time and counted targets."""

    debate = SelectField(_l("Debate"), coerce=int,
                         validators=[DataRequired(_l("Choose one of the class's debates."))])
    title = StringField(_l("Task"), validators=[
        DataRequired(_l("Name the task.")), Length(max=TASK_TITLE_MAX)])
    due_at = DateTimeLocalField(_l("Due (UTC)"), format="%Y-%m-%dT%H:%M",
                                validators=[DataRequired(_l("Say when the task is due."))])
    arguments_target = target_field(_l("Arguments to post"))
    on_assigned_side = BooleanField(_l("Count only arguments on the student's assigned side"))
    replies_target = target_field(_l("Replies to others' arguments"))
    evidence_target = target_field(_l("Evidence to attach"))
    ratings_target = target_field(_l("Arguments to rate"))
    stance_before_after = BooleanField(_l("Take a stance before arguing, and again after"))
    reflection = BooleanField(_l("Write a reflection at the end: what changed your mind?"))


class ReflectionForm(PageForm):
    """Write the closing reflection of a task."""

    text = TextAreaField(_l("What changed your mind?"), validators=[
        DataRequired(_l("Write a few sentences.")), Length(max=REFLECTION_MAX)])


class RevealForm(PageForm):
    """Reveal to the teacher who wrote an argument in an anonymous debate, saying why."""

    reason = TextAreaField(_l("Why do you need this student’s name?"), validators=[
        DataRequired(_l("Say why you reveal this name; the debate’s log shows it.")),
        Length(max=REVEAL_REASON_MAX)])


class DeleteClassForm(PageForm):
    """Confirm deleting a class by typing how many class accounts go with it."""

    accounts = StringField(_l("Type the number of class accounts that will be deleted"),
                           validators=[DataRequired(_l("Type the number to confirm."))])


def read_as_number(form, field) -> None:
    """Say only that a number field's text is no whole number, not also that it is out of
    range: the field already holds that message. A blank field is left to the checks after."""
    if field.process_errors and field.raw_data and str(field.raw_data[0]).strip():
        raise StopValidation()


class FeedbackForm(PageForm):
    """Comment on and mark a student's argument, or their work as a whole."""

    argument = SelectField(_l("On"), coerce=int)
    comment = TextAreaField(_l("Comment (only this student sees it, once released)"),
                            validators=[Length(max=COMMENT_MAX)])
    mark = IntegerField(_l("Mark"),
                        validators=[read_as_number, Optional(), NumberRange(0, 100)])
    out_of = IntegerField(_l("Out of"), default=4, validators=[
        read_as_number, InputRequired(_l("Give a number.")), NumberRange(1, 100)])


def criterion_field_name(criterion: RubricCriterion) -> str:
    """Name the feedback form's field for the mark on one criterion."""
    return f"criterion_{criterion.id}"


def feedback_form(criteria: list[RubricCriterion], **values) -> FeedbackForm:
    """Make the feedback form with a mark, each optional, for every criterion of the class's
    rubric; the form's criteria pair each criterion with its field."""

    class RubricFeedbackForm(FeedbackForm):
        """Comment on and mark a student's work, criterion by criterion."""

    for criterion in criteria:
        setattr(RubricFeedbackForm, criterion_field_name(criterion), IntegerField(
            _l("%(name)s, out of %(most)s", name=criterion.name, most=criterion.max_mark),
            validators=[read_as_number, Optional(), NumberRange(0, criterion.max_mark, message=_l(
                "Give a mark from 0 to %(most)s.", most=criterion.max_mark))]))
    form = RubricFeedbackForm(**values)
    form.criteria = [(criterion, form[criterion_field_name(criterion)])
                     for criterion in criteria]
    return form


class CriterionForm(PageForm):
    """Name a criterion of the class's rubric and the mark it is out of."""

    name = StringField(_l("Criterion"), validators=[
        DataRequired(_l("Name the criterion.")), Length(max=CRITERION_NAME_MAX, message=_l(
            "Keep the criterion’s name to %(most)s characters.", most=CRITERION_NAME_MAX))])
    max_mark = IntegerField(_l("Out of"), default=4, validators=[
        read_as_number, InputRequired(_l("Give a number.")), NumberRange(
            1, MAX_MARK_LARGEST, message=_l("Mark a criterion out of 1 to %(most)s.",
                                            most=MAX_MARK_LARGEST))])


class RemoveCriterionForm(PageForm):
    """Confirm removing a criterion that has marks, and its marks with it."""

    confirm = BooleanField(_l("Yes, remove this criterion and the marks given on it"))
