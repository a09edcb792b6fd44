"""Read a debate prepared in a spreadsheet and saved as CSV, one claim to a row.

Columns: ``path,side,claim,body,evidence_url``, and optionally ``evidence_title``,
``evidence_excerpt`` and ``author``. A path numbers a claim by its place in the tree (``1`` a
position, ``1.2`` its second argument); rows may come in any order. A row repeating a path
adds one more source to that claim. A claim reading ``-> See 1.2`` is a link, as in Kialo.
Commas, semicolons and tabs are all taken as separators, whichever the header uses, and
an apostrophe that keeps a spreadsheet from running a cell as a formula is dropped.
"""

import csv
import io
import re

from flask_babel import gettext as _

from app.imports.debate import (
    MAX_CLAIMS,
    MAX_DEPTH,
    ImportedArgument,
    ImportedDebate,
    ImportedEvidence,
    ImportedPosition,
    ImportRefused,
    Problem,
    too_deep,
    too_many_claims,
)
from app.imports.decoding import clean_text, decode_file
from app.imports.markdown import is_web_address

COLUMNS = ("path", "side", "claim", "body", "evidence_url")
OPTIONAL_COLUMNS = ("evidence_title", "evidence_excerpt", "author")
# Spreadsheets run a cell starting with one of these as a formula; Agora writes such cells
# after an apostrophe, as spreadsheets themselves do.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SIDES = {"pro": "pro", "for": "pro", "+": "pro", "con": "con", "against": "con", "-": "con"}
PATH_RE = re.compile(r"^\d+(?:\.\d+)*\.?$")
LINK_RE = re.compile(r"^->[ \t]*See[ \t]+(\d+(?:\.\d+)*)\.?$")
# The csv module refuses longer fields; a claim with a body of a few pages fits well inside.
MAX_FIELD = 1_000_000


def is_spreadsheet(text: str) -> bool:
    """Say whether text starts with the header of Agora's CSV layout."""
    header = text.lstrip().split("\n", 1)[0].lower()
    return all(column in header for column in ("path", "side", "claim"))


def read_spreadsheet(data: bytes | str) -> ImportedDebate:
    """Read a CSV of claims numbered by path into positions and their arguments."""
    text, problems = decode_file(data)
    rows = _rows(text)
    header = [cell.strip().lower() for cell in next(rows, ("",))[1]]
    if not {"path", "claim"} <= set(header):
        raise ImportRefused(_("The first row of the CSV must name its columns: %(columns)s.",
                              columns=",".join(COLUMNS)))
    columns = {name: header.index(name) for name in COLUMNS + OPTIONAL_COLUMNS if name in header}
    records: dict[tuple[int, ...], dict] = {}
    for number, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        _read_row(number, dict(_cells(row, columns)), records, problems)
    return _build(records, problems)


def _rows(text: str):
    """Yield each row with the line it starts on, refusing rows the csv module cannot read."""
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        while True:
            line = reader.line_num + 1
            row = next(reader)
            yield line, row
    except StopIteration:
        return
    except csv.Error as error:
        raise ImportRefused(_("Row on line %(line)s cannot be read as CSV: %(error)s.",
                              line=reader.line_num, error=error)) from None


def _cells(row: list[str], columns: dict[str, int]):
    """Yield each named column's cell in a row, missing cells read as empty."""
    for name, index in columns.items():
        cell = row[index] if index < len(row) else ""
        yield name, cell[1:] if cell[:1] == "'" and cell[1:].startswith(FORMULA_STARTS) else cell


def _read_row(number: int, cells: dict[str, str], records: dict, problems: list[Problem]) -> None:
    """Keep one row's claim, or add its source to the claim of the same path."""
    path_text = cells["path"].strip()
    if not PATH_RE.match(path_text):
        problems.append(Problem(number, _("The path %(path)r is not numbers joined by dots "
                                          "(like 1.2.3); the row was left out.",
                                          path=path_text[:30])))
        return
    path = tuple(int(part) for part in path_text.rstrip(".").split("."))
    if len(path) - 1 > MAX_DEPTH:
        raise ImportRefused(too_deep(len(path) - 1))
    record = records.get(path)
    if record is None:
        if len(records) >= MAX_CLAIMS:
            raise ImportRefused(too_many_claims())
        side_text = cells.get("side", "").strip().lower()
        side = SIDES.get(side_text)
        if side is None and len(path) > 1:
            problems.append(Problem(number, _("Row %(path)s is neither pro nor con; it was "
                                              "taken as pro.", path=path_text)))
        claim = clean_text(cells["claim"])
        link = LINK_RE.match(claim)
        record = {"line": number, "side": side or "pro", "sided": side is not None,
                  "claim": claim, "evidence": [],
                  "body": cells.get("body", "").strip(),
                  "author": clean_text(cells.get("author", "")) or None,
                  "link": tuple(int(p) for p in link.group(1).split(".")) if link else None}
        records[path] = record
    elif cells["claim"].strip() and clean_text(cells["claim"]) != record["claim"]:
        problems.append(Problem(number, _("Path %(path)s is used twice for different claims; "
                                          "the second was left out.", path=path_text)))
        return
    url = cells.get("evidence_url", "").strip()
    if url and not is_web_address(url):
        problems.append(Problem(number, _("The source %(url)r is not a web address; it was "
                                          "left out.", url=url[:60])))
    elif url:
        record["evidence"].append(ImportedEvidence(
            url=url, title=clean_text(cells.get("evidence_title", "")),
            excerpt=cells.get("evidence_excerpt", "").strip()))


def _build(records: dict[tuple[int, ...], dict], problems: list[Problem]) -> ImportedDebate:
    """Hang every claim under its parent path, in path order."""
    nodes: dict[tuple[int, ...], ImportedPosition | ImportedArgument] = {}
    debate = ImportedDebate(title="", problems=problems)
    # A sheet of arguments alone gives its top rows a side: they argue about a position the
    # file leaves unnamed, which the saver names after the debate.
    unnamed = None
    if any(len(path) == 1 and record["sided"] for path, record in records.items()):
        unnamed = ImportedPosition(key="0", statement="")
        debate.positions.append(unnamed)
        nodes[()] = unnamed
    for path in sorted(records):
        record = records[path]
        key = ".".join(map(str, path))
        if len(path) == 1 and not (unnamed and record["sided"]):
            node = ImportedPosition(key=key, statement=record["claim"], body=record["body"],
                                    evidence=record["evidence"], author_name=record["author"],
                                    line=record["line"])
            debate.positions.append(node)
        else:
            parent = nodes.get(path[:-1])
            if parent is None or getattr(parent, "link_to", None):
                problems.append(Problem(record["line"], _(
                    "Row %(path)s has no claim above it at %(parent)s; it was left out.",
                    path=key, parent=".".join(map(str, path[:-1])))))
                continue
            node = ImportedArgument(key=key, side=record["side"], claim=record["claim"],
                                    body=record["body"], evidence=record["evidence"],
                                    author_name=record["author"], line=record["line"])
            if record["link"]:
                if record["link"] not in records or records[record["link"]]["link"]:
                    problems.append(Problem(record["line"], _(
                        "Row %(path)s links to %(target)s, which is not a claim in the file; "
                        "it was left out.", path=key, target=".".join(map(str, record["link"])))))
                    continue
                node.link_to, node.claim = ".".join(map(str, record["link"])), ""
            siblings = parent.arguments if isinstance(parent, ImportedPosition) \
                else parent.children
            siblings.append(node)
        if not record["claim"]:
            problems.append(Problem(record["line"], _("Row %(path)s has no claim.", path=key)))
        nodes[path] = node
    problems.sort(key=lambda problem: problem.line or 0)
    if not debate.positions:
        raise ImportRefused(_("The CSV has no position: a row with a one-number path such as "
                              "1."))
    debate.title = debate.positions[0].statement
    return debate
