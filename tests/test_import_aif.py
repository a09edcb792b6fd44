"""Read AIF graphs, plain and wrapped, into trees of positions, and report malformed graphs."""

import json
import time
from pathlib import Path

import pytest

from app.imports.aif import read_aif
from app.imports.debate import MAX_DEPTH, ImportRefused

FIXTURES = Path(__file__).parent / "fixtures" / "imports"


def plain():
    """Read the plain AIF fixture."""
    return read_aif((FIXTURES / "aif_plain.json").read_bytes())


def by_key(debate):
    """Map every placed argument's key to the argument and its depth."""
    return {argument.key: (argument, depth) for argument, depth in debate.arguments()}


def graph(claims, relations):
    """Write a small AIF graph: claims by id, relations as (type, premises, conclusion)."""
    nodes = [{"nodeID": key, "text": text, "type": "I"} for key, text in claims.items()]
    edges = []
    for number, (kind, premises, conclusion) in enumerate(relations):
        relation = f"r{number}"
        nodes.append({"nodeID": relation, "text": kind, "type": kind})
        edges += [{"edgeID": f"{relation}-{p}", "fromID": p, "toID": relation} for p in premises]
        edges.append({"edgeID": f"{relation}>", "fromID": relation, "toID": conclusion})
    return json.dumps({"nodes": nodes, "edges": edges, "locutions": []})


def test_a_claim_that_answers_nothing_becomes_the_position():
    debate = plain()
    assert [p.statement for p in debate.positions] == [
        "The town should close its high street to cars on Saturdays"]
    assert debate.title == debate.positions[0].statement


def test_inferences_support_and_conflicts_attack():
    arguments = by_key(plain())
    assert (arguments["102"][0].side, arguments["102"][1]) == ("pro", 1)
    assert (arguments["104"][0].side, arguments["104"][1]) == ("con", 1)
    assert (arguments["106"][0].side, arguments["106"][1]) == ("con", 2)


def test_an_attack_on_an_inference_attacks_the_argument():
    arguments = by_key(plain())
    undercut, depth = arguments["116"]
    assert (undercut.side, depth) == ("con", 2)
    assert undercut in arguments["102"][0].children


def test_a_rephrase_is_read_as_the_same_claim():
    position = plain().positions[0]
    assert position.body == "Also put as: Saturdays on the high street should be car-free"
    assert "114" not in by_key(plain())


def test_a_support_with_two_premises_is_one_argument_listing_them():
    linked, depth = by_key(plain())["110"]
    assert (linked.side, depth) == ("pro", 1)
    assert linked.body == ("Premises:\n- Children walk to the Saturday club along the high street"
                           "\n- Cars on the high street make walking there unsafe")
    assert "108" not in by_key(plain()) and "109" not in by_key(plain())


def test_a_claim_reached_twice_is_placed_once_and_linked_once():
    arguments = by_key(plain())
    assert arguments["111"][0].claim == "Quieter streets bring people out"
    [link] = [a for a, _ in arguments.values() if a.link_to == "111"]
    assert (link.side, link.claim) == ("pro", "")
    assert link in arguments["110"][0].children


def test_speakers_of_locutions_become_author_names():
    debate = plain()
    assert debate.positions[0].author_name == "Ada Brook"
    assert by_key(debate)["102"][0].author_name == "Sam Ortiz"


def test_unconnected_claims_are_unplaced():
    assert [(a.key, a.claim) for a in plain().unplaced] == [
        ("118", "Parking in the side streets is free")]


def test_soft_hyphens_and_non_breaking_spaces_are_cleaned():
    arguments = by_key(plain())
    assert arguments["102"][0].claim == "Shops on carfree streets report more visitors"
    assert arguments["104"][0].claim == "Deliveries would have to come before 8 a.m."


def test_real_errors_are_reported_and_reading_carries_on():
    messages = " ".join(problem.message for problem in plain().problems)
    assert "'999', which is not in the file" in messages
    assert "locution ('203') as its premise" in messages
    assert "Locution '207' does not say who spoke" in messages
    assert "Locution '209' is connected to nothing" in messages


def test_the_wrapped_variant_reads_like_the_plain_one_with_participants_named():
    debate = read_aif((FIXTURES / "aif_wrapped.json").read_bytes())
    assert debate.positions[0].statement == "Homework should be optional in primary school"
    assert [(a.side, a.author_name) for a, _ in debate.arguments()] == [
        ("pro", "Rosa Diaz"), ("con", "Tomás Lind")]
    assert debate.problems == []


def test_integer_node_ids_are_read_as_text():
    data = json.dumps({"nodes": [{"nodeID": 1, "text": "A", "type": "I"},
                                 {"nodeID": 2, "text": "B", "type": "I"},
                                 {"nodeID": 3, "text": "", "type": "CA"}],
                       "edges": [{"edgeID": 1, "fromID": 2, "toID": 3},
                                 {"edgeID": 2, "fromID": 3, "toID": 1}]})
    debate = read_aif(data)
    assert [(a.key, a.side) for a, _ in debate.arguments()] == [("2", "con")]


def test_a_cycle_with_nothing_above_it_is_unplaced_with_a_problem():
    debate = read_aif(graph({"a": "A", "b": "B", "c": "C"},
                            [("RA", ["a"], "b"), ("RA", ["b"], "c"), ("RA", ["c"], "a")]))
    assert debate.positions == []
    assert {a.key for a in debate.unplaced} == {"a", "b", "c"}
    assert "circle" in debate.problems[0].message


def test_a_cycle_under_a_position_ends_in_a_link():
    debate = read_aif(graph({"t": "T", "a": "A", "b": "B"},
                            [("RA", ["a"], "t"), ("CA", ["b"], "a"), ("RA", ["a"], "b")]))
    assert [(a.key, a.side, a.link_to) for a, _ in debate.arguments()] == [
        ("a", "pro", None), ("b", "con", None), ("b>a", "pro", "a")]


@pytest.mark.parametrize("data, words", [
    (b"", "empty"),
    (b"\x00\x01\x02", "binary"),
    (b'{"nodes": [{"nodeID": "1", "text": "A", "ty', "not valid JSON"),
    (b'{"edges": []}', "no list of"),
    (b'[1, 2, 3]', "no list of"),
    (b'{"nodes": [{"nodeID": "1", "text": "Hi", "type": "L"}]}', "no claims"),
    (b"[" * 100_000, "JSON"),
])
def test_files_that_are_not_aif_graphs_are_refused_with_a_reason(data, words):
    with pytest.raises(ImportRefused, match=words):
        read_aif(data)


def test_odd_values_in_nodes_and_edges_are_reported_not_crashed_on():
    data = json.dumps({"nodes": [{"nodeID": "1", "text": None, "type": "I"}, "junk",
                                 {"nodeID": True, "type": "I"}, {"nodeID": "2", "type": "XX"},
                                 {"nodeID": "3", "type": {"I": 1}},
                                 {"nodeID": "1", "text": "again", "type": "I"}],
                       "edges": [None, {"fromID": [], "toID": {}}], "locutions": [5],
                       "participants": "x"})
    debate = read_aif(data)
    assert len(debate.problems) >= 4


def test_a_hundred_thousand_claims_are_refused_quickly():
    nodes = [{"nodeID": str(n), "text": f"Claim {n}", "type": "I"} for n in range(100_000)]
    started = time.perf_counter()
    with pytest.raises(ImportRefused, match="more than 20,000 claims"):
        read_aif(json.dumps({"nodes": nodes, "edges": []}))
    assert time.perf_counter() - started < 5


def test_a_chain_five_hundred_deep_is_refused_without_recursion():
    claims = {str(n): f"Claim {n}" for n in range(501)}
    relations = [("RA", [str(n + 1)], str(n)) for n in range(500)]
    with pytest.raises(ImportRefused, match=f"at most {MAX_DEPTH}"):
        read_aif(graph(claims, relations))


def test_a_wide_graph_reads_in_linear_time():
    claims = {str(n): f"Claim {n}" for n in range(20_000)}
    relations = [("RA" if n % 2 else "CA", [str(n)], str(n // 30)) for n in range(1, 20_000)]
    data = graph(claims, relations)
    started = time.perf_counter()
    debate = read_aif(data)
    assert time.perf_counter() - started < 5
    assert debate.summary()["arguments"] == 19_999


def test_links_count_as_claims_towards_the_limit():
    claims = {f"{kind}{n}": f"Claim {kind}{n}" for kind in "tb" for n in range(150)}
    relations = [("RA", [f"b{b}"], f"t{t}") for t in range(150) for b in range(150)]
    with pytest.raises(ImportRefused, match="more than 20,000 claims"):
        read_aif(graph(claims, relations))


def test_lists_that_are_not_lists_are_ignored_not_crashed_on():
    data = json.dumps({"nodes": [{"nodeID": "1", "text": "A", "type": "I", "evidence": 5},
                                 {"nodeID": "2", "text": "B", "type": "I", "evidence": "x"},
                                 {"nodeID": "3", "text": "", "type": "RA"}],
                       "edges": [{"fromID": "2", "toID": "3"}, {"fromID": "3", "toID": "1"}],
                       "locutions": 5, "participants": {"a": 1}})
    debate = read_aif(data)
    assert [(a.key, a.evidence) for a, _ in debate.arguments()] == [("2", [])]


def test_a_claim_whose_own_parent_is_never_reached_is_placed_where_a_link_reaches_it():
    document = json.loads(graph({"t": "T", "a": "A", "c": "C", "x": "X", "y": "Y"},
                                [("RA", ["a"], "t"), ("RA", ["c"], "x"), ("CA", ["c"], "a"),
                                 ("RA", ["x"], "y"), ("RA", ["y"], "x")]))
    [marked] = [n for n in document["nodes"] if n["nodeID"] == "r2"]
    marked["link"] = True
    debate = read_aif(json.dumps(document))
    assert [(a.key, a.side, a.link_to) for a, _ in debate.arguments()] == [
        ("a", "pro", None), ("c", "con", None)]
    assert {a.key for a in debate.unplaced} == {"x", "y"}


def test_a_long_chain_of_rephrasings_reads_in_linear_time():
    claims = {str(n): f"Wording {n}" for n in range(19_999)} | {"t": "T"}
    relations = [("MA", [str(n)], str(n + 1)) for n in range(19_998)]
    relations.append(("RA", ["19998"], "t"))
    data = graph(claims, relations)
    started = time.perf_counter()
    debate = read_aif(data)
    assert time.perf_counter() - started < 5
    [(argument, _depth)] = list(debate.arguments())
    assert argument.claim == "Wording 19998"
    assert argument.body.count("Also put as: ") == 19_998
