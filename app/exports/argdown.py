"""Write a debate as Argdown: each position a statement, each argument indented beneath it.

A claim's body, sources and author, and its exact text where Argdown would read parts of it
as tags, mentions or comments, go into the ``{...}`` data after the claim, written as JSON
(which YAML, and so Argdown, reads too) with every ``/`` and ``{`` escaped so that no comment
or data marker appears inside it.
"""

import json
import re

from app.exports.paths import numbered
from app.imports.debate import ImportedArgument, ImportedDebate, ImportedPosition

# Characters that Argdown reads as more than words somewhere in a line.
_MARKUP_RE = re.compile(r"[#@{}\[\]<>/\\\n]|^[+-]|\s[+-]>?\s")
_STRING_RE = re.compile(r'"(?:\\.|[^"\\])*"')


def write_argdown(debate: ImportedDebate) -> str:
    """Return the debate as Argdown text that reads back as the same tree."""
    titles = {node.key: _title(path, node) for path, node in numbered(debate)
              if not isinstance(node, ImportedArgument) or node.link_to is None}
    # A JSON string is a YAML string too, and a plain one may not hold ": ".
    title = json.dumps(" ".join(debate.title.split()), ensure_ascii=False)
    out = ["===", f"title: {_STRING_RE.sub(_escape_markers, title)}", "==="]
    for path, node in numbered(debate):
        depth = path.count(".")
        if isinstance(node, ImportedPosition):
            out += ["", f"{titles[node.key]}: {_text(node.statement, node)}"]
            continue
        arrow = "+" if node.side == "pro" else "-"
        item = (titles[node.link_to] if node.link_to is not None
                else f"{titles[node.key]}: {_text(node.claim, node)}")
        out.append(f"{'  ' * depth}{arrow} {item}")
    for number, claim in enumerate(debate.unplaced, start=1):
        out += ["", f"<Unplaced {number}>: {_text(claim.claim, claim)}"]
    return "\n".join(out) + "\n"


def _title(path: str, node: ImportedPosition | ImportedArgument) -> str:
    """Name a claim by its path: positions are statements, arguments are arguments."""
    return f"[Position {path}]" if isinstance(node, ImportedPosition) else f"<Argument {path}>"


def _text(text: str, node: ImportedPosition | ImportedArgument) -> str:
    """Return a claim's text on one line, with its data after it where it has any."""
    data: dict = {}
    shown = " ".join(text.split())
    if _MARKUP_RE.search(text) or shown != text:
        data["text"] = text
        shown = " ".join(_MARKUP_RE.sub(" ", text).split())
    if node.body:
        data["body"] = node.body
    if node.evidence:
        data["evidence"] = [{"url": e.url, "title": e.title, "excerpt": e.excerpt}
                            for e in node.evidence]
    if node.author_name:
        data["author"] = node.author_name
    if not data:
        return shown
    encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"{shown} {_STRING_RE.sub(_escape_markers, encoded)}"


def _escape_markers(match: re.Match) -> str:
    """Write the slashes and braces inside a JSON string as escapes Argdown cannot misread."""
    return match.group(0).replace("/", "\\u002f").replace("{", "\\u007b")
