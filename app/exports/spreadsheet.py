"""Write a debate as CSV, one claim to a row, in the columns Agora reads back.

A cell that a spreadsheet would run as a formula (one starting with ``=``, ``+``, ``-`` or
``@``) is written after an apostrophe, which spreadsheets hide and Agora's reader drops.
"""

import csv
import io

from app.exports.paths import numbered, paths_by_key
from app.imports.debate import ImportedArgument, ImportedDebate
from app.imports.spreadsheet import COLUMNS, FORMULA_STARTS, OPTIONAL_COLUMNS


def write_spreadsheet(debate: ImportedDebate) -> str:
    """Return the debate as CSV; a claim with several sources takes one row for each."""
    paths = paths_by_key(debate)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS + OPTIONAL_COLUMNS)
    for path, node in numbered(debate):
        if isinstance(node, ImportedArgument):
            side = node.side
            claim = f"-> See {paths[node.link_to]}" if node.link_to is not None else node.claim
        else:
            side, claim = "", node.statement
        first = node.evidence[0] if node.evidence else None
        writer.writerow([path, side, formula_safe(claim), formula_safe(node.body),
                         first.url if first else "",
                         formula_safe(first.title if first else ""),
                         formula_safe(first.excerpt if first else ""),
                         formula_safe(node.author_name or "")])
        for source in node.evidence[1:]:
            writer.writerow([path, "", "", "", source.url, formula_safe(source.title),
                             formula_safe(source.excerpt), ""])
    return buffer.getvalue()


def formula_safe(text: str) -> str:
    """Keep a spreadsheet from running the text as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
