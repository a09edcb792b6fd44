"""Turn an uploaded file into clean lines of text, refusing what is not text at all."""

import codecs
import re

from flask_babel import gettext as _

from app.imports.debate import MAX_BYTES, ImportRefused, Problem, number

_BOM = "\ufeff"
# Spaces that look like spaces, and characters that show nothing but split words for search.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u3000"), " ")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_END_RE = re.compile(r"\r\n?")


def decode_file(data: bytes | str) -> tuple[str, list[Problem]]:
    """Return the file's text with LF line ends, or refuse it as empty, too large or binary."""
    if isinstance(data, bytes | bytearray):
        if len(data) > MAX_BYTES:
            raise ImportRefused(_too_large(len(data)))
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # Spreadsheets saved as "Unicode text" on Windows.
            data = _from_utf16(bytes(data))
        if b"\x00" in data:
            raise ImportRefused(_("This is not a text file (it holds binary data)."))
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError as error:
            raise ImportRefused(_(
                "This file is not UTF-8 text (byte %(byte)s cannot be read); export it again "
                "as UTF-8.", byte=error.start + 1,
            )) from None
    elif isinstance(data, str):
        text = data
        if len(text) > MAX_BYTES:
            raise ImportRefused(_too_large(len(text)))
        if "\x00" in text:
            raise ImportRefused(_("This is not a text file (it holds binary data)."))
    else:
        raise ImportRefused(_("Nothing was uploaded."))
    text = _LINE_END_RE.sub("\n", text.removeprefix(_BOM))
    if not text.strip():
        raise ImportRefused(_("The file is empty."))
    problems = []
    match = _CONTROL_RE.search(text)
    if match:
        problems.append(Problem(
            text.count("\n", 0, match.start()) + 1,
            _("Invisible control characters (first U+%(code)04X) were removed.",
              code=ord(match.group(0))),
        ))
        text = _CONTROL_RE.sub("", text)
    return text, problems


def _from_utf16(data: bytes) -> bytes:
    """Re-encode UTF-16 text (with its byte order mark) as UTF-8."""
    try:
        return data.decode("utf-16").encode("utf-8")
    except UnicodeDecodeError:
        raise ImportRefused(_("This UTF-16 file is damaged; export it again as UTF-8.")) from None


def _too_large(size: int) -> str:
    """Say how large the file is and how large one may be."""
    return _("The file is %(size)s MB; debates of at most %(most)s MB can be imported.",
             size=number(size / 1024 / 1024, "0.0"), most=number(MAX_BYTES // 1024 // 1024))


def clean_text(text: str) -> str:
    """Make non-breaking and other odd spaces plain, drop soft hyphens, and trim the ends."""
    return text.translate(_SPACES).translate(_INVISIBLE).strip()
