"""Read an Agora archive: the JSON that Agora exports of a whole debate, back into a debate.

The archive holds the material, the positions with their anchors, the argument tree with
bodies, authors' names, links and sources (web pages or numbered passages), and aggregate
votes. Everything but the votes comes back: votes are people's, and an archive holds only
their totals.
"""

import json

from flask_babel import gettext as _

from app.imports.debate import (
    MAX_CLAIMS,
    MAX_DEPTH,
    ImportedAnchor,
    ImportedArgument,
    ImportedDebate,
    ImportedEvidence,
    ImportedMaterial,
    ImportedPosition,
    ImportRefused,
    too_deep,
    too_many_claims,
)
from app.imports.decoding import decode_file

ARCHIVE_FORMAT = "agora-archive"


def is_archive(text: str) -> bool:
    """Say whether text is an Agora archive, by the format it names at its start."""
    return text.lstrip().startswith("{") and f'"{ARCHIVE_FORMAT}"' in text[:200]


def read_archive(data: bytes | str) -> ImportedDebate:
    """Read an Agora archive into a debate with its material and anchors."""
    text, problems = decode_file(data)
    try:
        archive = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ImportRefused(_("This Agora archive is not valid JSON: %(error)s.",
                              error=error)) from None
    if not isinstance(archive, dict) or archive.get("format") != ARCHIVE_FORMAT:
        raise ImportRefused(_("This JSON is not an Agora archive."))
    debate_part = _object(archive.get("debate"))
    debate = ImportedDebate(title=_text(debate_part.get("title")),
                            question=_text(debate_part.get("question")), problems=problems)
    material = _object(archive.get("material"))
    if material:
        debate.material = ImportedMaterial(
            title=_text(material.get("title")) or debate.title,
            author=_text(material.get("author")) or None,
            source_url=_text(material.get("source_url")) or None,
            published_on=_text(material.get("published_on")) or None,
            passages=[(_text(p.get("kind")), _text(p.get("text")))
                      for p in map(_object, _list(material.get("passages")))],
        )
    reader = _TreeReader()
    for item in map(_object, _list(archive.get("positions"))):
        position = ImportedPosition(
            key=f"p{_text(item.get('id'))}", statement=_text(item.get("statement")),
            anchors=[ImportedAnchor(passage=anchor.get("passage"), quote=_text(anchor.get("quote")))
                     for anchor in map(_object, _list(item.get("anchors")))
                     if isinstance(anchor.get("passage"), int)],
        )
        position.arguments = reader.arguments(_list(item.get("arguments")), 1)
        debate.positions.append(position)
    if not debate.positions:
        raise ImportRefused(_("This Agora archive holds no positions."))
    return debate


class _TreeReader:
    """Turn the archive's nested argument objects into imported arguments, counting them."""

    def __init__(self):
        self.count = 0

    def arguments(self, items: list, depth: int) -> list[ImportedArgument]:
        """Read a list of argument objects and, depth first, their children."""
        if depth > MAX_DEPTH:
            raise ImportRefused(too_deep(depth))
        read = []
        for item in map(_object, items):
            self.count += 1
            if self.count > MAX_CLAIMS:
                raise ImportRefused(too_many_claims())
            link = item.get("link_to")
            argument = ImportedArgument(
                key=_text(item.get("id")),
                side="con" if item.get("side") == "con" else "pro",
                claim="" if link is not None else _text(item.get("claim")),
                body=_text(item.get("body")),
                author_name=_text(item.get("author")) or None,
                link_to=None if link is None else str(link),
                evidence=[ImportedEvidence(
                    url=_text(source.get("url")), title=_text(source.get("title")),
                    excerpt=_text(source.get("excerpt")), kind=_text(source.get("kind")),
                    passage=source.get("passage") if isinstance(source.get("passage"), int)
                    else None) for source in map(_object, _list(item.get("evidence")))],
            )
            argument.children = self.arguments(_list(item.get("children")), depth + 1)
            read.append(argument)
        return read


def _object(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _text(value) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    return value if isinstance(value, str) else str(value) if isinstance(value, int) else ""
