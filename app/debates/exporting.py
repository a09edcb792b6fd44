"""Write a saved debate out as Kialo text, Argdown, AIF JSON, CSV or an Agora archive.

An export holds what everyone who may read the debate sees: no hidden, pending or rejected
argument or source, nothing under a hidden argument, and votes only as totals (ratings only
where the page would show them to the reader). Each position is read in a fixed number of
queries, whatever its size.
"""

import csv
import io
import json
from dataclasses import dataclass, field

from flask import Response, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin
from sqlalchemy import Row

from app.arguments.queries import evidence_rows, tallies, tree_rows
from app.arguments.votes import stance_tally
from app.debates.queries import positions_of
from app.errors import NotFound
from app.exports import write_debate
from app.exports.paths import numbered
from app.exports.spreadsheet import formula_safe
from app.imports import ImportedArgument, ImportedDebate, ImportedEvidence, ImportedPosition
from app.imports.archive import ARCHIVE_FORMAT
from app.imports.spreadsheet import COLUMNS, OPTIONAL_COLUMNS
from app.models import Argument, Debate
from app.models.argument import path_label
from app.models.columns import isoformat_utc, utcnow
from app.visibility import shows_tally

# What the file is called and served as, by the name in its address.
EXPORTS = {
    "kialo": (_l("Kialo text"), "txt", "text/plain"),
    "argdown": ("Argdown", "argdown", "text/plain"),
    "aif": ("AIF JSON", "aif.json", "application/json"),
    "csv": ("CSV", "csv", "text/csv"),
    "archive": (_l("Agora archive (JSON)"), "agora.json", "application/json"),
}
DETAIL_COLUMNS = ("created", "rating_mean", "rating_count", "evidence_count")
# A position's row also counts where people stand on it; only totals, never who.
STANCE_COLUMNS = ("stance_for", "stance_against", "stance_undecided")
# An export shows what is shown to everyone, even to a moderator who sees more on the page.
EVERYONE = AnonymousUserMixin()


@dataclass
class ExportedTree:
    """A debate as the writers take it, with what only the CSV and the archive add."""

    debate: ImportedDebate
    rows: dict[str, Row] = field(default_factory=dict)
    ratings: dict[str, tuple[float | None, int | None]] = field(default_factory=dict)
    evidence_counts: dict[str, int] = field(default_factory=dict)
    sources: dict[str, list[Row]] = field(default_factory=dict)
    stances: dict[str, dict] = field(default_factory=dict)
    anchors: dict[str, list] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)


def export_debate(debate: Debate, reader, format: str) -> str:
    """Return the debate in the named format, as this reader may take it."""
    tree = exported_tree(debate, reader)
    if format == "archive":
        return write_archive(debate, tree)
    if format == "csv":
        return write_detailed_csv(tree)
    return write_debate(tree.debate, format)


def export_response(debate: Debate, reader, format: str) -> Response:
    """Answer a download of the debate in the named format, or 404 for an unknown one."""
    if format not in EXPORTS:
        raise NotFound(_("There is no export called %(name)s; try one of %(names)s.",
                         name=repr(format), names=", ".join(EXPORTS)))
    _label, extension, mimetype = EXPORTS[format]
    return Response(
        export_debate(debate, reader, format), mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="debate-{debate.id}.{extension}"'},
    )


def exported_tree(debate: Debate, reader) -> ExportedTree:
    """Read what everyone may see of a debate into the structure the writers take."""
    tree = ExportedTree(ImportedDebate(title=debate.title, question=debate.question))
    material_id = debate.material_id
    positions = positions_of(debate, EVERYONE)
    # Rows come in tree order and one under an argument not shown finds no parent among those
    # kept, so the branch rule holds without the costlier where-clause pages use.
    rows_of = {position.id: tree_rows(position, EVERYONE) for position in positions}
    shown: set[int] = set()
    for rows in rows_of.values():
        for row in rows:
            if row.parent_id is None or row.parent_id in shown:
                shown.add(row.id)
    for position in positions:
        key = f"p{position.id}"
        imported = ImportedPosition(key=key, statement=position.statement)
        tree.debate.positions.append(imported)
        tree.ids[key] = position.id
        tree.stances[key] = {choice.value: n for choice, n in stance_tally(position).items()}
        tree.anchors[key] = [{"passage": anchor.passage.number, "quote": anchor.quote}
                             for anchor in position.anchors]
        rows = rows_of[position.id]
        sources = evidence_rows(position, EVERYONE)
        counts = tallies(debate, Argument.position_id == position.id, reader)
        nodes: dict[int, ImportedArgument] = {}
        children_of: set[int] = {row.parent_id for row in rows if row.parent_id is not None}
        for row in rows:
            parent = nodes.get(row.parent_id) if row.parent_id is not None else imported
            if parent is None:
                continue
            link = row.link_to_id
            if link is not None and link not in shown:
                continue
            argument = ImportedArgument(
                key=str(row.id), side=row.side, claim=row.claim,
                body="" if row.withdrawn_at else row.body, author_name=row.author,
                evidence=[_source(source, material_id) for source in sources.get(row.id, [])],
            )
            # A link people have answered keeps its place as a copy, so that no reply is lost.
            if link is not None and row.id not in children_of:
                argument.link_to, argument.claim, argument.evidence = str(link), "", []
            nodes[row.id] = argument
            (parent.arguments if parent is imported else parent.children).append(argument)
            tally = counts.get(row.id)
            key = str(row.id)
            tree.rows[key] = row
            tree.ids[key] = row.id
            tree.sources[key] = sources.get(row.id, [])
            tree.evidence_counts[key] = len(sources.get(row.id, []))
            if shows_tally(debate, tally is not None and tally.my_rating is not None):
                mean = tally.rating_mean if tally else None
                tree.ratings[key] = (round(mean, 3) if mean is not None else None,
                                     tally.rating_count if tally else 0)
            else:
                tree.ratings[key] = (None, None)
    _drop_dangling_links(tree.debate)
    return tree


def _drop_dangling_links(debate: ImportedDebate) -> None:
    """Leave out links whose target is not exported (hidden, pending or under either)."""
    kept = {argument.key for argument, _depth in debate.arguments() if argument.link_to is None}

    def prune(arguments: list[ImportedArgument]) -> list[ImportedArgument]:
        for argument in arguments:
            argument.children = prune(argument.children)
        return [a for a in arguments if a.link_to is None or a.link_to in kept]

    for position in debate.positions:
        position.arguments = prune(position.arguments)


def _source(row: Row, material_id: int) -> ImportedEvidence:
    """Turn a source into one the writers take: a passage is cited by its web address."""
    if row.url:
        return ImportedEvidence(url=row.url, title=row.title, excerpt=row.excerpt,
                                kind=row.kind)
    url = url_for("materials.show", material_id=material_id, _external=True,
                  _anchor=f"p-{row.passage}")
    return ImportedEvidence(url=url, title=row.title, excerpt=row.excerpt, kind=row.kind)


def write_detailed_csv(tree: ExportedTree) -> str:
    """Return the arguments as CSV in the columns Agora reads back, then when each was posted,
    its rating and its number of sources; a position's row counts the stances taken on it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS + OPTIONAL_COLUMNS + DETAIL_COLUMNS + STANCE_COLUMNS)
    paths = {node.key: path for path, node in numbered(tree.debate)
             if not isinstance(node, ImportedArgument) or node.link_to is None}
    for path, node in numbered(tree.debate):
        details, stances = ["", "", "", ""], ["", "", ""]
        if isinstance(node, ImportedArgument):
            side = node.side
            claim = f"-> See {paths[node.link_to]}" if node.link_to is not None else node.claim
            row = tree.rows[node.key]
            mean, count = tree.ratings[node.key]
            details = [isoformat_utc(row.created_at), "" if mean is None else mean,
                       "" if count is None else count, tree.evidence_counts[node.key]]
        else:
            side, claim = "", node.statement
            counts = tree.stances[node.key]
            stances = [counts[column.removeprefix("stance_")] for column in STANCE_COLUMNS]
        first = node.evidence[0] if node.evidence else None
        writer.writerow([path, side, formula_safe(claim), formula_safe(node.body),
                         first.url if first else "",
                         formula_safe(first.title if first else ""),
                         formula_safe(first.excerpt if first else ""),
                         formula_safe(node.author_name or ""),
                         *details, *stances])
        for source in node.evidence[1:]:
            writer.writerow([path, "", "", "", source.url, formula_safe(source.title),
                             formula_safe(source.excerpt), "", "", "", "", "", "", "", ""])
    return buffer.getvalue()


def write_archive(debate: Debate, tree: ExportedTree) -> str:
    """Return the whole debate as an Agora archive that Agora imports back."""
    material = debate.material
    archive = {
        "format": ARCHIVE_FORMAT,
        "version": 1,
        "exported_at": isoformat_utc(utcnow()),
        "debate": {
            "id": debate.id, "title": debate.title, "question": debate.question,
            "status": debate.status.value, "conclusion": debate.conclusion,
            "created_at": isoformat_utc(debate.created_at),
            "url": url_for("debates.show", debate_id=debate.id, _external=True),
        },
        "material": {
            "id": material.id, "title": material.title, "author": material.author,
            "source_url": material.source_url,
            "published_on": isoformat_utc(material.published_on),
            "passages": [{"number": passage.number, "kind": passage.kind.value,
                          "text": passage.text} for passage in material.passages],
        },
        "positions": [
            {"id": tree.ids[position.key], "statement": position.statement,
             "anchors": tree.anchors[position.key], "stances": tree.stances[position.key],
             "arguments": [_archived(argument, tree) for argument in position.arguments]}
            for position in tree.debate.positions
        ],
    }
    return json.dumps(archive, ensure_ascii=False, separators=(",", ":")) + "\n"


def _archived(argument: ImportedArgument, tree: ExportedTree) -> dict:
    """Describe one argument and, beneath it, its replies."""
    row = tree.rows[argument.key]
    mean, count = tree.ratings[argument.key]
    return {
        "id": row.id,
        "path": path_label(row.path),
        "side": argument.side,
        "claim": None if argument.link_to else argument.claim,
        "link_to": int(argument.link_to) if argument.link_to else None,
        "body": argument.body,
        "author": argument.author_name,
        "created_at": isoformat_utc(row.created_at),
        "withdrawn": row.withdrawn_at is not None,
        "rating": {"mean": mean, "count": count},
        "evidence": [] if argument.link_to else [
            {"kind": source.kind, "title": source.title, "url": source.url,
             "passage": source.passage, "excerpt": source.excerpt}
            for source in tree.sources[argument.key]],
        "children": [_archived(child, tree) for child in argument.children],
    }
