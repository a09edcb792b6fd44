"""Check the shape of the topic forms."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from app.forms import PageForm
from app.models.topic import NAME_LENGTH


class TopicForm(PageForm):
    """Add a topic to the site-wide list."""

    name = StringField(
        _l("Topic"),
        validators=[DataRequired(_l("Name the topic.")), Length(max=NAME_LENGTH)],
    )


class DebateTopicsForm(PageForm):
    """Choose the topics a debate is filed under."""

    topics = SelectMultipleField(
        _l("Topics"),
        coerce=int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
