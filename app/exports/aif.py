"""Write a debate as an AIF graph that AIFdb and OVA can open.

Every claim is an I-node; every argument an RA (pro) or CA (con) node from it to its parent;
a link is one more RA or CA from the claim it names. Authors become locutions. Agora adds
``title`` beside the graph, ``body``, ``evidence`` and ``position`` (a thesis, even one
nothing answers yet) to I-nodes, and ``link`` to the relation that places a claim a second
time, so that a reader knows which place is its own; other tools ignore them.
"""

import json

from app.exports.paths import numbered
from app.imports.debate import ImportedArgument, ImportedDebate, ImportedPosition


def write_aif(debate: ImportedDebate) -> str:
    """Return the debate as AIF JSON."""
    graph = _Graph()
    node_of: dict[str, str] = {}
    for _path, node in numbered(debate):
        if not isinstance(node, ImportedArgument) or node.link_to is None:
            claim = node.statement if isinstance(node, ImportedPosition) else node.claim
            node_of[node.key] = graph.claim(claim, node,
                                            position=isinstance(node, ImportedPosition))
    # Relations follow the tree's order, so that a reader meets siblings as they were.
    parent_of: dict[str, str] = {}
    for path, node in numbered(debate):
        if isinstance(node, ImportedArgument):
            claim = node_of[node.link_to if node.link_to is not None else node.key]
            graph.relation(claim, parent_of[path.rsplit(".", 1)[0]], node.side,
                           is_link=node.link_to is not None)
            if node.link_to is not None:
                continue
        parent_of[path] = node_of[node.key]
    for claim in debate.unplaced:
        graph.claim(claim.claim, claim)
    return json.dumps({"title": debate.title, "nodes": graph.nodes, "edges": graph.edges,
                       "locutions": graph.locutions, "participants": graph.participants},
                      ensure_ascii=False, separators=(",", ":")) + "\n"


class _Graph:
    """The nodes, edges, locutions and participants written so far."""

    def __init__(self):
        self.nodes: list[dict] = []
        self.edges: list[dict] = []
        self.locutions: list[dict] = []
        self.participants: list[dict] = []
        self.people: dict[str, str] = {}

    def node(self, kind: str, text: str, **extra) -> str:
        """Add a node and return its id."""
        key = str(len(self.nodes) + 1)
        self.nodes.append({"nodeID": key, "text": text, "type": kind, **extra})
        return key

    def edge(self, source: str, target: str) -> None:
        """Add an edge from one node to another."""
        self.edges.append({"edgeID": str(len(self.edges) + 1), "fromID": source,
                           "toID": target})

    def claim(self, text: str, node: ImportedPosition | ImportedArgument,
              position: bool = False) -> str:
        """Add a claim with its body and sources, and the locution of whoever said it."""
        extra: dict = {"position": True} if position else {}
        if node.body:
            extra["body"] = node.body
        if node.evidence:
            extra["evidence"] = [{"url": e.url, "title": e.title, "excerpt": e.excerpt}
                                 for e in node.evidence]
        key = self.node("I", text, **extra)
        if node.author_name:
            person = self.people.setdefault(node.author_name, str(len(self.people) + 1))
            if len(self.participants) < len(self.people):
                first, _space, rest = node.author_name.partition(" ")
                self.participants.append({"participantID": person, "firstname": first,
                                          "surname": rest})
            locution = self.node("L", f"{node.author_name} : {text}")
            illocution = self.node("YA", "Asserting")
            self.edge(locution, illocution)
            self.edge(illocution, key)
            self.locutions.append({"nodeID": locution, "personID": person})
        return key

    def relation(self, premise: str, conclusion: str, side: str, is_link: bool) -> None:
        """Add a support or an attack from one claim to another."""
        kind, text = ("RA", "Default Inference") if side == "pro" else ("CA", "Default Conflict")
        relation = self.node(kind, text, **({"link": True} if is_link else {}))
        self.edge(premise, relation)
        self.edge(relation, conclusion)
