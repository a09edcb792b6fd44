"""Write a debate in each format and read it back as the same tree."""

from pathlib import Path

import pytest

from app.exports import WRITERS, write_debate
from app.exports.paths import numbered, paths_by_key
from app.imports import read_debate
from app.imports.debate import (
    ImportedArgument,
    ImportedDebate,
    ImportedEvidence,
    ImportedPosition,
)

FIXTURES = Path(__file__).parent / "fixtures" / "imports"
# What each format has no place for, and so is not compared after a round trip through it.
CANNOT_CARRY = {
    "kialo": {"body", "evidence_title", "author", "unplaced"},
    "csv": {"title", "unplaced"},
    "argdown": set(),
    "aif": set(),
}


def argument(key, side, claim, *children, **fields):
    """Make an argument with its children."""
    return ImportedArgument(key=key, side=side, claim=claim, children=list(children), **fields)


def link(key, side, target):
    """Make a link to an earlier claim."""
    return ImportedArgument(key=key, side=side, claim="", link_to=target)


def sample() -> ImportedDebate:
    """Build a debate with every feature a tree can have: depth 19, links, sources, bodies."""
    survey = ImportedEvidence(url="https://example.org/survey_(2024)?q=1&r=2", title="Survey",
                              excerpt="First paragraph [...] of it.\n\nSecond \"quoted\" one.")
    chain = argument("d19", "pro", "Level 19 at the bottom.")
    for level in range(18, 0, -1):
        chain = argument(f"d{level}", "con" if level % 2 else "pro", f"Level {level}.", chain)
    thesis = ImportedPosition(key="t1", statement="The town should close its high street.",
                              evidence=[ImportedEvidence(url="https://example.org/plan",
                                                         title="Plan")],
                              arguments=[
        argument("a", "pro", "Shops report more visitors (see 1) and 2)) [sic].",
                 argument("a1", "con", "The count covered two Saturdays, in summer.",
                          author_name="Sam Ortiz"),
                 argument("a2", "pro", "Footfall rose in #both trials: @[trials], a // b.",
                          body="The first trial ran in May.\n\nThe second in June.",
                          evidence=[survey]),
                 author_name="Ada Brook"),
        argument("b", "con", "Deliveries would have to come before 8 a.m.",
                 link("b1", "con", "a2"),
                 argument("b2", "pro", "Bakers start at 5 and cannot wait.",
                          evidence=[survey, ImportedEvidence(url="http://example.org/bakers",
                                                             title="Bakers' guild")])),
        chain,
        link("c", "pro", "a1"),
    ])
    market = ImportedPosition(key="t2", statement="The market should move to the high street.",
                              arguments=[argument("m", "pro", "It would have room to grow."),
                                         link("m1", "con", "b2")])
    unanswered = ImportedPosition(key="t3", statement="Buses should be free on Saturdays.")
    return ImportedDebate(title="Cars on Saturdays: what should the town do?",
                          positions=[thesis, market, unanswered],
                          unplaced=[argument("u", "pro", "Parking in side streets is free.")])


def shape(debate: ImportedDebate, cannot_carry: set[str]) -> dict:
    """Describe a debate by paths rather than keys, leaving out what a format cannot carry."""
    paths = paths_by_key(debate)
    rows = []
    for path, node in numbered(debate):
        is_argument = isinstance(node, ImportedArgument)
        evidence = [(e.url, "" if "evidence_title" in cannot_carry else e.title, e.excerpt)
                    for e in node.evidence]
        rows.append((
            path,
            node.side if is_argument else "position",
            node.claim if is_argument else node.statement,
            paths[node.link_to] if is_argument and node.link_to else None,
            evidence,
            "" if "body" in cannot_carry else node.body,
            None if "author" in cannot_carry else node.author_name,
        ))
    return {
        "title": None if "title" in cannot_carry else debate.title,
        "rows": rows,
        "unplaced": [] if "unplaced" in cannot_carry else [u.claim for u in debate.unplaced],
    }


@pytest.mark.parametrize("format", WRITERS)
def test_a_debate_written_and_read_back_has_the_same_tree(format):
    original = sample()
    text = write_debate(original, format)
    again = read_debate(text, format=format)
    assert again.problems == []
    assert shape(again, CANNOT_CARRY[format]) == shape(original, CANNOT_CARRY[format])
    assert again.summary()["depth"] == 19


@pytest.mark.parametrize("format", WRITERS)
def test_what_is_written_is_recognised_as_its_format(format):
    assert read_debate(write_debate(sample(), format)) == read_debate(
        write_debate(sample(), format), format=format)


@pytest.mark.parametrize("name", ["kialo_layout_a.txt", "kialo_layout_b.txt",
                                  "argdown_tree.argdown", "spreadsheet.csv", "aif_wrapped.json"])
@pytest.mark.parametrize("format", WRITERS)
def test_every_fixture_survives_a_round_trip_through_every_format(name, format):
    original = read_debate((FIXTURES / name).read_bytes())
    again = read_debate(write_debate(original, format), format=format)
    cannot_carry = CANNOT_CARRY[format] | {"unplaced"}
    assert shape(again, cannot_carry) == shape(original, cannot_carry)


def test_a_claim_that_reads_like_a_link_stays_a_claim_in_kialo():
    debate = ImportedDebate(title="T", positions=[ImportedPosition(
        key="1", statement="Root", arguments=[argument("a", "pro", "-> See 1.")])])
    again = read_debate(write_debate(debate, "kialo"), format="kialo")
    assert [(a.claim, a.link_to) for a, _ in again.arguments()] == [("-> See 1.", None)]


def test_cells_a_spreadsheet_would_run_as_formulas_are_written_inert_and_read_back():
    debate = ImportedDebate(title="T", positions=[ImportedPosition(
        key="1", statement="=HYPERLINK(\"https://example.org\")",
        arguments=[argument("a", "con", "-5 degrees is too cold.", body="@everyone knows"),
                   link("b", "pro", "a")])])
    text = write_debate(debate, "csv")
    assert "\n1,,\"'=HYPERLINK(" in text
    assert "'-5 degrees" in text and "'@everyone" in text and "'-> See 1.1" in text
    again = read_debate(text, format="csv")
    assert shape(again, {"title"}) == shape(debate, {"title"})


def test_a_thesis_that_reads_sources_stays_a_thesis_in_kialo():
    debate = ImportedDebate(title="T", positions=[ImportedPosition(
        key="1", statement="Sources:", arguments=[argument("a", "con", "None given.")])])
    again = read_debate(write_debate(debate, "kialo"), format="kialo")
    assert again.positions[0].statement == "Sources:"
    assert [a.claim for a, _ in again.arguments()] == ["None given."]
