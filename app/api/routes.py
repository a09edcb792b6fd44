"""Answer the read-only JSON API with the same visibility rules as the pages."""

from flask import jsonify, request
from flask_login import current_user
from sqlalchemy.orm import selectinload

from app.api import bp
from app.api.serializers import argument_tree, debate_summary, position_summary, timestamp
from app.arguments.tree import tallies, whole_tree
from app.arguments.votes import stance_tally
from app.errors import PublicNotFound
from app.extensions import csrf, db
from app.models import Argument, Debate, Position, PositionAnchor
from app.moderation.routes import log_entries
from app.moderation.visibility import evidence_shown_to
from app.security import page_number

csrf.exempt(bp)

PAGE_SIZE_MAX = 100


def visible_debate(debate_id: int) -> Debate:
    """Load a debate the caller may see; a hidden one is as absent as a missing one."""
    debate = db.session.get(Debate, debate_id)
    if debate is None or not debate.can_view(current_user):
        raise PublicNotFound(f"Debate {debate_id} does not exist.")
    return debate


@bp.get("/debates")
def debates():
    """List the debates the caller may see, newest first, a page at a time."""
    page = page_number()
    per_page = min(PAGE_SIZE_MAX, max(1, request.args.get("per_page", 50, type=int)))
    rows = db.session.scalars(
        Debate.select_visible_to(current_user, listed_only=True)
        .limit(per_page + 1)
        .offset((page - 1) * per_page)
    ).all()
    return jsonify(
        debates=[debate_summary(debate) for debate in rows[:per_page]],
        page=page,
        per_page=per_page,
        has_more=len(rows) > per_page,
    )


@bp.get("/debates/<int:debate_id>")
def debate(debate_id: int):
    """Describe a debate with its material and positions."""
    debate = visible_debate(debate_id)
    positions = db.session.scalars(
        db.select(Position)
        .where(Position.debate_id == debate.id)
        .options(selectinload(Position.anchors).selectinload(PositionAnchor.passage))
        .order_by(Position.id)
    ).all()
    material = debate.material
    return jsonify(
        {
            **debate_summary(debate),
            "material": {
                "id": material.id,
                "title": material.title,
                "author": material.author,
                "source_url": material.source_url,
                "published_on": timestamp(material.published_on),
            },
            "positions": [position_summary(position) for position in positions],
        }
    )


@bp.get("/positions/<int:position_id>")
def position(position_id: int):
    """Describe a position with its anchors, stance tally and whole argument tree."""
    position = db.session.get(
        Position,
        position_id,
        options=[selectinload(Position.anchors).selectinload(PositionAnchor.passage)],
    )
    if position is None or not position.debate.can_view(current_user):
        raise PublicNotFound(f"Position {position_id} does not exist.")
    debate = position.debate
    arguments = whole_tree(position, current_user)
    counts = tallies(debate, Argument.position_id == position.id, current_user)

    def show_rating(tally) -> bool:
        has_rated = tally is not None and tally.my_rating is not None
        return debate.shows_tallies_to(current_user, has_rated)

    return jsonify(
        {
            **position_summary(position),
            "debate_id": debate.id,
            "stances": {choice.value: count for choice, count in stance_tally(position).items()},
            "arguments": argument_tree(
                arguments, counts, show_rating, lambda item: evidence_shown_to(item, current_user)
            ),
        }
    )


@bp.get("/debates/<int:debate_id>/moderation-log")
def moderation_log(debate_id: int):
    """List a debate's moderation actions, newest first; never the hidden text itself."""
    debate = visible_debate(debate_id)
    page = page_number()
    entries, more = log_entries(debate.id, page)
    return jsonify(
        debate_id=debate.id,
        page=page,
        has_more=more,
        actions=[
            {
                "id": entry.id,
                "at": timestamp(entry.created_at),
                "actor": entry.actor.display_name if entry.actor else None,
                "actor_role": entry.actor_role,
                "action": entry.action,
                "target": {
                    "kind": entry.target_kind,
                    "id": entry.target_id,
                    "label": entry.target_label,
                },
                "reason": entry.reason,
            }
            for entry in entries
        ],
    )
