"""Reduce an uploaded source document to the numbered passages a debate can cite."""

import codecs

from flask_babel import gettext as _

from app.materials.blocks import (
    HEADING,
    LIST_ITEM,
    PARAGRAPH,
    PASSAGE_KINDS,
    Block,
    MaterialFormatError,
    normalise_newlines,
)
from app.materials.html_text import split_html
from app.materials.markdown_text import split_markdown
from app.materials.plain_text import split_plain_text

FORMATS_BY_EXTENSION = {
    "txt": "text",
    "md": "markdown",
    "markdown": "markdown",
    "html": "html",
    "htm": "html",
}



def decode_upload(data: bytes) -> str:
    """Decode an uploaded file as UTF-8 (or UTF-16 with a BOM) with newlines normalised."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise MaterialFormatError(_(
                "This file is not text: it is not valid UTF-16.",
            )) from None
    else:
        # UTF-8 text never holds NUL bytes, so one means a binary file such as a PDF or a .docx.
        if b"\x00" in data:
            raise MaterialFormatError(_("This file is not text: it contains binary data."))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise MaterialFormatError(
                _("This file is not text: it is not valid UTF-8. Save it as UTF-8 and try again.")
            ) from None
    if "\x00" in text:
        raise MaterialFormatError(_("This file is not text: it contains binary data."))
    return normalise_newlines(text)


def format_for_filename(filename: str) -> str:
    """Name the document format implied by a file's extension."""
    stem, dot, extension = filename.strip().rpartition(".")
    document_format = FORMATS_BY_EXTENSION.get(extension.lower()) if dot and stem else None
    if document_format is None:
        raise MaterialFormatError(_("Only .txt, .md and .html files can be imported."))
    return document_format


def split_document(text: str, fmt: str) -> list[Block]:
    """Split a document of the given format into passages, refusing one with no text."""
    splitters = {"text": split_plain_text, "markdown": split_markdown, "html": split_html}
    if fmt not in splitters:
        raise MaterialFormatError(_("Unknown document format: %(fmt)s.", fmt=repr(fmt)))
    blocks = splitters[fmt](text)
    if not blocks:
        raise MaterialFormatError(_("This document has no readable text."))
    return blocks



__all__ = [
    "HEADING",
    "LIST_ITEM",
    "PARAGRAPH",
    "PASSAGE_KINDS",
    "Block",
    "MaterialFormatError",
    "decode_upload",
    "format_for_filename",
    "split_document",
    "split_html",
    "split_markdown",
    "split_plain_text",
]
