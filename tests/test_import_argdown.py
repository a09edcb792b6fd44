"""Read Argdown maps into trees of positions, tolerating what pro/con trees do not need."""

import time
from pathlib import Path

import pytest

from app.imports.argdown import read_argdown
from app.imports.debate import MAX_DEPTH, ImportRefused

FIXTURES = Path(__file__).parent / "fixtures" / "imports"

NOTES_EXAMPLE = """===
title: Facial recognition in public spaces
===

# The ban

[Ban]: The city should ban facial recognition in public spaces.
  + <Chilling effect>: Being identified everywhere chills lawful protest. #pro
    - <Small survey>: The survey asked only 40 people.
  - <Missing children>: Police find missing children faster with it. #con
    <_ <Warrant>: The same search works with a warrant and a targeted camera.

<Chilling effect>

(1) People avoid places where they are identified.
(2) Protest happens in public places.
----
(3) Identification in public places deters protest.
  +> [Ban]
"""


def tree():
    """Read the fixture map."""
    return read_argdown((FIXTURES / "argdown_tree.argdown").read_bytes())


def shape(debate):
    """List every placed argument as (key, side, depth, link target)."""
    return [(a.key, a.side, depth, a.link_to) for a, depth in debate.arguments()]


def by_key(debate):
    """Map every placed argument's key to the argument."""
    return {argument.key: argument for argument, _depth in debate.arguments()}


def test_the_example_in_the_format_notes_reads_as_one_tree():
    debate = read_argdown(NOTES_EXAMPLE)
    assert debate.title == "Facial recognition in public spaces"
    assert [p.statement for p in debate.positions] == [
        "The city should ban facial recognition in public spaces."]
    assert shape(debate) == [("<Chilling effect>", "pro", 1, None),
                             ("<Small survey>", "con", 2, None),
                             ("<Missing children>", "con", 1, None),
                             ("<Warrant>", "con", 2, None)]
    assert debate.problems == []


def test_a_premise_conclusion_structure_becomes_the_body_of_its_argument():
    chilling = by_key(read_argdown(NOTES_EXAMPLE))["<Chilling effect>"]
    assert chilling.claim == "Being identified everywhere chills lawful protest."
    assert chilling.body == ("(1) People avoid places where they are identified.\n"
                             "(2) Protest happens in public places.\n----\n"
                             "(3) Identification in public places deters protest.")


def test_every_arrow_gives_the_right_parent_and_side():
    assert shape(tree()) == [
        ("<Visitors>", "pro", 1, None),             # +
        ("<Two Saturdays>", "con", 2, None),        # -
        ("<Quieter>", "pro", 2, None),              # +> from below
        ("<Safety>", "pro", 1, None),               # <+
        ("<Safety>><Quieter>", "pro", 2, "<Quieter>"),
        ("<Deliveries>", "con", 1, None),           # -
        ("<Early loading>", "con", 2, None),        # <_ undercut
        ("<Side streets>", "con", 2, None),         # <-
        ("<Deliveries>><Noise>", "con", 2, "<Noise>"),  # _> undercut from below
        ("[Closure]><Noise>", "con", 1, "<Noise>"),     # <- with a title alone
        ("<Argument 1 on line 41>", "pro", 1, None),
        ("<Noise>", "con", 1, None),                    # -> from below, its first relation
    ]


def test_front_matter_headings_tags_comments_data_and_mentions_are_tolerated():
    debate = tree()
    assert debate.title == "Closing the high street to cars on Saturdays"
    assert debate.problems == []
    arguments = by_key(debate)
    assert arguments["<Deliveries>"].claim == "Deliveries would have to come before 8 a.m."
    assert arguments["<Two Saturdays>"].claim == "The count covered only two Saturdays in summer."
    assert arguments["<Side streets>"].claim == "Vans can use the side streets, as Closure allows."
    assert debate.positions[0].statement == ("The town should close its high street to cars on "
                                             "Saturdays.")


def test_text_running_on_to_the_next_line_is_joined():
    assert by_key(tree())["<Early loading>"].claim == (
        "Loading before eight is already allowed on every other street.")


def test_links_stay_in_the_text_and_become_evidence_and_soft_hyphens_go():
    visitors = by_key(tree())["<Visitors>"]
    assert visitors.claim == ("Shops on carfree streets report more visitors, see the traders' "
                              "count.")
    assert [(e.url, e.title) for e in visitors.evidence] == [
        ("https://example.org/traders-count", "traders' count")]


def test_an_untitled_structure_becomes_an_argument_named_for_its_line():
    market = by_key(tree())["<Argument 1 on line 41>"]
    assert market.claim == "The street is needed for the market."
    assert market.body.startswith("(1) Markets need space on Saturdays.")


def test_a_statement_nothing_answers_is_a_position_and_a_lone_argument_is_unplaced():
    debate = read_argdown("[A]: Alone.\n\n<B>: Also alone.\n")
    assert [p.statement for p in debate.positions] == ["Alone."]
    assert [a.claim for a in debate.unplaced] == ["Also alone."]


def test_a_heading_names_a_debate_without_front_matter():
    assert read_argdown("# Cars\n\n[A]: Close it.\n  - <B>: No.\n").title == "Cars"


def test_a_cycle_is_reported_and_kept_as_unplaced():
    debate = read_argdown("<A>: a\n  +> <B>: b\n\n<B>\n  +> <A>\n")
    assert debate.positions == []
    assert {a.key for a in debate.unplaced} == {"<A>", "<B>"}
    assert "circle" in debate.problems[0].message


def test_a_relation_under_nothing_is_reported_with_its_line():
    debate = read_argdown("[A]: a\n\n+ <B>: b\n")
    assert debate.problems[0].line == 3


def test_unclosed_comments_and_front_matter_are_reported():
    assert "never closed" in read_argdown("[A]: a\n/* and then").problems[0].message
    debate = read_argdown("===\ntitle: T\n[A]: a\n")
    assert "never closed" in debate.problems[0].message
    assert "a" in [position.statement for position in debate.positions]


def test_crlf_and_lf_read_the_same():
    data = (FIXTURES / "argdown_tree.argdown").read_bytes()
    assert read_argdown(data.replace(b"\n", b"\r\n")) == read_argdown(data)


@pytest.mark.parametrize("data, words", [
    (b"", "empty"),
    (b"\x00\x01", "binary"),
    (b"===\ntitle: only front matter\n===\n", "no Argdown"),
    (b"// just a comment\n", "no Argdown"),
])
def test_files_without_argdown_items_are_refused(data, words):
    with pytest.raises(ImportRefused, match=words):
        read_argdown(data)


def test_a_file_cut_off_anywhere_reads_or_is_refused_but_never_crashes():
    data = (FIXTURES / "argdown_tree.argdown").read_bytes()
    for end in range(len(data)):
        try:
            read_argdown(data[:end])
        except ImportRefused:
            continue


def test_a_chain_five_hundred_deep_is_refused():
    lines = ["[A0]: root"] + [f"{'  ' * n}+ <A{n}>: level {n}" for n in range(1, 501)]
    with pytest.raises(ImportRefused, match=f"at most {MAX_DEPTH}"):
        read_argdown("\n".join(lines))


def test_a_hundred_thousand_claims_are_refused_quickly():
    lines = ["[Root]: root"] + [f"  + <A{n}>: claim {n}" for n in range(100_000)]
    started = time.perf_counter()
    with pytest.raises(ImportRefused, match="more than 20,000 claims"):
        read_argdown("\n".join(lines))
    assert time.perf_counter() - started < 5


def test_a_wide_map_reads_in_linear_time():
    lines = ["[Root]: root"]
    for n in range(1000):
        lines.append(f"  + <A{n}>: claim {n} #tag")
        lines += [f"    - <A{n}.{m}>: answer {m} // note" for m in range(18)]
        if n:
            lines.append(f"    + <A{n - 1}>")
    started = time.perf_counter()
    debate = read_argdown("\n".join(lines))
    assert time.perf_counter() - started < 5
    assert (debate.summary()["arguments"], debate.summary()["links"]) == (19_999, 999)


def test_tags_in_brackets_data_and_quoted_titles_are_read():
    debate = read_argdown("===\ntitle: \"Cars: yes or no?\"\nauthor: 'Ann'\n===\n"
                          "[A]: Close the street #(town centre) on Saturdays. {weight: 2}\n"
                          "  - <B>: Not in winter. #con #(needs data)\n")
    assert debate.title == "Cars: yes or no?"
    assert debate.positions[0].statement == "Close the street on Saturdays."
    assert [a.claim for a, _ in debate.arguments()] == ["Not in winter."]


def test_a_url_is_not_taken_for_a_comment():
    debate = read_argdown("[A]: See https://example.org/a for more. // a real comment\n")
    assert debate.positions[0].statement == "See https://example.org/a for more."


def test_agora_data_of_the_wrong_shape_is_ignored():
    debate = read_argdown('[A]: a {"evidence": 5, "body": 3, "author": []}\n'
                          '  + <B>: b {"evidence": [5, {"url": "ftp://x"}, {"url": 7}]}\n')
    assert debate.positions[0].statement == "a"
    assert [(a.claim, a.evidence) for a, _ in debate.arguments()] == [("b", [])]


def test_nested_data_is_dropped_whole_and_a_lone_brace_is_kept():
    debate = read_argdown("[A]: a {x: {y: 1}, z: [1]} and more\n  - <B>: b { not data\n")
    assert debate.positions[0].statement == "a and more"
    assert [a.claim for a, _ in debate.arguments()] == ["b { not data"]


def test_an_item_said_alone_and_placed_by_title_only_sits_where_it_is_placed():
    debate = read_argdown("<A>: The street is quieter.\n\n[B]: Close it.\n  + <A>\n")
    assert [(a.key, a.claim, a.link_to) for a, _ in debate.arguments()] == [
        ("<A>", "The street is quieter.", None)]
    assert debate.unplaced == []
