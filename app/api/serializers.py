"""Turn debates, positions and argument trees into plain JSON-ready dicts."""

from dataclasses import dataclass

from flask import url_for
from sqlalchemy import Row

from app.arguments.queries import Tally
from app.models import Argument, Debate, Evidence, Material, ModerationAction, Position
from app.models.argument import path_label
from app.models.columns import isoformat_utc as timestamp


def debate_summary(debate: Debate) -> dict:
    """Describe a debate without its positions."""
    return {
        "id": debate.id,
        "title": debate.title,
        "question": debate.question,
        "status": debate.status.value,
        "created_at": timestamp(debate.created_at),
        "material_id": debate.material_id,
        "url": url_for("debates.show", debate_id=debate.id, _external=True),
    }


def material_summary(material: Material) -> dict:
    """Describe a material without its text."""
    return {
        "id": material.id,
        "title": material.title,
        "author": material.author,
        "source_url": material.source_url,
        "published_on": timestamp(material.published_on),
    }


def anchor_dict(anchor) -> dict:
    """Describe the passage and words that anchor a position."""
    return {"passage": anchor.passage.number, "kind": anchor.passage.kind.value,
            "quote": anchor.quote}


def position_summary(position: Position) -> dict:
    """Describe a position with its anchors."""
    return {
        "id": position.id,
        "statement": position.statement,
        "anchors": [anchor_dict(anchor) for anchor in position.anchors],
        "url": url_for(
            "debates.position",
            debate_id=position.debate_id,
            position_id=position.id,
            _external=True,
        ),
    }


def evidence_dict(evidence: Row) -> dict:
    """Describe one piece of evidence."""
    return {
        "id": evidence.id,
        "kind": evidence.kind.value,
        "title": evidence.title,
        "url": evidence.url,
        "passage": evidence.passage,
        "excerpt": evidence.excerpt,
    }


def posted_argument(argument: Argument) -> dict:
    """Describe an argument just posted through the API, pending or shown."""
    return {
        "id": argument.id,
        "position_id": argument.position_id,
        "parent_id": argument.parent_id,
        "path": path_label(argument.path),
        "side": argument.side.value,
        "supports_position": argument.supports_position,
        "claim": argument.claim,
        "body": argument.body,
        "author": argument.author.display_name,
        "created_at": timestamp(argument.created_at),
        "moderation": argument.moderation.value,
        "url": url_for("arguments.show", argument_id=argument.id, _external=True),
    }


def attached_evidence(evidence: Evidence) -> dict:
    """Describe evidence just attached through the API, pending or shown."""
    return {
        "id": evidence.id,
        "argument_id": evidence.argument_id,
        "kind": evidence.kind.value,
        "title": evidence.title,
        "url": evidence.url,
        "passage": evidence.passage.number if evidence.passage else None,
        "excerpt": evidence.excerpt,
        "moderation": evidence.moderation.value,
    }


def argument_node(argument: Row, tally: Tally | None, show_rating: bool, evidence: list,
                  links: dict[int, str] | None = None) -> dict:
    """Describe one argument; its children are filled in by argument_tree(). A link's claim is
    its target's, or null where the reader may not see the target."""
    tally = tally or Tally()
    claim = argument.claim
    if argument.link_to_id is not None:
        claim = (links or {}).get(argument.link_to_id)
    mean = tally.rating_mean if show_rating else None
    side = argument.side.value
    return {
        "id": argument.id,
        "path": path_label(argument.path),
        "side": side,
        # The earlier name of "side", kept for clients written against it.
        "stance": side,
        "supports_position": argument.supports_position,
        "claim": claim,
        "link_to": argument.link_to_id,
        "body": argument.body,
        "author": argument.author,
        "created_at": timestamp(argument.created_at),
        "edited_at": timestamp(argument.edited_at),
        "withdrawn": argument.withdrawn_at is not None,
        "rating": {
            "mean": round(mean, 3) if mean is not None else None,
            "count": tally.rating_count if show_rating else None,
        },
        "moderation": argument.moderation.value,
        "moderation_reason": argument.moderation_reason,
        "evidence": [evidence_dict(item) for item in evidence],
        "children": [],
    }


@dataclass(frozen=True)
class Cut:
    """Where a paged tree stops: the deepest level read, and the depth the caller asked for,
    which the links to what was left out carry on."""

    depth: int
    asked: int


def argument_tree(
    arguments: list[Row],
    tallies: dict[int, Tally],
    show_rating,
    evidence: dict[int, list],
    under: int | None = None,
    cut: Cut | None = None,
    links: dict[int, str] | None = None,
) -> list[dict]:
    """Nest arguments read in path order under their parents, dropping orphaned branches; the
    top nodes are those directly under the argument `under`, or under the position.

    With a cut, every node also says whether replies under it were left out and where to
    read them."""
    nodes: dict[int, dict] = {}
    roots: list[dict] = []
    for argument in arguments:
        if argument.parent_id != under and argument.parent_id not in nodes:
            continue
        tally = tallies.get(argument.id)
        node = argument_node(argument, tally, show_rating(tally), evidence.get(argument.id, []),
                             links)
        if cut is not None:
            # Tallies count only the replies this caller may see, so none hidden is announced.
            more = argument.depth >= cut.depth and tally is not None and tally.replies > 0
            node["more_children"] = more
            node["children_url"] = (
                url_for("api.children", argument_id=argument.id, depth=cut.asked,
                        _external=True)
                if more
                else None
            )
        nodes[argument.id] = node
        if argument.parent_id == under:
            roots.append(node)
        else:
            nodes[argument.parent_id]["children"].append(node)
    return roots


def log_entry(entry: ModerationAction) -> dict:
    """Describe one entry of the public moderation log."""
    return {
        "id": entry.id,
        "at": timestamp(entry.created_at),
        "actor": entry.actor.display_name if entry.actor else None,
        "actor_role": entry.actor_role,
        "action": entry.action,
        "target": {"kind": entry.target_kind, "id": entry.target_id, "label": entry.target_label},
        "reason": entry.reason,
    }
