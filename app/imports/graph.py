"""Turn claims and the supports and attacks between them into trees under positions.

AIF and Argdown describe a graph, not a tree: a claim may support two others, and a careless
file may go round in a circle. Each claim is placed once, under the parent of its first
relation that is not marked as a link (Argdown: where its text is given; Agora's AIF marks
links), and every other relation becomes a link to it. A claim whose place is never reached
is placed where a link first reaches it instead. Claims in no relation are positions when
they may stand alone (an Argdown statement) and unplaced otherwise; claims reached from no
position (a cycle with nothing above it) are unplaced with a problem.
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext

from app.imports.debate import (
    MAX_CLAIMS,
    MAX_DEPTH,
    ImportedArgument,
    ImportedEvidence,
    ImportedPosition,
    ImportRefused,
    Problem,
    Side,
    number,
    too_deep,
    too_many_claims,
)


@dataclass
class Claim:
    """One claim of a graph, as its reader found it."""

    key: str
    text: str
    body: str = ""
    evidence: list[ImportedEvidence] = field(default_factory=list)
    author_name: str | None = None
    line: int | None = None
    may_stand_alone: bool = False


@dataclass
class Relation:
    """A claim (the child) supporting or attacking another (the parent)."""

    child: str
    parent: str
    side: Side
    line: int | None = None
    is_link: bool = False


def build_trees(claims: dict[str, Claim], relations: list[Relation]
                ) -> tuple[list[ImportedPosition], list[ImportedArgument], list[Problem]]:
    """Return the positions with their trees, the unplaced claims and the problems found."""
    if len(claims) > MAX_CLAIMS:
        raise ImportRefused(too_many_claims())
    tree = _Tree(claims)
    for relation in relations:
        tree.add(relation)
    positions: list[ImportedPosition] = []
    unplaced: list[ImportedArgument] = []
    for key, claim in claims.items():
        if key in tree.primary:
            continue
        if key in tree.children or claim.may_stand_alone:
            positions.append(tree.place_position(claim))
        else:
            tree.placed.add(key)
            unplaced.append(_argument(claim, "pro"))
    tree.place_behind_links()
    stranded = [key for key in claims if key not in tree.placed]
    if stranded:
        names = ", ".join(repr(key) for key in stranded[:5])
        if len(stranded) > 5:
            more = len(stranded) - 5
            message = ngettext(
                "Claims %(names)s and %(count)s more support or attack each other in a circle "
                "with no claim above them; they were kept as unplaced.",
                "Claims %(names)s and %(count)s more support or attack each other in a circle "
                "with no claim above them; they were kept as unplaced.",
                more, names=names, count=number(more))
        else:
            message = _("Claims %(names)s support or attack each other in a circle with no "
                        "claim above them; they were kept as unplaced.", names=names)
        tree.problems.append(Problem(claims[stranded[0]].line, message))
        unplaced.extend(_argument(claims[key], "pro") for key in stranded)
    return positions, unplaced, tree.problems


class _Tree:
    """The relations of a graph by parent, and the walk that hangs claims under positions."""

    def __init__(self, claims: dict[str, Claim]):
        self.claims = claims
        self.problems: list[Problem] = []
        self.children: dict[str, list[tuple[str, Side, bool]]] = {}
        self.primary: dict[str, tuple[str, Side]] = {}
        self.placed: set[str] = set()
        self.links: list[tuple[ImportedArgument, int]] = []
        self.link_keys: set[str] = set()
        self.seen: set[tuple[str, str, Side]] = set()
        # Claims that only links have reached so far, placed by the first until a relation
        # that is not a link comes.
        self.placed_by_link: set[str] = set()

    def add(self, relation: Relation) -> None:
        """Keep a relation, reporting one that names a missing claim or joins a claim to itself."""
        missing = [key for key in (relation.child, relation.parent) if key not in self.claims]
        if missing:
            self.problems.append(Problem(relation.line, _(
                "A relation names %(key)r, which is not a claim in this file; it was left out.",
                key=missing[0])))
            return
        if relation.child == relation.parent:
            self.problems.append(Problem(relation.line, _(
                "Claim %(key)r supports or attacks itself; that relation was left out.",
                key=relation.child)))
            return
        triple = (relation.child, relation.parent, relation.side)
        if triple in self.seen:
            return
        self.seen.add(triple)
        if len(self.seen) > MAX_CLAIMS:
            # Each relation becomes an argument or a link, and links are claims too.
            raise ImportRefused(too_many_claims())
        if relation.child not in self.primary or (
                not relation.is_link and relation.child in self.placed_by_link):
            self.primary[relation.child] = (relation.parent, relation.side)
            if relation.is_link:
                self.placed_by_link.add(relation.child)
            else:
                self.placed_by_link.discard(relation.child)
        self.children.setdefault(relation.parent, []).append(
            (relation.child, relation.side, relation.is_link))

    def place_position(self, root: Claim) -> ImportedPosition:
        """Place the root as a position and everything under it."""
        self.placed.add(root.key)
        position = ImportedPosition(key=root.key, statement=root.text, body=root.body,
                                    evidence=root.evidence, author_name=root.author_name,
                                    line=root.line)
        self._place_children(position.arguments, root.key, 1)
        return position

    def place_behind_links(self) -> None:
        """Place each claim whose own parent was never reached where a link first reaches it."""
        index = 0
        while index < len(self.links):
            link, depth = self.links[index]
            index += 1
            if link.link_to in self.placed or link.link_to not in self.primary:
                continue
            claim = self.claims[link.link_to]
            self.placed.add(claim.key)
            self.link_keys.discard(link.key)
            link.key, link.link_to, link.claim = claim.key, None, claim.text
            link.body, link.evidence, link.author_name = claim.body, claim.evidence, \
                claim.author_name
            self._place_children(link.children, claim.key, depth + 1)

    def _place_children(self, siblings: list[ImportedArgument], parent: str, depth: int
                        ) -> None:
        """Hang the claims under a parent, and theirs under them, without recursion."""
        stack = [(siblings, parent, child, side, is_link, depth)
                 for child, side, is_link in reversed(self.children.get(parent, []))]
        while stack:
            siblings, parent, key, side, is_link, depth = stack.pop()
            if depth > MAX_DEPTH:
                raise ImportRefused(too_deep(depth))
            own_place = self.primary[key] == (parent, side) and (
                not is_link or key in self.placed_by_link)
            if key in self.placed or not own_place:
                siblings.append(self._link(parent, key, side, depth))
                continue
            self.placed.add(key)
            argument = _argument(self.claims[key], side)
            siblings.append(argument)
            stack.extend((argument.children, key, child, child_side, child_is_link, depth + 1)
                         for child, child_side, child_is_link
                         in reversed(self.children.get(key, [])))

    def _link(self, parent: str, target: str, side: Side, depth: int) -> ImportedArgument:
        """Make a link to a claim placed elsewhere, with a key of its own."""
        key = f"{parent}>{target}"
        if key in self.link_keys:
            key += f" ({side})"
        self.link_keys.add(key)
        link = ImportedArgument(key=key, side=side, claim="", link_to=target,
                                line=self.claims[target].line)
        self.links.append((link, depth))
        return link


def _argument(claim: Claim, side: Side) -> ImportedArgument:
    """Make an argument of a claim, on the given side of its parent."""
    return ImportedArgument(key=claim.key, side=side, claim=claim.text, body=claim.body,
                            evidence=claim.evidence, author_name=claim.author_name,
                            line=claim.line)
