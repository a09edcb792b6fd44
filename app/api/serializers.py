"""Turn debates, positions and argument trees into dicts for the API's encoder; an argument's
times stay datetimes, which the encoder writes as every other time is written."""

from collections.abc import Mapping
from dataclasses import dataclass

from flask import url_for
from flask_login import current_user
from sqlalchemy import Row

from app.arguments.queries import Tally
from app.models import Argument, Debate, Evidence, Material, ModerationAction, Position
from app.models.argument import SEGMENT_WIDTH, path_label
from app.models.columns import isoformat_utc as timestamp
from app.visibility import shown_author, shown_name


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
    """Describe a position with its anchors and whether it waits for review."""
    return {
        "id": position.id,
        "statement": position.statement,
        "anchors": [anchor_dict(anchor) for anchor in position.anchors],
        "moderation": position.moderation.value,
        "moderation_reason": position.moderation_reason,
        "url": url_for(
            "debates.position",
            debate_id=position.debate_id,
            position_id=position.id,
            _external=True,
        ),
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
        "author": shown_author(argument, current_user),
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


def evidence_list(evidence: list[Row]) -> list[dict]:
    """Describe the pieces of evidence under one argument, as evidence_rows() reads them."""
    return [
        {"id": id_, "kind": kind, "title": title, "url": url, "passage": passage,
         "excerpt": excerpt}
        for _, id_, kind, title, url, passage, excerpt in evidence
    ]


@dataclass(frozen=True)
class Cut:
    """Where a paged tree stops: the deepest level read, and the depth the caller asked for,
    which the links to what was left out carry on."""

    depth: int
    asked: int


NO_TALLY = Tally()


def argument_tree(
    arguments: list[Row],
    tallies: dict[int, Tally],
    rating_shown: Mapping[bool, bool],
    evidence: dict[int, list[Row]],
    under: int | None = None,
    cut: Cut | None = None,
    links: Mapping[int, str] | None = None,
) -> list[dict]:
    """Describe arguments read by tree_rows() in path order, nested under their parents in one
    pass, dropping orphaned branches; the top nodes are those directly under the argument
    `under`, or under the position. `rating_shown` says whether a tally shows to someone who
    has rated the argument (True) or has not (False). A link shows the claim of its target
    from `links`, or null where the reader may not see the target.

    With a cut, every node also says whether replies under it were left out and where to
    read them."""
    nodes: dict[int, dict] = {}
    roots: list[dict] = []
    # Rows are unpacked rather than read by name: on a 5,000-argument tree, reading fields by
    # name costs more than building the nodes.
    for (
        argument_id, parent_id, path, depth, side, supports_position, claim, body,
        created_at, edited_at, withdrawn_at, moderation, moderation_reason, link_to_id, author,
    ) in arguments:
        if parent_id == under:
            siblings, label = roots, path_label(path)
        elif parent_id in nodes:
            parent = nodes[parent_id]
            siblings = parent["children"]
            # The parent's number and this argument's own segment: no need to read the whole
            # path again at every level.
            label = f"{parent['path']}.{int(path[-SEGMENT_WIDTH:])}"
        else:
            continue
        tally = tallies.get(argument_id, NO_TALLY)
        show_rating = rating_shown[tally.my_rating is not None]
        count = tally.rating_count
        node = {
            "id": argument_id,
            "path": label,
            "side": side,
            # The earlier name of "side", kept for clients written against it.
            "stance": side,
            "supports_position": supports_position,
            "claim": claim if link_to_id is None else (links or {}).get(link_to_id),
            "link_to": link_to_id,
            "body": body,
            "author": author,
            "created_at": created_at,
            "edited_at": edited_at,
            "withdrawn": withdrawn_at is not None,
            "rating": {
                "mean": round(tally.rating_sum / count, 3) if show_rating and count else None,
                "count": count if show_rating else None,
            },
            "moderation": moderation,
            "moderation_reason": moderation_reason,
            "evidence": evidence_list(evidence[argument_id]) if argument_id in evidence else [],
            "children": [],
        }
        if cut is not None:
            # Tallies count only the replies this caller may see, so none hidden is announced.
            more = depth >= cut.depth and tally.replies > 0
            node["more_children"] = more
            node["children_url"] = (
                url_for("api.children", argument_id=argument_id, depth=cut.asked,
                        _external=True)
                if more
                else None
            )
        nodes[argument_id] = node
        siblings.append(node)
    return roots


def log_entry(entry: ModerationAction) -> dict:
    """Describe one entry of the public moderation log."""
    return {
        "id": entry.id,
        "at": timestamp(entry.created_at),
        "actor": shown_name(entry.debate, current_user, entry.actor_id, entry.actor.display_name)
        if entry.actor else None,
        "actor_role": entry.actor_role,
        "action": entry.action,
        "target": {"kind": entry.target_kind, "id": entry.target_id, "label": (
            shown_name(entry.debate, current_user, entry.target_id, entry.target_label)
            if entry.target_kind == "member" else entry.target_label)},
        "reason": entry.reason,
    }
