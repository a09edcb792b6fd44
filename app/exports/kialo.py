"""Write a debate as a Kialo text export (the newer layout, with numbered sources).

Kialo has no place for an argument's body, a source's title, an author or an unplaced claim;
those are left out. Everything else reads back as the same tree.
"""

import re

from app.exports.paths import numbered, paths_by_key
from app.imports.debate import ImportedArgument, ImportedDebate, ImportedEvidence

_SPECIAL_RE = re.compile(r"([\\\[\]()])")
_SOURCES_LINE_RE = re.compile(r"(?m)^Sources:$")


def write_kialo(debate: ImportedDebate) -> str:
    """Return the debate as Kialo text: label lines, indented claims, then the sources."""
    paths = paths_by_key(debate)
    sources: dict[tuple[str, str], int] = {}
    out = ["Discussion Name:", _one_line(debate.title), ""]
    for path, node in numbered(debate):
        depth = path.count(".")
        indent = "  " * depth
        if isinstance(node, ImportedArgument):
            label = "Pro" if node.side == "pro" else "Con"
            text = (f"-> See {paths[node.link_to]}." if node.link_to is not None
                    else _claim(node.claim, node.evidence, sources))
        else:
            label, text = "Thesis", _claim(node.statement, node.evidence, sources)
        out.append(f"{indent}{path}. {label}:")
        out += [f"{indent}{line}" if line else "" for line in text.split("\n")]
        out.append("")
    if sources:
        out.append("Sources:")
        for (url, excerpt), number in sources.items():
            out.append(f"[{number}] {url}")
            if excerpt:
                out.append(f'"{excerpt}"')
    return "\n".join(out).rstrip("\n") + "\n"


def _claim(text: str, evidence: list[ImportedEvidence], sources: dict) -> str:
    """Escape a claim's Markdown characters and cite its sources as numbered footnotes."""
    markers = []
    for source in evidence:
        number = sources.setdefault((source.url, source.excerpt), len(sources) + 1)
        markers.append(f" [{number}]")
    text = _SPECIAL_RE.sub(r"\\\1", text)
    if text.startswith("->"):
        text = "-\\>" + text[2:]
    # A thesis line reading only "Sources:" would end the claims.
    text = _SOURCES_LINE_RE.sub("Sources\\:", text)
    return text + "".join(markers)


def _one_line(text: str) -> str:
    """Join a title's lines, since Kialo's title is one line."""
    return " ".join(text.split())
