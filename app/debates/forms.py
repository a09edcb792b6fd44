"""Check the shape of the debate and position forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from app.debates.services import QUESTION_MAX, QUOTE_MAX, STATEMENT_MAX, TITLE_MAX
from app.forms import PageForm, RowForm
from app.models import DebateStatus

ANCHOR_ROWS = 3
IMPORT_FORMATS = {"kialo": _l("Kialo text export"), "argdown": "Argdown", "aif": "AIF JSON",
                  "csv": _l("CSV (%(columns)s)", columns="path, side, claim, body, evidence_url"),
                  "agora": _l("Agora archive (JSON)")}


class DebateForm(PageForm):
    """Start a debate on a material, or edit its title and question."""

    material = SelectField(_l(
        "Material",
    ), coerce=int, validators=[DataRequired(_l(
        "Pick a material.",
    ))])
    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Give the debate a title.")), Length(max=TITLE_MAX)],
    )
    question = TextAreaField(
        _l("Framing question"),
        validators=[
            DataRequired(_l("Ask the question the debate is about.")),
            Length(max=QUESTION_MAX),
        ],
    )
    open_now = BooleanField(
        _l("Open it now, so people can argue (untick to keep it a draft only you can see)"),
        default=True,
    )


class StatusForm(PageForm):
    """Open a draft debate, or close an open one with a conclusion."""

    status = SelectField(_l("Status"), choices=[status.value for status in DebateStatus])
    conclusion = TextAreaField(_l("Conclusion"))


class AnchorForm(RowForm):
    """One passage of the material and the exact words quoted from it."""

    passage = SelectField(_l("Passage"), coerce=int, validators=[Optional()])
    quote = TextAreaField(_l("Quoted words"), validators=[Optional(), Length(max=QUOTE_MAX)])


class PositionForm(PageForm):
    """Raise a position anchored to one or more quoted passages."""

    statement = StringField(
        _l("Position"),
        validators=[
            DataRequired(_l("State the position people can be for or against.")),
            Length(max=STATEMENT_MAX),
        ],
    )
    anchors = FieldList(FormField(AnchorForm), min_entries=ANCHOR_ROWS, max_entries=10)

    def set_passages(self, passages) -> None:
        """Offer the material's passages in every anchor row."""
        choices = [SelectChoice(0, _l("— choose a passage —"))] + [
            SelectChoice(passage.number, f"{passage.number} · {shorten(passage.text)}")
            for passage in passages
        ]
        for row in self.anchors:
            row.passage.choices = choices

    def quoted(self) -> list[tuple[int, str, str]]:
        """Return (passage number, quote, field id) for every filled-in row."""
        rows = []
        for row in self.anchors:
            if row.passage.data or (row.quote.data or "").strip():
                rows.append((row.passage.data or 0, (row.quote.data or "").strip(), row.quote.id))
        return rows


def shorten(text: str, limit: int = 70) -> str:
    """Cut a passage to fit a menu, marking the cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class ImportForm(PageForm):
    """Upload a debate file to preview before importing it."""

    file = FileField(_l("Debate file"), validators=[FileRequired(_l("Choose a file to import."))])
    format = SelectField(_l("Format"), choices=[
        SelectChoice("", _l("Recognise it from the content"))
    ] + [SelectChoice(name, label) for name, label in IMPORT_FORMATS.items()], default="")
    material = SelectField(_l("Material"), coerce=int, default=0)


class ConfirmImportForm(PageForm):
    """Confirm an import that was previewed."""

    open_now = BooleanField(
        _l("Open it now (otherwise it starts as a draft only you can see)")
    )
