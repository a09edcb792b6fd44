"""Check the shape of the class forms."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FieldList,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length

from app.auth.services import PASSWORD_MAX
from app.classes.services import NAME_MAX, TERM_MAX
from app.debates.services import QUESTION_MAX, TITLE_MAX
from app.forms import PageForm


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


class SidesForm(PageForm):
    """Carry the CSRF token of the sides grid, whose selects are one per student and
    position."""
