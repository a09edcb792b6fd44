"""Write a debate read by ``app.imports`` back out as Kialo text, Argdown, AIF JSON or CSV.

``write_debate(debate, format)`` takes an ``ImportedDebate`` (the same structure every
reader returns, and the one an exporter of saved debates should build) and returns text that
``app.imports.read_debate`` reads back as the same tree: claims, sides, depth, links and
sources. What a format has no place for is left out, as each writer's docstring says.
"""

from app.exports.aif import write_aif
from app.exports.argdown import write_argdown
from app.exports.kialo import write_kialo
from app.exports.spreadsheet import write_spreadsheet
from app.imports.debate import ImportedDebate

WRITERS = {"kialo": write_kialo, "argdown": write_argdown, "aif": write_aif,
           "csv": write_spreadsheet}


def write_debate(debate: ImportedDebate, format: str) -> str:
    """Return the debate written in the named format."""
    return WRITERS[format](debate)
