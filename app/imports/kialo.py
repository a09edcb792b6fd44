"""Read a Kialo discussion export, in either of its two layouts, into an imported debate.

Layout A puts each claim on one line (``1.2. Con: text``) with Markdown links in the text;
layout B puts a label line (``  1.2. Con:``) above indented text and cites numbered sources
listed after a ``Sources:`` line. Both number claims by their place in the tree, and both
write ``-> See 1.2.`` for a claim placed under a second parent.
"""

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
from app.imports.markdown import is_web_address, take_links, unescape_markdown

TITLE_RE = re.compile(r"^Discussion (?:Title|Name):[ \t\u00a0]*(.*)$")
CLAIM_RE = re.compile(
    r"^[ \t]*((?:\d+\.)+)(?:[ \t\u00a0]+|$)(?:(Thesis|Pro|Con):)?[ \t\u00a0]*(.*)$"
)
LINK_RE = re.compile(r"^->[ \t]*See[ \t]+((?:\d+\.)*\d+)\.?$")
_THESIS_LABEL_RE = re.compile(r"^[ \t]*1\.[ \t]+Thesis:[ \t]*$")
_SOURCE_RE = re.compile(r"^\[(\d+)\][ \t]+(\S+)[ \t]*$")
# Starting only where a run of spaces starts keeps the search linear on long runs.
_FOOTNOTE_RE = re.compile(r"(?<![ \t])[ \t]*(?<!\\)\[(\d+)\](?!\()")
_EMPTY_BRACKETS_RE = re.compile(r"\([ \t]*\)")
_QUOTES = ('"', "“", "”", "„")


def is_kialo(text: str) -> bool:
    """Say whether text starts the way a Kialo export does."""
    for line in text.lstrip().split("\n", 3)[:3]:
        if TITLE_RE.match(line) or re.match(r"^1\.[ \t]+(?:Thesis:)?", line):
            return True
    return False


def read_kialo(data: bytes | str) -> ImportedDebate:
    """Read a Kialo export; claims are numbered by tree position and sides are per parent."""
    text, problems = decode_file(data)
    lines = text.split("\n")
    title, first = _read_title(lines)
    debate = ImportedDebate(title=title, problems=problems)
    claims, sources_at = _read_claims(lines, first, debate)
    if not debate.positions:
        raise ImportRefused(_("This file has no numbered claims, so it is not a Kialo export "
                              "(the thesis should start with “1.”)."))
    sources = _read_sources(lines, sources_at, debate.problems) if sources_at else {}
    _finish_claims(claims, sources, debate.problems)
    _resolve_links(claims, debate.problems)
    if not title:
        debate.title = debate.positions[0].statement
        debate.problems.append(Problem(1, _("The file has no “Discussion Title” line; the "
                                            "thesis is used as the title.")))
    return debate


def _read_title(lines: list[str]) -> tuple[str, int]:
    """Return the discussion title and the index of the first line after it."""
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        match = TITLE_RE.match(line)
        if not match:
            return "", index
        if match.group(1).strip():
            return clean_text(match.group(1)), index + 1
        for following in range(index + 1, len(lines)):
            if _THESIS_LABEL_RE.match(lines[following]):
                return "", following
            if lines[following].strip():
                return clean_text(lines[following]), following + 1
        return "", len(lines)
    return "", len(lines)


class _Pending:
    """A claim being read: its node, its text lines and where it was found."""

    __slots__ = ("line", "lines", "node")

    def __init__(self, node: ImportedPosition | ImportedArgument, line: int, first: str):
        self.node = node
        self.line = line
        self.lines = [first] if first else []


def _read_claims(lines: list[str], start: int, debate: ImportedDebate
                 ) -> tuple[list[_Pending], int | None]:
    """Build the tree from the numbered lines; return the claims and where sources begin."""
    nodes: dict[str, ImportedPosition | ImportedArgument] = {}
    child_counts: dict[str, int] = {}
    claims: list[_Pending] = []
    current: _Pending | None = None
    blank_before = False
    labels_alone: bool | None = None
    for index in range(start, len(lines)):
        line = lines[index]
        number = index + 1
        if line.rstrip() == "Sources:":
            return claims, index + 1
        match = CLAIM_RE.match(line)
        if match and labels_alone is None:
            labels_alone = bool(match.group(2)) and not match.group(3).strip()
        elif match and labels_alone and (not match.group(2) or match.group(3).strip()):
            # In layout B a numbered line with text after it is a list inside a claim.
            match = None
        if not match:
            if not line.strip():
                blank_before = current is not None and bool(current.lines)
            elif current is None:
                debate.problems.append(Problem(number, _("This line is not part of any claim; "
                                                         "it was left out.")))
            else:
                current.lines.append(("\n\n" if blank_before else "") + line.strip())
                blank_before = False
            continue
        key, label, rest = match.groups()
        if current is not None and key.count(".") == 1 and key != f"{len(debate.positions) + 1}.":
            # "2019. A good year" inside a claim's text, not a second thesis.
            current.lines.append(("\n\n" if blank_before else "") + line.strip())
            blank_before = False
            continue
        blank_before = False
        node = _place_claim(key, label, number, nodes, child_counts, debate)
        if node is None:
            current = None
            continue
        if len(nodes) > MAX_CLAIMS:
            raise ImportRefused(too_many_claims())
        current = _Pending(node, number, rest.strip())
        claims.append(current)
    return claims, None


def _place_claim(key: str, label: str | None, number: int, nodes: dict,
                 child_counts: dict[str, int], debate: ImportedDebate
                 ) -> ImportedPosition | ImportedArgument | None:
    """Hang a numbered claim under its parent, or report why it cannot be."""
    if key in nodes:
        debate.problems.append(Problem(number, _("Claim %(key)s appears twice; the second was "
                                                 "left out.", key=key)))
        return None
    parent_key = key[: key.rstrip(".").rfind(".") + 1]
    if not parent_key:
        if label in ("Pro", "Con"):
            debate.problems.append(Problem(number, _("The thesis %(key)s is marked %(label)s; "
                                                     "the label was ignored.", key=key,
                                                     label=label)))
        position = ImportedPosition(key=key, statement="", line=number)
        debate.positions.append(position)
        nodes[key] = position
        return position
    parent = nodes.get(parent_key)
    if parent is None:
        debate.problems.append(Problem(number, _("Claim %(key)s has no parent %(parent)s before "
                                                 "it; it was left out.", key=key,
                                                 parent=parent_key)))
        return None
    depth = key.count(".") - 1
    if depth > MAX_DEPTH:
        raise ImportRefused(too_deep(depth))
    expected = child_counts.get(parent_key, 0) + 1
    child_counts[parent_key] = expected
    if not key.endswith(f".{expected}.") and key != f"{expected}.":
        debate.problems.append(Problem(number, _("Claim %(key)s was expected to be numbered "
                                                 "%(parent)s%(expected)s.; it was kept in "
                                                 "order.", key=key, parent=parent_key,
                                                 expected=expected)))
    if label not in ("Pro", "Con"):
        debate.problems.append(Problem(number, _("Claim %(key)s is marked neither Pro nor Con; "
                                                 "it was taken as Pro.", key=key)))
    argument = ImportedArgument(key=key, side="con" if label == "Con" else "pro", claim="",
                                line=number)
    siblings = parent.arguments if isinstance(parent, ImportedPosition) else parent.children
    siblings.append(argument)
    nodes[key] = argument
    return argument


def _finish_claims(claims: list[_Pending], sources: dict[int, ImportedEvidence],
                   problems: list[Problem]) -> None:
    """Turn each claim's raw text into its text, evidence or link target."""
    cited: set[int] = set()
    for pending in claims:
        raw = " ".join(pending.lines).replace(" \n\n", "\n\n").strip()
        node = pending.node
        link = LINK_RE.match(clean_text(raw))
        if link and isinstance(node, ImportedArgument):
            node.link_to = link.group(1) + "."
            continue
        text, evidence = _claim_text(raw, sources, cited, pending.line, problems)
        if not text:
            problems.append(Problem(pending.line, _("Claim %(key)s has no text.", key=node.key)))
        if isinstance(node, ImportedPosition):
            node.statement = text
        else:
            node.claim = text
        node.evidence = evidence
    for number in sorted(set(sources) - cited):
        problems.append(Problem(None, _("Source [%(number)s] is cited by no claim; it was left "
                                        "out.", number=number)))


def _claim_text(raw: str, sources: dict[int, ImportedEvidence], cited: set[int], line: int,
                problems: list[Problem]) -> tuple[str, list[ImportedEvidence]]:
    """Keep a link's words in the text and its address as evidence; resolve footnotes."""
    text, evidence = take_links(raw)
    urls = {source.url for source in evidence}

    def drop_footnote(match: re.Match) -> str:
        number = int(match.group(1))
        source = sources.get(number)
        if source is None:
            return match.group(0)
        cited.add(number)
        if source.url not in urls:
            urls.add(source.url)
            evidence.append(ImportedEvidence(url=source.url, excerpt=source.excerpt))
        return ""

    if sources:
        text = _EMPTY_BRACKETS_RE.sub("", _FOOTNOTE_RE.sub(drop_footnote, text))
        for number in _FOOTNOTE_RE.findall(text):
            problems.append(Problem(line, _("Footnote [%(number)s] has no entry under "
                                            "“Sources:”; it was left in the text.",
                                            number=number)))
    return clean_text(unescape_markdown(text)), evidence


def _read_sources(lines: list[str], start: int, problems: list[Problem]
                  ) -> dict[int, ImportedEvidence]:
    """Read the ``Sources:`` trailer: numbered addresses, each with an optional quote."""
    sources: dict[int, ImportedEvidence] = {}
    current: ImportedEvidence | None = None
    excerpt: list[str] = []
    last_number = 0
    for index in range(start, len(lines)):
        match = _SOURCE_RE.match(lines[index].strip())
        if match and not _starts_entry(match, last_number):
            match = None
        if match:
            last_number = int(match.group(1))
            if current is not None:
                current.excerpt = _unquote(excerpt)
            number, url = int(match.group(1)), match.group(2)
            current, excerpt = ImportedEvidence(url=url), []
            if not is_web_address(url):
                problems.append(Problem(index + 1, _("Source [%(number)s] is not a web address; "
                                                     "it was left out.", number=number)))
                continue
            if number in sources:
                problems.append(Problem(index + 1, _("Source [%(number)s] is listed twice; the "
                                                     "first was kept.", number=number)))
                continue
            sources[number] = current
        elif current is not None:
            excerpt.append(lines[index])
        elif lines[index].strip():
            problems.append(Problem(index + 1, _("This line under “Sources:” belongs to no "
                                                 "source; it was left out.")))
    if current is not None:
        current.excerpt = _unquote(excerpt)
    return sources


def _starts_entry(match: re.Match, last_number: int) -> bool:
    """Say whether a ``[n] word`` line starts the next source rather than quoting one.

    Entries are numbered 1..N in order; one that skips a number still counts when it gives a
    web address.
    """
    number = int(match.group(1))
    return number == last_number + 1 or (number > last_number
                                         and is_web_address(match.group(2)))


def _unquote(lines: list[str]) -> str:
    """Join a source's quoted lines, keeping blank lines inside, dropping the outer quotes."""
    text = clean_text("\n".join(line.rstrip() for line in lines))
    if len(text) >= 2 and text.startswith(_QUOTES) and text.endswith(_QUOTES):
        text = text[1:-1].strip()
    return text


def _resolve_links(claims: list[_Pending], problems: list[Problem]) -> None:
    """Check every link's target and drop the links that lead nowhere."""
    by_key = {pending.node.key: pending.node for pending in claims}
    broken: set[int] = set()
    for pending in claims:
        node = pending.node
        if not isinstance(node, ImportedArgument) or node.link_to is None:
            continue
        target = by_key.get(node.link_to)
        if isinstance(target, ImportedArgument) and target.link_to is not None:
            node.link_to = target.link_to
            target = by_key.get(node.link_to)
        if target is None:
            problems.append(Problem(pending.line, _("Claim %(key)s links to %(target)s, which is "
                                                    "not in the file; it was left out.",
                                                    key=node.key, target=node.link_to)))
            broken.add(id(node))
        elif node.children:
            problems.append(Problem(pending.line, _("Claim %(key)s is a link but has claims "
                                                    "under it; they were left out.",
                                                    key=node.key)))
            node.children = []
    if not broken:
        return
    for pending in claims:
        node = pending.node
        siblings = node.arguments if isinstance(node, ImportedPosition) else node.children
        if any(id(child) in broken for child in siblings):
            siblings[:] = [child for child in siblings if id(child) not in broken]
