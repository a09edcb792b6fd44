"""Check the "what moved you?" answer."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from app.forms import PageForm


class MovedForm(PageForm):
    """Pick, if you like, the arguments that changed your mind."""

    arguments = SelectMultipleField(
        _l("Arguments that changed your mind"),
        coerce=int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
