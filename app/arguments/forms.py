"""Check the shape of the argument, evidence and vote forms."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField, URLField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from app.arguments.services import BODY_MAX, CLAIM_MAX, EVIDENCE_TITLE_MAX, EXCERPT_MAX, URL_MAX
from app.forms import PageForm
from app.models.argument import SIDE_LABELS
from app.models.evidence import EVIDENCE_KIND_LABELS
from app.models.rating import RATING_LABELS


class ArgumentForm(PageForm):
    """Post an argument for or against a position or another argument."""

    side = RadioField(
        _l("Side"),
        choices=[SelectChoice(side.value, label) for side, label in SIDE_LABELS.items()],
        validators=[DataRequired(_l("Pick a side."))],
    )
    claim = TextAreaField(
        _l("Claim"),
        validators=[DataRequired(_l("Write the claim in one sentence.")), Length(max=CLAIM_MAX)],
    )
    body = TextAreaField(_l("Explanation (optional, Markdown)"), validators=[Length(max=BODY_MAX)])
    allow_similar = BooleanField(_l("Post anyway: mine says something different"))


class EditArgumentForm(PageForm):
    """Change an argument's claim and explanation."""

    claim = TextAreaField(
        _l("Claim"),
        validators=[DataRequired(_l("Write the claim in one sentence.")), Length(max=CLAIM_MAX)],
    )
    body = TextAreaField(_l("Explanation (optional, Markdown)"), validators=[Length(max=BODY_MAX)])


class EvidenceForm(PageForm):
    """Attach a web source, or a passage of the debate's material, to an argument."""

    kind = SelectField(
        _l("Kind of source"),
        choices=[SelectChoice(kind.value, label) for kind, label in EVIDENCE_KIND_LABELS.items()],
        validators=[DataRequired()],
    )
    url = URLField(_l("Web address (http or https)"), validators=[Optional(), Length(max=URL_MAX)])
    passage = SelectField(_l("…or a passage of the material"), coerce=int, validators=[Optional()])
    title = StringField(_l("Title"), validators=[Optional(), Length(max=EVIDENCE_TITLE_MAX)])
    excerpt = TextAreaField(_l("Quoted excerpt (optional)"), validators=[Length(max=EXCERPT_MAX)])


class RatingForm(PageForm):
    """Rate an argument's strength from 0 to 4, or clear the rating."""

    score = SelectField(
        _l("Strength"),
        choices=[SelectChoice(str(score), label) for score, label in RATING_LABELS.items()]
        + [SelectChoice("", _l("Clear"))],
        validate_choice=True,
    )


class StanceForm(PageForm):
    """Say where you stand on a position, or withdraw your stance."""

    stance = SelectField(
        _l("Where do you stand?"),
        choices=[
            SelectChoice("for", _l("For")),
            SelectChoice("against", _l("Against")),
            SelectChoice("undecided", _l("Undecided")),
            SelectChoice("", _l("Clear")),
        ],
    )
