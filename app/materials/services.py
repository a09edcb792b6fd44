"""Hold the rules for importing material and finding what cites its passages."""

from datetime import date

from flask import current_app
from flask_babel import format_number
from flask_babel import gettext as _

from app.errors import DomainError
from app.extensions import db
from app.materials.passages import (
    MaterialFormatError,
    decode_upload,
    format_for_filename,
    split_document,
)
from app.models import Material, Passage, User


def read_upload(filename: str, data: bytes) -> tuple[str, str]:
    """Return the text and format of an uploaded file, refusing what is not importable."""
    limit = current_app.config["MATERIAL_MAX_BYTES"]
    if not data:
        raise DomainError(_("The file is empty."), field="file")
    if len(data) > limit:
        # Rounded up, so that a file just over the limit never reads as the limit itself.
        raise DomainError(
            _(
                "The file is %(value)s KB; the limit is %(value2)s KB.",
                value=-(-len(data) // 1024),
                value2=limit // 1024,
            ),
            field="file",
        )
    try:
        # The type first: a PDF or .docx should hear which types we take, not about UTF-8.
        text_format = format_for_filename(filename)
        return decode_upload(data), text_format
    except MaterialFormatError as error:
        raise DomainError(str(error), field="file") from error


def import_material(
    title: str,
    text: str,
    text_format: str,
    added_by: User | None,
    author: str | None = None,
    source_url: str | None = None,
    published_on: date | None = None,
    field: str = "text",
) -> Material:
    """Split the text into numbered passages and store the material; the caller commits."""
    max_chars = current_app.config["MATERIAL_MAX_CHARS"]
    max_passages = current_app.config["MATERIAL_MAX_PASSAGES"]
    if not text or not text.strip():
        if field == "file":
            raise DomainError(_("This file has no readable text."), field=field)
        raise DomainError(_("Paste the text of the material or upload a file."), field=field)
    if len(text) > max_chars:
        raise DomainError(
            _(
                "The text has %(count)s characters; the limit is %(max_chars)s.",
                count=format_number(len(text)),
                max_chars=format_number(max_chars),
            ), field=field
        )
    if "\x00" in text:
        raise DomainError(_("The text contains binary data."), field=field)
    try:
        blocks = split_document(text, text_format)
    except MaterialFormatError as error:
        raise DomainError(str(error), field=field) from error
    if len(blocks) > max_passages:
        raise DomainError(
            _(
                "The text splits into %(count)s passages; the limit is %(max_passages)s.",
                count=format_number(len(blocks)),
                max_passages=format_number(max_passages),
            ),
            field=field,
        )
    material = Material(
        title=title.strip(),
        author=(author or "").strip() or None,
        source_url=(source_url or "").strip() or None,
        published_on=published_on,
        added_by=added_by,
        passages=[
            Passage(number=number, kind=block.kind, text=block.text)
            for number, block in enumerate(blocks, start=1)
        ],
    )
    db.session.add(material)
    db.session.flush()
    return material
