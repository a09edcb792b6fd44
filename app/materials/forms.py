"""Check the shape of the material import form."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateField, RadioField, StringField, TextAreaField, URLField
from wtforms.fields import SelectChoice
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from app.forms import PageForm

FORMATS = [
    SelectChoice("text", _l("Plain text")),
    SelectChoice("markdown", _l("Markdown")),
    SelectChoice("html", _l("HTML")),
]


class MaterialForm(PageForm):
    """Import a document from pasted text or an uploaded file."""

    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Give the material a title.")), Length(max=200)]
    )
    author = StringField(_l("Author or publisher"), validators=[Optional(), Length(max=200)])
    source_url = URLField(
        _l("Source address"),
        validators=[
            Optional(),
            Length(max=2000),
            URL(require_tld=False, message=_l("Enter a full http:// or https:// address.")),
        ],
    )
    published_on = DateField(_l("Publication date"), validators=[Optional()], format="%Y-%m-%d")
    text = TextAreaField(_l("Paste the text"))
    text_format = RadioField(_l("The pasted text is"), choices=FORMATS, default="text")
    file = FileField(_l("…or upload a .txt, .md or .html file"))

    def validate_source_url(self, field) -> None:
        """Accept only web addresses, never javascript: or file: ones."""
        # The URL validator may already have refused it with the same message.
        if field.errors:
            return
        if field.data and not field.data.lower().startswith(("http://", "https://")):
            raise ValidationError(_("Enter a full http:// or https:// address."))
