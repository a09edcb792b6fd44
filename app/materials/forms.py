"""Check the shape of the material import form."""

from flask_wtf.file import FileField
from wtforms import DateField, RadioField, StringField, TextAreaField, URLField
from wtforms.fields import SelectChoice
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from app.forms import PageForm

FORMATS = [
    SelectChoice("text", "Plain text"),
    SelectChoice("markdown", "Markdown"),
    SelectChoice("html", "HTML"),
]


class MaterialForm(PageForm):
    """Import a document from pasted text or an uploaded file."""

    title = StringField(
        "Title", validators=[DataRequired("Give the material a title."), Length(max=200)]
    )
    author = StringField("Author or publisher", validators=[Optional(), Length(max=200)])
    source_url = URLField(
        "Source address",
        validators=[
            Optional(),
            Length(max=2000),
            URL(require_tld=False, message="Enter a full http:// or https:// address."),
        ],
    )
    published_on = DateField("Publication date", validators=[Optional()], format="%Y-%m-%d")
    text = TextAreaField("Paste the text")
    text_format = RadioField("The pasted text is", choices=FORMATS, default="text")
    file = FileField("…or upload a .txt, .md or .html file")

    def validate_source_url(self, field) -> None:
        """Accept only web addresses, never javascript: or file: ones."""
        # The URL validator may already have refused it with the same message.
        if field.errors:
            return
        if field.data and not field.data.lower().startswith(("http://", "https://")):
            raise ValidationError("Enter a full http:// or https:// address.")
