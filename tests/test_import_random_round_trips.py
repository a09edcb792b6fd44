"""Write many made-up debates with awkward text in each format and read each back unchanged."""

import random

import pytest

from app.exports import WRITERS, write_debate
from app.imports import read_debate
from app.imports.debate import (
    ImportedArgument,
    ImportedDebate,
    ImportedEvidence,
    ImportedPosition,
)
from tests.test_import_round_trips import CANNOT_CARRY, shape

# Pieces of text that each format reads as more than words somewhere.
AWKWARD = ["(", ")", "1)", "[1]", "[sic]", "\\", "#tag", "#(two words)", "@[Ban]", "<Ban>",
           "//", "/*", "*/", "{a: 1}", "{\"b\": 2}", "[words](https://example.org/x)", "->",
           "+>", "<_", "- ", "+ ", "2019.", "1.2.", "Sources:", "\"", "'", "=", "@", ":",
           "é", "“quoted”", "—", "[...]", "a", "b", "claim", "the", "Pro:", "Con:", "Thesis:"]
URLS = ["https://example.org/a", "https://example.org/wiki/Facial_(recognition)",
        "http://example.org/b?x=1&y=2", "https://example.org/c#part"]


def words(chance: random.Random, least: int = 1) -> str:
    """Make a one-line text of awkward pieces, spaced as a person would."""
    pieces = [chance.choice(AWKWARD) for _ in range(chance.randint(least, 8))]
    return " ".join(" ".join(pieces).split()) or "x"


def excerpt(chance: random.Random) -> str:
    """Make a quote of a few lines, sometimes with a blank line inside."""
    if chance.random() < 0.5:
        return ""
    lines = [words(chance) for _ in range(chance.randint(1, 3))]
    if len(lines) > 1 and chance.random() < 0.5:
        lines.insert(1, "")
    return "\n".join(lines)


def evidence(chance: random.Random) -> list[ImportedEvidence]:
    """Make up to two sources with distinct addresses."""
    urls = chance.sample(URLS, chance.randint(0, 2))
    return [ImportedEvidence(url=url, title=words(chance), excerpt=excerpt(chance))
            for url in urls]


def made_up_debate(seed: int) -> ImportedDebate:
    """Make a debate of random shape: up to three positions, depth up to six, some links."""
    chance = random.Random(seed)
    keys: list[str] = []
    parents: dict[str, str] = {}
    linked: set[tuple[str, str]] = set()
    positions = []
    for number in range(chance.randint(1, 3)):
        position = ImportedPosition(key=f"p{number}", statement=words(chance),
                                    evidence=evidence(chance))
        positions.append(position)
        frontier = [(position.arguments, 0, position.key)]
        for index in range(chance.randint(0, 25)):
            siblings, depth, parent = chance.choice(frontier)
            side = chance.choice(["pro", "con"])
            targets = [key for key in keys
                       if key != parent and parents[key] != parent and (key, parent) not in linked]
            if targets and chance.random() < 0.15:
                # A link never sits under the claim it names (a claim answering itself) nor
                # beside it (the same claim twice under one parent).
                target = chance.choice(targets)
                linked.add((target, parent))
                siblings.append(ImportedArgument(key=f"l{number}.{index}", side=side, claim="",
                                                 link_to=target))
                continue
            argument = ImportedArgument(
                key=f"a{number}.{index}", side=side, claim=words(chance),
                body=excerpt(chance), evidence=evidence(chance),
                author_name=chance.choice([None, "Ada Brook", "Sam"]))
            siblings.append(argument)
            keys.append(argument.key)
            parents[argument.key] = parent
            if depth < 6:
                frontier.append((argument.children, depth + 1, argument.key))
    return ImportedDebate(title=words(chance), positions=positions)


@pytest.mark.parametrize("format", WRITERS)
def test_made_up_debates_with_awkward_text_read_back_unchanged(format):
    for seed in range(60):
        original = made_up_debate(seed)
        again = read_debate(write_debate(original, format), format=format)
        cannot_carry = CANNOT_CARRY[format]
        assert again.problems == [], seed
        assert shape(again, cannot_carry) == shape(original, cannot_carry), seed
