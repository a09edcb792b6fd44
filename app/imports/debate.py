"""Hold a debate read from a file, before anything of it is saved, and the limits on one."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from babel.numbers import format_decimal
from flask_babel import get_locale
from flask_babel import gettext as _

Side = Literal["pro", "con"]

# A file larger than this is refused before it is read; real exports are under 1 MB.
MAX_BYTES = 20 * 1024 * 1024
# Real Kialo exports hold about a thousand claims; ten times the largest one we know of is
# still a debate people can read, a hundred times is a mistake or an attack.
MAX_CLAIMS = 20_000
# The deepest argument Agora stores is 60 levels under its position (app.models.argument).
MAX_DEPTH = 60


class ImportRefused(Exception):
    """Say why a whole file cannot be imported; the message is fit to show to its owner."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def number(value: float, format: str | None = None) -> str:
    """Write a number the reader's way ("20,000"), in English outside a request."""
    return format_decimal(value, format, locale=get_locale() or "en")


def too_many_claims() -> str:
    """Say how many claims a debate may have, when a file has more."""
    return _("The file holds more than %(most)s claims, the most that can be imported at once.",
             most=number(MAX_CLAIMS))


def too_deep(depth: int) -> str:
    """Say how deep a file's tree goes and how deep a debate may."""
    return _("The file's arguments go %(depth)s levels deep under their position; Agora keeps "
             "at most %(most)s.", depth=number(depth), most=number(MAX_DEPTH))


@dataclass
class Problem:
    """Something in the file that was skipped or guessed, with the line it was found on."""

    line: int | None
    message: str


@dataclass
class ImportedEvidence:
    """A source cited for a claim: where it is, what it is called, and the words quoted."""

    url: str
    title: str = ""
    excerpt: str = ""
    # Only an Agora archive cites a numbered passage of its material instead of a web page.
    passage: int | None = None
    kind: str = ""


@dataclass
class ImportedArgument:
    """A claim for or against its parent, or a link placing an earlier claim here too.

    ``key`` is the claim's id in the file (a Kialo number, an AIF node id, an Argdown title or
    a CSV path). A link has ``link_to`` set to the key of the claim it places here again, its
    own side, and no text, evidence or children of its own.
    """

    key: str
    side: Side
    claim: str
    body: str = ""
    evidence: list[ImportedEvidence] = field(default_factory=list)
    children: list["ImportedArgument"] = field(default_factory=list)
    link_to: str | None = None
    author_name: str | None = None
    line: int | None = None


@dataclass
class ImportedAnchor:
    """The words of one numbered passage of the material that raise a position."""

    passage: int
    quote: str


@dataclass
class ImportedMaterial:
    """The document a debate is about, as an Agora archive carries it, passage by passage."""

    title: str
    author: str | None = None
    source_url: str | None = None
    published_on: str | None = None
    passages: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class ImportedPosition:
    """A thesis at the top of a tree, with the arguments for and against it."""

    key: str
    statement: str
    body: str = ""
    evidence: list[ImportedEvidence] = field(default_factory=list)
    arguments: list[ImportedArgument] = field(default_factory=list)
    author_name: str | None = None
    line: int | None = None
    anchors: list[ImportedAnchor] = field(default_factory=list)


@dataclass
class ImportedDebate:
    """Everything read from one file: its positions, the claims that fit nowhere, and problems.

    ``unplaced`` holds claims connected to no position (they are kept, as pros, under a
    position of their own when saved); ``problems`` lists what was skipped or guessed. Only an
    Agora archive fills ``question`` and ``material`` (and positions' ``anchors``).
    """

    title: str
    positions: list[ImportedPosition] = field(default_factory=list)
    unplaced: list[ImportedArgument] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    question: str = ""
    material: ImportedMaterial | None = None

    def arguments(self) -> Iterator[tuple[ImportedArgument, int]]:
        """Yield every placed argument in tree order with its depth (1 = under a position)."""
        for position in self.positions:
            stack = [(argument, 1) for argument in reversed(position.arguments)]
            while stack:
                argument, depth = stack.pop()
                yield argument, depth
                stack.extend((child, depth + 1) for child in reversed(argument.children))

    def summary(self) -> dict:
        """Count what a preview shows: claims per side, depth, links, sources and problems."""
        counts = {"positions": len(self.positions), "arguments": 0, "pro": 0, "con": 0,
                  "links": 0, "evidence": 0, "depth": 0, "unplaced": len(self.unplaced),
                  "problems": len(self.problems)}
        counts["evidence"] = sum(len(position.evidence) for position in self.positions)
        for argument, depth in self.arguments():
            counts["arguments"] += 1
            counts[argument.side] += 1
            counts["links"] += argument.link_to is not None
            counts["evidence"] += len(argument.evidence)
            counts["depth"] = max(counts["depth"], depth)
        return counts
