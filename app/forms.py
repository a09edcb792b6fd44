"""Give every form the check that holds for all text people type: no control characters."""

from flask_wtf import FlaskForm
from wtforms import Form, StringField
from wtforms.validators import StopValidation

from app.text import control_character, control_character_message


def refuse_control_characters(form, field) -> None:
    """Refuse text holding a control character, before any other check speaks about it."""
    if isinstance(field.data, str) and (character := control_character(field.data)):
        raise StopValidation(control_character_message(character))


class TextChecks:
    """Put refuse_control_characters() first on every text field as the form binds it."""

    def bind_field(self, form, unbound_field, options):
        """Bind the field, then put the control-character check ahead of its validators."""
        field = super().bind_field(form, unbound_field, options)
        # StringField covers text areas, passwords, email and URL fields: every typed text.
        if isinstance(field, StringField):
            field.validators = [refuse_control_characters, *field.validators]
        return field


class PageForm(FlaskForm):
    """Check a screen's form: CSRF from Flask-WTF, and no control characters in any text."""

    # WTForms combines this Meta with Flask-WTF's, so CSRF keeps working.
    class Meta(TextChecks):
        pass


class RowForm(Form):
    """Check one repeated row inside a page form (no CSRF of its own), text included."""

    class Meta(TextChecks):
        pass
