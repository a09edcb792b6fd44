"""Read an AIF JSON graph (as AIFdb and OVA export it, plain or wrapped) into a debate.

I-nodes are claims; an RA node makes its premises support its conclusion, a CA node makes
one claim attack another (or attack an inference: an undercut), and an MA node says one claim
again in other words, so the two are read as one. Speakers come from the locutions (L-nodes)
that assert each claim. Agora's own AIF adds ``title`` beside the graph and ``body``,
``evidence`` and ``position`` (a thesis nothing answers yet) to I-nodes and ``link`` to the
RA and CA nodes that place a claim a second time; other tools ignore them and this reader
keeps them.
"""

import json

from flask_babel import gettext as _

from app.imports.debate import (
    MAX_CLAIMS,
    ImportedDebate,
    ImportedEvidence,
    ImportRefused,
    Problem,
    too_many_claims,
)
from app.imports.decoding import clean_text, decode_file
from app.imports.graph import Claim, Relation, build_trees

RELATION_SIDES = {"RA": "pro", "CA": "con"}
# Dialogue nodes: who said what, and in what order. They carry speakers, never claims.
DIALOGUE_TYPES = {"L", "TA", "YA"}
KNOWN_TYPES = {"I", "RA", "CA", "MA", "PA"} | DIALOGUE_TYPES


def is_aif(text: str) -> bool:
    """Say whether text looks like an AIF graph rather than any other JSON."""
    head = text.lstrip()[:4096]
    return head.startswith("{") and ('"nodes"' in head or '"AIF"' in head)


def read_aif(data: bytes | str) -> ImportedDebate:
    """Read an AIF graph; claims nothing else answers to become positions."""
    text, problems = decode_file(data)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportRefused(_("This is not valid JSON (line %(line)s: %(error)s); the file may "
                              "be cut short.", line=error.lineno, error=error.msg)) from None
    except RecursionError:
        raise ImportRefused(_("This JSON nests too deeply to be an AIF graph.")) from None
    graph = _graph_of(document)
    nodes = _read_nodes(graph.get("nodes"), problems)
    outgoing, incoming = _read_edges(graph.get("edges", []), nodes, problems)
    speakers = _speakers(graph, nodes, outgoing, problems)
    claims = {
        key: Claim(key=key, text=clean_text(_text(node)), body=_body(node),
                   evidence=_evidence(node, problems), author_name=speakers.get(key),
                   may_stand_alone=node.get("position") is True)
        for key, node in nodes.items() if node["type"] == "I"
    }
    if not claims:
        raise ImportRefused(_("This AIF graph holds no claims (I-nodes)."))
    aliases = _merge_rephrasings(claims, nodes, outgoing, incoming, problems)
    relations = _read_relations(claims, nodes, outgoing, incoming, aliases, problems)
    positions, unplaced, tree_problems = build_trees(claims, relations)
    title = document.get("title") if isinstance(document.get("title"), str) else ""
    if not title.strip():
        title = positions[0].statement if positions else "Imported argument map"
    return ImportedDebate(title=clean_text(title), positions=positions, unplaced=unplaced,
                          problems=problems + tree_problems)


def _graph_of(document: object) -> dict:
    """Return the graph itself, unwrapping the newer ``{"AIF": {...}, "text": ...}`` form."""
    if isinstance(document, dict) and isinstance(document.get("AIF"), dict):
        document = document["AIF"]
    if not isinstance(document, dict) or not isinstance(document.get("nodes"), list):
        raise ImportRefused(_("This JSON is not an AIF graph: it has no list of “nodes”."))
    return document


def _read_nodes(raw_nodes: list, problems: list[Problem]) -> dict[str, dict]:
    """Index nodes by id, reporting those without an id or of an unknown type."""
    if sum(1 for node in raw_nodes if isinstance(node, dict) and node.get("type") == "I") \
            > MAX_CLAIMS:
        raise ImportRefused(too_many_claims())
    nodes: dict[str, dict] = {}
    for index, node in enumerate(raw_nodes):
        key = _node_id(node.get("nodeID")) if isinstance(node, dict) else None
        if key is None:
            problems.append(Problem(None, _("Node number %(number)s has no nodeID; it was "
                                            "left out.", number=index + 1)))
            continue
        if key in nodes:
            problems.append(Problem(None, _("Node %(node)r appears twice; the second was left "
                                            "out.", node=key)))
            continue
        if not isinstance(node.get("type"), str) or node["type"] not in KNOWN_TYPES:
            problems.append(Problem(None, _("Node %(node)r has the unknown type %(type)r; it was "
                                            "left out.", node=key,
                                            type=str(node.get("type"))[:20])))
            continue
        nodes[key] = node
    return nodes


def _node_id(value: object) -> str | None:
    """Return a node id as text; exports write them as strings or as integers."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return str(value).strip() or None


def _text(node: dict) -> str:
    """Return a node's text, whatever the file put there."""
    value = node.get("text")
    return value if isinstance(value, str) else ""


def _body(node: dict) -> str:
    """Return the longer text Agora writes beside a claim, if the node has one."""
    value = node.get("body")
    return value.strip() if isinstance(value, str) else ""


def _evidence(node: dict, problems: list[Problem]) -> list[ImportedEvidence]:
    """Return the sources Agora writes beside a claim, if the node has any."""
    evidence = []
    for item in _list(node, "evidence"):
        url = item.get("url") if isinstance(item, dict) else None
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            problems.append(Problem(None, _("A source of node %(node)r has no web address; it "
                                            "was left out.", node=node["nodeID"])))
            continue
        evidence.append(ImportedEvidence(url=url, title=_string(item, "title"),
                                         excerpt=_string(item, "excerpt")))
    return evidence


def _list(item: dict, key: str) -> list:
    """Return a list field of a JSON object, or an empty list when it is anything else."""
    value = item.get(key)
    return value if isinstance(value, list) else []


def _string(item: dict, key: str) -> str:
    """Return a text field of a JSON object, or nothing."""
    value = item.get(key)
    return value.strip() if isinstance(value, str) else ""


def _read_edges(raw_edges: object, nodes: dict[str, dict], problems: list[Problem]
                ) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Index edges both ways, reporting those that lead to nodes the file does not have."""
    outgoing: dict[str, list[str]] = {}
    incoming: dict[str, list[str]] = {}
    if not isinstance(raw_edges, list):
        problems.append(Problem(None, _("The graph's “edges” are not a list; none were "
                                        "read.")))
        return outgoing, incoming
    for edge in raw_edges:
        if not isinstance(edge, dict):
            continue
        source, target = _node_id(edge.get("fromID")), _node_id(edge.get("toID"))
        if source not in nodes or target not in nodes:
            missing = target if source in nodes else source
            problems.append(Problem(None, _("Edge %(edge)r leads to node %(node)r, which is not "
                                            "in the file; it was left out.",
                                            edge=str(edge.get("edgeID"))[:20], node=missing)))
            continue
        outgoing.setdefault(source, []).append(target)
        incoming.setdefault(target, []).append(source)
    return outgoing, incoming


def _speakers(graph: dict, nodes: dict[str, dict], outgoing: dict[str, list[str]],
              problems: list[Problem]) -> dict[str, str]:
    """Name who asserted each claim: its participant's full name, else the L-node's speaker."""
    participants = {}
    for person in _list(graph, "participants"):
        if isinstance(person, dict) and _node_id(person.get("participantID")):
            name = f"{_string(person, 'firstname')} {_string(person, 'surname')}".strip()
            if name:
                participants[_node_id(person.get("participantID"))] = name
    person_of = {}
    for locution in _list(graph, "locutions"):
        if isinstance(locution, dict):
            person = participants.get(_node_id(locution.get("personID")))
            if person:
                person_of[_node_id(locution.get("nodeID"))] = person
    speakers: dict[str, str] = {}
    for key, node in nodes.items():
        if node["type"] != "L":
            continue
        if not outgoing.get(key):
            problems.append(Problem(None, _("Locution %(node)r is connected to nothing; it was "
                                            "ignored.", node=key)))
            continue
        speaker, separator, _words = _text(node).partition(" : ")
        name = person_of.get(key) or (clean_text(speaker) if separator else "")
        if not name:
            problems.append(Problem(None, _("Locution %(node)r does not say who spoke "
                                            "(“Speaker : words”).", node=key)))
            continue
        for illocution in outgoing.get(key, []):
            if nodes[illocution]["type"] != "YA":
                continue
            for claim in outgoing.get(illocution, []):
                if nodes[claim]["type"] == "I":
                    speakers.setdefault(claim, name)
    return speakers


def _merge_rephrasings(claims: dict[str, Claim], nodes: dict[str, dict],
                       outgoing: dict[str, list[str]], incoming: dict[str, list[str]],
                       problems: list[Problem]) -> dict[str, str]:
    """Read a claim and its rephrasing (I → MA → I) as one, keeping the other wording.

    Return which claim each merged one now stands for.
    """
    aliases: dict[str, str] = {}
    for key, node in nodes.items():
        if node["type"] != "MA":
            continue
        sources = [n for n in incoming.get(key, []) if n in claims]
        targets = [n for n in outgoing.get(key, []) if n in claims]
        if len(sources) != 1 or len(targets) != 1:
            problems.append(Problem(None, _("Rephrase %(node)r does not join one claim to "
                                            "another; it was left out.", node=key)))
            continue
        said_again, original = resolve(sources[0], aliases), resolve(targets[0], aliases)
        if said_again != original:
            aliases[said_again] = original
    # Wordings are gathered first and written once, so that long chains stay linear.
    wordings: dict[str, list[str]] = {}
    for key in aliases:
        kept, merged = claims[resolve(key, aliases)], claims.pop(key)
        wordings.setdefault(kept.key, []).append("Also put as: " + merged.text)
        kept.evidence += merged.evidence
        kept.author_name = kept.author_name or merged.author_name
    for key, lines in wordings.items():
        claims[key].body = "\n".join(filter(None, [claims[key].body, *lines]))
    return aliases


def resolve(key: str, aliases: dict[str, str]) -> str:
    """Follow a claim merged into another to the one that was kept."""
    route = []
    while key in aliases:
        route.append(key)
        key = aliases[key]
    for step in route:
        aliases[step] = key
    return key


def _read_relations(claims: dict[str, Claim], nodes: dict[str, dict],
                    outgoing: dict[str, list[str]], incoming: dict[str, list[str]],
                    aliases: dict[str, str], problems: list[Problem]) -> list[Relation]:
    """Turn RA and CA nodes into supports and attacks between claims.

    A support with one premise makes that premise the argument; with several, the RA node
    becomes one argument listing them all, and what attacks a premise attacks that argument.
    """
    premises_of: dict[str, list[str]] = {}
    argument_of: dict[str, str] = {}
    owner_of: dict[str, str] = {}
    for key, node in nodes.items():
        if node["type"] not in RELATION_SIDES:
            continue
        premises = []
        for source in incoming.get(key, []):
            if source in claims or source in aliases:
                premises.append(resolve(source, aliases))
            elif nodes[source]["type"] == "L":
                problems.append(Problem(None, _("Relation %(node)r has a locution (%(source)r) "
                                                "as its premise instead of a claim; it was "
                                                "ignored.", node=key, source=source)))
        premises = list(dict.fromkeys(premises))
        if not premises:
            problems.append(Problem(None, _("Relation %(node)r has no claim as its premise; it "
                                            "was left out.", node=key)))
            continue
        premises_of[key] = premises
        if len(premises) == 1:
            argument_of[key] = premises[0]
            continue
        argument_of[key] = key
        first = claims[premises[0]]
        claims[key] = Claim(key=key, text=first.text, author_name=first.author_name,
                            body="Premises:\n" + "\n".join(f"- {claims[p].text}"
                                                            for p in premises),
                            evidence=[e for p in premises for e in claims[p].evidence])
        for premise in premises:
            owner_of.setdefault(premise, key)

    relations = []
    for key in premises_of:
        side = RELATION_SIDES[nodes[key]["type"]]
        conclusions = []
        for target in outgoing.get(key, []):
            if (target in claims and target not in argument_of) or target in aliases:
                conclusions.append(resolve(target, aliases))
            elif target in argument_of:
                conclusions.append(argument_of[target])
            elif nodes[target]["type"] not in DIALOGUE_TYPES:
                problems.append(Problem(None, _("Relation %(node)r points at %(target)r, which "
                                                "is neither a claim nor an inference.",
                                                node=key, target=target)))
        if not conclusions:
            problems.append(Problem(None, _("Relation %(node)r has no conclusion; it was left "
                                            "out.", node=key)))
        for conclusion in conclusions:
            relations.append(Relation(child=argument_of[key],
                                      parent=owner_of.get(conclusion, conclusion), side=side,
                                      is_link=nodes[key].get("link") is True))
    children = {relation.child for relation in relations}
    for premise in owner_of:
        if premise not in children:
            claims.pop(premise, None)
    return relations
