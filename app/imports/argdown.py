"""Read the part of Argdown that describes pro/con trees into an imported debate.

Read: statements ``[Title]: text``, arguments ``<Title>: text``, a title alone as a reference
to the same item, relations indented under an item (``+`` ``-`` ``+>`` ``->`` ``<+`` ``<-``,
and the undercuts ``_>`` ``<_``, read as attacks), and premise–conclusion structures, which
become the body of their argument. Tolerated and left out: front matter between ``===``
lines (its ``title`` names the debate), ``#`` headings, ``#tags``, ``@[mentions]`` (kept as
words), ``//`` and ``/* */`` comments. ``{key: value}`` data is dropped, except the JSON
object Agora writes there to keep a claim's exact text, body, sources and author.
"""

import json
import re
from dataclasses import dataclass, field

from flask_babel import gettext as _

from app.imports.debate import (
    MAX_CLAIMS,
    ImportedDebate,
    ImportedEvidence,
    ImportRefused,
    Problem,
    Side,
    too_many_claims,
)
from app.imports.decoding import clean_text, decode_file
from app.imports.graph import Claim, Relation, build_trees
from app.imports.markdown import is_web_address, take_links

# Each arrow: does the item on the line support or attack, and is it the child (True) or the
# item it is indented under?
ARROWS: dict[str, tuple[Side, bool]] = {
    "+": ("pro", True), "<+": ("pro", True), "-": ("con", True), "<-": ("con", True),
    "<_": ("con", True), "+>": ("pro", False), "->": ("con", False), "_>": ("con", False),
}
_RELATION_RE = re.compile(r"^(\+>|->|<\+|<-|_>|<_|\+|-)[ \t]+(.*)$")
_ITEM_RE = re.compile(r"^(?:\[([^\[\]]+)\]|<([^<>]+)>)(?::[ \t]*(.*))?$")
_PCS_LINE_RE = re.compile(r"^\((\d+)\)[ \t]*(.*)$")
_HEADING_RE = re.compile(r"^#+[ \t]+(.*)$")
_TAG_RE = re.compile(r"(?<!\S)#(?:\([^()#]*\)|[^\s#()\[\]{}]+)")
_MENTION_RE = re.compile(r"@(?:\[([^\[\]]+)\]|<([^<>]+)>)")
_LINE_COMMENT_RE = re.compile(r"(?:^|[ \t])//.*$")
_SPACES_RE = re.compile(r"[ \t]{2,}")


@dataclass
class _Item:
    """A statement or argument as it is being read."""

    key: str
    parts: list[str] = field(default_factory=list)
    body: str = ""
    evidence: list[ImportedEvidence] = field(default_factory=list)
    author_name: str | None = None
    line: int | None = None
    is_statement: bool = True
    exact_text: str | None = None


def is_argdown(text: str) -> bool:
    """Say whether text reads like Argdown: front matter, or a titled statement or argument."""
    head = text.lstrip()[:4096]
    return head.startswith("===") or bool(
        re.search(r"(?m)^[ \t]*(?:[+-]>?[ \t]+|<[+_-][ \t]+)?(?:\[[^\[\]\n]+\]|<[^<>\n]+>):",
                  head))


def read_argdown(data: bytes | str) -> ImportedDebate:
    """Read an Argdown file; statements that answer nothing become positions."""
    text, problems = decode_file(data)
    lines = _without_block_comments(text, problems).split("\n")
    title, start = _front_matter(lines, problems)
    reader = _Reader(problems)
    for index in range(start, len(lines)):
        reader.read_line(index + 1, _LINE_COMMENT_RE.sub("", lines[index]).rstrip())
    if not reader.items:
        raise ImportRefused(_("This file has no Argdown statements or arguments "
                              "(“[Title]: text” or “<Title>: text”)."))
    claims = {key: Claim(key=key, body=item.body,
                         text=item.exact_text if item.exact_text is not None
                         else clean_text(" ".join(item.parts)) or key[1:-1],
                         evidence=item.evidence, author_name=item.author_name, line=item.line,
                         may_stand_alone=item.is_statement)
              for key, item in reader.items.items()}
    positions, unplaced, tree_problems = build_trees(claims, reader.relations)
    title = title or reader.heading or (positions[0].statement if positions else "")
    return ImportedDebate(title=title or "Imported argument map", positions=positions,
                          unplaced=unplaced, problems=problems + tree_problems)


def _without_block_comments(text: str, problems: list[Problem]) -> str:
    """Blank out ``/* */`` comments, keeping their line breaks so line numbers still hold."""
    parts = []
    position = 0
    while True:
        start = text.find("/*", position)
        if start < 0:
            parts.append(text[position:])
            return "".join(parts)
        end = text.find("*/", start + 2)
        parts.append(text[position:start])
        if end < 0:
            problems.append(Problem(text.count("\n", 0, start) + 1,
                                    _("A “/*” comment is never closed; the rest of the file "
                                      "was read as a comment.")))
            parts.append("\n" * text.count("\n", start))
            return "".join(parts)
        parts.append("\n" * text.count("\n", start, end))
        position = end + 2


def _front_matter(lines: list[str], problems: list[Problem]) -> tuple[str, int]:
    """Return the front matter's title and the index of the first line after it."""
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    if first == len(lines) or lines[first].strip() != "===":
        return "", first
    title = ""
    for index in range(first + 1, len(lines)):
        if lines[index].strip() == "===":
            return title, index + 1
        key, _colon, value = lines[index].partition(":")
        if key.strip() == "title" and value.strip():
            title = clean_text(_yaml_string(value.strip()))
    problems.append(Problem(first + 1, _("The front matter opened with “===” is never closed; "
                                         "the file was read without it.")))
    return title, first + 1


def _is_inference(content: str) -> bool:
    """Say whether a line is an inference line: ``--``, ``----`` or ``-- rule {…} --``."""
    content = content.rstrip()
    return content.startswith("--") and content.endswith("--")


def _without_data(text: str) -> str:
    """Drop every ``{...}`` group, nested ones included; leave unbalanced braces as words."""
    if "{" not in text:
        return text
    kept = []
    depth = 0
    for character in text:
        if character == "{":
            depth += 1
        elif character == "}" and depth:
            depth -= 1
        elif not depth:
            kept.append(character)
    return text if depth else "".join(kept)


def _yaml_string(value: str) -> str:
    """Read a one-line YAML string: double-quoted with escapes, single-quoted, or plain."""
    if value.startswith('"'):
        try:
            decoded = json.loads(value)
        except ValueError:
            return value.strip('"')
        return decoded if isinstance(decoded, str) else value
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    return value


class _Reader:
    """Read lines one by one, keeping the items they name and the relations between them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        self.items: dict[str, _Item] = {}
        self.relations: list[Relation] = []
        self.heading = ""
        self.stack: list[tuple[int, str]] = []
        self.last: _Item | None = None
        self.argument: str | None = None
        self.structure: list[str] = []
        self.anonymous = 0

    def read_line(self, number: int, line: str) -> None:
        """Read one line, already stripped of comments."""
        content = line.lstrip(" \t")
        indent = len(line) - len(content)
        if not content:
            self._end_structure()
            self.last = None
            return
        heading = _HEADING_RE.match(line)
        if heading:
            self._end_structure()
            self.heading = self.heading or clean_text(_TAG_RE.sub("", heading.group(1)))
            self.stack, self.last, self.argument = [], None, None
            return
        if _PCS_LINE_RE.match(content) or (self.structure and _is_inference(content)):
            self._read_structure_line(number, indent, content)
            return
        self._end_structure()
        relation = _RELATION_RE.match(content)
        if relation:
            self._read_relation(number, indent, relation.group(1), relation.group(2))
            return
        if self.last is not None and indent > 0 and not _ITEM_RE.match(content):
            self._add_text(self.last, content)
            return
        item = self._read_item(number, content)
        while self.stack and self.stack[-1][0] >= indent:
            self.stack.pop()
        self.stack.append((indent, item.key))
        self.argument = None if item.is_statement else item.key

    def _read_relation(self, number: int, indent: int, arrow: str, content: str) -> None:
        """Attach the item on this line to the item it is indented under."""
        while self.stack and self.stack[-1][0] >= indent:
            self.stack.pop()
        item = self._read_item(number, content)
        if not self.stack:
            self.problems.append(Problem(number, _("This relation is not indented under any "
                                                   "statement or argument; it was left out.")))
        else:
            side, item_is_child = ARROWS[arrow]
            other = self.stack[-1][1]
            child, parent = (item.key, other) if item_is_child else (other, item.key)
            # A title alone under a parent places an item said elsewhere here too: a link.
            is_link = item_is_child and self.last is not item
            self.relations.append(Relation(child=child, parent=parent, side=side, line=number,
                                           is_link=is_link))
        self.stack.append((indent, item.key))

    def _read_item(self, number: int, content: str) -> _Item:
        """Return the statement or argument a line names, defining it if the line says what."""
        match = _ITEM_RE.match(content) or _ITEM_RE.match(
            _without_data(_TAG_RE.sub("", content)).strip())
        if match:
            statement, argument, text = match.groups()
            key = f"[{statement.strip()}]" if statement else f"<{argument.strip()}>"
        else:
            self.anonymous += 1
            key, text = f"[Statement {self.anonymous} on line {number}]", content
        item = self.items.get(key)
        if item is None:
            if len(self.items) >= MAX_CLAIMS:
                raise ImportRefused(too_many_claims())
            item = _Item(key=key, line=number, is_statement=key.startswith("["))
            self.items[key] = item
        if text and not item.parts:
            item.line = number
            self._add_text(item, text)
        self.last = item if text else None
        return item

    def _add_text(self, item: _Item, text: str) -> None:
        """Add words to an item's text, reading Agora's data, tags, mentions and links."""
        text = self._read_data(item, text)
        text = _MENTION_RE.sub(lambda m: m.group(1) or m.group(2), _TAG_RE.sub("", text))
        text = _SPACES_RE.sub(" ", text)
        text, evidence = take_links(text)
        item.evidence += [e for e in evidence if e.url not in {s.url for s in item.evidence}]
        item.parts.append(clean_text(text))

    def _read_data(self, item: _Item, text: str) -> str:
        """Take the ``{...}`` data off a line, keeping what Agora wrote there."""
        start = 0 if text.startswith("{") else text.find(" {")
        if start >= 0:
            try:
                data = json.loads(text[start:])
            except ValueError:
                data = None
            if isinstance(data, dict):
                self._keep_data(item, data)
                return text[:start]
        return _without_data(text)

    def _keep_data(self, item: _Item, data: dict) -> None:
        """Keep the exact text, body, sources and author Agora writes as a claim's data."""
        if isinstance(data.get("text"), str):
            item.exact_text = data["text"]
        if isinstance(data.get("body"), str):
            item.body = data["body"].strip()
        if isinstance(data.get("author"), str):
            item.author_name = clean_text(data["author"]) or None
        sources = data.get("evidence")
        for source in sources if isinstance(sources, list) else []:
            if isinstance(source, dict) and is_web_address(str(source.get("url", ""))):
                item.evidence.append(ImportedEvidence(
                    url=source["url"], title=str(source.get("title") or ""),
                    excerpt=str(source.get("excerpt") or "")))

    def _read_structure_line(self, number: int, indent: int, content: str) -> None:
        """Collect a premise, inference or conclusion line for its argument's body."""
        if not self.structure and self.argument is None:
            self.anonymous += 1
            key = f"<Argument {self.anonymous} on line {number}>"
            self.items[key] = _Item(key=key, line=number, is_statement=False)
            self.argument = key
        pcs = _PCS_LINE_RE.match(content)
        self.structure.append(f"({pcs.group(1)}) {clean_text(_TAG_RE.sub('', pcs.group(2)))}"
                              if pcs else "----")
        self.stack = [(indent, self.argument)]
        self.last = None

    def _end_structure(self) -> None:
        """Write the premises and conclusion collected so far into their argument's body."""
        if not self.structure:
            return
        item = self.items[self.argument]
        if not item.body:
            item.body = "\n".join(self.structure)
        if not item.parts:
            conclusion = self.structure[-1]
            item.parts.append(conclusion.split(" ", 1)[1] if " " in conclusion else conclusion)
        self.structure, self.argument = [], None
