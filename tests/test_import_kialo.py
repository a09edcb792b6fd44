"""Read Kialo exports of both layouts into imported debates, and refuse what is not one."""

import contextlib
import time
from pathlib import Path

import pytest

from app.imports.debate import MAX_CLAIMS, MAX_DEPTH, ImportRefused
from app.imports.kialo import read_kialo

FIXTURES = Path(__file__).parent / "fixtures" / "imports"


def fixture(name: str) -> bytes:
    """Return a fixture file's bytes."""
    return (FIXTURES / name).read_bytes()


def by_key(debate):
    """Map every placed argument's key to the argument."""
    return {argument.key: argument for argument, _depth in debate.arguments()}


def test_layout_a_makes_the_thesis_the_position_and_reads_the_title():
    debate = read_kialo(fixture("kialo_layout_a.txt"))
    assert debate.title == "Should the town close its high street to cars on Saturdays?"
    assert [p.statement for p in debate.positions] == [
        "The town should close its high street to cars on Saturdays."]
    assert debate.problems == []


def test_sides_are_relative_to_the_parent_and_depth_is_kept():
    arguments = dict((a.key, (a.side, depth)) for a, depth in
                     read_kialo(fixture("kialo_layout_a.txt")).arguments())
    assert arguments["1.1."] == ("pro", 1)
    assert arguments["1.1.1."] == ("con", 2)
    assert arguments["1.1.2.1."] == ("con", 3)
    assert arguments["1.1.2.1.1."] == ("pro", 4)
    assert arguments["1.2."] == ("con", 1)


def test_markdown_escapes_are_undone_even_when_parentheses_do_not_balance():
    arguments = by_key(read_kialo(fixture("kialo_layout_a.txt")))
    assert arguments["1.1.2.1."].claim == (
        "Three reasons weigh against it: 1) rain, 2) school holidays, 3) the fair.")
    assert arguments["1.1.2.1.1."].claim == "The fair alone doubles footfall (by the council's "\
                                            "own figures."
    assert arguments["1.2.2."].claim == "Bakers start at 5 and cannot wait [citation needed]."


def test_markdown_links_stay_in_the_text_and_become_evidence():
    arguments = by_key(read_kialo(fixture("kialo_layout_a.txt")))
    shops = arguments["1.1."]
    assert shops.claim == "Shops on carfree streets report more visitors (see the traders' count)."
    assert [(e.url, e.title) for e in shops.evidence] == [
        ("https://example.org/traders-count", "traders' count")]
    trials = arguments["1.1.2."]
    assert trials.claim == "Footfall rose in both the 2019 trial and the 2021 trial."
    assert [e.url for e in trials.evidence] == ["https://example.org/trial_(2019)",
                                                "https://example.org/trial-2021"]


def test_non_breaking_spaces_become_spaces_and_soft_hyphens_go():
    arguments = by_key(read_kialo(fixture("kialo_layout_a.txt")))
    assert arguments["1.2."].claim == "Deliveries would have to come before 8 a.m."
    assert "\u00ad" not in arguments["1.1."].claim


def test_see_lines_become_links_with_their_own_side():
    arguments = by_key(read_kialo(fixture("kialo_layout_a.txt")))
    assert (arguments["1.2.1."].link_to, arguments["1.2.1."].side) == ("1.1.2.", "con")
    assert (arguments["1.3."].link_to, arguments["1.3."].side) == ("1.1.1.", "pro")
    assert arguments["1.2.1."].claim == ""
    assert read_kialo(fixture("kialo_layout_a.txt")).summary()["links"] == 2


@pytest.mark.parametrize("name", ["kialo_layout_a.txt", "kialo_layout_b.txt"])
def test_crlf_and_lf_files_read_the_same(name):
    lf = fixture(name)
    assert read_kialo(lf.replace(b"\n", b"\r\n")) == read_kialo(lf)
    assert read_kialo(lf.decode()) == read_kialo(lf)


def test_layout_b_reads_the_title_on_the_next_line_and_joins_text_lines():
    debate = read_kialo(fixture("kialo_layout_b.txt"))
    assert debate.title == "Should the town close its high street to cars on Saturdays?"
    assert debate.problems == []
    arguments = by_key(debate)
    assert arguments["1.1.1.1."].claim == ("Summer Saturdays are the busiest of the year, so "
                                           "the count overstates the gain.")
    assert [(a.key, a.side, d) for a, d in debate.arguments()] == [
        ("1.1.", "pro", 1), ("1.1.1.", "con", 2), ("1.1.1.1.", "pro", 3),
        ("1.2.", "con", 1), ("1.2.1.", "pro", 2)]
    assert arguments["1.2.1."].link_to == "1.1.1."


def test_layout_b_footnotes_become_evidence_with_multi_line_quotes():
    arguments = by_key(read_kialo(fixture("kialo_layout_b.txt")))
    shops = arguments["1.1."]
    assert shops.claim == "Shops on carfree streets report more visitors."
    [source] = shops.evidence
    assert source.url == "https://example.org/traders-count"
    assert source.excerpt == ("Visitors rose by a fifth on the closed Saturdays.\n\n"
                              "Traders on the side streets [...] saw no change.")
    assert arguments["1.1.1."].claim == "The count covered only two Saturdays (p. 4)."
    assert arguments["1.1.1."].evidence == [source]
    assert arguments["1.1.1.1."].evidence[0].excerpt == ""
    assert arguments["1.2."].evidence[0].excerpt == "Loading is allowed before eight."


def test_a_title_on_the_discussion_name_line_is_read():
    debate = read_kialo("Discussion Name: Cars on Saturdays\n\n1. Close the street.\n"
                        "1.1. Con: Deliveries.\n")
    assert debate.title == "Cars on Saturdays"
    assert [a.side for a, _ in debate.arguments()] == ["con"]


def test_a_file_without_a_title_takes_the_thesis_and_says_so():
    debate = read_kialo("1. Close the street.\n1.1. Pro: Quieter.\n")
    assert debate.title == "Close the street."
    assert "Discussion Title" in debate.problems[0].message


def test_depth_nineteen_is_kept_exactly():
    lines = ["Discussion Title: Deep", "", "1. Root."]
    key = "1."
    for level in range(2, 20):
        key += "1."
        lines.append(f"{key} {'Pro' if level % 2 else 'Con'}: Level {level}.")
    debate = read_kialo("\n".join(lines))
    depths = [depth for _argument, depth in debate.arguments()]
    assert depths == list(range(1, 19))
    assert debate.summary()["depth"] == 18
    assert [a.side for a, _ in debate.arguments()][:3] == ["con", "pro", "con"]


def test_a_link_to_a_missing_claim_is_left_out_with_its_line():
    debate = read_kialo("Discussion Title: T\n\n1. Root.\n1.1. Pro: A.\n1.2. Con: -> See 1.7.\n")
    assert [a.key for a, _ in debate.arguments()] == ["1.1."]
    assert debate.problems[0].line == 5
    assert "1.7." in debate.problems[0].message


def test_a_claim_whose_parent_is_missing_is_reported():
    debate = read_kialo("Discussion Title: T\n\n1. Root.\n1.3.1. Pro: Orphan.\n")
    assert debate.summary()["arguments"] == 0
    assert debate.problems[0].line == 4


def test_a_footnote_without_a_source_is_reported():
    debate = read_kialo("Discussion Name:\nT\n\n1. Thesis:\nRoot.\n\n  1.1. Pro:\n  A [2].\n\n"
                        "Sources:\n[1] https://example.org/a\n")
    assert any("[2]" in problem.message for problem in debate.problems)
    assert any("[1] is cited by no claim" in problem.message for problem in debate.problems)


@pytest.mark.parametrize("data, words", [
    (b"", "empty"),
    (b"  \r\n\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"Discussion Title: \xff\xfe caf\xe9", "UTF-8"),
    (b"Discussion Title: Only a title\n", "no numbered claims"),
    (b'{"nodes": []}', "no numbered claims"),
])
def test_files_that_are_not_kialo_exports_are_refused_with_a_reason(data, words):
    with pytest.raises(ImportRefused, match=words):
        read_kialo(data)


@pytest.mark.parametrize("name", ["kialo_layout_a.txt", "kialo_layout_b.txt"])
def test_a_file_cut_off_anywhere_reads_or_is_refused_but_never_crashes(name):
    data = fixture(name)
    for end in range(len(data)):
        with contextlib.suppress(ImportRefused):
            read_kialo(data[:end])


def test_a_tree_deeper_than_agora_keeps_is_refused_quickly():
    lines = ["Discussion Title: Deep", "", "1. Root."]
    key = "1."
    for _level in range(500):
        key += "1."
        lines.append(f"{key} Pro: Deeper.")
    started = time.perf_counter()
    with pytest.raises(ImportRefused, match=f"at most {MAX_DEPTH}"):
        read_kialo("\n".join(lines))
    assert time.perf_counter() - started < 5


def test_a_hundred_thousand_claims_are_refused_quickly():
    lines = ["Discussion Title: Wide", "", "1. Root."]
    lines += [f"1.{n}. Pro: Claim {n}." for n in range(1, 100_001)]
    started = time.perf_counter()
    with pytest.raises(ImportRefused, match="more than 20,000 claims"):
        read_kialo("\n".join(lines))
    assert time.perf_counter() - started < 5


def test_the_largest_file_allowed_reads_in_linear_time():
    lines = ["Discussion Title: Wide", "", "1. Root."]
    for n in range(1, MAX_CLAIMS // 20 + 1):
        lines.append(f"1.{n}. Pro: Claim [{n}](https://example.org/{n}).")
        lines += [f"1.{n}.{m}. Con: -> See 1.{n}." for m in range(1, 19)]
    started = time.perf_counter()
    debate = read_kialo("\n".join(lines))
    assert time.perf_counter() - started < 5
    assert debate.summary()["links"] == MAX_CLAIMS // 20 * 18


def test_a_line_of_claim_text_that_starts_like_a_number_stays_in_the_claim():
    debate = read_kialo("Discussion Name:\nT\n\n1. Thesis:\nRoot.\n\n  1.1. Pro:\n  Sales rose in\n"
                        "  2019. Then they fell.\n")
    assert len(debate.positions) == 1
    assert [a.claim for a, _ in debate.arguments()] == ["Sales rose in 2019. Then they fell."]
    debate = read_kialo("Discussion Title: T\n\n1. Root.\n1.1. Pro: Sales rose in\n"
                        "2019. Then they fell.\n")
    assert [a.claim for a, _ in debate.arguments()] == ["Sales rose in 2019. Then they fell."]


def test_an_empty_discussion_name_does_not_swallow_the_thesis():
    debate = read_kialo("Discussion Name:\n\n1. Thesis:\nRoot.\n\n  1.1. Con:\n  No.\n")
    assert debate.title == "Root."
    assert [a.claim for a, _ in debate.arguments()] == ["No."]


def test_curly_quotes_and_dashes_are_kept_as_written():
    debate = read_kialo("Discussion Title:\u00a0Cars\u00a0on Saturdays\r\n\r\n1. Close it.\r\n"
                        "1.1. Con: “Deliveries” come first — say the bakers’ guild.\r\n")
    assert debate.title == "Cars on Saturdays"
    assert [a.claim for a, _ in debate.arguments()] == [
        "“Deliveries” come first — say the bakers’ guild."]
