"""Turn claims and the supports and attacks between them into trees under positions.

AIF and Argdown describe a graph, not a tree: a claim may support two others, and a careless
file may go round in a circle. Each claim is placed once, where a walk in file order first
meets it; every further place it is reached from becomes a link to it. Claims in no relation
are positions when they may stand alone (an Argdown statement) and unplaced otherwise;
claims reached from no position (a cycle with nothing above it) are unplaced with a problem.
"""

from dataclasses import dataclass, field

from app.imports.debate import (
    MAX_CLAIMS,
    MAX_DEPTH,
    ImportedArgument,
    ImportedEvidence,
    ImportedPosition,
    ImportRefused,
    Problem,
    Side,
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


def build_trees(claims: dict[str, Claim], relations: list[Relation]
                ) -> tuple[list[ImportedPosition], list[ImportedArgument], list[Problem]]:
    """Return the positions with their trees, the unplaced claims and the problems found."""
    if len(claims) > MAX_CLAIMS:
        raise ImportRefused(too_many_claims())
    problems: list[Problem] = []
    children: dict[str, list[tuple[str, Side]]] = {}
    seen_pairs: dict[tuple[str, str], Side] = {}
    has_parent: set[str] = set()
    for relation in relations:
        pair = (relation.child, relation.parent)
        missing = [key for key in pair if key not in claims]
        if missing:
            problems.append(Problem(relation.line, f"A relation names {missing[0]!r}, which is "
                                                   "not a claim in this file; it was left out."))
            continue
        if relation.child == relation.parent:
            problems.append(Problem(relation.line, f"Claim {relation.child!r} supports or "
                                                   "attacks itself; that relation was left out."))
            continue
        if pair in seen_pairs:
            if seen_pairs[pair] != relation.side:
                problems.append(Problem(relation.line, f"Claim {relation.child!r} both supports "
                                        f"and attacks {relation.parent!r}; the first was kept."))
            continue
        seen_pairs[pair] = relation.side
        if len(seen_pairs) > MAX_CLAIMS:
            # Each relation becomes an argument or a link, and links are claims too.
            raise ImportRefused(too_many_claims())
        children.setdefault(relation.parent, []).append((relation.child, relation.side))
        has_parent.add(relation.child)

    positions: list[ImportedPosition] = []
    unplaced: list[ImportedArgument] = []
    placed: set[str] = set()
    for key, claim in claims.items():
        if key in has_parent:
            continue
        if key in children or claim.may_stand_alone:
            positions.append(_walk(claim, claims, children, placed))
        else:
            placed.add(key)
            unplaced.append(_argument(claim, "pro"))
    stranded = [key for key in claims if key not in placed]
    if stranded:
        names = ", ".join(repr(key) for key in stranded[:5])
        more = f" and {len(stranded) - 5} more" if len(stranded) > 5 else ""
        problems.append(Problem(claims[stranded[0]].line,
                                f"Claims {names}{more} support or attack each other in a circle "
                                "with no claim above them; they were kept as unplaced."))
        unplaced.extend(_argument(claims[key], "pro") for key in stranded)
    return positions, unplaced, problems


def _walk(root: Claim, claims: dict[str, Claim], children: dict[str, list[tuple[str, Side]]],
          placed: set[str]) -> ImportedPosition:
    """Place the root as a position and everything under it, without recursion."""
    placed.add(root.key)
    position = ImportedPosition(key=root.key, statement=root.text, body=root.body,
                                evidence=root.evidence, author_name=root.author_name,
                                line=root.line)
    stack = [(position.arguments, root.key, key, side, 1)
             for key, side in reversed(children.get(root.key, []))]
    while stack:
        siblings, parent_key, key, side, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ImportRefused(
                f"The claims under {root.text[:60]!r} go more than {MAX_DEPTH} levels deep; "
                f"Agora keeps at most {MAX_DEPTH}."
            )
        if key in placed:
            siblings.append(ImportedArgument(key=f"{parent_key}>{key}", side=side, claim="",
                                             link_to=key, line=claims[key].line))
            continue
        placed.add(key)
        argument = _argument(claims[key], side)
        siblings.append(argument)
        stack.extend((argument.children, key, child, child_side, depth + 1)
                     for child, child_side in reversed(children.get(key, [])))
    return position


def _argument(claim: Claim, side: Side) -> ImportedArgument:
    """Make an argument of a claim, on the given side of its parent."""
    return ImportedArgument(key=claim.key, side=side, claim=claim.text, body=claim.body,
                            evidence=claim.evidence, author_name=claim.author_name,
                            line=claim.line)

