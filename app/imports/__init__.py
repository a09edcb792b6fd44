"""Read debates from the files people bring: Kialo exports, Argdown, AIF JSON, CSV and Agora's
own archives.

Nothing here touches the database or needs a Flask app; saving is the caller's job. Problems
and refusals are worded through Flask-Babel's ``gettext``, so that in a request they are said in
the reader's language, and outside one (a test, a script) in English. The whole API::

    from app.imports import FORMATS, ImportRefused, detect_format, read_debate

    try:
        debate = read_debate(uploaded_bytes)            # or format="kialo" | "argdown" | ...
    except ImportRefused as refusal:
        show(refusal.message)                           # the file as a whole cannot be read
    else:
        debate.summary()    # counts a preview shows: positions, arguments, pro, con, links,
                            # evidence, depth, unplaced, problems
        debate.problems     # [Problem(line, message)], line None where a format has none
        debate.positions    # [ImportedPosition(key, statement, body, evidence, arguments)]
        debate.arguments()  # every placed argument in tree order, with its depth
        debate.unplaced     # claims connected to nothing, to keep under a position of their own

``read_debate`` raises ``ImportRefused`` and nothing else for bad input: empty, binary, not
UTF-8, larger than ``MAX_BYTES``, of no known format, with more than ``MAX_CLAIMS`` claims
or arguments more than ``MAX_DEPTH`` levels below their position. Everything short of that
is read, and what had to be skipped or guessed is listed in ``problems`` (at most
``MAX_PROBLEMS``), so that a preview can show it line by line before anything is saved.

An argument's ``side`` is relative to its parent. Keys are the file's own ids, unique in
a debate; a link (``link_to`` set) names the key of a claim placed elsewhere in the same
debate (usually an argument, possibly a position), which the saver should store as
a reference to that claim under the link's parent, with the link's side. A link has no text,
evidence or children of its own; its target may come after it in tree order.
Imported ``author_name`` values are names from the file, never accounts. Claims are not cut
to any column's length; a saver must decide what to do with long ones (Kialo claims reach
1,000 characters).

Writing goes the other way: ``app.exports.write_debate(debate, format)`` returns the text of
an ``ImportedDebate`` in any of the same formats, and reading it back gives the same tree.
"""

from flask_babel import gettext as _
from flask_babel import ngettext

from app.imports.aif import is_aif, read_aif
from app.imports.archive import is_archive, read_archive
from app.imports.argdown import is_argdown, read_argdown
from app.imports.debate import (
    MAX_BYTES,
    MAX_CLAIMS,
    MAX_DEPTH,
    ImportedArgument,
    ImportedDebate,
    ImportedEvidence,
    ImportedPosition,
    ImportRefused,
    Problem,
    number,
)
from app.imports.decoding import decode_file
from app.imports.kialo import is_kialo, read_kialo
from app.imports.spreadsheet import is_spreadsheet, read_spreadsheet

__all__ = [
    "FORMATS", "MAX_BYTES", "MAX_CLAIMS", "MAX_DEPTH", "MAX_PROBLEMS", "ImportRefused",
    "ImportedArgument", "ImportedDebate", "ImportedEvidence", "ImportedPosition", "Problem",
    "detect_format", "read_debate",
]

READERS = {"kialo": read_kialo, "argdown": read_argdown, "aif": read_aif,
           "csv": read_spreadsheet, "agora": read_archive}
FORMATS = tuple(READERS)
# A preview listing more than this would be read by nobody; the rest are counted instead.
MAX_PROBLEMS = 200


def detect_format(data: bytes | str) -> str:
    """Name the format of a file from its content: kialo, argdown, aif, csv or agora."""
    text, _problems = decode_file(data)
    if is_archive(text):
        return "agora"
    if text.lstrip().startswith(("{", "[")):
        if is_aif(text):
            return "aif"
        raise ImportRefused(_("This is JSON, but not an AIF graph (it has no “nodes”)."))
    for name, looks_like in (("kialo", is_kialo), ("csv", is_spreadsheet),
                             ("argdown", is_argdown)):
        if looks_like(text):
            return name
    raise ImportRefused(_("This file is not in a format Agora can import: a Kialo text export, "
                          "Argdown, AIF JSON or CSV with a path,side,claim header."))


def read_debate(data: bytes | str, format: str | None = None) -> ImportedDebate:
    """Read a file in the given format, or the one its content shows, into a debate."""
    if format is None:
        format = detect_format(data)
    reader = READERS.get(format)
    if reader is None:
        raise ImportRefused(_("Agora cannot import the format %(format)r; it reads %(formats)s.",
                              format=format, formats=", ".join(FORMATS)))
    debate = reader(data)
    if len(debate.problems) > MAX_PROBLEMS:
        more = len(debate.problems) - MAX_PROBLEMS
        debate.problems[MAX_PROBLEMS:] = [Problem(None, ngettext(
            "%(count)s more problem was found and is not listed.",
            "%(count)s more problems were found and are not listed.", more, count=number(more)))]
    return debate
